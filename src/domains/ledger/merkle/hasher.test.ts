import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { HASH_SIZE, merkleHasher, sha256Hasher, sm3Hasher, type HashName } from './hasher';
import { hex, readVector } from './merkle.test-support';

const referenceTree = readVector('transparency-dev-merkle/rfc6962-reference-tree.json');
const ctVectors = readVector('certificate-transparency-go/merkle-verifier-vectors.json');
const derived = readVector('local-derived/rfc6962-8leaf-sha256-and-sm3.json');

describe('RFC 6962 hasher', () => {
  it('reproduces the four transparency-dev hasher vectors', () => {
    const [empty, emptyLeaf, leaf, children] = referenceTree.hasher_vectors;
    expect(sha256Hasher.emptyRoot().toString('hex')).toBe(empty.want);
    expect(sha256Hasher.hashLeaf(hex(emptyLeaf.leaf_data_hex)).toString('hex')).toBe(emptyLeaf.want);
    expect(sha256Hasher.hashLeaf(Buffer.from(leaf.leaf_data_ascii)).toString('hex')).toBe(leaf.want);
    expect(
      sha256Hasher.hashChildren(Buffer.from(children.left_ascii), Buffer.from(children.right_ascii)).toString('hex'),
    ).toBe(children.want);
  });

  it('reproduces the certificate-transparency-go leaf and node hash vectors', () => {
    for (const v of ctVectors.leaf_hash_vectors) {
      expect(sha256Hasher.hashLeaf(hex(v.input_hex)).toString('hex')).toBe(v.leaf_hash);
    }
    for (const v of ctVectors.node_hash_vectors) {
      expect(sha256Hasher.hashChildren(hex(v.left), hex(v.right)).toString('hex')).toBe(v.node_hash);
    }
  });

  it('hashes the eight reference leaves with SHA-256 and with SM3', () => {
    for (const [name, hasher] of [['sha256', sha256Hasher], ['sm3', sm3Hasher]] as const) {
      expect(hasher.emptyRoot().toString('hex')).toBe(derived[name].empty_root);
      derived.leaf_inputs_hex.forEach((input: string, i: number) => {
        expect(hasher.hashLeaf(hex(input)).toString('hex')).toBe(derived[name].leaf_hashes[i]);
      });
    }
  });

  it('names its hash and gives 32-byte digests', () => {
    expect(sha256Hasher).toMatchObject({ name: 'sha256', size: HASH_SIZE });
    expect(sm3Hasher).toMatchObject({ name: 'sm3', size: HASH_SIZE });
    expect(merkleHasher('sm3')).toBe(sm3Hasher);
  });

  it('hashes any entry exactly as H(0x00 || entry), small or large, with either hash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HashName>('sha256', 'sm3'),
        fc.oneof(fc.uint8Array({ maxLength: 1100 }), fc.uint8Array({ minLength: 1020, maxLength: 5000 })),
        (name, entry) => {
          const want = createHash(name).update(Buffer.from([0])).update(entry).digest();
          expect(merkleHasher(name).hashLeaf(entry).equals(want)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hashes any two children exactly as H(0x01 || left || right), whatever their lengths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HashName>('sha256', 'sm3'),
        fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
        fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 })),
        (name, left, right) => {
          const want = createHash(name).update(Buffer.from([1])).update(left).update(right).digest();
          expect(merkleHasher(name).hashChildren(left, right).equals(want)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('returns fresh digests that later hashing does not overwrite', () => {
    const a = sha256Hasher.hashChildren(Buffer.alloc(32, 1), Buffer.alloc(32, 2));
    const copy = Buffer.from(a);
    sha256Hasher.hashChildren(Buffer.alloc(32, 3), Buffer.alloc(32, 4));
    sha256Hasher.hashLeaf(Buffer.alloc(10, 5));
    expect(a.equals(copy)).toBe(true);
    const empty = sha256Hasher.emptyRoot();
    empty.fill(0);
    expect(sha256Hasher.emptyRoot().toString('hex')).toBe(referenceTree.hasher_vectors[0].want);
  });

  it('refuses a hash it does not support', () => {
    expect(() => merkleHasher('md5' as HashName)).toThrow(DomainError);
    expect(() => merkleHasher('md5' as HashName)).toThrow(expect.objectContaining({ code: 'merkle.hash_unsupported' }));
  });
});
