import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './client';

/**
 * Two ways to spend fewer round trips on data that allows it, each per database handle:
 *
 * - `sequenceBlocks`: numbers from a PostgreSQL sequence fetched in blocks. Each number is still
 *   handed out once only (a sequence never repeats, and a process uses each number it drew at most
 *   once); numbers drawn but not used are gaps, as with a rolled-back `nextval`. Across processes
 *   numbers are unique but not in order of use.
 * - `shortLived`: a value read from the database kept for a few seconds (routing rules and the
 *   office's staff, an applicant's contact card): a change made elsewhere is seen within `ttlMs`.
 */

export function sequenceBlocks(nextval: SQL, size = 64): (db: Db) => Promise<number> {
  const state = new WeakMap<object, { free: number[]; filling?: Promise<void> }>();
  const fill = async (db: Db, s: { free: number[] }) => {
    const rows = rowsOf<{ v: string }>(await db.execute(sql`select (${nextval})::text as v from generate_series(1, ${size})`));
    s.free.push(...rows.map((r) => Number(r.v)));
  };
  return async (db) => {
    let s = state.get(db);
    if (!s) {
      s = { free: [] };
      state.set(db, s);
    }
    while (!s.free.length) {
      s.filling ??= fill(db, s).finally(() => (s!.filling = undefined));
      await s.filling;
    }
    return s.free.shift()!;
  };
}

export function shortLived<V>(ttlMs: number): { get(db: Db, key: string, load: () => Promise<V>): Promise<V>; clear(db: Db): void } {
  const state = new WeakMap<object, Map<string, { at: number; value: Promise<V> }>>();
  return {
    async get(db, key, load) {
      let byKey = state.get(db);
      if (!byKey) {
        byKey = new Map();
        state.set(db, byKey);
      }
      const hit = byKey.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = load();
      byKey.set(key, { at: Date.now(), value });
      // A failed read is not kept.
      value.catch(() => byKey!.get(key)?.value === value && byKey!.delete(key));
      return value;
    },
    clear(db) {
      state.delete(db);
    },
  };
}
