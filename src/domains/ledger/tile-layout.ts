import type { CompactRange, NodeCoord } from './merkle';
import { HASH_SIZE, TILE_HEIGHT, TILE_WIDTH } from './merkle';

/**
 * How the stored tree is laid out. Every perfect-subtree node of the log lives in exactly one
 * row of `ledger_strata`: a stratum (level S, index M) holds, for the 16 consecutive nodes
 * 16M .. 16M+15 at tree level 4S, those nodes and the three levels of interior nodes above them:
 *
 *   slots  0..15   tree level 4S       (16 hashes)
 *         16..23   tree level 4S+1     (8)
 *         24..27   tree level 4S+2     (4)
 *         28..29   tree level 4S+3     (2)
 *
 * 30 slots of 32 bytes = 960 bytes, small enough for PostgreSQL to keep the row inline (no TOAST:
 * a read is one index lookup). A proof of a tree of n leaves touches about log16(n) rows, read in
 * one query; a node is present once the row's width (hashes at level 4S) covers all its leaves.
 * The node at level 4S+4 lives in stratum level S+1.
 *
 * A C2SP tlog-tile (L, N) holds the hashes at tree level 8L = 4·(2L): slots 0..15 of strata
 * (2L, 16N) .. (2L, 16N+15), 16 rows at most.
 */

export const STRATUM_HEIGHT = 4;
export const STRATUM_WIDTH = 2 ** STRATUM_HEIGHT;
export const STRATUM_SLOTS = 30;
export const STRATUM_BYTES = STRATUM_SLOTS * HASH_SIZE;
/** Stratum levels per tlog-tile level. */
export const STRATA_PER_TILE_LEVEL = TILE_HEIGHT / STRATUM_HEIGHT;
/** Strata (of one level) per tlog-tile. */
export const STRATA_PER_TILE = TILE_WIDTH / STRATUM_WIDTH;

/** First slot of relative level r (0..3): 16 + 8 + … over the levels below it. */
export function levelOffset(r: number): number {
  return 2 * STRATUM_WIDTH - ((2 * STRATUM_WIDTH) >> r);
}

export interface StratumSlot {
  stratumLevel: number;
  stratumIndex: number;
  slot: number;
  /** The stratum width from which this node is present. */
  minWidth: number;
}

/** Where node (level, index) is stored. */
export function locateNode(level: number, index: number): StratumSlot {
  const stratumLevel = Math.floor(level / STRATUM_HEIGHT);
  const r = level - stratumLevel * STRATUM_HEIGHT;
  const perStratum = STRATUM_WIDTH >> r;
  const stratumIndex = Math.floor(index / perStratum);
  const i = index - stratumIndex * perStratum;
  return { stratumLevel, stratumIndex, slot: levelOffset(r) + i, minWidth: (i + 1) * 2 ** r };
}

/** A stored stratum row. `nodes` is STRATUM_BYTES long; `width` hashes of level 4S are present (1..16). */
export interface Stratum {
  level: number;
  index: number;
  width: number;
  nodes: Buffer;
}

export function stratumKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/** The hash in a slot (a view into the stratum). */
export function slotHash(s: Stratum, slot: number): Buffer {
  return s.nodes.subarray(slot * HASH_SIZE, (slot + 1) * HASH_SIZE);
}

/** The strata of a tree of `size` leaves that are partial (hold 1..15 hashes), one per level at most. */
export function partialStrata(size: number): { level: number; index: number; width: number }[] {
  const out: { level: number; index: number; width: number }[] = [];
  for (let level = 0; ; level++) {
    const hashes = Math.floor(size / STRATUM_WIDTH ** level);
    if (hashes === 0) break;
    const width = hashes % STRATUM_WIDTH;
    if (width > 0) out.push({ level, index: Math.floor(hashes / STRATUM_WIDTH), width });
  }
  return out;
}

/** How many hashes tlog-tile (level, index) holds in a tree of `size` leaves (≤ 0: none). */
export function tileWidthAt(size: number, level: number, index: number): number {
  return Math.min(TILE_WIDTH, Math.floor(size / TILE_WIDTH ** level) - index * TILE_WIDTH);
}

/** The strata whose first slots make up tlog-tile (level, index) of `width` hashes, in order. */
export function strataOfTile(level: number, index: number, width: number): { level: number; index: number; minWidth: number }[] {
  const out: { level: number; index: number; minWidth: number }[] = [];
  for (let k = 0; k * STRATUM_WIDTH < width; k++) {
    out.push({ level: level * STRATA_PER_TILE_LEVEL, index: index * STRATA_PER_TILE + k, minWidth: Math.min(STRATUM_WIDTH, width - k * STRATUM_WIDTH) });
  }
  return out;
}

/**
 * Collects the nodes an append completes into strata. Seeded with the partial strata of the
 * tree before the batch (copied: they are modified in place); `visit` is the compact range's
 * node visitor.
 */
export class StratumWriter {
  private readonly strata = new Map<string, Stratum>();
  private readonly touched = new Set<string>();

  constructor(partials: readonly Stratum[] = []) {
    for (const p of partials) {
      this.strata.set(stratumKey(p.level, p.index), { level: p.level, index: p.index, width: p.width, nodes: Buffer.from(p.nodes) });
    }
  }

  readonly visit = (level: number, index: number, hash: Buffer): void => {
    const at = locateNode(level, index);
    const key = stratumKey(at.stratumLevel, at.stratumIndex);
    let s = this.strata.get(key);
    if (!s) {
      s = { level: at.stratumLevel, index: at.stratumIndex, width: 0, nodes: Buffer.alloc(STRATUM_BYTES) };
      this.strata.set(key, s);
    }
    hash.copy(s.nodes, at.slot * HASH_SIZE);
    if (at.slot < STRATUM_WIDTH) s.width = at.slot + 1;
    this.touched.add(key);
  };

  /** Strata that received nodes, to be written back. */
  changed(): Stratum[] {
    return [...this.touched].map((k) => this.strata.get(k)!);
  }
}

/**
 * Appends leaf hashes to `range` (modified) and returns the strata to store. `partials` must be
 * the partial strata of the tree of `range.size` leaves (see `partialStrata`).
 */
export function appendToStrata(range: CompactRange, partials: readonly Stratum[], leafHashes: readonly Buffer[]): Stratum[] {
  const writer = new StratumWriter(partials);
  for (const h of leafHashes) range.appendWith(h, writer.visit);
  return writer.changed();
}

/** Groups node coordinates by the stratum that holds them, with the width each needs. */
export function strataFor(coords: readonly NodeCoord[]): { level: number; index: number; minWidth: number }[] {
  const need = new Map<string, { level: number; index: number; minWidth: number }>();
  for (const c of coords) {
    const at = locateNode(c.level, c.index);
    const key = stratumKey(at.stratumLevel, at.stratumIndex);
    const known = need.get(key);
    if (!known) need.set(key, { level: at.stratumLevel, index: at.stratumIndex, minWidth: at.minWidth });
    else if (known.minWidth < at.minWidth) known.minWidth = at.minWidth;
  }
  return [...need.values()];
}
