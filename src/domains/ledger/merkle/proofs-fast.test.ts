import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range';
import { RightEdgeCache } from './edge-cache';
import { sha256Hasher, sm3Hasher, type Hasher } from './hasher';
import { referenceConsistency, referenceMth, referencePath, syntheticLeaves } from './merkle.test-support';
import {
  assembleProof,
  computeRoot,
  generateConsistencyProof,
  generateInclusionProof,
  MemoryNodeStore,
  verifyConsistency,
  verifyInclusion,
  withCachedEdge,
  type NodeSource,
} from './proofs';
import { inclusionProofPlan, type NodeCoord } from './tree-math';

/**
 * The in-memory fast path (`MemoryNodeStore.inclusionProof`: bit arithmetic, filled prefixes,
 * reused views, the right-edge cache) and the right-edge cache of the general path must give
 * byte for byte the proofs of the reference generator: `generateInclusionProof` over a plain
 * `NodeSource` (plan objects, one batched read, the fold done every time), which proofs.test.ts
 * checks against the RFC 6962 recursive definitions.
 */

const hexes = (hs: readonly Uint8Array[]) => hs.map((h) => Buffer.from(h).toString('hex'));

/** The store behind an interface that hides it: the general path, no cache. */
const plain = (store: MemoryNodeStore): NodeSource => ({ getNodes: (coords) => store.getNodes(coords) });

/** A hasher that counts node hashes. */
function counting(base: Hasher): Hasher & { calls: number } {
  const h = {
    calls: 0,
    name: base.name,
    size: base.size,
    hashLeaf: (e: Uint8Array) => base.hashLeaf(e),
    hashChildren: (l: Uint8Array, r: Uint8Array) => {
      h.calls++;
      return base.hashChildren(l, r);
    },
    emptyRoot: () => base.emptyRoot(),
  };
  return h;
}

/** mulberry32: deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

async function failureOf(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p);
    return 'no error';
  } catch (e) {
    const { code, params } = e as { code?: string; params?: unknown };
    return { code, params };
  }
}

describe('MemoryNodeStore.inclusionProof (the in-memory fast path)', () => {
  it('equals the reference generator for every index of every size 1..300, growing the same store', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 300, 1);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    const source = plain(store);
    // The general path with one right-edge cache across all sizes, as the ledger service uses it.
    const edges = new RightEdgeCache(3);
    let proofs = 0;
    for (let n = 1; n <= 300; n++) {
      // Each size is proven right after its append: a fold cached for n - 1 must not serve n.
      range.appendWith(leaves[n - 1], store.put);
      const root = range.root();
      for (let i = 0; i < n; i++) {
        const reference = await generateInclusionProof(source, sha256Hasher, i, n);
        const fast = store.inclusionProof(i, n, sha256Hasher);
        expect(hexes(fast)).toEqual(hexes(reference));
        expect(hexes(await generateInclusionProof(store, sha256Hasher, i, n))).toEqual(hexes(reference));
        expect(hexes(await generateInclusionProof(source, sha256Hasher, i, n, edges))).toEqual(hexes(reference));
        expect(verifyInclusion(sha256Hasher, i, n, leaves[i], fast, root)).toEqual({ ok: true });
        if (n <= 48) expect(hexes(fast)).toEqual(hexes(referencePath(sha256Hasher, i, leaves.slice(0, n))));
        proofs++;
      }
    }
    expect(proofs).toBe((300 * 301) / 2);
    expect(edges.sizes).toBeLessThanOrEqual(3);
  });

  it('equals the reference generator for older sizes of a grown store, in an order that evicts cached sizes', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 300, 2);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    for (const leaf of leaves) range.appendWith(leaf, store.put);
    const source = plain(store);
    const edges = new RightEdgeCache(2);
    const next = random(7);
    // Sizes jump around (more than the 8 sizes the store keeps, more than the 2 of `edges`).
    for (let k = 0; k < 3000; k++) {
      const n = 1 + Math.floor(next() * 300);
      const i = Math.floor(next() * n);
      const reference = await generateInclusionProof(source, sha256Hasher, i, n);
      expect(hexes(store.inclusionProof(i, n, sha256Hasher))).toEqual(hexes(reference));
      expect(hexes(await generateInclusionProof(source, sha256Hasher, i, n, edges))).toEqual(hexes(reference));
    }
    for (let n = 1; n <= 300; n++) {
      const root = referenceMth(sha256Hasher, leaves, 0, n);
      for (let i = 0; i < n; i++) expect(verifyInclusion(sha256Hasher, i, n, leaves[i], store.inclusionProof(i, n, sha256Hasher), root).ok).toBe(true);
    }
  });

  it('equals the reference generator at random large sizes (up to 2^17 + 12,345 leaves)', async () => {
    const total = 2 ** 17 + 12_345;
    const leaves = syntheticLeaves(sha256Hasher, total, 3);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    const source = plain(store);
    const next = random(11);
    const sizes = [2 ** 16 - 1, 2 ** 16, 2 ** 16 + 1, 2 ** 17 - 1, 2 ** 17, total, ...Array.from({ length: 24 }, () => 1 + Math.floor(next() * total))];
    const checkSize = async (n: number) => {
      const root = await computeRoot(source, sha256Hasher, n);
      const indexes = [0, 1, n - 2, n - 1, Math.floor(n / 2), ...Array.from({ length: 150 }, () => Math.floor(next() * n))].filter((i) => i >= 0 && i < n);
      for (const i of indexes) {
        const fast = store.inclusionProof(i, n, sha256Hasher);
        expect(hexes(fast)).toEqual(hexes(await generateInclusionProof(source, sha256Hasher, i, n)));
        expect(verifyInclusion(sha256Hasher, i, n, leaves[i], fast, root)).toEqual({ ok: true });
      }
    };
    // Proven while the tree grows (sizes in increasing order), then again at the end, shuffled.
    let appended = 0;
    for (const n of [...sizes].sort((a, b) => a - b)) {
      while (appended < n) range.appendWith(leaves[appended++], store.put);
      await checkSize(n);
    }
    for (const n of sizes) await checkSize(n);
  });

  it('folds the ragged edge once per size and height, and again for the next size', () => {
    const leaves = syntheticLeaves(sha256Hasher, 1000, 4);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    for (const leaf of leaves.slice(0, 999)) range.appendWith(leaf, store.put);
    const hasher = counting(sha256Hasher);
    // 999 = 0b1111100111: index 0's path crosses the ragged edge at the top (a fold of several nodes).
    const first = store.inclusionProof(0, 999, hasher);
    expect(hasher.calls).toBeGreaterThan(0);
    const calls = hasher.calls;
    expect(hexes(store.inclusionProof(0, 999, hasher))).toEqual(hexes(first));
    expect(hexes(store.inclusionProof(100, 999, hasher))).toEqual(hexes(store.inclusionProof(100, 999, hasher)));
    const afterSecond = hasher.calls;
    expect(afterSecond - calls).toBeLessThanOrEqual(6); // only index 100's own edge, once
    for (let i = 0; i < 999; i++) store.inclusionProof(i, 999, hasher);
    const all = hasher.calls;
    for (let i = 0; i < 999; i++) store.inclusionProof(i, 999, hasher);
    expect(hasher.calls).toBe(all); // every edge of size 999 cached: no hashing at all

    range.appendWith(leaves[999], store.put);
    const grown = store.inclusionProof(0, 1000, hasher);
    expect(hasher.calls).toBeGreaterThan(all); // size 1000 folds its own edge
    expect(hexes(grown)).not.toEqual(hexes(first));
    expect(verifyInclusion(sha256Hasher, 0, 1000, leaves[0], grown, range.root())).toEqual({ ok: true });
    // And size 999 still gets its own element.
    expect(hexes(store.inclusionProof(0, 999, hasher))).toEqual(hexes(first));
  });

  it('keeps folds per hash, and drops them when a stored node is rewritten', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 100, 5);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    for (const leaf of leaves) range.appendWith(leaf, store.put);
    const source = plain(store);
    for (const hasher of [sha256Hasher, sm3Hasher, sha256Hasher]) {
      for (let i = 0; i < 99; i++) {
        expect(hexes(store.inclusionProof(i, 99, hasher))).toEqual(hexes(await generateInclusionProof(source, hasher, i, 99)));
      }
    }
    store.inclusionProof(0, 99, sha256Hasher);
    // 99 = 64 + 32 + 2 + 1: leaf 0's edge element is MTH(D[64:99]), folded from (5, 2), (1, 48)
    // and (0, 98); rewrite (0, 98).
    store.put(0, 98, Buffer.alloc(32, 0xab));
    expect(hexes(store.inclusionProof(0, 99, sha256Hasher))).toEqual(hexes(await generateInclusionProof(source, sha256Hasher, 0, 99)));
  });

  it('reuses views of upper nodes and hands out views of the stored bytes', () => {
    const leaves = syntheticLeaves(sha256Hasher, 4096, 6);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    for (const leaf of leaves) range.appendWith(leaf, store.put);
    const a = store.inclusionProof(0, 4096, sha256Hasher);
    const b = store.inclusionProof(1, 4096, sha256Hasher);
    expect(a).toHaveLength(12);
    for (let k = 0; k < 12; k++) {
      expect(Buffer.isBuffer(a[k])).toBe(true);
      expect(a[k].length).toBe(32);
      // Levels 8 and up: the same view object for both proofs; below, equal bytes.
      if (k >= 8) expect(a[k]).toBe(b[k]);
      else if (k >= 1) expect(a[k].equals(b[k])).toBe(true);
    }
    expect(a[11].equals(store.get(11, 1)!)).toBe(true);
    // Growing a slab drops the kept views; the proofs stay the same.
    for (let i = 4096; i < 4096 * 3; i++) range.appendWith(sha256Hasher.hashLeaf(Buffer.from(`more-${i}`)), store.put);
    expect(hexes(store.inclusionProof(0, 4096, sha256Hasher))).toEqual(hexes(a));
  });

  it('throws what the reference generator throws, for bad arguments and missing nodes', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 40, 8);
    const full = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    const nodes: { level: number; index: number; hash: Buffer }[] = [];
    for (const leaf of leaves) range.appendWith(leaf, (level, index, hash) => (full.put(level, index, hash), nodes.push({ level, index, hash })));
    const cases: [number, number][] = [[5, 5], [6, 5], [-1, 5], [0.5, 5], [0, 2 ** 53], [0, 0], [NaN, 5], [0, 41], [39, 64], [3, 2 ** 31], [3, 2 ** 40]];
    for (const [i, n] of cases) {
      const fast = await failureOf(() => full.inclusionProof(i, n, sha256Hasher));
      expect({ i, n, fast }).toEqual({ i, n, fast: await failureOf(generateInclusionProof(plain(full), sha256Hasher, i, n)) });
      expect(fast).not.toBe('no error');
    }
    // A sparse store, filled out of order with gaps: the filled-prefix shortcut must not claim a missing node.
    const next = random(9);
    const sparse = new MemoryNodeStore();
    for (const node of [...nodes].sort(() => next() - 0.5)) if (next() < 0.9) sparse.put(node.level, node.index, node.hash);
    for (let n = 1; n <= 40; n++) {
      for (let i = 0; i < n; i++) {
        const reference = await failureOf(generateInclusionProof(plain(sparse), sha256Hasher, i, n));
        if (reference === 'no error') {
          expect(hexes(sparse.inclusionProof(i, n, sha256Hasher))).toEqual(hexes(await generateInclusionProof(plain(sparse), sha256Hasher, i, n)));
        } else {
          expect({ i, n, fast: await failureOf(() => sparse.inclusionProof(i, n, sha256Hasher)) }).toEqual({ i, n, fast: reference });
        }
      }
    }
    // A hasher of another digest size: the same refusal as the reference.
    const wide = { ...sha256Hasher, size: 48 } as Hasher;
    expect(await failureOf(() => full.inclusionProof(3, 40, wide))).toEqual(await failureOf(generateInclusionProof(plain(full), wide, 3, 40)));
    expect(full.inclusionProof(0, 1, wide)).toEqual([]);
  });
});

describe('consistency proofs with the right-edge cache', () => {
  it('equal the reference generator for all 1 ≤ m ≤ n ≤ 130, from the store and through a cache', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 130, 10);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    const source = plain(store);
    const edges = new RightEdgeCache(4);
    const roots: Buffer[] = [sha256Hasher.emptyRoot()];
    for (let n = 1; n <= 130; n++) {
      range.appendWith(leaves[n - 1], store.put);
      roots.push(range.root());
      for (let m = 1; m <= n; m++) {
        const reference = await generateConsistencyProof(source, sha256Hasher, m, n);
        const fromStore = store.consistencyProof(m, n, sha256Hasher);
        expect(hexes(fromStore)).toEqual(hexes(reference));
        expect(hexes(await generateConsistencyProof(source, sha256Hasher, m, n, edges))).toEqual(hexes(reference));
        expect(verifyConsistency(sha256Hasher, m, n, fromStore, roots[m], roots[n])).toEqual({ ok: true });
        if (n <= 24) expect(hexes(fromStore)).toEqual(hexes(referenceConsistency(sha256Hasher, m, leaves.slice(0, n))));
      }
    }
    // Inclusion and consistency proofs share cached elements: the same leaf ranges, the same hashes.
    for (let i = 0; i < 130; i++) {
      expect(hexes(await generateInclusionProof(source, sha256Hasher, i, 130, edges))).toEqual(hexes(await generateInclusionProof(source, sha256Hasher, i, 130)));
    }
  });
});

describe('the right-edge cache in the general (database) path', () => {
  it('reads fewer nodes once the element is cached, and keeps a bounded number of sizes', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 1000, 12);
    const store = new MemoryNodeStore();
    const range = CompactRange.empty(sha256Hasher);
    for (const leaf of leaves) range.appendWith(leaf, store.put);
    const reads: NodeCoord[][] = [];
    const source: NodeSource = { getNodes: (coords) => (reads.push([...coords]), store.getNodes(coords)) };
    const edges = new RightEdgeCache(2);
    const plan = inclusionProofPlan(0, 999);
    expect(plan.ephemeralLeaves).toEqual([512, 999]);
    expect(withCachedEdge(plan, edges)).toBe(plan);
    const first = await generateInclusionProof(source, sha256Hasher, 0, 999, edges);
    expect(edges.get(512, 999)?.equals(referenceMth(sha256Hasher, leaves, 512, 999))).toBe(true);
    expect(edges.get(512, 1000)).toBeUndefined();
    const second = await generateInclusionProof(source, sha256Hasher, 0, 999, edges);
    expect(hexes(second)).toEqual(hexes(first));
    expect(reads[1].length).toBe(reads[0].length - (plan.ephemeralEnd - plan.ephemeralBegin));
    // The service's way: the resolved plan, one read, assembleProof.
    const resolved = withCachedEdge(plan, edges);
    expect(resolved.ephemeralHash?.equals(first[plan.ephemeralBegin])).toBe(true);
    expect(hexes(assembleProof(resolved, await store.getNodes(resolved.nodes), sha256Hasher, edges))).toEqual(hexes(first));
    // Three sizes through a cache of two: the least recently used goes.
    await generateInclusionProof(source, sha256Hasher, 0, 998, edges);
    await generateInclusionProof(source, sha256Hasher, 0, 997, edges);
    expect(edges.sizes).toBe(2);
    expect(edges.get(512, 999)).toBeUndefined();
    expect(edges.get(512, 997)).toBeDefined();
    // A power-of-two size has no ragged edge: nothing cached, nothing to look up.
    expect(inclusionProofPlan(5, 512).ephemeralLeaves).toBeUndefined();
  });

  it('RightEdgeCache: recency order, entries, clear', () => {
    const c = new RightEdgeCache(2);
    const h = (b: number) => Buffer.alloc(32, b);
    c.set(1, 10, h(1));
    c.set(2, 20, h(2));
    expect(c.get(1, 10)?.[0]).toBe(1); // 10 is now the most recent
    c.set(3, 30, h(3)); // evicts 20
    expect(c.get(2, 20)).toBeUndefined();
    expect(c.get(1, 10)?.[0]).toBe(1);
    c.set(4, 10, h(4));
    expect(c.entries).toBe(3);
    expect(c.sizes).toBe(2);
    c.clear();
    expect(c.entries).toBe(0);
    expect(c.get(1, 10)).toBeUndefined();
    expect(new RightEdgeCache(0).maxSizes).toBe(1);
  });
});
