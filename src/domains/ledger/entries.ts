import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ALL_ROLES } from '../../platform/permissions';
import { canonicalJsonBytes, parseCanonicalJson } from './canonical-json';
import { sm3 } from './crypto/sm3';
import { ledgerError } from './ledger.errors';
import { MAX_BUNDLE_ENTRY as MAX_ENTRY_BYTES } from './merkle';

/**
 * Entry formats of the evidence ledger. Every state change of a case appends one `case.event`
 * entry in its transaction (issue point 8):
 *
 *   {"action":"case.accepted","actor":{"orgId":"…","role":"case_officer","userId":"…"},
 *    "caseId":"…","documents":[{"sha256":"…","sm3":"…"}],"eventId":"…","schema":1,
 *    "time":"2026-03-02T01:00:00.000Z","type":"case.event"}
 *
 * written as canonical JSON (see canonical-json.ts) in UTF-8. The entry binds the event to the
 * log without disclosing it: ids, a role, a time and digests only — never a name, login, phone
 * number, identity number or any other personal data in clear. Documents are referred to by
 * their SHA-256 and SM3 digests (lower-case hex), so a court can check a file it is shown
 * against the log. `schema` is the version of this format; a change of fields is a new version.
 */

export const CASE_EVENT_SCHEMA = 1;

const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制 / must be 64 lower-case hexadecimal digits');
const Code = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, '应为小写代码，如 case.accepted / must be a lower-case code such as case.accepted');
// RFC 3339 in UTC with milliseconds, as Date.prototype.toISOString writes it: one spelling per instant.
const UtcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, '应为 UTC 时间 / must be a UTC time');

export const DocumentDigest = z.object({ sha256: Hex256, sm3: Hex256 }).strict();
export type DocumentDigest = z.infer<typeof DocumentDigest>;

/** Who acted: ids and a role only (`system` with a null user for the platform's own jobs). */
export const CaseEventActor = z
  .object({
    userId: z.uuid().nullable(),
    role: z.enum([...ALL_ROLES, 'system']),
    orgId: z.uuid().nullable(),
  })
  .strict();
export type CaseEventActor = z.infer<typeof CaseEventActor>;

export const CaseEventEntry = z
  .object({
    schema: z.literal(CASE_EVENT_SCHEMA),
    type: z.literal('case.event'),
    caseId: z.uuid(),
    eventId: z.uuid(),
    /** The transition taken, e.g. `case.accepted` (a code, never free text). */
    action: Code,
    actor: CaseEventActor,
    time: UtcTime,
    documents: z.array(DocumentDigest).max(200),
  })
  .strict();
export type CaseEventEntry = z.infer<typeof CaseEventEntry>;

export interface CaseEventInput {
  caseId: string;
  eventId: string;
  action: string;
  actor: CaseEventActor;
  time: Date | string;
  documents?: DocumentDigest[];
}

/**
 * Field names that carry personal data somewhere in the platform. They are refused by name with
 * a clear message before the schema (which refuses every unknown field anyway) is applied.
 */
const PERSONAL_FIELDS = new Set(
  [
    'name', 'displayName', 'fullName', 'realName', 'login', 'username', 'email', 'phone', 'mobile', 'telephone',
    'idNumber', 'idCard', 'residentId', 'identityNumber', 'passport', 'address', 'birthDate', 'dateOfBirth',
    'bankAccount', 'legalRepresentative', 'contact', 'ip', 'userAgent', 'fileName', 'filename',
  ].map((f) => f.toLowerCase()),
);

function normaliseKey(key: string): string {
  return key.replace(/[_\-\s]/g, '').toLowerCase();
}

function refusePersonalFields(value: unknown, at: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => refusePersonalFields(v, `${at}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  for (const [key, v] of Object.entries(value)) {
    const path = at ? `${at}.${key}` : key;
    if (PERSONAL_FIELDS.has(normaliseKey(key))) throw ledgerError('ledger.personal_data', { field: path });
    refusePersonalFields(v, path);
  }
}

function checked(candidate: unknown): CaseEventEntry {
  refusePersonalFields(candidate, '');
  const parsed = CaseEventEntry.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.map(String).join('.') || '(entry)';
    const message = issue.message.includes(' / ') ? issue.message.split(' / ')[1] : issue.message;
    throw ledgerError('ledger.entry_invalid', { reason: `${where}: ${message}` });
  }
  return parsed.data;
}

function utcTime(time: Date | string): string {
  const date = time instanceof Date ? time : new Date(time);
  if (Number.isNaN(date.getTime()) || (typeof time === 'string' && !/T.*(Z|[+-]\d{2}:\d{2})$/.test(time))) {
    throw ledgerError('ledger.entry_invalid', { reason: 'time: must be a Date or an ISO 8601 time with an offset' });
  }
  return date.toISOString();
}

/** The checked `case.event` entry (time normalised to UTC with milliseconds). */
export function caseEventEntry(input: CaseEventInput): CaseEventEntry {
  refusePersonalFields(input, '');
  return checked({
    ...input,
    schema: CASE_EVENT_SCHEMA,
    type: 'case.event',
    time: utcTime(input.time),
    documents: input.documents ?? [],
  });
}

/** The bytes to pass to `ledger.append` for a case event: canonical JSON, UTF-8. */
export function encodeCaseEventEntry(input: CaseEventInput): Buffer {
  const bytes = canonicalJsonBytes(caseEventEntry(input));
  if (bytes.length > MAX_ENTRY_BYTES) throw ledgerError('ledger.entry_too_large', { length: bytes.length, limit: MAX_ENTRY_BYTES });
  return bytes;
}

/** Reads a `case.event` entry back; refuses anything not in canonical form or not of this schema. */
export function decodeCaseEventEntry(bytes: Uint8Array): CaseEventEntry {
  return checked(parseCanonicalJson(bytes));
}

/** The SHA-256 and SM3 digests of a document, as a case event records them. */
export function documentDigest(document: Uint8Array): DocumentDigest {
  return { sha256: createHash('sha256').update(document).digest('hex'), sm3: sm3(document).toString('hex') };
}
