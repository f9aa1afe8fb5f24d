import type { Db } from '../../platform/db/client';
import { merkleError, type NodeCoord, type NodeSource } from './merkle';
import { readStrata } from './ledger.repo';
import { locateNode, slotHash, STRATUM_BYTES, strataFor, stratumKey, type Stratum } from './tile-layout';

/**
 * Reading the stored tree. Stored nodes never change once present, so a process may keep strata
 * it has read or written: a cached stratum answers every node its width covers, whatever other
 * processes have appended since; a node beyond its width sends the read to the database.
 */

/** Least-recently-used strata of one log (960 bytes each). */
export class StratumCache {
  private readonly entries = new Map<string, Stratum>();

  constructor(readonly capacity = 8192) {}

  get(level: number, index: number, minWidth: number): Stratum | undefined {
    const key = stratumKey(level, index);
    const s = this.entries.get(key);
    if (!s || s.width < minWidth) return undefined;
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, s);
    return s;
  }

  put(s: Stratum): void {
    if (s.nodes.length !== STRATUM_BYTES) return;
    const key = stratumKey(s.level, s.index);
    const known = this.entries.get(key);
    if (known && known.width >= s.width) return;
    this.entries.delete(key);
    this.entries.set(key, s);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Fetches the strata holding `needs` from the cache, and the rest in one query. Throws
 * `merkle.node_missing` when the database has a stratum narrower than needed (the node is not
 * in the stored tree).
 */
export async function fetchStrata(
  db: Db,
  logId: number,
  needs: readonly { level: number; index: number; minWidth: number }[],
  cache?: StratumCache,
): Promise<Map<string, Stratum>> {
  const found = new Map<string, Stratum>();
  const missing: { level: number; index: number; minWidth: number }[] = [];
  for (const n of needs) {
    const s = cache?.get(n.level, n.index, n.minWidth);
    if (s) found.set(stratumKey(n.level, n.index), s);
    else missing.push(n);
  }
  if (missing.length > 0) {
    for (const s of await readStrata(db, logId, missing)) {
      cache?.put(s);
      found.set(stratumKey(s.level, s.index), s);
    }
  }
  return found;
}

/** A `NodeSource` over the stored tree of one log: at most one query per proof, none when cached. */
export function storedNodeSource(db: Db, logId: number, cache?: StratumCache): NodeSource {
  return {
    async getNodes(coords: readonly NodeCoord[]): Promise<Buffer[]> {
      const strata = await fetchStrata(db, logId, strataFor(coords), cache);
      return coords.map(({ level, index }) => {
        const at = locateNode(level, index);
        const s = strata.get(stratumKey(at.stratumLevel, at.stratumIndex));
        if (!s || s.width < at.minWidth) throw merkleError('merkle.node_missing', { level, index });
        return slotHash(s, at.slot);
      });
    },
  };
}
