import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hasher } from './hasher';
import { b64, buildTree, readVector } from './merkle.test-support';
import { generateInclusionProof, verifyInclusion } from './proofs';
import { formatTlogProof, parseTlogProof, TLOG_PROOF_HEADER } from './tlog-proof';

const spec = readVector('c2sp/spec-examples.json');
const tessera = readVector('tessera-testdata-log/log.json');

describe('C2SP tlog-proof bundle', () => {
  const example: string = spec.tlog_proof.example_illustrative;

  it('parses the spec example and formats it back byte for byte', () => {
    const p = parseTlogProof(example);
    expect(p.index).toBe(73894);
    expect(p.extra?.subarray(0, 30).toString()).toBe('age-v1.2.1-darwin-arm64.tar.gz');
    expect(p.proof).toHaveLength(5);
    expect(p.proof[0].toString('base64')).toBe('gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=');
    expect(p.checkpoint).toBe(
      'example.com/fancylog\n109482\nsFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n\n— example.com/fancylog hI2DJw[...]1roloI=\n',
    );
    expect(formatTlogProof(p)).toBe(example);
  });

  it('bundles a proof from the Tessera log with its real checkpoint, and the bundle verifies', async () => {
    const leafHashes = (tessera.leaf_hashes_hex as string[]).map((h) => Buffer.from(h, 'hex'));
    const { store } = buildTree(sha256Hasher, leafHashes);
    const checkpoint: string = tessera.checkpoints['15'];
    const proof = await generateInclusionProof(store, sha256Hasher, 6, 15);
    const text = formatTlogProof({ index: 6, proof, checkpoint });
    expect(text.startsWith(`${TLOG_PROOF_HEADER}\nindex 6\n${proof[0].toString('base64')}\n`)).toBe(true);
    const parsed = parseTlogProof(text);
    expect(parsed).toEqual({ index: 6, proof, checkpoint });
    const [, size, root] = parsed.checkpoint.split('\n');
    expect(verifyInclusion(sha256Hasher, parsed.index, Number(size), leafHashes[6], parsed.proof, b64(root))).toEqual({ ok: true });
  });

  it('round-trips any bundle', () => {
    fc.assert(
      fc.property(
        fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        fc.maxSafeNat(),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 40 }),
        fc.string({ minLength: 1 }),
        (extra, index, proof, checkpoint) => {
          const p = { ...(extra ? { extra: Buffer.from(extra) } : {}), index, proof: proof.map((h) => Buffer.from(h)), checkpoint };
          const text = formatTlogProof(p);
          expect(parseTlogProof(text)).toEqual(p);
          expect(formatTlogProof(parseTlogProof(text))).toBe(text);
        },
      ),
    );
  });

  it('keeps a proof with no hashes (a one-entry tree) and an empty extra', () => {
    const text = `${TLOG_PROOF_HEADER}\nextra \nindex 0\n\nlog\n1\nroot\n`;
    expect(parseTlogProof(text)).toEqual({ extra: Buffer.alloc(0), index: 0, proof: [], checkpoint: 'log\n1\nroot\n' });
    expect(formatTlogProof(parseTlogProof(text))).toBe(text);
  });

  it('refuses each malformed part with its own code', () => {
    const h = Buffer.alloc(32, 9).toString('base64');
    const cases: Array<[string, string]> = [
      ['c2sp.org/tlog-proof@v2\nindex 0\n\ncp\n', 'merkle.tlog_proof_header'],
      [`${TLOG_PROOF_HEADER}\r\nindex 0\n\ncp\n`, 'merkle.tlog_proof_header'],
      [`${TLOG_PROOF_HEADER}`, 'merkle.tlog_proof_header'],
      [`${TLOG_PROOF_HEADER}\nextra !!\nindex 0\n\ncp\n`, 'merkle.tlog_proof_extra'],
      [`${TLOG_PROOF_HEADER}\nextra YR==\nindex 0\n\ncp\n`, 'merkle.tlog_proof_extra'], // non-canonical padding bits
      [`${TLOG_PROOF_HEADER}\nindex 01\n\ncp\n`, 'merkle.tlog_proof_index'],
      [`${TLOG_PROOF_HEADER}\nindex -1\n\ncp\n`, 'merkle.tlog_proof_index'],
      [`${TLOG_PROOF_HEADER}\nindex 9007199254740992\n\ncp\n`, 'merkle.tlog_proof_index'],
      [`${TLOG_PROOF_HEADER}\nindex  1\n\ncp\n`, 'merkle.tlog_proof_index'],
      [`${TLOG_PROOF_HEADER}\n${h}\n\ncp\n`, 'merkle.tlog_proof_index'],
      [`${TLOG_PROOF_HEADER}\nindex 3\n${h.slice(4)}\n\ncp\n`, 'merkle.tlog_proof_hash'],
      [`${TLOG_PROOF_HEADER}\nindex 3\n${h} \n\ncp\n`, 'merkle.tlog_proof_hash'],
      [`${TLOG_PROOF_HEADER}\nindex 3\n${h}\n`, 'merkle.tlog_proof_checkpoint'],
      [`${TLOG_PROOF_HEADER}\nindex 3\n${h}\n\n`, 'merkle.tlog_proof_checkpoint'],
      [`${TLOG_PROOF_HEADER}\nindex 3`, 'merkle.tlog_proof_index'],
    ];
    for (const [text, code] of cases) expect(() => parseTlogProof(text), JSON.stringify(text)).toThrow(expect.objectContaining({ code }));
    expect(() => parseTlogProof(`${TLOG_PROOF_HEADER}\nindex 3\n${h}\nAAAA\n\ncp\n`)).toThrow(
      expect.objectContaining({ code: 'merkle.tlog_proof_hash', params: { line: 4, expected: 32 } }),
    );
  });

  it('refuses to format a proof it could not parse back', () => {
    expect(() => formatTlogProof({ index: 1, proof: [Buffer.alloc(31)], checkpoint: 'cp\n' })).toThrow(
      expect.objectContaining({ code: 'merkle.proof_hash_size' }),
    );
    expect(() => formatTlogProof({ index: -1, proof: [], checkpoint: 'cp\n' })).toThrow(expect.objectContaining({ code: 'merkle.number_invalid' }));
    expect(() => formatTlogProof({ index: 1, proof: [], checkpoint: '' })).toThrow(expect.objectContaining({ code: 'merkle.tlog_proof_checkpoint' }));
  });
});
