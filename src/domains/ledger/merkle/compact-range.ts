import { merkleHasher, type HashName, type Hasher } from './hasher';
import { merkleError } from './merkle.errors';
import type { NodeSource, StoredNode } from './proofs';
import { assertCount, isCount, popCount, rootPlan, type NodeCoord } from './tree-math';

/**
 * The right border of an append-only RFC 6962 log: the roots of the perfect subtrees that cover
 * leaves [0, size), one per set bit of size, highest level first (transparency-dev `compact.Range`,
 * domain/evidence.md §1.3). O(log n) state is enough to append and to compute the root, so the
 * integrator never reads the tree back. Every append reports the perfect subtrees it completes,
 * which is exactly the set of nodes a node store needs for proofs and tiles.
 */

/** Receives each node an append completes, leaf first, then upwards. */
export type NodeVisitor = (level: number, index: number, hash: Buffer) => void;

/** Serialised state: enough to resume appending after a restart. */
export interface CompactRangeJSON {
  hash: HashName;
  size: number;
  /** Standard base64 of the border hashes, highest level (leftmost) first. */
  nodes: string[];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export class CompactRange {
  private rootCache: Buffer | undefined;

  private constructor(
    readonly hasher: Hasher,
    private treeSize: number,
    private readonly border: Buffer[],
  ) {}

  static empty(hasher: Hasher): CompactRange {
    return new CompactRange(hasher, 0, []);
  }

  /** A range from its border hashes (highest level first), e.g. as read back from storage. */
  static fromBorder(hasher: Hasher, size: number, border: readonly Uint8Array[]): CompactRange {
    if (!isCount(size)) {
      throw merkleError('merkle.compact_range_invalid', {}, `size ${String(size)} is not a tree size`);
    }
    if (border.length !== popCount(size)) {
      throw merkleError('merkle.compact_range_invalid', {}, `size ${size} needs ${popCount(size)} border hashes, got ${border.length}`);
    }
    const copies = border.map((h, i) => {
      if (h.length !== hasher.size) {
        throw merkleError('merkle.compact_range_invalid', {}, `border hash ${i} has ${h.length} bytes, not ${hasher.size}`);
      }
      return Buffer.from(h);
    });
    return new CompactRange(hasher, size, copies);
  }

  /** Restores a range from `toJSON()` output. When `hasher` is given, the saved hash must match it. */
  static fromJSON(json: unknown, hasher?: Hasher): CompactRange {
    const o = (typeof json === 'string' ? safeParse(json) : json) as Partial<CompactRangeJSON> | null;
    if (!o || typeof o !== 'object') throw merkleError('merkle.compact_range_invalid', {}, 'not an object');
    if (o.hash !== 'sha256' && o.hash !== 'sm3') {
      throw merkleError('merkle.compact_range_invalid', {}, `unknown hash ${String(o.hash)}`);
    }
    if (hasher && hasher.name !== o.hash) {
      throw merkleError('merkle.compact_range_invalid', {}, `saved with ${o.hash}, resumed with ${hasher.name}`);
    }
    if (!Array.isArray(o.nodes)) throw merkleError('merkle.compact_range_invalid', {}, 'nodes is not an array');
    const border = o.nodes.map((s, i) => {
      if (typeof s !== 'string' || !BASE64.test(s)) {
        throw merkleError('merkle.compact_range_invalid', {}, `node ${i} is not base64`);
      }
      return Buffer.from(s, 'base64');
    });
    return CompactRange.fromBorder(hasher ?? merkleHasher(o.hash), o.size as number, border);
  }

  /** Rebuilds the range of a stored tree of `size` leaves from its node store (one batched read). */
  static async resume(source: NodeSource, hasher: Hasher, size: number): Promise<CompactRange> {
    const coords = rootPlan(size);
    const hashes = coords.length === 0 ? [] : await source.getNodes(coords);
    return CompactRange.fromBorder(hasher, size, hashes);
  }

  get size(): number {
    return this.treeSize;
  }

  /** The border hashes, highest level first (views; do not modify). */
  get borderHashes(): readonly Buffer[] {
    return this.border;
  }

  /** Where the border hashes sit in the tree, highest level first. */
  borderCoords(): NodeCoord[] {
    return rootPlan(this.treeSize);
  }

  /** MTH of the leaves appended so far (H("") for none). */
  root(): Buffer {
    if (this.rootCache) return this.rootCache;
    const n = this.border.length;
    let acc = n === 0 ? this.hasher.emptyRoot() : this.border[n - 1];
    for (let i = n - 2; i >= 0; i--) acc = this.hasher.hashChildren(this.border[i], acc);
    this.rootCache = acc;
    return acc;
  }

  /**
   * Appends one leaf hash and calls `visit` for each node it completes: the leaf (level 0) and
   * every parent merged above it. Allocates nothing but the new hashes. The leaf hash is kept
   * by reference: do not modify it afterwards.
   */
  appendWith(leafHash: Uint8Array, visit?: NodeVisitor): void {
    if (leafHash.length !== this.hasher.size) {
      throw merkleError('merkle.leaf_hash_size', { expected: this.hasher.size, actual: leafHash.length });
    }
    if (this.treeSize >= Number.MAX_SAFE_INTEGER) assertCount('size', this.treeSize + 1);
    let hash = asBuffer(leafHash);
    let index = this.treeSize;
    let level = 0;
    visit?.(0, index, hash);
    // Each trailing 1-bit of the old size is a border subtree the same height as the carry: merge.
    for (let n = this.treeSize; n % 2 === 1; n = (n - 1) / 2) {
      hash = this.hasher.hashChildren(this.border.pop()!, hash);
      level++;
      index = (index - (index % 2)) / 2;
      visit?.(level, index, hash);
    }
    this.border.push(hash);
    this.treeSize++;
    this.rootCache = undefined;
  }

  /** Appends one leaf hash; returns the nodes to persist (the leaf and each completed parent). */
  append(leafHash: Uint8Array): StoredNode[] {
    const nodes: StoredNode[] = [];
    this.appendWith(leafHash, (level, index, hash) => nodes.push({ level, index, hash }));
    return nodes;
  }

  /** Appends leaf hashes in order; returns every node to persist. */
  appendMany(leafHashes: Iterable<Uint8Array>): StoredNode[] {
    const nodes: StoredNode[] = [];
    const visit: NodeVisitor = (level, index, hash) => nodes.push({ level, index, hash });
    for (const h of leafHashes) this.appendWith(h, visit);
    return nodes;
  }

  /** Hashes an entry as a leaf (H(0x00 || entry)) and appends it; returns the nodes to persist. */
  appendEntry(entry: Uint8Array): StoredNode[] {
    return this.append(this.hasher.hashLeaf(entry));
  }

  clone(): CompactRange {
    return new CompactRange(this.hasher, this.treeSize, this.border.slice());
  }

  toJSON(): CompactRangeJSON {
    return { hash: this.hasher.name, size: this.treeSize, nodes: this.border.map((h) => h.toString('base64')) };
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw merkleError('merkle.compact_range_invalid', {}, 'not JSON');
  }
}
