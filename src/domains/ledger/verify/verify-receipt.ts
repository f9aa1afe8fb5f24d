import { sha256 } from '@noble/hashes/sha2.js';
import { isDomainError } from '../../../platform/errors';
import { parseCanonicalJson } from '../canonical-json';
import { bytesEqual, fromBase64, fromHex, toBase64, toHex } from '../crypto/bytes';
import { parseCheckpointBytes, type CheckpointBytes } from '../crypto/checkpoint-core';
import {
  formatKeyId,
  parseNoteBytes,
  parseVerifierKeyParts,
  planNoteVerification,
  type NoteVerificationPlan,
  type VerifierKeyParts,
} from '../crypto/note-core';
import { sm2VerifyPure } from '../crypto/sm2-math';
import { verifyInclusion } from '../merkle/proof-verify';
import { pureTreeHasher } from '../merkle/pure-hasher';
import { parseTlogProofBytes } from '../merkle/tlog-proof';
import { EvidenceEntry, EvidenceReceipt } from '../receipt-format';
import { pemBlocksBytes } from '../tsa/asn1';
import { parseTokenOrResponseBytes } from '../tsa/token';
import { verifyTimestampToken, type VerifiedTimestamp } from '../tsa/verify';
import type { FileDigests } from './file-digests';
import type { VerifyErrorCode } from './verify.errors';
import './verify.errors';

/**
 * THE verifier of evidence receipts (存证凭证核验), shared by `zhibao ledger verify-receipt`, the
 * public page /verify in the browser and the tests. Browser-safe: no `node:` imports and no
 * Buffer on any path it runs (hashes are pure TypeScript, Ed25519 is WebCrypto, SM2 pure BigInt,
 * RFC 3161 pkijs on WebCrypto).
 *
 * It never throws: every check is a step with status pass, fail or skip, the facts it looked at
 * (`details`) and, on failure, an error code with params (`verify.*`, texts in verify.errors.ts)
 * and the lower layer's code as `cause`. Callers word the steps themselves, in zh or en.
 *
 * Trust: the checkpoint is verified against the keys the caller pins (`keys`); without them the
 * receipt's own `verifierKeys` are used and `trust.keys` says "receipt" — then the result only
 * means "consistent and signed by the keys in the receipt", and the caller must tell the person
 * to compare those keys with the ones the log publishes (<issuer>/api/ledger/vkeys). Likewise the
 * TSA: a pinned CA (`tsaCaPem`), else the receipt's last certificate(s) (`trust.tsa`).
 */

export const STEP_IDS = [
  'receipt',
  'file',
  'entry',
  'leaf',
  'inclusion',
  'checkpoint',
  'ed25519',
  'sm2',
  'timestamp',
  'timestamp-binding',
] as const;
export type StepId = (typeof STEP_IDS)[number];
export type StepStatus = 'pass' | 'fail' | 'skip';
export type DetailValue = string | number | boolean | string[];

export interface StepCause {
  code: string;
  params: Record<string, string | number>;
}

export interface VerifyStep {
  id: StepId;
  status: StepStatus;
  /** Facts the step computed or read: digests, index, sizes, key names and IDs, times, subjects. */
  details: Record<string, DetailValue>;
  /** Why it failed or was skipped. */
  code?: VerifyErrorCode;
  params?: Record<string, string | number>;
  /** The lower layer's error (merkle.*, crypto.*, tsa.*, ledger.*), when there is one. */
  cause?: StepCause;
}

export interface VerifierKeyInfo {
  name: string;
  /** 8 hex digits. */
  keyId: string;
  type: string;
  /** The whole verifier key string. */
  key: string;
}

export interface ReceiptVerification {
  /** Every required step passed (the file step may be skipped when no file was given). */
  ok: boolean;
  /** Whether the file itself was compared. */
  fileChecked: boolean;
  verdict: 'verified' | 'verified_without_file' | 'failed';
  steps: VerifyStep[];
  trust: { keys: 'pinned' | 'receipt'; tsa: 'pinned' | 'receipt' };
  /** The keys the checkpoint was checked against. */
  keys: VerifierKeyInfo[];
  /** The receipt, when it parsed. */
  receipt?: EvidenceReceipt;
}

export interface VerifyReceiptOptions {
  /** The file's digests, computed by the caller (`digestChunks`); omitted = file not checked. */
  file?: FileDigests;
  /** Pinned verifier keys of the log (Go note vkey strings); default: the receipt's. */
  keys?: readonly string[];
  /** Pinned CA certificate(s) of the TSA, PEM; default: the receipt's. */
  tsaCaPem?: string;
}

class StepFailure extends Error {
  constructor(
    readonly code: VerifyErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly stepCause?: StepCause,
  ) {
    super(code);
  }
}

function causeOf(e: unknown): StepCause {
  if (isDomainError(e)) return { code: e.code, params: e.params };
  return { code: 'verify.unexpected', params: { reason: e instanceof Error ? e.message : String(e) } };
}

/** Runs `fn` turning a lower layer's error into this step's code with the error as cause. */
function wrap<T>(code: VerifyErrorCode, fn: () => T, params: Record<string, string | number> = {}): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    throw new StepFailure(code, params, causeOf(e));
  }
}

async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    const subtle = globalThis.crypto.subtle;
    const key = await subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    return await subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, message as BufferSource);
  } catch {
    return false;
  }
}

type SigAlgorithm = 'ed25519' | 'sm2';
const ALGORITHM_LABEL: Record<SigAlgorithm, string> = { ed25519: 'Ed25519', sm2: 'SM2' };

export async function verifyReceipt(input: unknown, options: VerifyReceiptOptions = {}): Promise<ReceiptVerification> {
  const steps = new Map<StepId, VerifyStep>();
  const trust: ReceiptVerification['trust'] = { keys: options.keys?.length ? 'pinned' : 'receipt', tsa: options.tsaCaPem ? 'pinned' : 'receipt' };
  const keysOut: VerifierKeyInfo[] = [];

  async function step(id: StepId, run: (details: Record<string, DetailValue>) => Promise<void> | void): Promise<boolean> {
    const details: Record<string, DetailValue> = {};
    try {
      await run(details);
      steps.set(id, { id, status: 'pass', details });
      return true;
    } catch (e) {
      const failure = e instanceof StepFailure ? e : new StepFailure('verify.unexpected', { reason: e instanceof Error ? e.message : String(e) }, causeOf(e));
      steps.set(id, {
        id,
        status: 'fail',
        details,
        code: failure.code,
        params: failure.params,
        ...(failure.stepCause ? { cause: failure.stepCause } : {}),
      });
      return false;
    }
  }
  const notReached = (id: StepId) => {
    if (!steps.has(id)) steps.set(id, { id, status: 'skip', details: {}, code: 'verify.not_checked', params: {} });
  };
  const finish = (receipt?: EvidenceReceipt): ReceiptVerification => {
    for (const id of STEP_IDS) notReached(id);
    const list = STEP_IDS.map((id) => steps.get(id)!);
    const fileChecked = steps.get('file')!.status === 'pass';
    const ok = list.every((s) => s.status === 'pass' || (s.id === 'file' && s.code === 'verify.file_not_given'));
    return {
      ok,
      fileChecked,
      verdict: !ok ? 'failed' : fileChecked ? 'verified' : 'verified_without_file',
      steps: list,
      trust,
      keys: keysOut,
      ...(receipt ? { receipt } : {}),
    };
  };

  // 1. The receipt itself.
  let receipt: EvidenceReceipt | undefined;
  await step('receipt', (d) => {
    let value = input;
    if (typeof input === 'string' || input instanceof Uint8Array) {
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new StepFailure('verify.receipt_not_json', { reason: e instanceof Error ? e.message : String(e) });
      }
    }
    const parsed = EvidenceReceipt.safeParse(value);
    if (!parsed.success) {
      const summary = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new StepFailure('verify.receipt_invalid', { summary });
    }
    receipt = parsed.data;
    d.format = receipt.format;
    d.receiptId = receipt.receiptId;
    d.issuer = receipt.issuer;
    d.issuedAt = receipt.issuedAt;
    d.fileName = receipt.file.name;
  });
  if (!receipt) {
    // Nothing else can be read; the file step still says whether a file was given.
    if (!options.file) steps.set('file', { id: 'file', status: 'skip', details: {}, code: 'verify.file_not_given', params: {} });
    return finish();
  }
  const r = receipt;
  const hasher = pureTreeHasher(r.log.hash);

  // 2. The file.
  if (!options.file) {
    steps.set('file', {
      id: 'file',
      status: 'skip',
      details: { expectedSha256: r.file.sha256, expectedSm3: r.file.sm3, expectedSize: r.file.size },
      code: 'verify.file_not_given',
      params: {},
    });
  } else {
    const f = options.file;
    await step('file', (d) => {
      d.sha256 = f.sha256;
      d.sm3 = f.sm3;
      d.size = f.size;
      d.name = r.file.name;
      if (f.size !== r.file.size) throw new StepFailure('verify.file_size_mismatch', { actual: f.size, expected: r.file.size });
      if (f.sha256 !== r.file.sha256) throw new StepFailure('verify.file_sha256_mismatch', { actual: f.sha256, expected: r.file.sha256 });
      if (f.sm3 !== r.file.sm3) throw new StepFailure('verify.file_sm3_mismatch', { actual: f.sm3, expected: r.file.sm3 });
    });
  }

  // 3. The entry.
  const entryBytes = fromBase64(r.entry);
  let entry: EvidenceEntry | undefined;
  await step('entry', (d) => {
    if (!entryBytes) throw new StepFailure('verify.entry_invalid', { reason: 'the entry is not canonical base64' });
    d.bytes = entryBytes.length;
    const json = wrap('verify.entry_invalid', () => parseCanonicalJson(entryBytes), { reason: 'not canonical JSON' });
    const parsed = EvidenceEntry.safeParse(json);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new StepFailure('verify.entry_invalid', { reason: `${i.path.join('.') || '(root)'}: ${i.message}` });
    }
    const e = parsed.data;
    entry = e;
    d.type = e.type;
    d.evidenceId = e.evidenceId;
    d.sha256 = e.file.sha256;
    d.sm3 = e.file.sm3;
    d.size = e.file.size;
    d.mediaType = e.file.mediaType;
    d.provenance = e.provenance.method;
    d.recordedAt = e.provenance.recordedAt;
    d.submitterRole = e.submitter.role;
    d.belongsTo = e.belongsTo.kind;
    const compare = (field: string, inEntry: string | number, inReceipt: string | number) => {
      if (inEntry !== inReceipt) throw new StepFailure('verify.entry_mismatch', { field, entry: inEntry, receipt: inReceipt });
    };
    compare('evidenceId', e.evidenceId, r.receiptId);
    compare('file.sha256', e.file.sha256, r.file.sha256);
    compare('file.sm3', e.file.sm3, r.file.sm3);
    compare('file.size', e.file.size, r.file.size);
    compare('file.mediaType', e.file.mediaType, r.file.mediaType);
    compare('timestamp.tsa', e.timestamp.tsa, r.timestamp.tsa);
  });

  // 4. The leaf hash.
  let leafHash: Uint8Array | undefined;
  await step('leaf', (d) => {
    if (!entryBytes) throw new StepFailure('verify.entry_invalid', { reason: 'the entry is not canonical base64' });
    leafHash = hasher.hashLeaf(entryBytes);
    d.hash = r.log.hash;
    d.leafHash = toBase64(leafHash);
    if (r.log.leafHash !== d.leafHash) throw new StepFailure('verify.leaf_hash_mismatch', { actual: d.leafHash, expected: r.log.leafHash });
  });

  // 5. Inclusion in the tree of the checkpoint (whose signatures step 6–8 check).
  let checkpoint: CheckpointBytes | undefined;
  let noteText: string | undefined;
  let checkpointNote: string | undefined;
  await step('inclusion', (d) => {
    const proof = wrap('verify.proof_invalid', () => parseTlogProofBytes(r.tlogProof, { hashSize: hasher.size }));
    checkpointNote = proof.checkpoint;
    d.index = proof.index;
    d.proofHashes = proof.proof.length;
    if (proof.index !== r.log.index) throw new StepFailure('verify.index_mismatch', { proof: proof.index, receipt: r.log.index });
    const note = wrap('verify.checkpoint_invalid', () => parseNoteBytes(proof.checkpoint));
    noteText = note.text;
    checkpoint = wrap('verify.checkpoint_invalid', () => parseCheckpointBytes(note.text));
    d.treeSize = checkpoint.size;
    d.root = toBase64(checkpoint.rootHash);
    if (!leafHash) throw new StepFailure('verify.not_checked');
    const check = verifyInclusion(hasher, proof.index, checkpoint.size, leafHash, proof.proof, checkpoint.rootHash);
    if (!check.ok) throw new StepFailure('verify.inclusion_failed', {}, { code: check.code, params: check.params });
  });

  // 6. The checkpoint: readable, the receipt's log, and the keys to check it with.
  let plan: NoteVerificationPlan<VerifierKeyParts> | undefined;
  const keyStrings = options.keys?.length ? options.keys : r.verifierKeys;
  await step('checkpoint', (d) => {
    // Without a readable proof there is no checkpoint to check.
    if (checkpointNote === undefined) throw new StepFailure('verify.not_checked');
    const note = checkpointNote;
    const text = noteText ?? wrap('verify.checkpoint_invalid', () => parseNoteBytes(note).text);
    checkpoint ??= wrap('verify.checkpoint_invalid', () => parseCheckpointBytes(text));
    d.origin = checkpoint.origin;
    d.treeSize = checkpoint.size;
    d.root = toBase64(checkpoint.rootHash);
    d.keySource = trust.keys;
    const parsedKeys: VerifierKeyParts[] = [];
    for (const k of keyStrings) {
      const parts = wrap('verify.key_invalid', () => parseVerifierKeyParts(k), { key: k.length > 80 ? `${k.slice(0, 77)}…` : k });
      parsedKeys.push(parts);
      keysOut.push({ name: parts.name, keyId: formatKeyId(parts.keyId), type: parts.type, key: k });
    }
    d.keys = keysOut.map((k) => `${k.name} ${k.keyId} (${k.type})`);
    const usable = parsedKeys.filter((k) => k.type === 'ed25519' || k.type === 'sm2');
    plan = wrap('verify.checkpoint_invalid', () => planNoteVerification(note, usable));
    d.signatures = parseNoteBytes(note).signatures.map((s) => `${s.name} ${formatKeyId(s.keyId)}`);
    if (checkpoint.origin !== r.log.origin) throw new StepFailure('verify.origin_mismatch', { actual: checkpoint.origin, expected: r.log.origin });
  });

  // 7–8. Both signatures.
  for (const algorithm of ['ed25519', 'sm2'] as const) {
    await step(algorithm, async (d) => {
      if (!plan) throw new StepFailure('verify.not_checked');
      const p = plan;
      const keys = keysOut.filter((k) => k.type === algorithm);
      if (keys.length === 0) throw new StepFailure('verify.key_missing', { algorithm: ALGORITHM_LABEL[algorithm] });
      d.keys = keys.map((k) => `${k.name} ${k.keyId}`);
      // The signed-note policy: every signature by a known key must verify (c2sp.org/signed-note).
      const mine = p.checks.filter((c) => c.key.type === algorithm);
      if (mine.length === 0) {
        throw new StepFailure('verify.signature_missing', { algorithm: ALGORITHM_LABEL[algorithm], name: keys[0].name, keyId: keys[0].keyId });
      }
      for (const c of mine) {
        const ok =
          algorithm === 'ed25519'
            ? await ed25519Verify(c.key.key, p.textBytes, c.signature.signature)
            : sm2VerifyPure(c.key.key, p.textBytes, c.signature.signature);
        if (!ok) {
          throw new StepFailure('verify.signature_invalid', { algorithm: ALGORITHM_LABEL[algorithm], name: c.key.name, keyId: formatKeyId(c.key.keyId) });
        }
      }
      d.signedBy = [...new Set(mine.map((c) => `${c.key.name} ${formatKeyId(c.key.keyId)}`))];
    });
  }
  // 9. The RFC 3161 token over the file's SHA-256.
  const tokenBytes = fromBase64(r.timestamp.token);
  let verified: VerifiedTimestamp | undefined;
  await step('timestamp', async (d) => {
    if (!tokenBytes) throw new StepFailure('verify.timestamp_invalid', {}, { code: 'tsa.token_malformed', params: { reason: 'not canonical base64' } });
    d.tsaSource = trust.tsa;
    d.tsa = r.timestamp.tsa;
    const certificates = r.timestamp.certificates.join('\n');
    let trustedCaPem: string;
    if (options.tsaCaPem) {
      const ca = options.tsaCaPem;
      const blocks = wrap('verify.tsa_ca_invalid', () => pemBlocksBytes(ca, 'CERTIFICATE'));
      if (blocks.length === 0) throw new StepFailure('verify.tsa_ca_invalid');
      trustedCaPem = ca;
    } else {
      trustedCaPem = r.timestamp.certificates.length > 1 ? r.timestamp.certificates.slice(1).join('\n') : r.timestamp.certificates[0];
    }
    const digest = fromHex(r.file.sha256)!;
    try {
      verified = await verifyTimestampToken(tokenBytes, { digest, hash: 'sha256', trustedCaPem, tsaCertPem: certificates });
    } catch (e) {
      throw new StepFailure('verify.timestamp_invalid', {}, causeOf(e));
    }
    d.genTime = verified.genTime.toISOString();
    d.tsaSubject = verified.tsaSubject;
    // The receipt names the signing certificate first; it must be the one that signed.
    const signerDer = pemBlocksBytes(verified.tsaCertPem, 'CERTIFICATE')[0];
    const stated = wrap('verify.tsa_certificate_mismatch', () => pemBlocksBytes(r.timestamp.certificates[0], 'CERTIFICATE'));
    if (stated.length !== 1 || !bytesEqual(stated[0], signerDer)) throw new StepFailure('verify.tsa_certificate_mismatch', { subject: verified.tsaSubject });
    d.serial = verified.serial;
    d.policy = verified.policy;
    d.imprint = r.file.sha256;
    if (verified.accuracyMs !== undefined) d.accuracyMs = verified.accuracyMs;
  });

  // 10. The token is the one the log recorded, with the time the receipt states.
  await step('timestamp-binding', (d) => {
    if (!tokenBytes) throw new StepFailure('verify.timestamp_invalid', {}, { code: 'tsa.token_malformed', params: { reason: 'not canonical base64' } });
    const tokenSha256 = toHex(sha256(tokenBytes));
    d.tokenSha256 = tokenSha256;
    if (!entry) throw new StepFailure('verify.not_checked');
    d.entryTokenSha256 = entry.timestamp.tokenSha256;
    if (tokenSha256 !== entry.timestamp.tokenSha256) {
      throw new StepFailure('verify.token_digest_mismatch', { actual: tokenSha256, expected: entry.timestamp.tokenSha256 });
    }
    const genTime = verified?.genTime ?? wrap('verify.timestamp_invalid', () => parseTokenOrResponseBytes(tokenBytes).tstInfo.genTime);
    const token = genTime.toISOString();
    d.genTime = token;
    if (token !== entry.timestamp.genTime) throw new StepFailure('verify.gentime_mismatch_entry', { token, stated: entry.timestamp.genTime });
    if (token !== r.timestamp.genTime) throw new StepFailure('verify.gentime_mismatch_receipt', { token, stated: r.timestamp.genTime });
  });

  return finish(r);
}

export { sameKeys } from './keys';
