import { RightEdgeCache } from './edge-cache';
import { hashSiblingPairs, type Hasher } from './hasher';
import { merkleError } from './merkle.errors';
import { consistencyRootOf, inclusionRootOf, isMerkleFailure, verifyConsistency, verifyInclusion } from './proof-verify';
import {
  assertCount,
  consistencyProofPlan,
  inclusionProofPlan,
  rangeNodes,
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

export { verifyInclusion, verifyConsistency, type MerkleCheck, type MerkleFailure, type NodeHasher } from './proof-verify';

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

/**
 * Turns the hashes of a plan's nodes into the proof: the ragged-edge nodes collapse into one
 * element (or the plan brings it, from `withCachedEdge`). A fold is remembered in `edges`.
 */
export function assembleProof(plan: ProofPlan, hashes: readonly Buffer[], hasher: Hasher, edges?: RightEdgeCache): Buffer[] {
  if (hashes.length !== plan.nodes.length) {
    throw merkleError('merkle.node_source_count', { expected: plan.nodes.length, actual: hashes.length });
  }
  for (const h of hashes) {
    if (h.length !== hasher.size) throw merkleError('merkle.node_hash_size', { expected: hasher.size, actual: h.length });
  }
  const { ephemeralBegin: begin, ephemeralEnd: end, ephemeralHash, ephemeralLeaves } = plan;
  let edge = ephemeralHash;
  if (!edge) {
    if (end - begin < 2) return hashes.slice();
    edge = foldFromRight(hasher, hashes, begin, end);
    if (edges && ephemeralLeaves) edges.set(ephemeralLeaves[0], ephemeralLeaves[1], edge);
  }
  const proof = hashes.slice(0, begin);
  proof.push(edge);
  for (let i = end; i < hashes.length; i++) proof.push(hashes[i]);
  return proof;
}

/**
 * The plan with its ragged-edge nodes replaced by the element itself when `edges` knows it:
 * fewer nodes to read, nothing to fold. Otherwise the plan as it is. `edges` must belong to
 * this log and hash.
 */
export function withCachedEdge(plan: ProofPlan, edges: RightEdgeCache | undefined): ProofPlan {
  const leaves = plan.ephemeralLeaves;
  if (!edges || !leaves || plan.ephemeralHash) return plan;
  const hash = edges.get(leaves[0], leaves[1]);
  if (!hash) return plan;
  const { nodes, ephemeralBegin: begin, ephemeralEnd: end } = plan;
  return { nodes: nodes.slice(0, begin).concat(nodes.slice(end)), ephemeralBegin: begin, ephemeralEnd: begin, ephemeralLeaves: leaves, ephemeralHash: hash };
}

async function fetchPlan(source: NodeSource, plan: ProofPlan, hasher: Hasher, edges?: RightEdgeCache): Promise<Buffer[]> {
  const p = withCachedEdge(plan, edges);
  if (p.nodes.length === 0 && !p.ephemeralHash) return [];
  return assembleProof(p, p.nodes.length === 0 ? [] : await source.getNodes(p.nodes), hasher, edges);
}

/**
 * The inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, leaf sibling
 * first. `edges` (optional, one per log and hash) remembers the ragged-edge element per tree
 * size. A `MemoryNodeStore` answers synchronously with its own cache (`store.inclusionProof`).
 */
export async function generateInclusionProof(
  source: NodeSource,
  hasher: Hasher,
  index: number,
  size: number,
  edges?: RightEdgeCache,
): Promise<Buffer[]> {
  if (source instanceof MemoryNodeStore) return source.inclusionProof(index, size, hasher);
  return fetchPlan(source, inclusionProofPlan(index, size), hasher, edges);
}

/** The consistency proof between the trees of `size1` and `size2` leaves (0 < size1 ≤ size2). */
export async function generateConsistencyProof(
  source: NodeSource,
  hasher: Hasher,
  size1: number,
  size2: number,
  edges?: RightEdgeCache,
): Promise<Buffer[]> {
  if (source instanceof MemoryNodeStore) return source.consistencyProof(size1, size2, hasher);
  return fetchPlan(source, consistencyProofPlan(size1, size2), hasher, edges);
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
// Verification (the algorithms live in proof-verify.ts, which the browser uses as well)

function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
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
  const r = inclusionRootOf(hasher, index, size, leafHash, proof);
  if (!isMerkleFailure(r)) return toBuffer(r);
  throw merkleError(r.code, r.params);
}

/** The root of the size2 tree a valid consistency proof leads to, after checking root1. Throws on failure. */
export function rootFromConsistencyProof(
  hasher: Hasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[] | null | undefined,
  root1: Uint8Array,
): Buffer {
  const r = consistencyRootOf(hasher, size1, size2, proof, root1);
  if (!isMerkleFailure(r)) return toBuffer(r);
  throw merkleError(r.code, r.params);
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
  /** Nodes [0, filled) are all present (a log fills each level from the left): no `present` read for them. */
  filled: number;
  /** Views of this level's nodes handed out in proofs, kept (see VIEW_CACHE_MIN_LEVEL); dropped when the slab grows. */
  views: (Buffer | undefined)[] | undefined;
}

/**
 * Proofs keep the Buffer views they hand out of the nodes at this level and above (each covering
 * 256 leaves or more): at most about size/128 views, a few KB per million leaves. These upper
 * nodes are shared by many proofs (the one at level 19 of a 1M tree by half of them), so most of
 * a proof's elements are references to existing views and only its 8 lowest are new objects.
 * Measured at 1M leaves (bench:ledger), level 8 beat 4 (too many views created once and then
 * rarely reused), 12 and no cache at all.
 */
const VIEW_CACHE_MIN_LEVEL = 8;

type ViewOf = (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;

/**
 * A Buffer view of bytes in an ArrayBuffer. `buf.subarray()` looks the Buffer constructor up
 * through Symbol.species on every call, which makes it about 4× slower than constructing the
 * view directly (≈ 75 against 18 ns on Node 20), and a proof hands out 20–25 views. Node exposes
 * that constructor as `Buffer[Symbol.species]`; without it, `Buffer.from(arrayBuffer, offset,
 * length)` (≈ 35 ns).
 */
const View: (new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer) | undefined = (() => {
  const Species = (Buffer as unknown as { [Symbol.species]?: unknown })[Symbol.species];
  if (typeof Species === 'function' && Species !== Buffer) {
    const Ctor = Species as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;
    try {
      const probe = new Ctor(new ArrayBuffer(3), 1, 2);
      if (Buffer.isBuffer(probe) && probe.byteOffset === 1 && probe.length === 2) return Ctor;
    } catch {
      // fall through
    }
  }
  return undefined;
})();

const viewOf: ViewOf = View ? (b, o, l) => new View(b, o, l) : (b, o, l) => Buffer.from(b, o, l);
/** The same, a separate function for the views kept in a slab (long-lived, unlike the others). */
const keptViewOf: ViewOf = View ? (b, o, l) => new View(b, o, l) : (b, o, l) => Buffer.from(b, o, l);

/** A level slab holding nodes [0, count), all present, in `data` of exactly count hashes. */
function fullSlab(data: Buffer, count: number): LevelSlab {
  return { data, present: new Uint8Array(count).fill(1), capacity: count, filled: count, views: undefined };
}

/** Above this size the in-memory fast path leaves the arithmetic to the general plan (32-bit bit operations). */
const FAST_PATH_MAX_SIZE = 0x7fff_ffff;

/**
 * All perfect-subtree hashes of a log in memory, one contiguous slab per level (no object per
 * node), for tests, the benchmark and auditors. Returned hashes are views into the slab: nodes
 * are immutable once written, so a view stays valid even after the slab grows. Do not modify
 * them (nor proof hashes, which may be shared with the store's right-edge cache).
 *
 * Proofs: `inclusionProof` / `consistencyProof` answer synchronously (the async
 * `generate*Proof` functions call them for a store). The inclusion path is computed with bit
 * operations straight into the slabs, no plan objects; presence is a comparison with the level's
 * filled prefix rather than a (cache-missing) read per node; the ragged-edge element is folded
 * once per tree size and height and kept in a `RightEdgeCache` of the 8 most recent sizes; views
 * of upper nodes are reused (VIEW_CACHE_MIN_LEVEL).
 */
export class MemoryNodeStore implements NodeSource {
  private readonly levels: LevelSlab[] = [];
  private count = 0;
  private readonly edges = new RightEdgeCache(8);
  private edgeHasher: Hasher | undefined;

  constructor(readonly hashSize = 32) {}

  /**
   * The store of the whole tree over `leafHashes`, built level by level: exactly the nodes
   * `CompactRange.appendWith(leaf, store.put)` stores for each leaf in turn (every perfect
   * subtree: floor(n / 2^level) nodes at each level), so proofs, roots and the right-edge cache
   * behave the same, and the store can go on growing with `put`. Each level is one slab of
   * exact size, filled by `hashSiblingPairs` from the level below (no per-node objects but the
   * digests node:crypto returns). Leaf hashes are copied in (must be `hasher.size` bytes each).
   */
  static fromLeafHashes(leafHashes: readonly Uint8Array[], hasher: Hasher): MemoryNodeStore {
    const size = hasher.size;
    const store = new MemoryNodeStore(size);
    const n = leafHashes.length;
    if (n === 0) return store;
    let data = Buffer.allocUnsafeSlow(n * size);
    for (let i = 0; i < n; i++) {
      const leaf = leafHashes[i];
      if (leaf.length !== size) throw merkleError('merkle.leaf_hash_size', { expected: size, actual: leaf.length });
      data.set(leaf, i * size);
    }
    store.levels.push(fullSlab(data, n));
    let count = n;
    for (let width = Math.floor(n / 2); width > 0; width = Math.floor(width / 2)) {
      const parents = Buffer.allocUnsafeSlow(width * size);
      hashSiblingPairs(hasher, data, parents, width);
      store.levels.push(fullSlab(parents, width));
      count += width;
      data = parents;
    }
    store.count = count;
    return store;
  }

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
      while (slab.filled < slab.capacity && slab.present[slab.filled] === 1) slab.filled++;
    } else {
      // Stored nodes never change in a log; if one is rewritten anyway, no fold may outlive it.
      this.edges.clear();
    }
    slab.data.set(hash, index * this.hashSize);
  };

  putAll(nodes: Iterable<StoredNode>): void {
    for (const n of nodes) this.put(n.level, n.index, n.hash);
  }

  get(level: number, index: number): Buffer | undefined {
    const slab = this.levels[level];
    if (!slab || !(index < slab.capacity) || slab.present[index] !== 1) return undefined;
    return viewOf(slab.data.buffer, slab.data.byteOffset + index * this.hashSize, this.hashSize);
  }

  /** MTH of the first `size` leaves (H("") for 0), synchronously, from at most log2(size) stored nodes. */
  root(size: number, hasher: Hasher): Buffer {
    const coords = rootPlan(size);
    return coords.length === 0 ? hasher.emptyRoot() : foldFromRight(hasher, this.getNodesSync(coords));
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

  /**
   * The inclusion proof of leaf `index` in the tree of `size` leaves (any size the store holds),
   * synchronously; the same hashes as `generateInclusionProof` over any node source.
   */
  inclusionProof(index: number, size: number, hasher: Hasher): Buffer[] {
    // Anything unusual (bad numbers, huge sizes) takes the general path, which throws the errors.
    if (!(index >= 0 && index < size && size <= FAST_PATH_MAX_SIZE && (index | 0) === index && (size | 0) === size)) {
      return this.proofFromPlan(inclusionProofPlan(index, size), hasher);
    }
    const edges = this.edgesFor(hasher);
    const proof: Buffer[] = [];
    // As inclusionProofPlan: below `inner` the siblings are perfect subtrees; the sibling at
    // level inner − 1 ends at the last leaf (ragged when its width is not a power of two);
    // above it only left siblings, one per set bit of the index.
    const inner = 32 - Math.clz32(index ^ (size - 1));
    for (let level = 0; level < inner - 1; level++) proof.push(this.node(level, (index >>> level) ^ 1));
    if (inner > 0) {
      const level = inner - 1;
      // < size ≤ 2^31 − 1: the shift cannot overflow.
      const begin = ((index >>> level) + 1) << level;
      const width = size - begin;
      if ((width & (width - 1)) === 0) proof.push(this.node(31 - Math.clz32(width), begin / width));
      else proof.push(edges.get(begin, size) ?? this.foldEdge(begin, size, hasher));
    }
    for (let level = inner, i = index >>> inner; i !== 0; level++, i >>>= 1) {
      if ((i & 1) === 1) proof.push(this.node(level, i - 1));
    }
    if (hasher.size !== this.hashSize && proof.length > 0) {
      throw merkleError('merkle.node_hash_size', { expected: hasher.size, actual: this.hashSize });
    }
    return proof;
  }

  /** The consistency proof between the trees of `size1` and `size2` leaves, synchronously. */
  consistencyProof(size1: number, size2: number, hasher: Hasher): Buffer[] {
    return this.proofFromPlan(consistencyProofPlan(size1, size2), hasher);
  }

  private proofFromPlan(plan: ProofPlan, hasher: Hasher): Buffer[] {
    const edges = this.edgesFor(hasher);
    const p = withCachedEdge(plan, edges);
    if (p.nodes.length === 0 && !p.ephemeralHash) return [];
    return assembleProof(p, this.getNodesSync(p.nodes), hasher, edges);
  }

  /** The cache of folds, which are only valid for the hash they were made with. */
  private edgesFor(hasher: Hasher): RightEdgeCache {
    if (hasher !== this.edgeHasher) {
      this.edges.clear();
      this.edgeHasher = hasher;
    }
    return this.edges;
  }

  /** MTH(D[begin:end]) from the perfect subtrees covering it, remembered for the tree of `end` leaves. */
  private foldEdge(begin: number, end: number, hasher: Hasher): Buffer {
    const hash = foldFromRight(hasher, this.getNodesSync(rangeNodes(begin, end)));
    this.edges.set(begin, end, hash);
    return hash;
  }

  private node(level: number, index: number): Buffer {
    const slab = this.levels[level];
    if (slab === undefined || (index >= slab.filled && (index >= slab.capacity || slab.present[index] === 0))) {
      throw merkleError('merkle.node_missing', { level, index });
    }
    if (level < VIEW_CACHE_MIN_LEVEL) return viewOf(slab.data.buffer, slab.data.byteOffset + index * this.hashSize, this.hashSize);
    const views = (slab.views ??= new Array<Buffer | undefined>(slab.capacity));
    return (views[index] ??= keptViewOf(slab.data.buffer, slab.data.byteOffset + index * this.hashSize, this.hashSize));
  }

  private slabFor(level: number, index: number): LevelSlab {
    assertCount('level', level);
    assertCount('index', index);
    let slab = this.levels[level];
    if (!slab) {
      slab = { data: Buffer.alloc(0), present: new Uint8Array(0), capacity: 0, filled: 0, views: undefined };
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
      // Views into the old slab stay correct (nodes never change) but would keep it alive.
      slab.views = undefined;
    }
    return slab;
  }
}
