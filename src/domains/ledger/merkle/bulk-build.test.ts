import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range';
import { hashSiblingPairs, sha256Hasher, sm3Hasher, type Hasher } from './hasher';
import { buildTree, referenceMth, syntheticLeaves } from './merkle.test-support';
import { generateConsistencyProof, generateInclusionProof, MemoryNodeStore, verifyConsistency, verifyInclusion } from './proofs';
import { rootPlan } from './tree-math';

/**
 * `MemoryNodeStore.fromLeafHashes` (the level-by-level bulk build) must store exactly the nodes
 * the incremental build stores (`CompactRange.appendWith(leaf, store.put)` for each leaf): same
 * node count, same hash at every (level, index), nothing more, and so the same roots and proofs.
 */

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : undefined);

/** Every node the two stores hold, compared, and the first absent index at each level. */
function expectSameNodes(bulk: MemoryNodeStore, incremental: MemoryNodeStore, n: number): void {
  expect(bulk.nodeCount).toBe(incremental.nodeCount);
  let total = 0;
  for (let level = 0; level <= 40; level++) {
    const width = Math.floor(n / 2 ** level);
    for (let i = 0; i < width; i++) {
      const a = bulk.get(level, i);
      if (!a || hex(a) !== hex(incremental.get(level, i))) {
        expect.fail(`size ${n}: node (${level}, ${i}) ${hex(a)} vs ${hex(incremental.get(level, i))}`);
      }
    }
    total += width;
    expect(bulk.get(level, width)).toBeUndefined();
    expect(incremental.get(level, width)).toBeUndefined();
  }
  expect(bulk.nodeCount).toBe(total);
}

/** A hasher the bulk path cannot recognise: the generic per-pair fallback. */
function wrapped(base: Hasher): Hasher {
  return {
    name: base.name,
    size: base.size,
    hashLeaf: (e) => base.hashLeaf(e),
    hashChildren: (l, r) => base.hashChildren(l, r),
    emptyRoot: () => base.emptyRoot(),
  };
}

describe.each([
  ['sha256', sha256Hasher],
  ['sm3', sm3Hasher],
])('MemoryNodeStore.fromLeafHashes (%s)', (_name, hasher) => {
  const leaves = syntheticLeaves(hasher, 300, 7);

  it('stores the same nodes and gives the same root as the incremental build, every size 0..300', () => {
    for (let n = 0; n <= 300; n++) {
      const slice = leaves.slice(0, n);
      const bulk = MemoryNodeStore.fromLeafHashes(slice, hasher);
      const { store, range } = buildTree(hasher, slice);
      expectSameNodes(bulk, store, n);
      expect(hex(bulk.root(n, hasher))).toBe(hex(range.root()));
      if (n <= 64) expect(hex(bulk.root(n, hasher))).toBe(hex(referenceMth(hasher, slice)));
    }
  });

  it('stores the same nodes at random large sizes', () => {
    let seed = 0x1234567 + hasher.name.length;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed);
    const big = syntheticLeaves(hasher, 70_000, 3);
    const sizes = [65_536, 65_537, 69_999, ...Array.from({ length: 3 }, () => 1000 + (next() % 69_000))];
    for (const n of sizes) {
      const slice = big.slice(0, n);
      const bulk = MemoryNodeStore.fromLeafHashes(slice, hasher);
      const { store, range } = buildTree(hasher, slice);
      expectSameNodes(bulk, store, n);
      expect(hex(bulk.root(n, hasher))).toBe(hex(range.root()));
    }
  });

  it('gives proofs that verify and equal the incremental store’s, and keeps growing with put', async () => {
    for (const n of [1, 2, 3, 7, 64, 100, 255, 256, 257, 300]) {
      const slice = leaves.slice(0, n);
      const bulk = MemoryNodeStore.fromLeafHashes(slice, hasher);
      const { store, range } = buildTree(hasher, slice);
      const root = range.root();
      for (let i = 0; i < n; i++) {
        const p = bulk.inclusionProof(i, n, hasher);
        expect(p.map(hex)).toEqual(store.inclusionProof(i, n, hasher).map(hex));
        expect((await generateInclusionProof({ getNodes: (c) => bulk.getNodes(c) }, hasher, i, n)).map(hex)).toEqual(p.map(hex));
        expect(verifyInclusion(hasher, i, n, slice[i], p, root).ok).toBe(true);
      }
      for (let m = 1; m <= n; m += Math.max(1, Math.floor(n / 9))) {
        const p = await generateConsistencyProof(bulk, hasher, m, n);
        expect(p.map(hex)).toEqual((await generateConsistencyProof(store, hasher, m, n)).map(hex));
        expect(verifyConsistency(hasher, m, n, p, buildTree(hasher, slice.slice(0, m)).range.root(), root).ok).toBe(true);
      }
    }
    // Appending on after a bulk build: the same store as appending all along.
    const bulk = MemoryNodeStore.fromLeafHashes(leaves.slice(0, 200), hasher);
    const resumed = CompactRange.fromBorder(hasher, 200, bulk.getNodesSync(rootPlan(200)));
    for (const leaf of leaves.slice(200)) resumed.appendWith(leaf, bulk.put);
    const { store, range } = buildTree(hasher, leaves);
    expectSameNodes(bulk, store, 300);
    expect(hex(resumed.root())).toBe(hex(range.root()));
    expect(hex(bulk.root(300, hasher))).toBe(hex(range.root()));
    expect(hex(bulk.root(150, hasher))).toBe(hex(store.root(150, hasher)));
  });

  it('falls back to hashChildren for other hashers, with the same result', () => {
    const other = wrapped(hasher);
    for (const n of [0, 1, 5, 129, 300]) {
      expectSameNodes(MemoryNodeStore.fromLeafHashes(leaves.slice(0, n), other), buildTree(hasher, leaves.slice(0, n)).store, n);
    }
  });
});

describe('bulk build inputs', () => {
  it('rejects a leaf hash of the wrong size', () => {
    const leaves = syntheticLeaves(sha256Hasher, 4);
    leaves[2] = leaves[2].subarray(0, 31);
    expect(() => MemoryNodeStore.fromLeafHashes(leaves, sha256Hasher)).toThrow(/32/);
  });

  it('hashSiblingPairs equals hashChildren pair by pair and checks its bounds', () => {
    const leaves = syntheticLeaves(sha256Hasher, 6);
    const src = Buffer.concat(leaves);
    // Word-aligned (copied as 32-bit words), unaligned (byte by byte), and a plain Uint8Array.
    const unaligned = Buffer.alloc(src.length + 1).subarray(1);
    src.copy(unaligned);
    for (const [h, from] of [[sha256Hasher, new Uint8Array(src)], [sha256Hasher, unaligned], [sm3Hasher, unaligned], [sm3Hasher, src]] as const) {
      const dst = Buffer.alloc(3 * 32);
      hashSiblingPairs(h, from, dst, 3);
      for (let i = 0; i < 3; i++) expect(hex(dst.subarray(i * 32, i * 32 + 32))).toBe(hex(h.hashChildren(leaves[2 * i], leaves[2 * i + 1])));
    }
    const dst = Buffer.alloc(3 * 32);
    expect(() => hashSiblingPairs(sha256Hasher, src, dst, 4)).toThrow(RangeError);
  });
});
