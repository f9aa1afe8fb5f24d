import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from './crypto/vectors';
import {
  CompactRange,
  encodeEntryBundle,
  generateConsistencyProof,
  generateInclusionProof,
  MemoryNodeStore,
  readTiles,
  sha256Hasher,
  sm3Hasher,
  TILE_WIDTH,
  tilePath,
  tilesForTreeSize,
  type NodeCoord,
  type NodeSource,
} from './merkle';
import { appendToStrata, levelOffset, locateNode, partialStrata, slotHash, strataOfTile, STRATUM_BYTES, stratumKey, tileWidthAt, type Stratum } from './tile-layout';

/** A log kept the way the integrator keeps it: strata rows, a compact range, batches. */
class StrataLog {
  readonly strata = new Map<string, Stratum>();
  readonly range: CompactRange;
  constructor(readonly hasher = sha256Hasher) {
    this.range = CompactRange.empty(hasher);
  }

  appendBatch(leafHashes: Buffer[]): Stratum[] {
    const partials = partialStrata(this.range.size).map((p) => {
      const s = this.strata.get(stratumKey(p.level, p.index));
      if (!s || s.width !== p.width) throw new Error(`partial stratum ${p.level}/${p.index} missing`);
      return s;
    });
    const changed = appendToStrata(this.range, partials, leafHashes);
    for (const s of changed) {
      const old = this.strata.get(stratumKey(s.level, s.index));
      if (old && old.width >= s.width) throw new Error('a changed stratum did not grow');
      this.strata.set(stratumKey(s.level, s.index), { ...s, nodes: Buffer.from(s.nodes) });
    }
    return changed;
  }

  /** A tlog-tile as the service assembles it: the first hashes of up to 16 strata. */
  tile(level: number, index: number, width: number): Buffer {
    return Buffer.concat(
      strataOfTile(level, index, width).map((p) => {
        const s = this.strata.get(stratumKey(p.level, p.index));
        if (!s || s.width < p.minWidth) throw new Error(`stratum ${p.level}/${p.index} missing`);
        return s.nodes.subarray(0, p.minWidth * 32);
      }),
    );
  }

  source(): NodeSource {
    return {
      getNodes: async (coords: readonly NodeCoord[]) =>
        coords.map(({ level, index }) => {
          const at = locateNode(level, index);
          const s = this.strata.get(stratumKey(at.stratumLevel, at.stratumIndex));
          if (!s || s.width < at.minWidth) throw new Error(`node ${level}/${index} missing`);
          return slotHash(s, at.slot);
        }),
    };
  }
}

function leaves(n: number, from = 0, hasher = sha256Hasher): Buffer[] {
  return Array.from({ length: n }, (_, i) => hasher.hashLeaf(Buffer.from(`leaf ${from + i}`)));
}

function reference(n: number, hasher = sha256Hasher): MemoryNodeStore {
  const store = new MemoryNodeStore();
  const range = CompactRange.empty(hasher);
  for (const h of leaves(n, 0, hasher)) range.appendWith(h, store.put);
  return store;
}

describe('stratum layout', () => {
  it('gives each of the 4 levels of a stratum its run of slots, 30 slots (960 bytes, stored inline) in all', () => {
    expect([0, 1, 2, 3].map(levelOffset)).toEqual([0, 16, 24, 28]);
    expect(STRATUM_BYTES).toBe(960);
  });

  it('places nodes in the stratum of their level-4S descendants', () => {
    expect(locateNode(0, 0)).toEqual({ stratumLevel: 0, stratumIndex: 0, slot: 0, minWidth: 1 });
    expect(locateNode(0, 17)).toEqual({ stratumLevel: 0, stratumIndex: 1, slot: 1, minWidth: 2 });
    expect(locateNode(2, 5)).toEqual({ stratumLevel: 0, stratumIndex: 1, slot: 24 + 1, minWidth: 8 });
    expect(locateNode(3, 3)).toEqual({ stratumLevel: 0, stratumIndex: 1, slot: 29, minWidth: 16 });
    expect(locateNode(4, 0)).toEqual({ stratumLevel: 1, stratumIndex: 0, slot: 0, minWidth: 1 });
    expect(locateNode(9, 2 ** 30)).toEqual({ stratumLevel: 2, stratumIndex: 2 ** 27, slot: 16, minWidth: 2 });
  });

  it('names the partial strata of a tree, one per level at most', () => {
    expect(partialStrata(0)).toEqual([]);
    expect(partialStrata(16)).toEqual([{ level: 1, index: 0, width: 1 }]);
    // 70,000 = 4375 × 16 (level 0 complete), 4375 = 273 × 16 + 7, 273 = 17 × 16 + 1, 17 = 16 + 1.
    expect(partialStrata(70_000)).toEqual([
      { level: 1, index: 273, width: 7 },
      { level: 2, index: 17, width: 1 },
      { level: 3, index: 1, width: 1 },
      { level: 4, index: 0, width: 1 },
    ]);
    expect(tileWidthAt(70_000, 0, 273)).toBe(112);
    expect(tileWidthAt(70_000, 0, 272)).toBe(256);
    expect(tileWidthAt(70_000, 0, 274)).toBeLessThanOrEqual(0);
  });

  it('makes a tlog-tile of the first hashes of at most 16 strata, two stratum levels per tile level', () => {
    expect(strataOfTile(0, 0, 256)).toHaveLength(16);
    expect(strataOfTile(1, 2, 20)).toEqual([
      { level: 2, index: 32, minWidth: 16 },
      { level: 2, index: 33, minWidth: 4 },
    ]);
  });
});

describe('appending in batches to strata', () => {
  it('stores every node of the tree, whatever the batch boundaries (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const log = new StrataLog();
        let size = 0;
        for (const n of batches) {
          log.appendBatch(leaves(n, size));
          size += n;
        }
        const ref = reference(size);
        // Every tile the spec says the tree has, read from the strata, equals the reference.
        const tiles = tilesForTreeSize(size);
        const expected = await readTiles(ref, tiles);
        tiles.forEach((t, i) => expect(log.tile(t.level, t.index, t.width).equals(expected[i]), tilePath(t)).toBe(true));
        // And proofs generated from strata equal those from the reference store.
        for (const index of [0, Math.floor(size / 2), size - 1]) {
          expect(await generateInclusionProof(log.source(), sha256Hasher, index, size)).toEqual(await generateInclusionProof(ref, sha256Hasher, index, size));
        }
        if (size > 1) {
          const size1 = Math.max(1, size - batches[batches.length - 1]);
          expect(await generateConsistencyProof(log.source(), sha256Hasher, size1, size)).toEqual(await generateConsistencyProof(ref, sha256Hasher, size1, size));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('crosses tile levels: 70,000 leaves in uneven batches match the reference at every level', async () => {
    const log = new StrataLog();
    let size = 0;
    for (const n of [1, 255, 1, 65_279, 3_000, 1_464]) {
      log.appendBatch(leaves(n, size));
      size += n;
    }
    expect(size).toBe(70_000);
    const ref = reference(size);
    const tiles = tilesForTreeSize(size).filter((t) => t.level > 0 || t.index % 37 === 0 || t.width < TILE_WIDTH);
    const expected = await readTiles(ref, tiles);
    tiles.forEach((t, i) => expect(log.tile(t.level, t.index, t.width).equals(expected[i]), tilePath(t)).toBe(true));
    // The stored tree serves any node, not only tile-level ones.
    expect(await readTiles(log.source(), tiles)).toEqual(expected);
    expect(log.range.root()).toEqual(CompactRange.fromBorder(sha256Hasher, size, await ref.getNodes(log.range.borderCoords())).root());
  });

  it('works the same for an SM3 log', async () => {
    const log = new StrataLog(sm3Hasher);
    log.appendBatch(leaves(300, 0, sm3Hasher));
    log.appendBatch(leaves(5, 300, sm3Hasher));
    const ref = reference(305, sm3Hasher);
    expect(await generateInclusionProof(log.source(), sm3Hasher, 17, 305)).toEqual(await generateInclusionProof(ref, sm3Hasher, 17, 305));
  });

  it('reproduces the tiles of the Tessera test log byte for byte, one entry per batch', async () => {
    const tessera = readVectorJson('tessera-testdata-log/log.json');
    const log = new StrataLog();
    const entries = (tessera.leaves_ascii_in_order as string[]).map((s) => Buffer.from(s));
    for (const e of entries) {
      log.appendBatch([sha256Hasher.hashLeaf(e)]);
      expect(log.range.root().toString('base64')).toBe(tessera.roots_base64_by_size[String(log.range.size)]);
    }
    for (const [path, hexContent] of Object.entries(tessera.tiles_hex as Record<string, string>)) {
      const width = Number(path.split('.p/')[1] ?? TILE_WIDTH);
      expect(log.tile(0, 0, width).toString('hex'), path).toBe(hexContent);
    }
    for (const [path, hexContent] of Object.entries(tessera.entry_bundles_hex as Record<string, string>)) {
      const width = Number(path.split('.p/')[1]);
      expect(encodeEntryBundle(entries.slice(0, width)).toString('hex'), path).toBe(hexContent);
    }
  });

  it('leaves the partial strata it was given untouched (the caller may still hold them)', () => {
    const log = new StrataLog();
    log.appendBatch(leaves(10));
    const before = log.strata.get('0/0')!;
    expect(before.width).toBe(10);
    const copy = Buffer.from(before.nodes);
    appendToStrata(log.range.clone(), [before], leaves(3, 10));
    expect(before.nodes.equals(copy)).toBe(true);
  });
});
