import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange } from './compact-range';
import { sha256Hasher, sm3Hasher, type Hasher } from './hasher';
import { b64, buildTree, hex, readVector, referenceMth, syntheticLeaves, vectorPath } from './merkle.test-support';
import { computeRoot, generateConsistencyProof, generateInclusionProof, verifyInclusion } from './proofs';
import {
  changedTiles,
  consistencyProofFromTiles,
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlePath,
  entryBundlesForTreeSize,
  formatTileIndex,
  inclusionProofFromTiles,
  parseTilePath,
  partialTileWidth,
  readTile,
  readTiles,
  rootFromTiles,
  splitTile,
  tileCounts,
  tileNodeCoords,
  tilePath,
  tilesForTreeSize,
  tileSourceFromMap,
  type TileCoord,
  type TileSource,
} from './tiles';

const spec = readVector('c2sp/spec-examples.json');
const sumdb = readVector('golang-mod-sumdb/tlog-vectors.json');
const tessera = readVector('tessera-testdata-log/log.json');

describe('tile paths', () => {
  it('writes N as zero-padded 3-digit groups with an x prefix (the C2SP worked example)', () => {
    for (const { N, path_elem } of spec.tlog_tiles.index_path_encoding) expect(formatTileIndex(N)).toBe(path_elem);
    expect([0, 7, 999, 1000, 1_000_000].map(formatTileIndex)).toEqual(['000', '007', '999', 'x001/000', 'x001/x000/000']);
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 0, width: 17 })).toBe('tile/2/000.p/17');
    expect(entryBundlePath({ index: 1, width: 5 })).toBe('tile/entries/001.p/5');
  });

  it('parses every path it writes back to the same tile', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.maxSafeNat(), fc.integer({ min: 1, max: 256 }), fc.boolean(), (level, index, width, entries) => {
        if (entries) expect(parseTilePath(entryBundlePath({ index, width }))).toEqual({ kind: 'entries', index, width });
        else expect(parseTilePath(tilePath({ level, index, width }))).toEqual({ kind: 'hashes', level, index, width });
      }),
    );
  });

  it('reads the golang sumdb tile-path vectors once the sumdb height element is dropped', () => {
    // sumdb paths are tile/H/L/N[.p/W]; tlog-tiles fixes H = 8 and leaves it out, and calls the
    // data tiles "entries". A sumdb full tile (W = 2^H) is a full tlog tile (W = 256).
    for (const v of sumdb.tile_paths_sumdb.vectors) {
      const [, , level, ...rest] = v.path.split('/');
      const c2sp = `tile/${level === 'data' ? 'entries' : level}/${rest.join('/')}`;
      const width = v.W === 2 ** v.H ? 256 : v.W;
      const want = v.L === -1 ? { kind: 'entries', index: v.N, width } : { kind: 'hashes', level: v.L, index: v.N, width };
      expect(parseTilePath(c2sp)).toEqual(want);
    }
    for (const bad of sumdb.tile_paths_sumdb.invalid as string[]) {
      const [, , ...rest] = bad.split('/');
      expect(() => parseTilePath(`tile/${rest.join('/')}`)).toThrow(expect.objectContaining({ code: 'merkle.tile_path_invalid' }));
    }
  });

  it('rejects malformed, non-canonical and out-of-range paths', () => {
    const bad = [
      '',
      'tile/0',
      'tile/0/',
      '/tile/0/000',
      'tile/0/000/',
      'tiles/0/000',
      'tile/00/000', // leading zero in L
      'tile/-1/000',
      'tile/64/000', // L above 63
      'tile/0/1', // N group not 3 digits
      'tile/0/0000',
      'tile/0/x1/234',
      'tile/0/001/234', // inner group without x
      'tile/0/x000/001', // non-canonical: leading zero group
      'tile/0/x234', // last group with x
      'tile/0/001.p/0',
      'tile/0/001.p/256', // a full tile has no .p
      'tile/0/001.p/05',
      'tile/0/001.p/',
      'tile/0/001.p/1/',
      'tile/0/001.q/1',
      'tile/0/x009/x007/x199/x254/x740/x992', // beyond 2^53 − 1
      'tile/entries/000.p/300',
      'tile/entries/x000/000',
      'tile/Entries/000',
      'tile/0/000\n',
      'tile/0/００１',
    ];
    for (const path of bad) {
      expect(() => parseTilePath(path), path).toThrow(expect.objectContaining({ code: 'merkle.tile_path_invalid' }));
    }
  });
});

describe('which tiles a tree has', () => {
  it('matches the tlog-tiles worked examples for 70,000 and 256 leaves', () => {
    for (const example of spec.tlog_tiles.tile_counts) {
      expect(tileCounts(example.tree_size)).toEqual(
        example.tiles.map((t: { level: number; full_tiles: number; partial_width: number }) => ({
          level: t.level,
          fullTiles: t.full_tiles,
          partialWidth: t.partial_width,
        })),
      );
    }
    const paths = tilesForTreeSize(70_000).map(tilePath);
    expect(paths).toHaveLength(273 + 1 + 1 + 1 + 1);
    expect(paths.slice(-5)).toEqual(['tile/0/272', 'tile/0/273.p/112', 'tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1']);
    expect(tilesForTreeSize(256).map(tilePath)).toEqual(['tile/0/000', 'tile/1/000.p/1']);
    expect(tilesForTreeSize(0)).toEqual([]);
    expect(entryBundlesForTreeSize(70_000).map(entryBundlePath).slice(-2)).toEqual(['tile/entries/272', 'tile/entries/273.p/112']);
    expect([partialTileWidth(70_000, 0), partialTileWidth(70_000, 1), partialTileWidth(70_000, 2), partialTileWidth(70_000, 3)]).toEqual([112, 17, 1, 0]);
  });

  it('counts the tiles that change as a log grows like sumdb NewTiles (height 10)', () => {
    for (const [oldSize, newSize, count] of sumdb.new_tiles_count_H10.vectors) {
      expect(changedTiles(oldSize, newSize, 10)).toHaveLength(count);
    }
  });

  it('publishes, as the log grows, exactly the tiles of the new size that differ from the old', () => {
    fc.assert(
      fc.property(fc.nat({ max: 200_000 }), fc.nat({ max: 5_000 }), (oldSize, growth) => {
        const newSize = oldSize + growth;
        const before = new Set(tilesForTreeSize(oldSize).map(tilePath));
        const fresh = tilesForTreeSize(newSize).map(tilePath).filter((p) => !before.has(p));
        expect(changedTiles(oldSize, newSize).map(tilePath).sort()).toEqual(fresh.sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('entry bundles', () => {
  it('encode and decode uint16 big-endian length-prefixed entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 256 }), (entries) => {
        const bundle = encodeEntryBundle(entries);
        expect(bundle.length).toBe(entries.reduce((n, e) => n + 2 + e.length, 0));
        expect(decodeEntryBundle(bundle, entries.length).map((e) => Buffer.from(e).toString('hex'))).toEqual(
          entries.map((e) => Buffer.from(e).toString('hex')),
        );
      }),
    );
    expect(decodeEntryBundle(encodeEntryBundle([Buffer.alloc(0xffff, 7)]))[0]).toHaveLength(0xffff);
  });

  it('refuses truncated bundles, oversized entries and the wrong count', () => {
    const bundle = encodeEntryBundle([Buffer.from('one'), Buffer.from('two')]);
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1))).toThrow(
      expect.objectContaining({ code: 'merkle.entry_bundle_truncated', params: { position: 2, offset: 5 } }),
    );
    expect(() => decodeEntryBundle(Buffer.concat([bundle, Buffer.from([0])]))).toThrow(
      expect.objectContaining({ code: 'merkle.entry_bundle_truncated', params: { position: 3, offset: 10 } }),
    );
    expect(() => decodeEntryBundle(bundle, 3)).toThrow(expect.objectContaining({ code: 'merkle.entry_bundle_count' }));
    expect(() => encodeEntryBundle([Buffer.alloc(0x10000)])).toThrow(expect.objectContaining({ code: 'merkle.entry_too_large' }));
  });
});

describe('the Tessera 15-entry test log', () => {
  const leaves = (tessera.leaves_ascii_in_order as string[]).map((s) => Buffer.from(s));
  const leafHashes = leaves.map((l) => sha256Hasher.hashLeaf(l));
  const { store } = buildTree(sha256Hasher, leafHashes);
  const tiles = new Map(Object.entries(tessera.tiles_hex as Record<string, string>).map(([p, h]) => [p, hex(h)]));
  const bundles = Object.entries(tessera.entry_bundles_hex as Record<string, string>);

  it('hashes its leaves as published', () => {
    expect(leafHashes.map((h) => h.toString('hex'))).toEqual(tessera.leaf_hashes_hex);
  });

  it('recomputes the root of every checkpoint size, 0 to 15', async () => {
    const range = CompactRange.empty(sha256Hasher);
    for (let size = 0; size <= 15; size++) {
      if (size > 0) range.append(leafHashes[size - 1]);
      const want = tessera.roots_base64_by_size[String(size)];
      expect(range.root().toString('base64')).toBe(want);
      expect((await computeRoot(store, sha256Hasher, size)).toString('base64')).toBe(want);
      const checkpoint = readFileSync(vectorPath(`tessera-testdata-log/checkpoints/checkpoint.${size}`), 'utf8');
      expect(checkpoint).toBe(tessera.checkpoints[String(size)]);
      const [origin, sizeLine, rootLine] = checkpoint.split('\n');
      expect([origin, sizeLine, rootLine]).toEqual([tessera.origin, String(size), want]);
    }
    expect(JSON.parse(tessera.tree_state_file)).toEqual({ size: 15, root: range.root().toString('base64') });
  });

  it('has exactly the tiles and bundles tlog-tiles expects, each the concatenation of leaf hashes', async () => {
    expect([...tiles.keys()].sort()).toEqual(
      Array.from({ length: 15 }, (_, i) => tilePath({ level: 0, index: 0, width: i + 1 })).sort(),
    );
    for (const [path, content] of tiles) {
      const t = parseTilePath(path);
      expect(t.kind).toBe('hashes');
      if (t.kind !== 'hashes') continue;
      expect(tilesForTreeSize(t.width).map(tilePath)).toEqual([path]);
      expect(content.equals(Buffer.concat(leafHashes.slice(0, t.width)))).toBe(true);
      expect((await readTile(store, t)).equals(content)).toBe(true);
      expect(splitTile(content, t)).toHaveLength(t.width);
    }
  });

  it('decodes every entry bundle to the leaves, which hash to the level-0 tile', () => {
    expect(bundles).toHaveLength(15);
    for (const [path, content] of bundles) {
      const b = parseTilePath(path);
      expect(b.kind).toBe('entries');
      const entries = decodeEntryBundle(hex(content), b.width);
      expect(entries.map(String)).toEqual(tessera.leaves_ascii_in_order.slice(0, b.width));
      expect(encodeEntryBundle(entries).toString('hex')).toBe(content);
      const tile = tiles.get(tilePath({ level: 0, index: b.index, width: b.width }))!;
      expect(Buffer.concat(entries.map((e) => sha256Hasher.hashLeaf(e))).equals(tile)).toBe(true);
    }
  });

  it('lets an auditor compute roots and proofs from the published tiles alone', async () => {
    const source = tileSourceFromMap(tiles);
    for (let size = 1; size <= 15; size++) {
      const root = b64(tessera.roots_base64_by_size[String(size)]);
      expect((await rootFromTiles(source, sha256Hasher, size)).equals(root)).toBe(true);
      for (let i = 0; i < size; i++) {
        const proof = await inclusionProofFromTiles(source, sha256Hasher, i, size);
        expect(proof).toEqual(await generateInclusionProof(store, sha256Hasher, i, size));
        expect(verifyInclusion(sha256Hasher, i, size, leafHashes[i], proof, root)).toEqual({ ok: true });
      }
      for (let m = 1; m <= size; m++) {
        expect(await consistencyProofFromTiles(source, sha256Hasher, m, size)).toEqual(await generateConsistencyProof(store, sha256Hasher, m, size));
      }
    }
  });
});

describe('proofs from tiles (what an auditor does)', () => {
  // A tree deep enough for level-1 and level-2 tiles. Its tiles are built independently of the
  // node store: level-l hashes are recursive MTHs of 256^l-leaf blocks.
  const N = 70_000;
  const hasher = sha256Hasher;
  const leaves = syntheticLeaves(hasher, N, 3);
  const { store } = buildTree(hasher, leaves);
  const level1: Buffer[] = [];
  for (let i = 0; (i + 1) * 256 <= N; i++) level1.push(referenceMth(hasher, leaves, i * 256, (i + 1) * 256));
  const level2 = [referenceMth(hasher, level1, 0, 256)];
  const levels = [leaves, level1, level2];
  let requests = 0;
  const tileSource: TileSource = {
    async getTiles(wanted) {
      requests++;
      return wanted.map((t) => Buffer.concat(levels[t.level].slice(t.index * 256, t.index * 256 + t.width)));
    },
  };
  const interestingSize = fc.oneof(
    fc.integer({ min: 1, max: N }),
    fc.constantFrom(1, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 69_999, N),
  );

  it('gives the same inclusion and consistency proofs and roots as the node store', async () => {
    await fc.assert(
      fc.asyncProperty(interestingSize, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (size, f, g) => {
        const index = Math.min(size - 1, Math.floor(f * size));
        const size1 = Math.max(1, Math.min(size, Math.ceil(g * size)));
        const before = requests;
        expect(await inclusionProofFromTiles(tileSource, hasher, index, size)).toEqual(await generateInclusionProof(store, hasher, index, size));
        expect(requests - before).toBeLessThanOrEqual(1);
        expect(await consistencyProofFromTiles(tileSource, hasher, size1, size)).toEqual(
          await generateConsistencyProof(store, hasher, size1, size),
        );
        expect((await rootFromTiles(tileSource, hasher, size)).equals(await computeRoot(store, hasher, size))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('serves each tile from the node store as the concatenation of its level-8L nodes', async () => {
    const sample: TileCoord[] = [
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ];
    let calls = 0;
    const counting = { getNodes: (c: Parameters<typeof store.getNodes>[0]) => (calls++, store.getNodes(c)) };
    const contents = await readTiles(counting, sample);
    expect(calls).toBe(1);
    const independent = await tileSource.getTiles(sample);
    sample.forEach((t, i) => {
      expect(contents[i]).toHaveLength(t.width * 32);
      expect(contents[i].equals(independent[i])).toBe(true);
      expect(tileNodeCoords(t)[0]).toEqual({ level: t.level * 8, index: t.index * 256 });
    });
  });

  it('accepts a full tile where the partial one was deleted, and refuses a tile of the wrong length', async () => {
    const full = new Map([[tilePath({ level: 0, index: 0, width: 256 }), Buffer.concat(leaves.slice(0, 256))]]);
    const proof = await inclusionProofFromTiles(tileSourceFromMap(full), hasher, 3, 100);
    expect(proof).toEqual(await generateInclusionProof(store, hasher, 3, 100));
    const short: TileSource = { getTiles: async (ts) => ts.map((t) => Buffer.alloc(t.width * 32 - 1)) };
    await expect(inclusionProofFromTiles(short, hasher, 3, 100)).rejects.toMatchObject({
      code: 'merkle.tile_invalid',
      params: { path: 'tile/0/000.p/100' },
    });
    const none: TileSource = { getTiles: async () => [] };
    await expect(rootFromTiles(none, hasher, 100)).rejects.toMatchObject({ code: 'merkle.tile_source_count' });
    await expect(rootFromTiles(tileSourceFromMap(new Map()), hasher, 100)).rejects.toMatchObject({
      code: 'merkle.tile_missing',
      params: { path: 'tile/0/000.p/100' },
    });
  });

  it('works the same over an SM3 log (tlog-tiles-shaped)', async () => {
    const sm3Leaves = syntheticLeaves(sm3Hasher, 600);
    const { store: sm3Store } = buildTree(sm3Hasher, sm3Leaves);
    const source: TileSource = { getTiles: (ts) => readTiles(sm3Store, ts) };
    for (const [i, size] of [[0, 1], [255, 256], [256, 257], [599, 600], [300, 513]]) {
      expect(await inclusionProofFromTiles(source, sm3Hasher as Hasher, i, size)).toEqual(await generateInclusionProof(sm3Store, sm3Hasher, i, size));
    }
  });
});
