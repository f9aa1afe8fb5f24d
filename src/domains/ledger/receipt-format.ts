import { z } from 'zod';

/**
 * The evidence receipt (存证凭证) and the ledger entry it proves: one format shared by the server
 * that issues receipts, the CLI (`zhibao ledger verify-receipt`) and the public verification page
 * in the browser. This module is browser-safe: zod only, no `node:` imports, no `Buffer`.
 *
 * What a receipt proves and how (each step is one check of the verifiers):
 *
 *  1. the file: its SHA-256 and SM3 equal `file.sha256` / `file.sm3` and the digests in the entry;
 *  2. the entry: `entry` (base64) decodes to canonical JSON that parses as `EvidenceEntry`, and
 *     H(0x00 || entry) equals `log.leafHash` (H = `log.hash`);
 *  3. inclusion: `tlogProof` (C2SP tlog-proof) carries `index` = `log.index`, its proof hashes lead
 *     from the leaf hash to the root of its checkpoint (RFC 9162 §2.1.3.2);
 *  4. the checkpoint: its origin is `log.origin`, and it carries a valid Ed25519 signature and a
 *     valid SM2 signature by keys in `verifierKeys` (Go `note` verifier key text); a verifier
 *     that has pinned the log's keys (CLI `--key`) uses those instead of the receipt's;
 *  5. trusted time: `timestamp.token` is an RFC 3161 TimeStampToken whose message imprint is the
 *     file's SHA-256, signed by `timestamp.certificates[0]` (critical timeStamping EKU), and the
 *     SHA-256 of the token's DER equals `entry.timestamp.tokenSha256` — so the log binds the token.
 *
 * The entry never holds personal data in clear (no file name, no names, logins or identity
 * numbers): ids, roles, codes, times and digests only. The file name is in the receipt only.
 *
 * The one verifier of this format is `verify/verify-receipt.ts` (CLI `zhibao ledger
 * verify-receipt`, the public page /verify, the tests); it also checks that the entry's evidence
 * id, file digests, size, media type and `timestamp.tsa` equal the receipt's, and that
 * `timestamp.certificates[0]` is the certificate that signed the token. See docs/ledger.md,
 * "Verifying a receipt".
 */

export const RECEIPT_FORMAT = 'zhibao.evidence-receipt/1' as const;
export const EVIDENCE_ENTRY_SCHEMA = 1 as const;

const Hex256 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制 / must be 64 lower-case hexadecimal digits');
const Base64 = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, '应为 base64 / must be base64');
// RFC 3339 in UTC with milliseconds, as Date.prototype.toISOString writes it.
const UtcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, '应为 UTC 时间 / must be a UTC time');

/**
 * How the evidence was obtained (recorded before the file is hashed). `issued`: an official
 * document (文书) the platform rendered when an officer took an action on a case.
 */
export const PROVENANCE_METHODS = ['upload', 'web_capture', 'notarised_copy', 'device', 'issued'] as const;
/** The methods a person can choose when uploading. */
export const UPLOAD_METHODS = ['upload', 'web_capture', 'notarised_copy', 'device'] as const;
export type ProvenanceMethod = (typeof PROVENANCE_METHODS)[number];

export const EvidenceFileDigests = z
  .object({
    sha256: Hex256,
    sm3: Hex256,
    size: z.number().int().nonnegative(),
    /** Sniffed from the content, not taken from the client. */
    mediaType: z.string().min(1).max(127),
  })
  .strict();
export type EvidenceFileDigests = z.infer<typeof EvidenceFileDigests>;

/**
 * The ledger entry of one preserved file (canonical JSON, UTF-8), `type: "evidence.preserved"`.
 * `provenance.details` holds method-specific facts as digests and codes: e.g. for a web capture
 * the SHA-256 of the captured URL and of the capture log; for a notarised copy the SHA-256 of the
 * notarial certificate number; for a device the SHA-256 of its description.
 */
export const EvidenceEntry = z
  .object({
    schema: z.literal(EVIDENCE_ENTRY_SCHEMA),
    type: z.literal('evidence.preserved'),
    evidenceId: z.uuid(),
    file: EvidenceFileDigests,
    provenance: z
      .object({
        method: z.enum(PROVENANCE_METHODS),
        /** Server time at which provenance was recorded, before the first byte was hashed. */
        recordedAt: UtcTime,
        details: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]*$/), z.string().max(200)),
      })
      .strict(),
    submitter: z
      .object({
        userId: z.uuid(),
        role: z.string().regex(/^[a-z_]+$/),
        orgId: z.uuid().nullable(),
      })
      .strict(),
    belongsTo: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('preservation') }).strict(),
      z.object({ kind: z.literal('case'), caseId: z.uuid() }).strict(),
    ]),
    timestamp: z
      .object({
        /** genTime of the RFC 3161 token over the file's SHA-256. */
        genTime: UtcTime,
        tokenSha256: Hex256,
        /** `internal` or the configured external TSA's URL. */
        tsa: z.string().min(1).max(300),
      })
      .strict(),
  })
  .strict();
export type EvidenceEntry = z.infer<typeof EvidenceEntry>;

export const EvidenceReceipt = z
  .object({
    format: z.literal(RECEIPT_FORMAT),
    /** The evidence id (same as in the entry). */
    receiptId: z.uuid(),
    issuedAt: UtcTime,
    /** Base URL of the issuing Zhibao, e.g. https://zhibao.example.gov.cn — where the public keys are published. */
    issuer: z.string().min(1).max(300),
    file: EvidenceFileDigests.extend({ name: z.string().min(1).max(255) }).strict(),
    /** The exact ledger entry bytes, base64. */
    entry: Base64,
    log: z
      .object({
        origin: z.string().min(1).max(200),
        hash: z.enum(['sha256', 'sm3']),
        index: z.number().int().nonnegative(),
        leafHash: Base64,
      })
      .strict(),
    /** C2SP tlog-proof text (header, index, proof hashes, blank line, signed checkpoint). */
    tlogProof: z.string().min(1).max(20000),
    /** Go `note` verifier keys of the log (at least one Ed25519 and one SM2). */
    verifierKeys: z.array(z.string().min(1).max(300)).min(1).max(10),
    timestamp: z
      .object({
        /** DER TimeStampToken (CMS ContentInfo), base64. `openssl ts -verify -token_in`. */
        token: Base64,
        genTime: UtcTime,
        tsa: z.string().min(1).max(300),
        /** PEM certificates: the TSA's signing certificate first, then any chain up to its root. */
        certificates: z.array(z.string().min(1).max(10000)).min(1).max(5),
      })
      .strict(),
  })
  .strict();
export type EvidenceReceipt = z.infer<typeof EvidenceReceipt>;
