import { createHash, randomUUID } from 'node:crypto';
import { canonicalJsonBytes } from '../canonical-json';
import { createNoteSigner, generateSignerKey } from '../crypto/note';
import { sm3 } from '../crypto/sm3';
import { formatTlogProof } from '../merkle/tlog-proof';
import { RECEIPT_FORMAT, type EvidenceEntry, type EvidenceReceipt } from '../receipt-format';
import { certificatesPem, identityFromPem, type IdentityPem, type TsaIdentity } from '../tsa/identity';
import { TsaSigner } from '../tsa/signer';
import { embeddedIdentityPem } from '../tsa/tsa.test-support';
import { buildLog } from './build-log';

/**
 * Test helper: a genuine evidence receipt made offline, exactly as the server will issue one —
 * an in-memory log of `size` entries with the evidence entry at `index`, the checkpoint signed
 * with freshly generated Ed25519 and SM2 note keys, and an RFC 3161 token from a TsaSigner over
 * the file's SHA-256, bound into the entry by its DER SHA-256. Options let tests (and the e2e
 * test) make variants; tampering is done by the tests on the result.
 */

export interface ReceiptKeys {
  ed25519: { skey: string; vkey: string };
  sm2: { skey: string; vkey: string };
}

export interface BuildReceiptOptions {
  file?: Uint8Array;
  fileName?: string;
  /** Entries in the log (default 7). */
  size?: number;
  /** Index of the evidence entry (default size − 3, or 0). */
  index?: number;
  hash?: 'sha256' | 'sm3';
  origin?: string;
  keys?: ReceiptKeys;
  /** Which keys sign the checkpoint (default both). */
  signWith?: ReadonlyArray<'ed25519' | 'sm2'>;
  /** The TSA identity (default the embedded test identity); `tsaIdentity` wins when given. */
  tsaPem?: IdentityPem;
  tsaIdentity?: TsaIdentity;
  /** The digest the token is issued over (default the file's SHA-256). */
  tokenDigest?: Uint8Array;
  issuer?: string;
  now?: Date;
}

export interface BuiltReceipt {
  receipt: EvidenceReceipt;
  json: string;
  file: Uint8Array;
  keys: ReceiptKeys;
  entry: EvidenceEntry;
  entryBytes: Buffer;
  /** Every entry of the log, in order. */
  entries: Buffer[];
  /** The TSA's CA certificate(s), PEM. */
  tsaCaPem: string;
}

export function receiptKeys(origin = 'zhibao.test/ledger'): ReceiptKeys {
  return { ed25519: generateSignerKey(origin, 'ed25519'), sm2: generateSignerKey(origin, 'sm2') };
}

const filler = (i: number) => Buffer.from(`{"schema":1,"type":"test.filler","n":${i}}`, 'utf8');

export async function buildReceipt(opts: BuildReceiptOptions = {}): Promise<BuiltReceipt> {
  const file = opts.file ?? Buffer.from('知保 test evidence file\nline two\n', 'utf8');
  const size = opts.size ?? 7;
  const index = opts.index ?? Math.max(0, size - 3);
  const hash = opts.hash ?? 'sha256';
  const origin = opts.origin ?? 'zhibao.test/ledger';
  const keys = opts.keys ?? receiptKeys(origin);
  const now = opts.now ?? new Date();
  const fileSha256 = createHash('sha256').update(file).digest();
  const identity = opts.tsaIdentity ?? (await identityFromPem(opts.tsaPem ?? (await embeddedIdentityPem())));
  const tsa = new TsaSigner({ identity, now: () => now });
  const { token, genTime } = await tsa.timestamp(opts.tokenDigest ?? fileSha256, 'sha256');
  const tokenDer = Buffer.from(token);
  const evidenceId = randomUUID();

  const entry: EvidenceEntry = {
    schema: 1,
    type: 'evidence.preserved',
    evidenceId,
    file: { sha256: fileSha256.toString('hex'), sm3: sm3(file).toString('hex'), size: file.length, mediaType: 'text/plain' },
    provenance: { method: 'upload', recordedAt: new Date(now.getTime() - 1000).toISOString(), details: {} },
    submitter: { userId: randomUUID(), role: 'applicant', orgId: null },
    belongsTo: { kind: 'preservation' },
    timestamp: { genTime: genTime.toISOString(), tokenSha256: createHash('sha256').update(tokenDer).digest('hex'), tsa: 'internal' },
  };
  const entryBytes = canonicalJsonBytes(entry);
  const entries = Array.from({ length: size }, (_, i) => (i === index ? entryBytes : filler(i)));
  const log = buildLog(entries, hash);
  const signWith = opts.signWith ?? ['ed25519', 'sm2'];
  const signers = signWith.map((alg) => createNoteSigner(keys[alg].skey));
  const note = log.signedCheckpoint(origin, signers);
  const tlogProof = formatTlogProof({ index, proof: await log.inclusionProof(index), checkpoint: note });
  const certs = certificatesPem(identity);

  const receipt: EvidenceReceipt = {
    format: RECEIPT_FORMAT,
    receiptId: evidenceId,
    issuedAt: now.toISOString(),
    issuer: opts.issuer ?? 'https://zhibao.test',
    file: { ...entry.file, name: opts.fileName ?? '证据文件.txt' },
    entry: entryBytes.toString('base64'),
    log: { origin, hash, index, leafHash: log.leafHashes[index].toString('base64') },
    tlogProof,
    verifierKeys: [keys.ed25519.vkey, keys.sm2.vkey],
    timestamp: {
      token: tokenDer.toString('base64'),
      genTime: genTime.toISOString(),
      tsa: 'internal',
      certificates: [certs.tsa, ...splitPem(certs.ca)],
    },
  };
  return { receipt, json: JSON.stringify(receipt, null, 2), file, keys, entry, entryBytes, entries, tsaCaPem: certs.ca };
}

function splitPem(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g)].map((m) => m[0]);
}

/** A copy of the receipt with `mutate` applied (deep copy first). */
export function alter(receipt: EvidenceReceipt, mutate: (r: EvidenceReceipt) => void): EvidenceReceipt {
  const copy = structuredClone(receipt);
  mutate(copy);
  return copy;
}
