import { bytesEqual } from '../crypto/bytes';
import type { MerkleErrorCode } from './merkle.errors';
import { consistencyProofLength, inclusionProofLength, isCount, isPowerOfTwo } from './tree-math';

/**
 * Inclusion and consistency proof verification by the RFC 9162 §2.1.3.2 / §2.1.4.2 algorithms
 * with the transparency-dev policies (domain/evidence.md §1.1, vectors/README.md): a leaf hash
 * must have the hash size, size1 = 0 is an error even when size2 = 0, proof lengths must be exact
 * and indexes in range. Browser-safe (plain Uint8Array, no Buffer, no `node:` imports): the
 * receipt verifier runs it in the browser with a pure hasher, the server through `proofs.ts`.
 */

/** What verification needs of a tree hasher: H(0x01 || left || right) and the digest size. */
export interface NodeHasher {
  readonly size: number;
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

export type MerkleCheck =
  | { ok: true }
  | { ok: false; code: MerkleErrorCode; params: Record<string, string | number> };

export type MerkleFailure = Extract<MerkleCheck, { ok: false }>;

const OK: MerkleCheck = Object.freeze({ ok: true });

function fail(code: MerkleErrorCode, params: Record<string, string | number> = {}): MerkleFailure {
  return { ok: false, code, params };
}

/** Whether a result of `inclusionRootOf` / `consistencyRootOf` is a failure. */
export function isMerkleFailure(r: Uint8Array | MerkleFailure): r is MerkleFailure {
  return !(r instanceof Uint8Array);
}


function checkCount(name: string, value: number): MerkleFailure | undefined {
  return isCount(value) ? undefined : fail('merkle.number_invalid', { name, value: String(value) });
}

function checkProofHashes(hasher: NodeHasher, proof: readonly Uint8Array[] | null | undefined, expected: number): MerkleFailure | undefined {
  const actual = proof?.length ?? 0;
  if (actual !== expected) return fail('merkle.proof_length', { expected, actual });
  for (let i = 0; i < actual; i++) {
    if (proof![i].length !== hasher.size) {
      return fail('merkle.proof_hash_size', { position: i + 1, expected: hasher.size, actual: proof![i].length });
    }
  }
  return undefined;
}

function checkRootSize(hasher: NodeHasher, name: string, root: Uint8Array): MerkleFailure | undefined {
  if (root.length !== hasher.size) return fail('merkle.root_hash_size', { name, expected: hasher.size, actual: root.length });
  return undefined;
}

function half(x: number): number {
  return x < 0x8000_0000 ? x >>> 1 : Math.floor(x / 2);
}

/** RFC 9162 §2.1.3.2 steps 2–5 after the length checks: the root the proof leads to. */
function chainInclusion(hasher: NodeHasher, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    // sn = 0 before the proof ends cannot happen: the exact length was checked beforehand.
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return r;
}

export function inclusionRootOf(
  hasher: NodeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[] | null | undefined,
): Uint8Array | MerkleFailure {
  const bad = checkCount('index', index) ?? checkCount('size', size);
  if (bad) return bad;
  if (index >= size) return fail('merkle.index_out_of_range', { index, size });
  if (leafHash.length !== hasher.size) return fail('merkle.leaf_hash_size', { expected: hasher.size, actual: leafHash.length });
  const badProof = checkProofHashes(hasher, proof, inclusionProofLength(index, size));
  if (badProof) return badProof;
  return chainInclusion(hasher, index, size, leafHash, proof ?? []);
}

/** Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  hasher: NodeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[] | null | undefined,
  root: Uint8Array,
): MerkleCheck {
  const r = inclusionRootOf(hasher, index, size, leafHash, proof);
  if (isMerkleFailure(r)) return r;
  const badRoot = checkRootSize(hasher, 'root', root);
  if (badRoot) return badRoot;
  return bytesEqual(r, root) ? OK : fail('merkle.root_mismatch');
}

/**
 * RFC 9162 §2.1.4.2: checks the old root and returns the new root the proof leads to, or the
 * failure. size1 = size2 needs an empty proof and returns root1 unchecked; transparency-dev does
 * the same, and one of its probes (equal sizes, equal non-32-byte roots) requires it.
 */
export function consistencyRootOf(
  hasher: NodeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
): Uint8Array | MerkleFailure {
  const bad = checkCount('size1', size1) ?? checkCount('size2', size2);
  if (bad) return bad;
  const length = proof?.length ?? 0;
  if (size2 < size1) return fail('merkle.size_order', { size1, size2 });
  // transparency-dev policy: meaningless even when size2 = 0 too.
  if (size1 === 0) return fail('merkle.consistency_from_empty');
  if (size1 === size2) {
    if (length !== 0) return fail('merkle.proof_length', { expected: 0, actual: length });
    return root1;
  }
  const badProof = checkProofHashes(hasher, proof, consistencyProofLength(size1, size2));
  if (badProof) return badProof;
  const badRoot = checkRootSize(hasher, 'root1', root1);
  if (badRoot) return badRoot;

  const path = proof!;
  let fn = size1 - 1;
  let sn = size2 - 1;
  let start = 0;
  let fr: Uint8Array;
  // Step 2: when size1 is a power of two the proof omits the old root; the verifier supplies it.
  if (isPowerOfTwo(size1)) {
    fr = root1;
  } else {
    fr = path[0];
    start = 1;
  }
  let sr = fr;
  // Step 4: skip the levels where the old tree's last subtree is complete.
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  for (let i = start; i < path.length; i++) {
    const c = path[i];
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (!bytesEqual(fr, root1)) return fail('merkle.old_root_mismatch');
  return sr;
}

/** Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`. */
export function verifyConsistency(
  hasher: NodeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
  root2: Uint8Array,
): MerkleCheck {
  const r = consistencyRootOf(hasher, size1, size2, proof, root1);
  if (isMerkleFailure(r)) return r;
  if (size1 !== size2) {
    const badRoot = checkRootSize(hasher, 'root2', root2);
    if (badRoot) return badRoot;
  }
  return bytesEqual(r, root2) ? OK : fail('merkle.root_mismatch');
}
