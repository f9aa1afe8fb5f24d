import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range';
import { sha256Hasher, sm3Hasher, type Hasher } from './hasher';
import { buildTree, hex, readVector, referenceMth, syntheticLeaves } from './merkle.test-support';
import { MemoryNodeStore, computeRoot, type StoredNode } from './proofs';

const referenceTree = readVector('transparency-dev-merkle/rfc6962-reference-tree.json');
const derived = readVector('local-derived/rfc6962-8leaf-sha256-and-sm3.json');

describe('compact range (right border of the log)', () => {
  it('reports every node of the RFC 6962 reference tree exactly once, as it completes', () => {
    const range = CompactRange.empty(sha256Hasher);
    const nodes: StoredNode[] = [];
    for (const input of referenceTree.reference_tree.leaf_inputs_hex as string[]) nodes.push(...range.appendEntry(hex(input)));
    const byLevel: string[][] = referenceTree.reference_tree.node_hashes_by_level;
    expect(nodes).toHaveLength(byLevel.flat().length);
    for (const node of nodes) expect(node.hash.toString('hex')).toBe(byLevel[node.level][node.index]);
    // Leaf 7 completes the leaf, then the nodes above it: (1,3), (2,1), (3,0).
    expect(nodes.slice(-4).map(({ level, index }) => [level, index])).toEqual([[0, 7], [1, 3], [2, 1], [3, 0]]);
  });

  it('gives the reference root after every append, from size 0 to 8', () => {
    const range = CompactRange.empty(sha256Hasher);
    const roots: Record<string, string> = referenceTree.reference_tree.root_by_tree_size;
    expect(range.root().toString('hex')).toBe(roots['0']);
    (referenceTree.reference_tree.leaf_inputs_hex as string[]).forEach((input, i) => {
      range.appendEntry(hex(input));
      expect(range.size).toBe(i + 1);
      expect(range.root().toString('hex')).toBe(roots[String(i + 1)]);
    });
  });

  it('gives the SM3 roots of the reference leaves', () => {
    const range = CompactRange.empty(sm3Hasher);
    expect(range.root().toString('hex')).toBe(derived.sm3.root_by_tree_size['0']);
    (derived.leaf_inputs_hex as string[]).forEach((input, i) => {
      range.appendEntry(hex(input));
      expect(range.root().toString('hex')).toBe(derived.sm3.root_by_tree_size[String(i + 1)]);
    });
  });

  it('equals the recursive MTH for every size of random trees up to 300 leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), fc.constantFrom<Hasher>(sha256Hasher, sm3Hasher), (n, seed, hasher) => {
        const leaves = syntheticLeaves(hasher, n, seed);
        const range = CompactRange.empty(hasher);
        for (let i = 0; i < n; i++) {
          range.append(leaves[i]);
          if (i % 7 === 0 || i === n - 1) expect(range.root().equals(referenceMth(hasher, leaves, 0, i + 1))).toBe(true);
        }
        expect(range.borderHashes).toHaveLength([...n.toString(2)].filter((c) => c === '1').length);
      }),
      { numRuns: 40 },
    );
  });

  it('emits one node per perfect subtree, and appendMany equals appending one by one', () => {
    const leaves = syntheticLeaves(sha256Hasher, 100);
    const one = CompactRange.empty(sha256Hasher);
    const each = leaves.flatMap((l) => one.append(l));
    const many = CompactRange.empty(sha256Hasher).appendMany(leaves);
    // 100 + 50 + 25 + 12 + 6 + 3 + 1 perfect subtrees.
    expect(each).toHaveLength(197);
    expect(many.map((n) => [n.level, n.index, n.hash.toString('hex')])).toEqual(each.map((n) => [n.level, n.index, n.hash.toString('hex')]));
  });

  it('resumes after a restart from its JSON form and gives the same roots as an uninterrupted log', () => {
    const leaves = syntheticLeaves(sha256Hasher, 50);
    const whole = CompactRange.empty(sha256Hasher);
    whole.appendMany(leaves);
    for (const cut of [0, 1, 13, 32, 49]) {
      const first = CompactRange.empty(sha256Hasher);
      first.appendMany(leaves.slice(0, cut));
      const saved = JSON.stringify(first);
      const resumed = CompactRange.fromJSON(saved, sha256Hasher);
      expect(resumed.size).toBe(cut);
      expect(resumed.root().equals(first.root())).toBe(true);
      resumed.appendMany(leaves.slice(cut));
      expect(resumed.root().equals(whole.root())).toBe(true);
      expect(CompactRange.fromJSON(JSON.parse(saved)).hasher).toBe(sha256Hasher);
    }
  });

  it('resumes from the node store with one read of the border nodes', async () => {
    const leaves = syntheticLeaves(sm3Hasher, 77);
    const { store, range } = buildTree(sm3Hasher, leaves);
    let calls = 0;
    const counting = { getNodes: (c: Parameters<MemoryNodeStore['getNodes']>[0]) => (calls++, store.getNodes(c)) };
    const resumed = await CompactRange.resume(counting, sm3Hasher, 77);
    expect(calls).toBe(1);
    expect(resumed.toJSON()).toEqual(range.toJSON());
    expect((await computeRoot(store, sm3Hasher, 77)).equals(range.root())).toBe(true);
  });

  it('refuses a saved state that does not fit its size or its hash', () => {
    const range = CompactRange.empty(sha256Hasher);
    range.appendMany(syntheticLeaves(sha256Hasher, 5));
    const good = range.toJSON();
    const invalid = expect.objectContaining({ code: 'merkle.compact_range_invalid' });
    expect(() => CompactRange.fromJSON({ ...good, size: 7 })).toThrow(invalid);
    expect(() => CompactRange.fromJSON({ ...good, size: -1 })).toThrow(invalid);
    expect(() => CompactRange.fromJSON({ ...good, nodes: [good.nodes[0], 'AAAA'] })).toThrow(invalid);
    expect(() => CompactRange.fromJSON({ ...good, nodes: [good.nodes[0], '%%%'] })).toThrow(invalid);
    expect(() => CompactRange.fromJSON({ ...good, hash: 'md5' })).toThrow(invalid);
    expect(() => CompactRange.fromJSON(good, sm3Hasher)).toThrow(invalid);
    expect(() => CompactRange.fromJSON('{not json')).toThrow(invalid);
    expect(() => CompactRange.fromJSON(null)).toThrow(invalid);
  });

  it('refuses a leaf hash of the wrong size', () => {
    expect(() => CompactRange.empty(sha256Hasher).append(Buffer.alloc(31))).toThrow(
      expect.objectContaining({ code: 'merkle.leaf_hash_size' }),
    );
  });

  it('keeps its state when cloned and the clone grows', () => {
    const range = CompactRange.empty(sha256Hasher);
    range.appendMany(syntheticLeaves(sha256Hasher, 3));
    const root3 = range.root();
    const clone = range.clone();
    clone.appendMany(syntheticLeaves(sha256Hasher, 4, 9));
    expect(range.size).toBe(3);
    expect(range.root().equals(root3)).toBe(true);
    expect(range.borderCoords()).toEqual([{ level: 1, index: 0 }, { level: 0, index: 2 }]);
  });
});
