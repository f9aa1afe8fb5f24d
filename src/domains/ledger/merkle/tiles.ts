import type { Hasher } from './hasher';
import { merkleError } from './merkle.errors';
import { computeRoot, generateConsistencyProof, generateInclusionProof, type NodeSource } from './proofs';
import { assertCount, type NodeCoord } from './tree-math';

/**
 * C2SP tlog-tiles (domain/evidence.md §1.7): the tree served as immutable tiles of 256 hashes, so
 * that auditors compute proofs themselves.
 *
 * Tile n at level l holds, for i in 0..255, MTH(D[(n·256+i)·256^l : (n·256+i+1)·256^l]): the
 * stored perfect-subtree nodes at tree level 8·l, indexes n·256 .. n·256+255. The partial tile at
 * level l of a tree of s leaves has floor(s / 256^l) mod 256 hashes. The spec fixes SHA-256; a
 * SM3 log uses the same layout (tlog-tiles-shaped, not conformant).
 */

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** Levels allowed in a tile path (tlog-tiles: 0 to 63). */
export const MAX_TILE_LEVEL = 63;
/** Largest entry an entry bundle can hold (uint16 length prefix). */
export const MAX_BUNDLE_ENTRY = 0xffff;

/** A hash tile: `width` is 1..255 for a partial tile and 256 for a full one. */
export interface TileCoord {
  level: number;
  index: number;
  width: number;
}

/** An entry bundle: the entries of level-0 tile `index`. */
export interface EntryBundleCoord {
  index: number;
  width: number;
}

export type ParsedTilePath = ({ kind: 'hashes' } & TileCoord) | ({ kind: 'entries' } & EntryBundleCoord);

/** Where tiles come from for an auditor: one call for all the tiles a proof needs. */
export interface TileSource {
  getTiles(tiles: readonly TileCoord[]): Promise<Buffer[]>;
}

// ---------------------------------------------------------------------------------------------
// Paths

/** N as zero-padded 3-digit path elements, all but the last prefixed with x: 1234067 → x001/x234/067. */
export function formatTileIndex(n: number): string {
  assertCount('index', n);
  const digits = String(n);
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < padded.length; i += 3) groups.push(padded.slice(i, i + 3));
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function assertWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw merkleError('merkle.number_invalid', { name: 'width', value: String(width) });
  }
}

function widthSuffix(width: number): string {
  assertWidth(width);
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/** `tile/<L>/<N>[.p/<W>]` */
export function tilePath(tile: TileCoord): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) {
    throw merkleError('merkle.number_invalid', { name: 'level', value: String(tile.level) });
  }
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/** `tile/entries/<N>[.p/<W>]` */
export function entryBundlePath(bundle: EntryBundleCoord): string {
  return `tile/entries/${formatTileIndex(bundle.index)}${widthSuffix(bundle.width)}`;
}

const TILE_PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a tile or entry-bundle path (relative to the log prefix). Rejects anything but the one
 * canonical spelling: leading zeros in L or W, `x000/` groups in front of N, L > 63, W outside
 * 1..255, N beyond 2^53 − 1.
 */
export function parseTilePath(path: string): ParsedTilePath {
  const m = TILE_PATH.exec(path);
  const invalid = () => merkleError('merkle.tile_path_invalid', { path: String(path).slice(0, 200) });
  if (!m) throw invalid();
  const [, levelText, indexText, widthText] = m;
  const index = Number(indexText.replace(/[x/]/g, ''));
  if (!Number.isSafeInteger(index) || formatTileIndex(index) !== indexText) throw invalid();
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (widthText !== undefined && width >= TILE_WIDTH) throw invalid();
  if (levelText === 'entries') return { kind: 'entries', index, width };
  const level = Number(levelText);
  if (level > MAX_TILE_LEVEL) throw invalid();
  return { kind: 'hashes', level, index, width };
}

// ---------------------------------------------------------------------------------------------
// Which tiles exist

/** Number of hashes at tree level 8·level in a tree of `size` leaves: floor(size / 256^level). */
function hashesAtTileLevel(size: number, level: number): number {
  return Math.floor(size / TILE_WIDTH ** level);
}

/** Width of the partial tile at `level` for a tree of `size` leaves (0 = no partial tile). */
export function partialTileWidth(size: number, level: number): number {
  assertCount('size', size);
  return hashesAtTileLevel(size, level) % TILE_WIDTH;
}

export interface TileLevelCount {
  level: number;
  fullTiles: number;
  partialWidth: number;
}

/** Per level, how many full tiles and how wide a partial tile a tree of `size` leaves has. */
export function tileCounts(size: number): TileLevelCount[] {
  assertCount('size', size);
  const out: TileLevelCount[] = [];
  for (let level = 0; ; level++) {
    const hashes = hashesAtTileLevel(size, level);
    if (hashes === 0) break;
    out.push({ level, fullTiles: Math.floor(hashes / TILE_WIDTH), partialWidth: hashes % TILE_WIDTH });
  }
  return out;
}

/** Every hash tile (full, then the partial one) of each level for a tree of `size` leaves. */
export function tilesForTreeSize(size: number): TileCoord[] {
  const out: TileCoord[] = [];
  for (const { level, fullTiles, partialWidth } of tileCounts(size)) {
    for (let index = 0; index < fullTiles; index++) out.push({ level, index, width: TILE_WIDTH });
    if (partialWidth > 0) out.push({ level, index: fullTiles, width: partialWidth });
  }
  return out;
}

/** Every entry bundle for a tree of `size` leaves. */
export function entryBundlesForTreeSize(size: number): EntryBundleCoord[] {
  const level0 = tileCounts(size)[0];
  if (!level0) return [];
  const out: EntryBundleCoord[] = [];
  for (let index = 0; index < level0.fullTiles; index++) out.push({ index, width: TILE_WIDTH });
  if (level0.partialWidth > 0) out.push({ index: level0.fullTiles, width: level0.partialWidth });
  return out;
}

/**
 * The tiles to publish when the tree grows from `oldSize` to `newSize` leaves: each tile whose
 * content changes, at its new width (golang.org/x/mod/sumdb/tlog NewTiles). `height` is 8 for
 * tlog-tiles; other heights exist only to check against the sumdb vectors.
 */
export function changedTiles(oldSize: number, newSize: number, height = TILE_HEIGHT): TileCoord[] {
  assertCount('oldSize', oldSize);
  assertCount('newSize', newSize);
  if (newSize < oldSize) throw merkleError('merkle.size_order', { size1: oldSize, size2: newSize });
  const width = 2 ** height;
  const out: TileCoord[] = [];
  for (let level = 0; ; level++) {
    const scale = width ** level;
    const newN = Math.floor(newSize / scale);
    if (newN === 0) break;
    const oldN = Math.floor(oldSize / scale);
    if (oldN === newN) continue;
    for (let n = Math.floor(oldN / width); n < Math.floor(newN / width); n++) out.push({ level, index: n, width });
    const last = Math.floor(newN / width);
    const w = newN - last * width;
    if (w > 0) out.push({ level, index: last, width: w });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tile content

/** The stored nodes whose hashes, concatenated, are the tile. */
export function tileNodeCoords(tile: TileCoord): NodeCoord[] {
  const level = tile.level * TILE_HEIGHT;
  const first = tile.index * TILE_WIDTH;
  const out = new Array<NodeCoord>(tile.width);
  for (let i = 0; i < tile.width; i++) out[i] = { level, index: first + i };
  return out;
}

/** Tile contents from a node store, in one batched read for all of them. */
export async function readTiles(source: NodeSource, tiles: readonly TileCoord[]): Promise<Buffer[]> {
  const coords: NodeCoord[] = [];
  for (const t of tiles) {
    assertWidth(t.width);
    coords.push(...tileNodeCoords(t));
  }
  const hashes = coords.length === 0 ? [] : await source.getNodes(coords);
  if (hashes.length !== coords.length) {
    throw merkleError('merkle.node_source_count', { expected: coords.length, actual: hashes.length });
  }
  const out: Buffer[] = [];
  let at = 0;
  for (const t of tiles) {
    out.push(Buffer.concat(hashes.slice(at, at + t.width)));
    at += t.width;
  }
  return out;
}

export async function readTile(source: NodeSource, tile: TileCoord): Promise<Buffer> {
  return (await readTiles(source, [tile]))[0];
}

/** A tile's content split into its hashes (views into `tile`), checked against the width its path says. */
export function splitTile(tile: Buffer, coord: TileCoord, hashSize = 32): Buffer[] {
  if (tile.length !== coord.width * hashSize) {
    throw merkleError('merkle.tile_invalid', { path: tilePath(coord), expected: coord.width * hashSize, actual: tile.length });
  }
  const out: Buffer[] = [];
  for (let at = 0; at < tile.length; at += hashSize) out.push(tile.subarray(at, at + hashSize));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entry bundles

/** Entries as big-endian uint16 length-prefixed records. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  let total = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_BUNDLE_ENTRY) throw merkleError('merkle.entry_too_large', { position: i + 1, length: e.length });
    total += 2 + e.length;
  });
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const e of entries) {
    out.writeUInt16BE(e.length, at);
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/** Splits a bundle into its entries (views into `bundle`); optionally checks how many there are. */
export function decodeEntryBundle(bundle: Uint8Array, expectedCount?: number): Buffer[] {
  const buf = Buffer.isBuffer(bundle) ? bundle : Buffer.from(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const out: Buffer[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 2 > buf.length) throw merkleError('merkle.entry_bundle_truncated', { position: out.length + 1, offset: at });
    const length = buf.readUInt16BE(at);
    if (at + 2 + length > buf.length) throw merkleError('merkle.entry_bundle_truncated', { position: out.length + 1, offset: at });
    out.push(buf.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  if (expectedCount !== undefined && out.length !== expectedCount) {
    throw merkleError('merkle.entry_bundle_count', { expected: expectedCount, actual: out.length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Proofs from tiles (what an auditor does)

interface NodeInTile {
  key: string;
  tile: TileCoord;
  /** Offset of the node's first hash in the tile, and how many tile hashes it spans (2^r). */
  first: number;
  span: number;
}

function locateNode(node: NodeCoord, size: number): NodeInTile {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const span = 2 ** (node.level - level * TILE_HEIGHT);
  const firstHash = node.index * span;
  const index = Math.floor(firstHash / TILE_WIDTH);
  const available = hashesAtTileLevel(size, level);
  const width = Math.min(TILE_WIDTH, available - index * TILE_WIDTH);
  return { key: `${level}/${index}/${width}`, tile: { level, index, width }, first: firstHash - index * TILE_WIDTH, span };
}

/** MTH of `count` (a power of two) consecutive hashes starting at `first` in a tile. */
function perfectSubtreeHash(hasher: Hasher, tile: Buffer, first: number, count: number): Buffer {
  const size = hasher.size;
  if (count === 1) return tile.subarray(first * size, (first + 1) * size);
  const row: Buffer[] = [];
  for (let i = 0; i < count; i += 2) {
    row.push(hasher.hashChildren(tile.subarray((first + i) * size, (first + i + 1) * size), tile.subarray((first + i + 1) * size, (first + i + 2) * size)));
  }
  for (let width = row.length; width > 1; width /= 2) {
    for (let i = 0; i < width / 2; i++) row[i] = hasher.hashChildren(row[2 * i], row[2 * i + 1]);
  }
  return row[0];
}

/**
 * A node source that reads the tiles of a tree of `size` leaves: each node is found in the tile
 * holding its level-8L descendants and rebuilt by hashing them. All tiles are requested in one
 * call. A full tile is accepted where a partial one was asked for (tlog-tiles lets logs delete
 * partial tiles once the full one exists); only its first `width` hashes are used.
 */
export function tileNodeSource(tiles: TileSource, hasher: Hasher, size: number): NodeSource {
  assertCount('size', size);
  return {
    async getNodes(coords) {
      const located = coords.map((c) => locateNode(c, size));
      const unique = new Map<string, TileCoord>();
      for (let i = 0; i < located.length; i++) {
        const l = located[i];
        // Only a node outside the tree of `size` leaves gets here: no tile of that tree holds it.
        if (l.tile.width <= 0 || l.first + l.span > l.tile.width) {
          throw merkleError('merkle.node_missing', { level: coords[i].level, index: coords[i].index });
        }
        unique.set(l.key, l.tile);
      }
      const wanted = [...unique.values()];
      const contents = await tiles.getTiles(wanted);
      if (contents.length !== wanted.length) {
        throw merkleError('merkle.tile_source_count', { expected: wanted.length, actual: contents.length });
      }
      const byKey = new Map<string, Buffer>();
      wanted.forEach((t, i) => {
        const content = contents[i];
        const exact = t.width * hasher.size;
        if (content.length !== exact && content.length !== TILE_WIDTH * hasher.size) {
          throw merkleError('merkle.tile_invalid', { path: tilePath(t), expected: exact, actual: content.length });
        }
        byKey.set(`${t.level}/${t.index}/${t.width}`, content);
      });
      return located.map((l) => perfectSubtreeHash(hasher, byKey.get(l.key)!, l.first, l.span));
    },
  };
}

export async function inclusionProofFromTiles(tiles: TileSource, hasher: Hasher, index: number, size: number): Promise<Buffer[]> {
  return generateInclusionProof(tileNodeSource(tiles, hasher, size), hasher, index, size);
}

export async function consistencyProofFromTiles(tiles: TileSource, hasher: Hasher, size1: number, size2: number): Promise<Buffer[]> {
  return generateConsistencyProof(tileNodeSource(tiles, hasher, size2), hasher, size1, size2);
}

export async function rootFromTiles(tiles: TileSource, hasher: Hasher, size: number): Promise<Buffer> {
  return computeRoot(tileNodeSource(tiles, hasher, size), hasher, size);
}

/** A tile source over tile contents keyed by path (e.g. files fetched from a log, or test vectors). */
export function tileSourceFromMap(contents: ReadonlyMap<string, Uint8Array>): TileSource {
  return {
    async getTiles(tiles) {
      return tiles.map((t) => {
        const path = tilePath(t);
        const found = contents.get(path) ?? contents.get(tilePath({ ...t, width: TILE_WIDTH }));
        if (!found) throw merkleError('merkle.tile_missing', { path });
        return Buffer.from(found.buffer, found.byteOffset, found.byteLength);
      });
    },
  };
}
