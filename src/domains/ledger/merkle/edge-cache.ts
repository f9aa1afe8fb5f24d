/**
 * The ragged right edge of a tree, remembered per tree size.
 *
 * Stores keep only perfect subtrees: they never change, so one node store serves proofs for
 * every tree size and the tiles. The price is the one proof element that is not a perfect
 * subtree, the sibling on the tree's uneven right edge: MTH(D[begin:size]), folded at proof time
 * from up to log2(size) stored hashes (at 1M leaves about 3 µs, most of an in-memory proof).
 *
 * For one tree size there are at most log2(size) such elements (begin is size − 1 with its low
 * bits cleared, one value per proof height), and each is fixed once the log has `size` leaves.
 * This cache keeps them for the few most recently used sizes, keyed by the leaf range
 * [begin, end): an element for size n is never used for size n + 1, whose range differs.
 * Proofs are nearly always against the latest checkpoint or two, so a handful of sizes makes
 * the fold a once-per-size cost. Memory: at most maxSizes × 53 hashes.
 *
 * The cached hashes are handed out as they are (shared): callers must not modify proof hashes.
 */
export class RightEdgeCache {
  private readonly bySize = new Map<number, Map<number, Buffer>>();
  // The most recently used size, checked before the map: proofs come in runs against one size.
  private lastEnd = -1;
  private last: Map<number, Buffer> | undefined;

  readonly maxSizes: number;

  constructor(maxSizes = 8) {
    this.maxSizes = Math.max(1, Math.floor(maxSizes));
  }

  /** MTH(D[begin:end]) if known. */
  get(begin: number, end: number): Buffer | undefined {
    return (end === this.lastEnd ? this.last : this.use(end))?.get(begin);
  }

  /** Remembers MTH(D[begin:end]), the ragged-edge element of the tree of `end` leaves. */
  set(begin: number, end: number, hash: Buffer): void {
    let forSize = end === this.lastEnd ? this.last : this.use(end);
    if (!forSize) {
      forSize = new Map();
      this.bySize.set(end, forSize);
      while (this.bySize.size > this.maxSizes) this.bySize.delete(this.bySize.keys().next().value!);
      this.lastEnd = end;
      this.last = forSize;
    }
    forSize.set(begin, hash);
  }

  /** Forgets everything (a store whose nodes were overwritten, or a different hash). */
  clear(): void {
    this.bySize.clear();
    this.lastEnd = -1;
    this.last = undefined;
  }

  /** Number of tree sizes with cached elements. */
  get sizes(): number {
    return this.bySize.size;
  }

  /** Number of cached elements over all sizes. */
  get entries(): number {
    let n = 0;
    for (const m of this.bySize.values()) n += m.size;
    return n;
  }

  // Looks a size up and makes it the most recent (Map order is the recency order).
  private use(end: number): Map<number, Buffer> | undefined {
    const forSize = this.bySize.get(end);
    if (forSize) {
      this.bySize.delete(end);
      this.bySize.set(end, forSize);
      this.lastEnd = end;
      this.last = forSize;
    }
    return forSize;
  }
}
