import { createHash } from 'node:crypto';
import { canonicalJsonBytes, parseCanonicalJson } from '../ledger/canonical-json';
import { EvidenceEntry, EVIDENCE_ENTRY_SCHEMA, type ProvenanceMethod } from '../ledger/receipt-format';
import type { EvidenceCreate } from './evidence.schemas';

/**
 * The ledger entry of a preserved file (`evidence.preserved`, format in
 * src/domains/ledger/receipt-format.ts): canonical JSON of a value the zod schema accepts.
 * Provenance facts that may be personal (URLs, capture logs, notarial certificate numbers,
 * device descriptions) enter it only as SHA-256 digests of their UTF-8 text, so the public log
 * holds no clear text while anyone holding the facts can show they are the recorded ones.
 */

export const sha256Text = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export type ProvenanceFacts = Pick<EvidenceCreate, 'webCapture' | 'notarisedCopy' | 'device'>;

/** `provenance.details` of the entry: digests (and codes) of the method's facts. */
export function provenanceDetails(method: ProvenanceMethod, facts: ProvenanceFacts, principalUserId: string | null): Record<string, string> {
  const details: Record<string, string> = {};
  if (method === 'web_capture' && facts.webCapture) {
    details.urlSha256 = sha256Text(facts.webCapture.url);
    details.captureLogSha256 = sha256Text(facts.webCapture.captureLog);
    if (facts.webCapture.capturedAt) details.capturedAt = new Date(facts.webCapture.capturedAt).toISOString();
  }
  if (method === 'notarised_copy' && facts.notarisedCopy) {
    details.notaryOfficeSha256 = sha256Text(facts.notarisedCopy.notaryOffice);
    details.certificateNumberSha256 = sha256Text(facts.notarisedCopy.certificateNumber);
  }
  if (method === 'device' && facts.device) details.descriptionSha256 = sha256Text(facts.device.description);
  // 授权委托: the principal's id (an id, not a name) when an agent uploaded for him.
  if (principalUserId) details.principalId = principalUserId;
  return details;
}

export interface EvidenceEntryInput {
  evidenceId: string;
  file: { sha256: string; sm3: string; size: number; mediaType: string };
  method: ProvenanceMethod;
  recordedAt: Date;
  details: Record<string, string>;
  submitter: { userId: string; role: string; orgId: string | null };
  belongsTo: { kind: 'preservation' } | { kind: 'case'; caseId: string };
  timestamp: { genTime: Date; token: Uint8Array; tsa: string };
}

export function evidenceEntry(input: EvidenceEntryInput): EvidenceEntry {
  return EvidenceEntry.parse({
    schema: EVIDENCE_ENTRY_SCHEMA,
    type: 'evidence.preserved',
    evidenceId: input.evidenceId,
    file: input.file,
    provenance: { method: input.method, recordedAt: input.recordedAt.toISOString(), details: input.details },
    submitter: input.submitter,
    belongsTo: input.belongsTo,
    timestamp: {
      genTime: input.timestamp.genTime.toISOString(),
      tokenSha256: createHash('sha256').update(input.timestamp.token).digest('hex'),
      tsa: input.timestamp.tsa,
    },
  });
}

/** The exact entry bytes appended to the ledger. */
export function encodeEvidenceEntry(input: EvidenceEntryInput): Buffer {
  return canonicalJsonBytes(evidenceEntry(input));
}

/** Parses entry bytes back (and checks they are exactly the canonical form of a valid entry). */
export function decodeEvidenceEntry(bytes: Uint8Array): EvidenceEntry {
  const entry = EvidenceEntry.parse(parseCanonicalJson(bytes));
  if (!canonicalJsonBytes(entry).equals(Buffer.from(bytes))) throw new Error('the entry is not in canonical form');
  return entry;
}
