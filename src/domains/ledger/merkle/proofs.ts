import type { Hasher } from './hasher';
import { merkleError, type MerkleErrorCode } from './merkle.errors';
import {
  assertCount,
  consistencyProofLength,
  consistencyProofPlan,
  inclusionProofLength,
  inclusionProofPlan,
  isCount,
  isPowerOfTwo,
  rootPlan,
  type NodeCoord,
  type ProofPlan,
} from './tree-math';

/**
 * Inclusion and consistency proofs: generation from stored nodes, and verification by the
 * RFC 9162 §2.1.3.2 / §2.1.4.2 algorithms with the transparency-dev policies (domain/evidence.md
 * §1.1, vectors/README.md): a leaf hash must have the hash size, size1 = 0 is an error even when
 * size2 = 0, proof lengths must be exact and indexes in range.
 */

/**
 * Where proof generation reads perfect-subtree hashes. One call per proof, so a database can
 * answer with one batched query (`WHERE (level, index) IN (...)`). Must return the hashes in the
 * order of `coords`, or throw (`merkle.node_missing`) when one is absent.
 */
export interface NodeSource {
  getNodes(coords: readonly NodeCoord[]): Promise<Buffer[]>;
}

/** A perfect-subtree hash to persist: level 0 are leaf hashes. */
export interface StoredNode {
  level: number;
  index: number;
  hash: Buffer;
}

export type MerkleCheck =
  | { ok: true }
  | { ok: false; code: MerkleErrorCode; params: Record<string, string | number> };

export type MerkleFailure = Extract<MerkleCheck, { ok: false }>;

const OK: MerkleCheck = Object.freeze({ ok: true });

function fail(code: MerkleErrorCode, params: Record<string, string | number> = {}): MerkleFailure {
  return { ok: false, code, params };
}

/**
 * Hashes nodes[begin..end) (at least one) together from the right. For the perfect subtrees that
 * cover a range side by side, largest first, this is the MTH of that range.
 */
export function foldFromRight(hasher: Hasher, hashes: readonly Uint8Array[], begin = 0, end = hashes.length): Buffer {
  if (end <= begin) throw merkleError('merkle.node_source_count', { expected: 1, actual: 0 });
  let acc = toBuffer(hashes[end - 1]);
  for (let i = end - 2; i >= begin; i--) acc = hasher.hashChildren(hashes[i], acc);
  return acc;
}

/** Turns the hashes of a plan's nodes into the proof: the ragged-edge nodes collapse into one element. */
export function assembleProof(plan: ProofPlan, hashes: readonly Buffer[], hasher: Hasher): Buffer[] {
  if (hashes.length !== plan.nodes.length) {
    throw merkleError('merkle.node_source_count', { expected: plan.nodes.length, actual: hashes.length });
  }
  for (const h of hashes) {
    if (h.length !== hasher.size) throw merkleError('merkle.node_hash_size', { expected: hasher.size, actual: h.length });
  }
  const { ephemeralBegin: begin, ephemeralEnd: end } = plan;
  if (end - begin < 2) return hashes.slice();
  const proof = hashes.slice(0, begin);
  proof.push(foldFromRight(hasher, hashes, begin, end));
  for (let i = end; i < hashes.length; i++) proof.push(hashes[i]);
  return proof;
}

async function fetchPlan(source: NodeSource, plan: ProofPlan, hasher: Hasher): Promise<Buffer[]> {
  if (plan.nodes.length === 0) return [];
  return assembleProof(plan, await source.getNodes(plan.nodes), hasher);
}

/** The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, leaf sibling first. */
export async function generateInclusionProof(
  source: NodeSource,
  hasher: Hasher,
  index: number,
  size: number,
): Promise<Buffer[]> {
  return fetchPlan(source, inclusionProofPlan(index, size), hasher);
}

/** The consistency proof between the trees of `size1` and `size2` leaves (0 < size1 ≤ size2). */
export async function generateConsistencyProof(
  source: NodeSource,
  hasher: Hasher,
  size1: number,
  size2: number,
): Promise<Buffer[]> {
  return fetchPlan(source, consistencyProofPlan(size1, size2), hasher);
}

/** MTH of the first `size` leaves, from at most log2(size) stored nodes. */
export async function computeRoot(source: NodeSource, hasher: Hasher, size: number): Promise<Buffer> {
  const coords = rootPlan(size);
  if (coords.length === 0) return hasher.emptyRoot();
  const hashes = await source.getNodes(coords);
  if (hashes.length !== coords.length) {
    throw merkleError('merkle.node_source_count', { expected: coords.length, actual: hashes.length });
  }
  return foldFromRight(hasher, hashes);
}

// ---------------------------------------------------------------------------------------------
// Verification

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function checkCount(name: string, value: number): MerkleFailure | undefined {
  return isCount(value) ? undefined : fail('merkle.number_invalid', { name, value: String(value) });
}

function checkProofHashes(hasher: Hasher, proof: readonly Uint8Array[] | null | undefined, expected: number): MerkleFailure | undefined {
  const actual = proof?.length ?? 0;
  if (actual !== expected) return fail('merkle.proof_length', { expected, actual });
  for (let i = 0; i < actual; i++) {
    if (proof![i].length !== hasher.size) {
      return fail('merkle.proof_hash_size', { position: i + 1, expected: hasher.size, actual: proof![i].length });
    }
  }
  return undefined;
}

function checkRootSize(hasher: Hasher, name: string, root: Uint8Array): MerkleFailure | undefined {
  if (root.length !== hasher.size) return fail('merkle.root_hash_size', { name, expected: hasher.size, actual: root.length });
  return undefined;
}

function half(x: number): number {
  return x < 0x8000_0000 ? x >>> 1 : Math.floor(x / 2);
}

/** RFC 9162 §2.1.3.2 steps 2–5 after the length checks: the root the proof leads to. */
function chainInclusion(hasher: Hasher, index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  let fn = index;
  let sn = size - 1;
  let r = toBuffer(leafHash);
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

function inclusionRoot(
  hasher: Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[] | null | undefined,
): Buffer | MerkleFailure {
  const bad = checkCount('index', index) ?? checkCount('size', size);
  if (bad) return bad;
  if (index >= size) return fail('merkle.index_out_of_range', { index, size });
  if (leafHash.length !== hasher.size) return fail('merkle.leaf_hash_size', { expected: hasher.size, actual: leafHash.length });
  const badProof = checkProofHashes(hasher, proof, inclusionProofLength(index, size));
  if (badProof) return badProof;
  return chainInclusion(hasher, index, size, leafHash, proof ?? []);
}

/**
 * The root a valid inclusion proof leads to (RFC 9162 §2.1.3.2). Throws `DomainError` when the
 * inputs are malformed; a wrong proof just leads to a different root.
 */
export function rootFromInclusionProof(
  hasher: Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[] | null | undefined,
): Buffer {
  const r = inclusionRoot(hasher, index, size, leafHash, proof);
  if (Buffer.isBuffer(r)) return r;
  throw merkleError(r.code, r.params);
}

/** Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`. */
export function verifyInclusion(
  hasher: Hasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[] | null | undefined,
  root: Uint8Array,
): MerkleCheck {
  const r = inclusionRoot(hasher, index, size, leafHash, proof);
  if (!Buffer.isBuffer(r)) return r;
  const badRoot = checkRootSize(hasher, 'root', root);
  if (badRoot) return badRoot;
  return r.equals(root) ? OK : fail('merkle.root_mismatch');
}

/**
 * RFC 9162 §2.1.4.2: checks the old root and returns the new root the proof leads to, or the
 * failure. size1 = size2 needs an empty proof and returns root1 unchecked; transparency-dev does
 * the same, and one of its probes (equal sizes, equal non-32-byte roots) requires it.
 */
function consistencyRoot(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
): Buffer | MerkleFailure {
  const bad = checkCount('size1', size1) ?? checkCount('size2', size2);
  if (bad) return bad;
  const length = proof?.length ?? 0;
  if (size2 < size1) return fail('merkle.size_order', { size1, size2 });
  // transparency-dev policy: meaningless even when size2 = 0 too.
  if (size1 === 0) return fail('merkle.consistency_from_empty');
  if (size1 === size2) {
    if (length !== 0) return fail('merkle.proof_length', { expected: 0, actual: length });
    return toBuffer(root1);
  }
  const badProof = checkProofHashes(hasher, proof, consistencyProofLength(size1, size2));
  if (badProof) return badProof;
  const badRoot = checkRootSize(hasher, 'root1', root1);
  if (badRoot) return badRoot;

  const path = proof!;
  let fn = size1 - 1;
  let sn = size2 - 1;
  let start = 0;
  let fr: Buffer;
  // Step 2: when size1 is a power of two the proof omits the old root; the verifier supplies it.
  if (isPowerOfTwo(size1)) {
    fr = toBuffer(root1);
  } else {
    fr = toBuffer(path[0]);
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
  if (!fr.equals(root1)) return fail('merkle.old_root_mismatch');
  return sr;
}

/** The root of the size2 tree a valid consistency proof leads to, after checking root1. Throws on failure. */
export function rootFromConsistencyProof(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
): Buffer {
  const r = consistencyRoot(hasher, size1, size2, proof, root1);
  if (Buffer.isBuffer(r)) return r;
  throw merkleError(r.code, r.params);
}

/** Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`. */
export function verifyConsistency(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
  root2: Uint8Array,
): MerkleCheck {
  const r = consistencyRoot(hasher, size1, size2, proof, root1);
  if (!Buffer.isBuffer(r)) return r;
  if (size1 !== size2) {
    const badRoot = checkRootSize(hasher, 'root2', root2);
    if (badRoot) return badRoot;
  }
  return r.equals(root2) ? OK : fail('merkle.root_mismatch');
}

/** `verifyInclusion` for services: throws the failure as a `DomainError`. */
export function assertInclusion(...args: Parameters<typeof verifyInclusion>): void {
  const r = verifyInclusion(...args);
  if (!r.ok) throw merkleError(r.code, r.params);
}

/** `verifyConsistency` for services: throws the failure as a `DomainError`. */
export function assertConsistency(...args: Parameters<typeof verifyConsistency>): void {
  const r = verifyConsistency(...args);
  if (!r.ok) throw merkleError(r.code, r.params);
}

// ---------------------------------------------------------------------------------------------
// In-memory node store

interface LevelSlab {
  data: Buffer;
  present: Uint8Array;
  capacity: number;
}

/**
 * All perfect-subtree hashes of a log in memory, one contiguous slab per level (no object per
 * node), for tests, the benchmark and auditors. Returned hashes are views into the slab: nodes
 * are immutable once written, so a view stays valid even after the slab grows.
 */
export class MemoryNodeStore implements NodeSource {
  private readonly levels: LevelSlab[] = [];
  private count = 0;

  constructor(readonly hashSize = 32) {}

  /** Number of distinct nodes stored. */
  get nodeCount(): number {
    return this.count;
  }

  /** Stores one node; bound, so it can be passed straight to `CompactRange.appendWith`. */
  readonly put = (level: number, index: number, hash: Uint8Array): void => {
    if (hash.length !== this.hashSize) {
      throw merkleError('merkle.node_hash_size', { expected: this.hashSize, actual: hash.length });
    }
    const slab = this.slabFor(level, index);
    if (slab.present[index] === 0) {
      slab.present[index] = 1;
      this.count++;
    }
    slab.data.set(hash, index * this.hashSize);
  };

  putAll(nodes: Iterable<StoredNode>): void {
    for (const n of nodes) this.put(n.level, n.index, n.hash);
  }

  get(level: number, index: number): Buffer | undefined {
    const slab = this.levels[level];
    if (!slab || index >= slab.capacity || slab.present[index] === 0) return undefined;
    return slab.data.subarray(index * this.hashSize, (index + 1) * this.hashSize);
  }

  getNodesSync(coords: readonly NodeCoord[]): Buffer[] {
    const out = new Array<Buffer>(coords.length);
    for (let i = 0; i < coords.length; i++) {
      const { level, index } = coords[i];
      const h = this.get(level, index);
      if (!h) throw merkleError('merkle.node_missing', { level, index });
      out[i] = h;
    }
    return out;
  }

  async getNodes(coords: readonly NodeCoord[]): Promise<Buffer[]> {
    return this.getNodesSync(coords);
  }

  private slabFor(level: number, index: number): LevelSlab {
    assertCount('level', level);
    assertCount('index', index);
    let slab = this.levels[level];
    if (!slab) {
      slab = { data: Buffer.alloc(0), present: new Uint8Array(0), capacity: 0 };
      this.levels[level] = slab;
    }
    if (index >= slab.capacity) {
      const capacity = Math.max(index + 1, slab.capacity * 2, 64);
      const data = Buffer.alloc(capacity * this.hashSize);
      slab.data.copy(data);
      const present = new Uint8Array(capacity);
      present.set(slab.present);
      slab.data = data;
      slab.present = present;
      slab.capacity = capacity;
    }
    return slab;
  }
}
