import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, errorText } from '../../../platform/errors';
import { sha256Hasher, sm3Hasher, type Hasher } from './hasher';
import { MerkleErrors } from './merkle.errors';
import {
  b64,
  buildTree,
  flipBit,
  hex,
  listVectorFiles,
  readVector,
  referenceConsistency,
  referenceMth,
  referencePath,
  syntheticLeaves,
  vectorPath,
} from './merkle.test-support';
import {
  assertConsistency,
  assertInclusion,
  computeRoot,
  generateConsistencyProof,
  generateInclusionProof,
  MemoryNodeStore,
  rootFromConsistencyProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
  type NodeSource,
} from './proofs';
import type { NodeCoord } from './tree-math';

const hexes = (hs: readonly Buffer[]) => hs.map((h) => h.toString('hex'));

describe('transparency-dev/merkle probes', () => {
  // The two policy rules in vectors/README.md are what make every verdict match: a leaf hash must
  // have the hash size, and size1 = 0 is an error even when size2 = 0.
  const inclusionFiles = listVectorFiles('transparency-dev-merkle/testdata/inclusion');
  const consistencyFiles = listVectorFiles('transparency-dev-merkle/testdata/consistency');
  const load = (file: string) => JSON.parse(readFileSync(vectorPath(file), 'utf8'));
  const hashes = (list: string[] | null) => (list ?? []).map(b64);

  it('agrees with wantErr on all 98 inclusion probes', () => {
    let processed = 0;
    let accepted = 0;
    for (const file of inclusionFiles) {
      const p = load(file);
      const verdict = verifyInclusion(sha256Hasher, p.leafIdx, p.treeSize, b64(p.leafHash), hashes(p.proof), b64(p.root));
      expect({ file, rejected: !verdict.ok }).toEqual({ file, rejected: p.wantErr });
      if (!verdict.ok) expect(Object.keys(MerkleErrors)).toContain(verdict.code);
      processed++;
      if (verdict.ok) accepted++;
    }
    expect(processed).toBe(98);
    expect(accepted).toBe(6);
  });

  it('agrees with wantErr on all 98 consistency probes', () => {
    let processed = 0;
    let accepted = 0;
    for (const file of consistencyFiles) {
      const p = load(file);
      const verdict = verifyConsistency(sha256Hasher, p.size1, p.size2, hashes(p.proof), b64(p.root1), b64(p.root2));
      expect({ file, rejected: !verdict.ok }).toEqual({ file, rejected: p.wantErr });
      processed++;
      if (verdict.ok) accepted++;
    }
    expect(processed).toBe(98);
    expect(accepted).toBe(6);
  });

  it('names the specific reason for the policy cases', () => {
    const at = (dir: string, name: string) => load(`transparency-dev-merkle/testdata/${dir}/${name}.json`);
    let p = at('inclusion/single-entry', 'empty-root-and-leaf');
    expect(verifyInclusion(sha256Hasher, p.leafIdx, p.treeSize, b64(p.leafHash), [], b64(p.root))).toMatchObject({
      ok: false,
      code: 'merkle.leaf_hash_size',
      params: { expected: 32, actual: 0 },
    });
    p = at('consistency/additional', 'sizes-are-equal-zero-and-proof-is-empty');
    expect(verifyConsistency(sha256Hasher, 0, 0, [], b64(p.root1), b64(p.root2))).toMatchObject({
      ok: false,
      code: 'merkle.consistency_from_empty',
    });
    p = at('consistency/additional', 'consistency-check-on-empty-tree-size1-is-zero-is-useless');
    expect(verifyConsistency(sha256Hasher, 0, 1, hashes(p.proof), b64(p.root1), b64(p.root2))).toMatchObject({
      code: 'merkle.consistency_from_empty',
    });
    p = at('inclusion/1', 'leafIdx-sub-@1');
    // 2^64 − 1 in the probe is no safe integer: refused before anything else.
    expect(verifyInclusion(sha256Hasher, p.leafIdx, p.treeSize, b64(p.leafHash), [], b64(p.root))).toMatchObject({
      code: 'merkle.number_invalid',
    });
    p = at('inclusion/1', 'trailing-garbage');
    expect(verifyInclusion(sha256Hasher, p.leafIdx, p.treeSize, b64(p.leafHash), hashes(p.proof), b64(p.root))).toMatchObject({
      code: 'merkle.proof_length',
    });
    p = at('consistency/1', 'wrong-root1');
    expect(verifyConsistency(sha256Hasher, p.size1, p.size2, hashes(p.proof), b64(p.root1), b64(p.root2))).toMatchObject({
      ok: false,
    });
  });
});

describe('certificate-transparency-go reference proofs', () => {
  const ct = readVector('certificate-transparency-go/merkle-verifier-vectors.json');
  const leaves = (ct.leaf_inputs_hex as string[]).map((x) => sha256Hasher.hashLeaf(hex(x)));
  const { store } = buildTree(sha256Hasher, leaves);

  it('verifies and regenerates the inclusion proofs (1,8), (6,8), (3,3), (2,5)', async () => {
    for (const v of ct.inclusion_proofs) {
      const leafHash = sha256Hasher.hashLeaf(hex(v.leaf_input_hex));
      const proof = (v.proof as string[]).map(hex);
      expect(verifyInclusion(sha256Hasher, v.leaf_index, v.tree_size, leafHash, proof, hex(v.root))).toEqual({ ok: true });
      expect(hexes(await generateInclusionProof(store, sha256Hasher, v.leaf_index, v.tree_size))).toEqual(v.proof);
    }
  });

  it('verifies and regenerates the consistency proofs (1,8), (6,8), (2,5)', async () => {
    for (const v of ct.consistency_proofs) {
      const proof = (v.proof as string[]).map(hex);
      expect(verifyConsistency(sha256Hasher, v.size1, v.size2, proof, hex(v.root1), hex(v.root2))).toEqual({ ok: true });
      expect(hexes(await generateConsistencyProof(store, sha256Hasher, v.size1, v.size2))).toEqual(v.proof);
    }
  });

  it('gives the roots of every size from 1 to 8 from the node store', async () => {
    for (const [size, root] of Object.entries(ct.root_by_tree_size as Record<string, string>)) {
      expect((await computeRoot(store, sha256Hasher, Number(size))).toString('hex')).toBe(root);
    }
  });
});

describe.each([
  ['SHA-256', 'sha256', sha256Hasher],
  ['SM3', 'sm3', sm3Hasher],
] as const)('every proof of the 8-leaf reference tree with %s', (_label, key, hasher) => {
  const derived = readVector('local-derived/rfc6962-8leaf-sha256-and-sm3.json');
  const set = derived[key];
  const leaves = (set.leaf_hashes as string[]).map(hex);
  const { store } = buildTree(hasher, leaves);
  const root = (size: number) => hex(set.root_by_tree_size[String(size)]);

  it('generates and verifies all 36 inclusion proofs', async () => {
    expect(set.inclusion_proofs).toHaveLength(36);
    for (const v of set.inclusion_proofs) {
      const proof = await generateInclusionProof(store, hasher, v.leaf_index, v.tree_size);
      expect(hexes(proof)).toEqual(v.proof);
      expect(verifyInclusion(hasher, v.leaf_index, v.tree_size, leaves[v.leaf_index], proof, root(v.tree_size))).toEqual({ ok: true });
      expect(rootFromInclusionProof(hasher, v.leaf_index, v.tree_size, leaves[v.leaf_index], proof).equals(root(v.tree_size))).toBe(true);
    }
  });

  it('generates and verifies all 28 consistency proofs', async () => {
    expect(set.consistency_proofs).toHaveLength(28);
    for (const v of set.consistency_proofs) {
      const proof = await generateConsistencyProof(store, hasher, v.size1, v.size2);
      expect(hexes(proof)).toEqual(v.proof);
      expect(verifyConsistency(hasher, v.size1, v.size2, proof, root(v.size1), root(v.size2))).toEqual({ ok: true });
      expect(rootFromConsistencyProof(hasher, v.size1, v.size2, proof, root(v.size1)).equals(root(v.size2))).toBe(true);
    }
  });

  it('rejects every proof of this tree under the other hash', () => {
    const other: Hasher = hasher === sha256Hasher ? sm3Hasher : sha256Hasher;
    for (const v of set.inclusion_proofs.filter((p: { tree_size: number }) => p.tree_size > 1)) {
      expect(verifyInclusion(other, v.leaf_index, v.tree_size, leaves[v.leaf_index], v.proof.map(hex), root(v.tree_size)).ok).toBe(false);
    }
  });
});

describe('generated proofs against the RFC 6962 recursive definitions', () => {
  it('equal PATH and PROOF for every index and size up to 40', async () => {
    const leaves = syntheticLeaves(sha256Hasher, 40);
    const { store } = buildTree(sha256Hasher, leaves);
    for (let n = 1; n <= 40; n++) {
      const tree = leaves.slice(0, n);
      for (let m = 0; m < n; m++) {
        expect(hexes(await generateInclusionProof(store, sha256Hasher, m, n))).toEqual(hexes(referencePath(sha256Hasher, m, tree)));
        if (m > 0) {
          expect(hexes(await generateConsistencyProof(store, sha256Hasher, m, n))).toEqual(hexes(referenceConsistency(sha256Hasher, m, tree)));
        }
      }
    }
  });
});

describe('random trees up to 300 leaves (properties)', () => {
  const hasherArb = fc.constantFrom<Hasher>(sha256Hasher, sm3Hasher);
  // One tree per hash, proofs drawn for random sizes within it: every prefix of a log is a log.
  const trees = new Map<Hasher, { leaves: Buffer[]; store: MemoryNodeStore; roots: Buffer[] }>();
  const treeFor = (hasher: Hasher) => {
    let t = trees.get(hasher);
    if (!t) {
      const leaves = syntheticLeaves(hasher, 300, 7);
      const { store } = buildTree(hasher, leaves);
      const roots = Array.from({ length: 301 }, (_, n) => referenceMth(hasher, leaves, 0, n));
      t = { leaves, store, roots };
      trees.set(hasher, t);
    }
    return t;
  };
  const sizeAndIndex = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));
  const twoSizes = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

  it('every generated inclusion proof verifies, and any single bit flip makes it fail', async () => {
    await fc.assert(
      fc.asyncProperty(hasherArb, sizeAndIndex, fc.nat(), fc.nat(), async (hasher, [n, i], pick, bit) => {
        const { leaves, store, roots } = treeFor(hasher);
        const proof = await generateInclusionProof(store, hasher, i, n);
        expect(verifyInclusion(hasher, i, n, leaves[i], proof, roots[n])).toEqual({ ok: true });
        // Flip one bit in a proof hash, the leaf hash or the root.
        const target = pick % (proof.length + 2);
        const b = bit % 256;
        const flipped = proof.map((h, k) => (k === target ? flipBit(h, b) : h));
        const leaf = target === proof.length ? flipBit(leaves[i], b) : leaves[i];
        const root = target === proof.length + 1 ? flipBit(roots[n], b) : roots[n];
        expect(verifyInclusion(hasher, i, n, leaf, flipped, root).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('every generated consistency proof verifies, and any single bit flip makes it fail', async () => {
    await fc.assert(
      fc.asyncProperty(hasherArb, twoSizes, fc.nat(), fc.nat(), async (hasher, [m, n], pick, bit) => {
        const { store, roots } = treeFor(hasher);
        const proof = await generateConsistencyProof(store, hasher, m, n);
        expect(verifyConsistency(hasher, m, n, proof, roots[m], roots[n])).toEqual({ ok: true });
        const target = pick % (proof.length + 2);
        const b = bit % 256;
        const flipped = proof.map((h, k) => (k === target ? flipBit(h, b) : h));
        const root1 = target === proof.length ? flipBit(roots[m], b) : roots[m];
        const root2 = target === proof.length + 1 ? flipBit(roots[n], b) : roots[n];
        expect(verifyConsistency(hasher, m, n, flipped, root1, root2).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a proof for one leaf or size never verifies for another', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, fc.integer({ min: 1, max: 300 }), async ([n, i], other) => {
        const { leaves, store, roots } = treeFor(sha256Hasher);
        const proof = await generateInclusionProof(store, sha256Hasher, i, n);
        const j = other % n;
        if (j !== i) expect(verifyInclusion(sha256Hasher, j, n, leaves[i], proof, roots[n]).ok).toBe(false);
        if (other !== n && i < other) expect(verifyInclusion(sha256Hasher, i, other, leaves[i], proof, roots[other]).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('verification input checks', () => {
  const leaves = syntheticLeaves(sha256Hasher, 6);
  const { store, range } = buildTree(sha256Hasher, leaves);
  const root6 = range.root();

  it('returns a specific code for each kind of malformed input', async () => {
    const proof = await generateInclusionProof(store, sha256Hasher, 2, 6);
    const check = (...args: Parameters<typeof verifyInclusion>) => verifyInclusion(...args);
    expect(check(sha256Hasher, 6, 6, leaves[2], proof, root6)).toMatchObject({ code: 'merkle.index_out_of_range', params: { index: 6, size: 6 } });
    expect(check(sha256Hasher, 2, 6, leaves[2].subarray(1), proof, root6)).toMatchObject({ code: 'merkle.leaf_hash_size' });
    expect(check(sha256Hasher, 2, 6, leaves[2], proof.slice(1), root6)).toMatchObject({
      code: 'merkle.proof_length',
      params: { expected: 3, actual: 2 },
    });
    expect(check(sha256Hasher, 2, 6, leaves[2], [proof[0], proof[1].subarray(2), proof[2]], root6)).toMatchObject({
      code: 'merkle.proof_hash_size',
      params: { position: 2 },
    });
    expect(check(sha256Hasher, 2, 6, leaves[2], proof, root6.subarray(1))).toMatchObject({ code: 'merkle.root_hash_size' });
    expect(check(sha256Hasher, 2, 6, leaves[3], proof, root6)).toMatchObject({ code: 'merkle.root_mismatch' });
    expect(check(sha256Hasher, 2, Number.NaN, leaves[2], proof, root6)).toMatchObject({ code: 'merkle.number_invalid' });
  });

  it('tells a wrong old root from a wrong new root in consistency proofs', async () => {
    const root3 = await computeRoot(store, sha256Hasher, 3);
    const proof = await generateConsistencyProof(store, sha256Hasher, 3, 6);
    expect(verifyConsistency(sha256Hasher, 3, 6, proof, root6, root6)).toMatchObject({ code: 'merkle.old_root_mismatch' });
    expect(verifyConsistency(sha256Hasher, 3, 6, proof, root3, root3)).toMatchObject({ code: 'merkle.root_mismatch' });
    expect(verifyConsistency(sha256Hasher, 6, 3, proof, root3, root6)).toMatchObject({ code: 'merkle.size_order' });
    expect(verifyConsistency(sha256Hasher, 3, 6, [], root3, root6)).toMatchObject({ code: 'merkle.proof_length' });
    expect(verifyConsistency(sha256Hasher, 6, 6, [], root6, root6)).toEqual({ ok: true });
    expect(verifyConsistency(sha256Hasher, 6, 6, [root6], root6, root6)).toMatchObject({ code: 'merkle.proof_length', params: { expected: 0 } });
  });

  it('throws DomainErrors with texts in both languages from the throwing variants', async () => {
    const proof = await generateInclusionProof(store, sha256Hasher, 2, 6);
    expect(() => assertInclusion(sha256Hasher, 2, 6, leaves[2], proof, root6)).not.toThrow();
    let caught: unknown;
    try {
      assertInclusion(sha256Hasher, 2, 6, leaves[2], proof.slice(1), root6);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as DomainError;
    expect(err.code).toBe('merkle.proof_length');
    expect(err.status).toBe(400);
    expect(errorText(err.code, 'zh-CN', err.params)).toBe('证明应包含 3 个哈希，实际为 2 个');
    expect(err.message).toBe('The proof must hold 3 hashes; it holds 2');
    expect(() => assertConsistency(sha256Hasher, 0, 6, [], root6, root6)).toThrow(expect.objectContaining({ code: 'merkle.consistency_from_empty' }));
    expect(() => rootFromInclusionProof(sha256Hasher, 7, 6, leaves[2], proof)).toThrow(expect.objectContaining({ code: 'merkle.index_out_of_range' }));
    expect(() => rootFromConsistencyProof(sha256Hasher, 0, 0, [], root6)).toThrow(expect.objectContaining({ code: 'merkle.consistency_from_empty' }));
  });

  it('every code has a Chinese and an English text', () => {
    for (const code of Object.keys(MerkleErrors)) {
      expect(errorText(code, 'zh-CN')).not.toBe(errorText('internal', 'zh-CN'));
      expect(errorText(code, 'en')).toMatch(/\w/);
      expect(errorText(code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('proof generation from a node source', () => {
  const leaves = syntheticLeaves(sha256Hasher, 1000);
  const { store } = buildTree(sha256Hasher, leaves);

  it('asks the node source once per proof, for perfect subtrees only', async () => {
    const calls: NodeCoord[][] = [];
    const source: NodeSource = { getNodes: (coords) => (calls.push([...coords]), store.getNodes(coords)) };
    await generateInclusionProof(source, sha256Hasher, 517, 999);
    await generateConsistencyProof(source, sha256Hasher, 300, 999);
    expect(calls).toHaveLength(2);
    for (const coords of calls) for (const { level, index } of coords) expect((index + 1) * 2 ** level).toBeLessThanOrEqual(999);
    // size1 = size2 needs no nodes at all.
    await generateConsistencyProof(source, sha256Hasher, 999, 999);
    expect(calls).toHaveLength(2);
  });

  it('computes the ragged right edge from stored nodes, for any older tree size', async () => {
    for (const size of [1, 2, 3, 255, 256, 257, 511, 999, 1000]) {
      const root = referenceMth(sha256Hasher, leaves, 0, size);
      expect((await computeRoot(store, sha256Hasher, size)).equals(root)).toBe(true);
      const proof = await generateInclusionProof(store, sha256Hasher, size - 1, size);
      expect(verifyInclusion(sha256Hasher, size - 1, size, leaves[size - 1], proof, root)).toEqual({ ok: true });
    }
  });

  it('reports a node the store does not hold, and a source that answers the wrong count or size', async () => {
    await expect(generateInclusionProof(store, sha256Hasher, 0, 1001)).rejects.toMatchObject({ code: 'merkle.node_missing' });
    const short: NodeSource = { getNodes: async (coords) => (await store.getNodes(coords)).slice(1) };
    await expect(generateInclusionProof(short, sha256Hasher, 3, 10)).rejects.toMatchObject({ code: 'merkle.node_source_count' });
    await expect(computeRoot(short, sha256Hasher, 10)).rejects.toMatchObject({ code: 'merkle.node_source_count' });
    const corrupt: NodeSource = { getNodes: async (coords) => coords.map(() => Buffer.alloc(31)) };
    await expect(generateInclusionProof(corrupt, sha256Hasher, 3, 10)).rejects.toMatchObject({ code: 'merkle.node_hash_size' });
  });

  it('stores nodes in per-level slabs and counts each node once', () => {
    const s = new MemoryNodeStore();
    s.put(0, 5, Buffer.alloc(32, 1));
    s.put(0, 5, Buffer.alloc(32, 1));
    s.put(3, 0, Buffer.alloc(32, 2));
    expect(s.nodeCount).toBe(2);
    expect(s.get(0, 4)).toBeUndefined();
    expect(s.get(0, 5)?.equals(Buffer.alloc(32, 1))).toBe(true);
    // Perfect subtrees of 1000 leaves: 1000 + 500 + 250 + … + 1.
    expect(store.nodeCount).toBe(1994);
    expect(() => s.put(0, 1, Buffer.alloc(16))).toThrow(expect.objectContaining({ code: 'merkle.node_hash_size' }));
  });
});
