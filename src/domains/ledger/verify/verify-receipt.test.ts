import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../canonical-json';
import { parseNote } from '../crypto/note';
import { sm3 } from '../crypto/sm3';
import type { EvidenceReceipt } from '../receipt-format';
import { OpensslDir, opensslIdentity, uncheckedIdentity } from '../tsa/tsa.test-support';
import { digestBytes, digestChunks } from './file-digests';
import { alter, buildReceipt, receiptKeys, type BuiltReceipt } from './receipt.test-support';
import { STEP_IDS, verifyReceipt, type ReceiptVerification, type StepId } from './verify-receipt';

function stepOf(v: ReceiptVerification, id: StepId) {
  return v.steps.find((s) => s.id === id)!;
}

function failedSteps(v: ReceiptVerification): string[] {
  return v.steps.filter((s) => s.status === 'fail').map((s) => `${s.id}:${s.code}${s.cause ? `(${s.cause.code})` : ''}`);
}

let good: BuiltReceipt;

beforeAll(async () => {
  good = await buildReceipt();
});

describe('a genuine receipt', () => {
  it('passes every step with the file, and reports the facts it checked', async () => {
    const v = await verifyReceipt(good.json, { file: digestBytes(good.file) });
    expect(failedSteps(v)).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.verdict).toBe('verified');
    expect(v.fileChecked).toBe(true);
    expect(v.steps.map((s) => s.id)).toEqual([...STEP_IDS]);
    expect(v.steps.every((s) => s.status === 'pass')).toBe(true);
    expect(stepOf(v, 'file').details.sha256).toBe(createHash('sha256').update(good.file).digest('hex'));
    expect(stepOf(v, 'file').details.sm3).toBe(sm3(good.file).toString('hex'));
    expect(stepOf(v, 'inclusion').details).toMatchObject({ index: 4, treeSize: 7 });
    expect(stepOf(v, 'ed25519').details.signedBy).toEqual([`zhibao.test/ledger ${good.keys.ed25519.vkey.split('+')[1]}`]);
    expect(stepOf(v, 'sm2').details.signedBy).toEqual([`zhibao.test/ledger ${good.keys.sm2.vkey.split('+')[1]}`]);
    expect(stepOf(v, 'timestamp').details.genTime).toBe(good.receipt.timestamp.genTime);
    expect(String(stepOf(v, 'timestamp').details.tsaSubject)).toMatch(/CN=/);
    expect(v.trust).toEqual({ keys: 'receipt', tsa: 'receipt' });
    expect(v.keys.map((k) => k.type)).toEqual(['ed25519', 'sm2']);
  });

  it('without the file: the file step is skipped with its reason, and the verdict says so', async () => {
    const v = await verifyReceipt(good.receipt);
    expect(v.ok).toBe(true);
    expect(v.verdict).toBe('verified_without_file');
    expect(v.fileChecked).toBe(false);
    expect(stepOf(v, 'file')).toMatchObject({ status: 'skip', code: 'verify.file_not_given' });
  });

  it('with pinned keys and a pinned TSA CA', async () => {
    const v = await verifyReceipt(good.json, { file: digestBytes(good.file), keys: [good.keys.sm2.vkey, good.keys.ed25519.vkey], tsaCaPem: good.tsaCaPem });
    expect(failedSteps(v)).toEqual([]);
    expect(v.trust).toEqual({ keys: 'pinned', tsa: 'pinned' });
  });

  it('an SM3 log and a one-entry log verify too', async () => {
    for (const built of [await buildReceipt({ hash: 'sm3', size: 12, index: 11 }), await buildReceipt({ size: 1, index: 0 })]) {
      const v = await verifyReceipt(built.json, { file: digestBytes(built.file) });
      expect(failedSteps(v)).toEqual([]);
    }
  });

  it('streamed digests equal one-shot digests', async () => {
    const data = new Uint8Array(200_000).map((_, i) => (i * 31) & 0xff);
    const chunks = [data.subarray(0, 1), data.subarray(1, 70_001), data.subarray(70_001)];
    const seen: number[] = [];
    const d = await digestChunks(chunks, (n) => seen.push(n));
    expect(d).toEqual(digestBytes(data));
    expect(d.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(d.sm3).toBe(sm3(data).toString('hex'));
    expect(seen).toEqual([1, 70_001, 200_000]);
  });
});

describe('tampering fails at the right step with the right code', () => {
  const run = (r: EvidenceReceipt | string, file: Uint8Array | undefined = good.file, extra = {}) =>
    verifyReceipt(r, { ...(file ? { file: digestBytes(file) } : {}), ...extra });

  it('the file changed (one byte; one byte more)', async () => {
    const flipped = Uint8Array.from(good.file);
    flipped[3] ^= 1;
    let v = await run(good.receipt, flipped);
    expect(failedSteps(v)).toEqual(['file:verify.file_sha256_mismatch']);
    expect(v.verdict).toBe('failed');
    v = await run(good.receipt, Buffer.concat([good.file, Buffer.from('x')]));
    expect(failedSteps(v)).toEqual(['file:verify.file_size_mismatch']);
  });

  it('the receipt states other digests than the entry', async () => {
    const other = Buffer.from('another file', 'utf8');
    const r = alter(good.receipt, (x) => {
      x.file.sha256 = createHash('sha256').update(other).digest('hex');
      x.file.sm3 = sm3(other).toString('hex');
      x.file.size = other.length;
    });
    const v = await run(r, other);
    expect(stepOf(v, 'file').status).toBe('pass');
    expect(stepOf(v, 'entry')).toMatchObject({ status: 'fail', code: 'verify.entry_mismatch', params: { field: 'file.sha256' } });
    // The token's imprint is the receipt's SHA-256, which is not what the TSA stamped.
    expect(stepOf(v, 'timestamp')).toMatchObject({ status: 'fail', cause: { code: 'tsa.imprint_mismatch' } });
  });

  it('the entry changed', async () => {
    const changed = { ...good.entry, provenance: { ...good.entry.provenance, method: 'device' as const } };
    const r = alter(good.receipt, (x) => {
      x.entry = canonicalJsonBytes(changed).toString('base64');
    });
    const v = await run(r);
    expect(stepOf(v, 'entry').status).toBe('pass');
    expect(stepOf(v, 'leaf')).toMatchObject({ status: 'fail', code: 'verify.leaf_hash_mismatch' });
    expect(stepOf(v, 'inclusion')).toMatchObject({ status: 'fail', code: 'verify.inclusion_failed', cause: { code: 'merkle.root_mismatch' } });
  });

  it('the entry is not canonical JSON', async () => {
    const r = alter(good.receipt, (x) => {
      x.entry = Buffer.from(JSON.stringify(good.entry, null, 1)).toString('base64');
    });
    const v = await run(r);
    expect(stepOf(v, 'entry')).toMatchObject({ status: 'fail', code: 'verify.entry_invalid', cause: { code: 'ledger.canonical_json' } });
  });

  it('the leaf index changed', async () => {
    const v = await run(alter(good.receipt, (x) => void (x.log.index = 5)));
    expect(stepOf(v, 'inclusion')).toMatchObject({ status: 'fail', code: 'verify.index_mismatch', params: { proof: 4, receipt: 5 } });
    // And a proof rewritten for index 5 does not hold either.
    const moved = alter(good.receipt, (x) => {
      x.log.index = 5;
      x.tlogProof = x.tlogProof.replace('\nindex 4\n', '\nindex 5\n');
    });
    const v2 = await run(moved);
    expect(stepOf(v2, 'inclusion')).toMatchObject({ status: 'fail', code: 'verify.inclusion_failed' });
  });

  it('a proof hash flipped', async () => {
    const lines = good.receipt.tlogProof.split('\n');
    const h = Buffer.from(lines[2], 'base64');
    h[0] ^= 0x80;
    lines[2] = h.toString('base64');
    const v = await run(alter(good.receipt, (x) => void (x.tlogProof = lines.join('\n'))));
    expect(failedSteps(v)).toEqual(['inclusion:verify.inclusion_failed(merkle.root_mismatch)']);
  });

  it('the checkpoint text altered', async () => {
    const r = alter(good.receipt, (x) => {
      x.tlogProof = x.tlogProof.replace('\nzhibao.test/ledger\n7\n', '\nzhibao.test/ledger\n9\n');
    });
    const v = await run(r);
    expect(stepOf(v, 'ed25519')).toMatchObject({ status: 'fail', code: 'verify.signature_invalid', params: { algorithm: 'Ed25519' } });
    expect(stepOf(v, 'sm2')).toMatchObject({ status: 'fail', code: 'verify.signature_invalid', params: { algorithm: 'SM2' } });
    expect(stepOf(v, 'inclusion')).toMatchObject({ status: 'fail', code: 'verify.inclusion_failed', cause: { code: 'merkle.proof_length' } });
    // Index 4 has the same audit path shape in trees of 7 and 8: only the signatures catch that.
    const eight = await run(alter(good.receipt, (x) => void (x.tlogProof = x.tlogProof.replace('\nzhibao.test/ledger\n7\n', '\nzhibao.test/ledger\n8\n'))));
    expect(failedSteps(eight)).toEqual(['ed25519:verify.signature_invalid', 'sm2:verify.signature_invalid']);
  });

  it('the checkpoint is of another log', async () => {
    const v = await run(alter(good.receipt, (x) => void (x.log.origin = 'other.example/log')));
    expect(stepOf(v, 'checkpoint')).toMatchObject({ status: 'fail', code: 'verify.origin_mismatch' });
  });

  it('wrong Ed25519 or SM2 key pinned', async () => {
    const other = receiptKeys('zhibao.test/ledger');
    let v = await run(good.receipt, good.file, { keys: [other.ed25519.vkey, good.keys.sm2.vkey] });
    expect(failedSteps(v)).toEqual(['ed25519:verify.signature_missing']);
    expect(v.trust.keys).toBe('pinned');
    v = await run(good.receipt, good.file, { keys: [good.keys.ed25519.vkey, other.sm2.vkey] });
    expect(failedSteps(v)).toEqual(['sm2:verify.signature_missing']);
    v = await run(good.receipt, good.file, { keys: [good.keys.ed25519.vkey] });
    expect(failedSteps(v)).toEqual(['sm2:verify.key_missing']);
    v = await run(good.receipt, good.file, { keys: ['not a key'] });
    expect(stepOf(v, 'checkpoint')).toMatchObject({ status: 'fail', code: 'verify.key_invalid', cause: { code: 'crypto.key.malformed' } });
  });

  it('a signature replaced by one from another key with the same name and ID fails as invalid', async () => {
    // Same key line, signature bytes of a different checkpoint: the key is known, the signature wrong.
    const other = await buildReceipt({ keys: good.keys, size: 9 });
    const sigOf = (note: string, name: string, alg: string) => {
      const n = parseNote(note);
      return n.signatures.find((s) => s.name === name && (alg === 'sm2' ? s.signature.length > 64 : s.signature.length === 64))!;
    };
    const cp = (r: EvidenceReceipt) => r.tlogProof.slice(r.tlogProof.indexOf('\n\n') + 2);
    const mine = sigOf(cp(good.receipt), 'zhibao.test/ledger', 'sm2');
    const theirs = sigOf(cp(other.receipt), 'zhibao.test/ledger', 'sm2');
    const line = (s: typeof mine) => {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(s.keyId);
      return Buffer.concat([head, s.signature]).toString('base64');
    };
    const r = alter(good.receipt, (x) => void (x.tlogProof = x.tlogProof.replace(line(mine), line(theirs))));
    const v = await run(r);
    expect(failedSteps(v)).toEqual(['sm2:verify.signature_invalid']);
  });

  it('the SM2 signature removed', async () => {
    const built = await buildReceipt({ signWith: ['ed25519'] });
    const v = await verifyReceipt(built.json, { file: digestBytes(built.file) });
    expect(failedSteps(v)).toEqual(['sm2:verify.signature_missing']);
  });

  it('a token over another digest', async () => {
    const built = await buildReceipt({ tokenDigest: createHash('sha256').update('something else').digest() });
    const v = await verifyReceipt(built.json, { file: digestBytes(built.file) });
    expect(failedSteps(v)).toEqual(['timestamp:verify.timestamp_invalid(tsa.imprint_mismatch)']);
  });

  it('the token DER altered or replaced', async () => {
    const der = Buffer.from(good.receipt.timestamp.token, 'base64');
    der[der.length - 3] ^= 0x01; // inside the signature
    let v = await run(alter(good.receipt, (x) => void (x.timestamp.token = der.toString('base64'))));
    expect(stepOf(v, 'timestamp')).toMatchObject({ status: 'fail', code: 'verify.timestamp_invalid' });
    expect(stepOf(v, 'timestamp-binding')).toMatchObject({ status: 'fail', code: 'verify.token_digest_mismatch' });
    // A valid token over the same file from another issuance: valid, but not the one the log recorded.
    const again = await buildReceipt({ file: good.file, now: new Date(Date.now() + 5000) });
    v = await run(alter(good.receipt, (x) => void (x.timestamp.token = again.receipt.timestamp.token)));
    expect(failedSteps(v)).toEqual(['timestamp-binding:verify.token_digest_mismatch']);
  });

  it('the receipt names another signing certificate', async () => {
    const v = await run(alter(good.receipt, (x) => void (x.timestamp.certificates = [x.timestamp.certificates[1], x.timestamp.certificates[1]])));
    expect(failedSteps(v)).toEqual(['timestamp:verify.tsa_certificate_mismatch']);
  });

  it('the stated time differs from the token', async () => {
    const v = await run(alter(good.receipt, (x) => void (x.timestamp.genTime = '2020-01-01T00:00:00.000Z')));
    expect(failedSteps(v)).toEqual(['timestamp-binding:verify.gentime_mismatch_receipt']);
  });

  it('a TSA certificate without the timeStamping EKU; a pinned CA that did not issue it', async () => {
    const o = new OpensslDir();
    try {
      const noEku = opensslIdentity(o, 'noeku', ['keyUsage = critical, digitalSignature']);
      const built = await buildReceipt({ tsaIdentity: await uncheckedIdentity(noEku) });
      const v = await verifyReceipt(built.json, { file: digestBytes(built.file) });
      expect(failedSteps(v)).toEqual(['timestamp:verify.timestamp_invalid(tsa.eku_missing)']);
      const v2 = await run(good.receipt, good.file, { tsaCaPem: noEku.caPem });
      expect(failedSteps(v2)).toEqual(['timestamp:verify.timestamp_invalid(tsa.chain_invalid)']);
      const v3 = await run(good.receipt, good.file, { tsaCaPem: 'not a certificate' });
      expect(failedSteps(v3)).toEqual(['timestamp:verify.tsa_ca_invalid']);
    } finally {
      o.remove();
    }
  });

  it('not JSON, not a receipt', async () => {
    let v = await verifyReceipt('{"format": ', {});
    expect(stepOf(v, 'receipt')).toMatchObject({ status: 'fail', code: 'verify.receipt_not_json' });
    expect(v.steps.filter((s) => s.status === 'skip').map((s) => s.code)).toContain('verify.not_checked');
    v = await verifyReceipt({ ...good.receipt, format: 'other/1' });
    expect(stepOf(v, 'receipt')).toMatchObject({ status: 'fail', code: 'verify.receipt_invalid' });
    expect(String(stepOf(v, 'receipt').params?.summary)).toContain('format');
    expect(v.ok).toBe(false);
  });
});

describe('never throws, whatever the input', () => {
  afterAll(() => undefined);
  const noUnexpected = (v: ReceiptVerification) => {
    for (const s of v.steps) {
      expect(s.code, JSON.stringify(s)).not.toBe('verify.unexpected');
      expect(s.cause?.code, JSON.stringify(s)).not.toBe('verify.unexpected');
    }
  };

  it('random JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const v = await verifyReceipt(value);
        expect(v.ok).toBe(false);
        noUnexpected(v);
      }),
      { numRuns: 200 },
    );
  });

  it('random mutations of a good receipt', async () => {
    const paths: Array<(r: any) => [any, string]> = [
      (r) => [r, 'entry'],
      (r) => [r, 'tlogProof'],
      (r) => [r.log, 'leafHash'],
      (r) => [r.log, 'index'],
      (r) => [r.log, 'origin'],
      (r) => [r.log, 'hash'],
      (r) => [r.timestamp, 'token'],
      (r) => [r.timestamp, 'genTime'],
      (r) => [r.timestamp.certificates, '0'],
      (r) => [r.verifierKeys, '0'],
      (r) => [r.verifierKeys, '1'],
      (r) => [r.file, 'sha256'],
      (r) => [r, 'receiptId'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.nat(paths.length - 1),
        fc.oneof(
          fc.jsonValue(),
          fc.string(),
          fc.base64String(),
          fc.record({ at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1 }) }),
        ),
        async (which, mutation) => {
          const r = structuredClone(good.receipt) as any;
          const [obj, key] = paths[which](r);
          const old = obj[key];
          if (typeof mutation === 'object' && mutation !== null && !Array.isArray(mutation) && typeof mutation.at === 'number' && typeof old === 'string') {
            const m = mutation as { at: number; char: string };
            const i = m.at % Math.max(1, old.length);
            obj[key] = old.slice(0, i) + m.char + old.slice(i + 1);
          } else {
            obj[key] = mutation;
          }
          const v = await verifyReceipt(r, { file: digestBytes(good.file) });
          noUnexpected(v);
          // Any real change must fail verification. (PEM bodies ignore white space, so a certificate
          // counts as changed only when its base64 characters are.)
          const essence = (x: unknown) => (which === 8 && typeof x === 'string' ? x.replace(/\s+/g, '') : JSON.stringify(x));
          if (essence(obj[key]) !== essence(old)) expect(v.ok, JSON.stringify({ which, mutation })).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
