import { merkleError } from './merkle.errors';

/**
 * Integer arithmetic of RFC 6962 trees, and which stored nodes a proof needs.
 *
 * Sizes and indexes are JavaScript numbers, exact up to 2^53 − 1 (far beyond any log this
 * platform will run); anything else is rejected rather than silently rounded. Bit operations
 * split numbers into two 32-bit halves because JS bitwise operators work on 32 bits only.
 */

/** A perfect subtree: the node at `level` (0 = leaves) covering leaves [index·2^level, (index+1)·2^level). */
export interface NodeCoord {
  level: number;
  index: number;
}

/**
 * The stored nodes a proof is made of, in proof order (from the leaf upwards).
 *
 * `nodes[ephemeralBegin .. ephemeralEnd)` (possibly empty, possibly one node) together make up a
 * single proof element: the hash of an incomplete subtree on the ragged right edge of the tree,
 * obtained by hashing those nodes together from right to left. Every other node is one proof
 * element as is.
 */
export interface ProofPlan {
  nodes: NodeCoord[];
  ephemeralBegin: number;
  ephemeralEnd: number;
  /**
   * The leaves [begin, end) the ragged-edge element covers, when it is folded from two or more
   * nodes (end is then the tree size). Its hash, MTH(D[begin:end]), never changes once the log
   * has `end` leaves, so it may be cached under this range (see `RightEdgeCache`).
   */
  ephemeralLeaves?: readonly [begin: number, end: number];
  /**
   * Set by `withCachedEdge`: the ragged-edge element's hash, already known. Its nodes are then
   * left out (ephemeralBegin = ephemeralEnd is where the hash goes in the proof).
   */
  ephemeralHash?: Buffer;
}

export const MAX_TREE_SIZE = Number.MAX_SAFE_INTEGER;

const TWO_32 = 0x1_0000_0000;

/** Throws `merkle.number_invalid` unless `value` is an integer in [0, 2^53 − 1]. */
export function assertCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw merkleError('merkle.number_invalid', { name, value: String(value) });
  }
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** floor(x / 2^k) for 0 ≤ x ≤ 2^53. */
export function shiftRight(x: number, k: number): number {
  if (x < 0x8000_0000 && k < 32) return x >>> k;
  return Math.floor(x / 2 ** k);
}

/** Number of bits needed to write x (0 → 0). */
export function bitLength(x: number): number {
  if (x < TWO_32) return 32 - Math.clz32(x);
  return 64 - Math.clz32(Math.floor(x / TWO_32));
}

/** bitLength(a XOR b) for 0 ≤ a, b ≤ 2^53. */
export function bitLengthOfXor(a: number, b: number): number {
  const hi = (Math.floor(a / TWO_32) ^ Math.floor(b / TWO_32)) >>> 0;
  if (hi !== 0) return 64 - Math.clz32(hi);
  return 32 - Math.clz32(((a >>> 0) ^ (b >>> 0)) >>> 0);
}

/** Number of trailing zero bits of x > 0. */
export function trailingZeros(x: number): number {
  const lo = x >>> 0;
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Math.floor(x / TWO_32) >>> 0;
  return 32 + 31 - Math.clz32(hi & -hi);
}

function popCount32(v: number): number {
  v = v - ((v >>> 1) & 0x5555_5555);
  v = (v & 0x3333_3333) + ((v >>> 2) & 0x3333_3333);
  return (((v + (v >>> 4)) & 0x0f0f_0f0f) * 0x0101_0101) >>> 24;
}

/** Number of set bits of 0 ≤ x ≤ 2^53. */
export function popCount(x: number): number {
  return popCount32(x >>> 0) + popCount32(Math.floor(x / TWO_32) >>> 0);
}

/** The RFC 6962 split point k: the largest power of two strictly less than n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  if (!(n >= 2)) throw merkleError('merkle.number_invalid', { name: 'n', value: String(n) });
  return 2 ** (bitLength(n - 1) - 1);
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** trailingZeros(n) === n;
}

/** The leaves [begin, end) a node covers. */
export function nodeLeafRange(node: NodeCoord): [begin: number, end: number] {
  const width = 2 ** node.level;
  return [node.index * width, (node.index + 1) * width];
}

/**
 * The fewest perfect subtrees that exactly cover the leaves [begin, end), left to right. For
 * begin = 0 these are the roots a compact range keeps (highest level first); folding their
 * hashes from the right gives MTH(D[begin:end]) whenever begin is a multiple of a power of two at
 * least as large as end − begin.
 */
export function rangeNodes(begin: number, end: number, out: NodeCoord[] = []): NodeCoord[] {
  while (begin < end) {
    let level = bitLength(end - begin) - 1;
    if (begin > 0) level = Math.min(level, trailingZeros(begin));
    const width = 2 ** level;
    out.push({ level, index: begin / width });
    begin += width;
  }
  return out;
}

/** The stored nodes whose hashes, folded from the right, give the root of a tree of `size` leaves. */
export function rootPlan(size: number): NodeCoord[] {
  assertCount('size', size);
  return rangeNodes(0, size);
}

/**
 * Proof plan for the node (level, index) inside a tree of `size` leaves: the siblings on its way
 * up, where the sibling on the ragged right edge is described by the perfect subtrees it is made
 * of. This is the inclusion proof of a leaf when level = 0, and the tail of a consistency proof
 * otherwise.
 */
function pathPlan(level: number, index: number, size: number, nodes: NodeCoord[]): ProofPlan {
  const last = shiftRight(size - 1, level);
  // Below `inner` the paths to `index` and to the last leaf differ, so siblings there are complete
  // subtrees; the sibling at relative level inner − 1 contains the last leaf and may be ragged.
  const inner = bitLengthOfXor(index, last);
  for (let l = 0; l < inner - 1; l++) {
    const i = shiftRight(index, l);
    nodes.push({ level: level + l, index: i % 2 === 0 ? i + 1 : i - 1 });
  }
  let ephemeralBegin = nodes.length;
  let ephemeralEnd = nodes.length;
  let ephemeralLeaves: [number, number] | undefined;
  if (inner > 0) {
    const siblingLevel = level + inner - 1;
    const start = (shiftRight(index, inner - 1) + 1) * 2 ** siblingLevel;
    rangeNodes(start, size, nodes);
    ephemeralEnd = nodes.length;
    if (ephemeralEnd - ephemeralBegin === 1) ephemeralBegin = ephemeralEnd;
    else ephemeralLeaves = [start, size];
  }
  // Above `inner` the node lies on the right border: only left siblings exist (RFC 6962 trees are
  // left-heavy), one for each set bit of the index.
  for (let l = inner; ; l++) {
    const i = shiftRight(index, l);
    if (i === 0) break;
    if (i % 2 === 1) nodes.push({ level: level + l, index: i - 1 });
  }
  return ephemeralLeaves ? { nodes, ephemeralBegin, ephemeralEnd, ephemeralLeaves } : { nodes, ephemeralBegin, ephemeralEnd };
}

/** Which stored nodes the inclusion proof of leaf `index` in a tree of `size` leaves needs. */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  assertCount('index', index);
  assertCount('size', size);
  if (index >= size) throw merkleError('merkle.index_out_of_range', { index, size });
  return pathPlan(0, index, size, []);
}

/**
 * Which stored nodes the consistency proof from `size1` to `size2` leaves needs (RFC 6962
 * §2.1.2 SUBPROOF): the largest perfect subtree ending at size1 (left out when size1 is a power
 * of two, since the verifier holds it as the old root), then that node's inclusion path in the
 * tree of size2. size1 = size2 gives an empty plan; size1 = 0 is refused (transparency-dev
 * policy: a proof from the empty tree is meaningless).
 */
export function consistencyProofPlan(size1: number, size2: number): ProofPlan {
  assertCount('size1', size1);
  assertCount('size2', size2);
  if (size2 < size1) throw merkleError('merkle.size_order', { size1, size2 });
  if (size1 === 0) throw merkleError('merkle.consistency_from_empty');
  if (size1 === size2) return { nodes: [], ephemeralBegin: 0, ephemeralEnd: 0 };
  const level = trailingZeros(size1);
  const index = size1 / 2 ** level - 1;
  const nodes: NodeCoord[] = index === 0 ? [] : [{ level, index }];
  return pathPlan(level, index, size2, nodes);
}

/** Exact length of an inclusion proof (RFC 9162 §2.1.3.2), for 0 ≤ index < size. */
export function inclusionProofLength(index: number, size: number): number {
  const inner = bitLengthOfXor(index, size - 1);
  return inner + popCount(shiftRight(index, inner));
}

/** Exact length of a consistency proof (RFC 9162 §2.1.4.2), for 0 < size1 < size2. */
export function consistencyProofLength(size1: number, size2: number): number {
  const shift = trailingZeros(size1);
  const fullInner = bitLengthOfXor(size1 - 1, size2 - 1);
  const border = popCount(shiftRight(size1 - 1, fullInner));
  const seed = size1 === 2 ** shift ? 0 : 1;
  return seed + (fullInner - shift) + border;
}
