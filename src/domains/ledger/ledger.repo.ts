import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/client';
import { directQuery } from '../../platform/db/prepared';
import { LEDGER_MAX_ENTRY_BYTES } from '../../platform/db/tables';
import type { HashName } from './merkle';
import type { Stratum } from './tile-layout';

/**
 * Queries of the evidence ledger. Plain SQL that runs on PostgreSQL 15 and PGlite alike; the
 * drivers differ in what they return (bigint: string or number; bytea: Buffer or Uint8Array), so
 * every row goes through the converters below. Arrays travel as one parameter each
 * (`unnest($1::bigint[], …)`), which keeps a batch of thousands of entries to one statement.
 */

// Advisory lock namespace ('zled'); the second key is the log id. The two-key form never meets
// the one-key lock that serialises migrations.
const LOCK_CLASS = 0x7a6c6564;

/** Largest entry: tlog-tiles entry bundles prefix each entry with a uint16 length. */
export const MAX_ENTRY_BYTES = LEDGER_MAX_ENTRY_BYTES;

export interface LogRow {
  id: number;
  origin: string;
  hash: HashName;
  ed25519Vkey: string;
  sm2Vkey: string;
  createdAt: Date;
}

export interface StateRow {
  size: number;
  compactRange: Buffer;
  root: Buffer;
}

export interface CheckpointRow {
  size: number;
  root: Buffer;
  note: string;
  createdAt: Date;
  tsaToken: Buffer | null;
}

export interface EntryRow {
  index: number;
  queueId: number;
  entry: Buffer;
  leafHash: Buffer;
  integratedAt: Date;
}

export interface QueuedEntry {
  id: number;
  entry: Buffer;
}

export function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string' && v.startsWith('\\x')) return Buffer.from(v.slice(2), 'hex');
  throw new TypeError(`expected bytes, got ${typeof v}`);
}

const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

/** The read path of proofs and tiles goes straight to the driver (see `directQuery`). */
function fast<T>(db: Db, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  return directQuery<T>(db, `ledger_${name}`, text, values);
}

// ---------------------------------------------------------------------------------------------
// Log and state

export async function findLog(db: Db): Promise<LogRow | undefined> {
  const [r] = await query<Record<string, unknown>>(
    db,
    sql`select id, origin, hash, ed25519_vkey, sm2_vkey, created_at from ledger_logs order by id limit 1`,
  );
  if (!r) return undefined;
  return {
    id: Number(r.id),
    origin: String(r.origin),
    hash: r.hash as HashName,
    ed25519Vkey: String(r.ed25519_vkey),
    sm2Vkey: String(r.sm2_vkey),
    createdAt: toDate(r.created_at),
  };
}

/** Creates the log and its empty state unless a log exists already (several processes may start at once). */
export async function createLog(db: Db, log: Omit<LogRow, 'id' | 'createdAt'>, emptyRoot: Buffer): Promise<void> {
  await db.transaction(async (tx) => {
    // Serialises first starts: the second process finds the first one's log.
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}, 0)`);
    if (await findLog(tx)) return;
    const [row] = await query<{ id: number }>(
      tx,
      sql`insert into ledger_logs (origin, hash, ed25519_vkey, sm2_vkey)
          values (${log.origin}, ${log.hash}, ${log.ed25519Vkey}, ${log.sm2Vkey}) returning id`,
    );
    await tx.execute(sql`insert into ledger_state (log_id, size, compact_range, root) values (${Number(row.id)}, 0, ${Buffer.alloc(0)}, ${emptyRoot})`);
  });
}

/** Takes the log's integrator lock until the end of the transaction; false when another holds it. */
export async function tryLockLog(tx: Db, logId: number): Promise<boolean> {
  const [r] = await query<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK_CLASS}, ${logId}) as locked`);
  return r.locked === true;
}

export async function readState(db: Db, logId: number): Promise<StateRow> {
  const [r] = await query<Record<string, unknown>>(db, sql`select size, compact_range, root from ledger_state where log_id = ${logId}`);
  if (!r) throw new Error(`ledger ${logId} has no state row`);
  return { size: Number(r.size), compactRange: toBuffer(r.compact_range), root: toBuffer(r.root) };
}

/** Moves the state from `oldSize` on; false when it was not at `oldSize` any more. */
export async function advanceState(tx: Db, logId: number, oldSize: number, next: StateRow): Promise<boolean> {
  const rows = await query<{ size: unknown }>(
    tx,
    sql`update ledger_state set size = ${next.size}, compact_range = ${next.compactRange}, root = ${next.root}, updated_at = now()
        where log_id = ${logId} and size = ${oldSize} returning size`,
  );
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// Queue and entries

export async function enqueue(tx: Db, entry: Uint8Array): Promise<number> {
  const [r] = await query<{ id: unknown }>(tx, sql`insert into ledger_queue (entry) values (${toBuffer(entry)}) returning id`);
  return Number(r.id);
}

export function enqueueSql(entry: Uint8Array, queueId: number): SQL {
  return sql`insert into ledger_queue (id, entry) values (${queueId}, ${toBuffer(entry)})`;
}

export async function enqueueMany(tx: Db, entries: readonly Uint8Array[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const rows = await query<{ id: unknown }>(
    tx,
    sql`insert into ledger_queue (entry) select e from unnest(${sql.param(entries.map(toBuffer))}::bytea[]) with ordinality as u(e, n) order by n returning id`,
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** The oldest committed queue rows (smallest ids first). */
export async function readQueue(tx: Db, limit: number): Promise<QueuedEntry[]> {
  // Hex text is parsed several times faster than bytea by both drivers (PGlite above all).
  const rows = await query<{ id: unknown; entry: string }>(tx, sql`select id, encode(entry, 'hex') as entry from ledger_queue order by id limit ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), entry: Buffer.from(r.entry, 'hex') }));
}

/**
 * Moves queue rows into the log in one statement: each row `queueIds[i]` is deleted from the
 * queue and becomes entry `first + i` with `leafHashes[i]`. The entry bytes are copied inside
 * the database rather than sent back. Returns how many rows moved.
 */
export async function moveQueuedToLog(tx: Db, logId: number, first: number, queueIds: readonly number[], leafHashes: readonly Buffer[]): Promise<number> {
  const indexes = queueIds.map((_, i) => first + i);
  const [r] = await query<{ n: unknown }>(
    tx,
    sql`with batch as (
          select * from unnest(${sql.param(queueIds)}::bigint[], ${sql.param(indexes)}::bigint[], ${sql.param(leafHashes.map((h) => h.toString('hex')))}::text[])
            as u(queue_id, idx, leaf_hash)
        ), moved as (
          delete from ledger_queue q using batch b where q.id = b.queue_id returning q.id, q.entry
        ), inserted as (
          insert into ledger_entries (log_id, idx, queue_id, entry, leaf_hash)
          select ${logId}, b.idx, m.id, m.entry, decode(b.leaf_hash, 'hex') from moved m join batch b on b.queue_id = m.id
          returning 1
        )
        select count(*) as n from inserted`,
  );
  return Number(r.n);
}

function entryOf(r: Record<string, unknown>): EntryRow {
  return {
    index: Number(r.idx),
    queueId: Number(r.queue_id),
    entry: Buffer.from(String(r.entry), 'hex'),
    leafHash: toBuffer(r.leaf_hash),
    integratedAt: toDate(r.integrated_at),
  };
}

export async function readEntry(db: Db, logId: number, index: number): Promise<EntryRow | undefined> {
  const [r] = await fast<Record<string, unknown>>(
    db,
    'read_entry',
    `select idx, queue_id, encode(entry, 'hex') as entry, leaf_hash, integrated_at from ledger_entries where log_id = $1 and idx = $2`,
    [logId, index],
  );
  return r ? entryOf(r) : undefined;
}

/** Entries [from, to) in index order. */
export async function readEntries(db: Db, logId: number, from: number, to: number): Promise<Buffer[]> {
  const rows = await fast<{ entry: string }>(
    db,
    'read_entries',
    `select encode(entry, 'hex') as entry from ledger_entries where log_id = $1 and idx >= $2 and idx < $3 order by idx`,
    [logId, from, to],
  );
  return rows.map((r) => Buffer.from(r.entry, 'hex'));
}

export async function entryIndexOfQueueId(db: Db, queueId: number): Promise<number | undefined> {
  const [r] = await fast<{ idx: unknown }>(db, 'index_of_queue_id', `select idx from ledger_entries where queue_id = $1`, [queueId]);
  return r ? Number(r.idx) : undefined;
}

export async function isQueued(db: Db, queueId: number): Promise<boolean> {
  const rows = await fast<{ id: unknown }>(db, 'is_queued', `select id from ledger_queue where id = $1`, [queueId]);
  return rows.length > 0;
}

export async function countQueued(db: Db): Promise<number> {
  const [r] = await query<{ n: unknown }>(db, sql`select count(*) as n from ledger_queue`);
  return Number(r.n);
}

/** Whether the integrator has anything to do: queued entries, or an integrated size without checkpoint. */
export async function hasWork(db: Db, logId: number): Promise<boolean> {
  const [r] = await fast<{ queued: boolean; unsigned: boolean }>(
    db,
    'has_work',
    `select exists (select 1 from ledger_queue) as queued,
            coalesce((select size from ledger_state where log_id = $1) >
                     (select max(size) from ledger_checkpoints where log_id = $1), true) as unsigned`,
    [logId],
  );
  return r.queued === true || r.unsigned === true;
}

// ---------------------------------------------------------------------------------------------
// Stored tree (strata, see tile-layout.ts)

export async function readStrata(db: Db, logId: number, keys: readonly { level: number; index: number }[]): Promise<Stratum[]> {
  if (keys.length === 0) return [];
  // Hex text is parsed several times faster than bytea by both drivers (PGlite above all).
  const rows = await fast<{ level: unknown; idx: unknown; width: unknown; nodes: string }>(
    db,
    'read_strata',
    `select t.level, t.idx, t.width, encode(t.nodes, 'hex') as nodes from ledger_strata t
     join unnest($2::smallint[], $3::bigint[]) as k(level, idx) on t.level = k.level and t.idx = k.idx
     where t.log_id = $1`,
    [logId, keys.map((k) => k.level), keys.map((k) => k.index)],
  );
  return rows.map((r) => ({ level: Number(r.level), index: Number(r.idx), width: Number(r.width), nodes: Buffer.from(r.nodes, 'hex') }));
}

/** Writes grown strata; every one must be new or wider than the stored row (else false, and the caller rolls back). */
export async function writeStrata(tx: Db, logId: number, strata: readonly Stratum[]): Promise<boolean> {
  if (strata.length === 0) return true;
  const rows = await query<{ level: unknown }>(
    tx,
    sql`insert into ledger_strata (log_id, level, idx, width, nodes)
        select ${logId}, u.level, u.idx, u.width, decode(u.nodes, 'hex')
        from unnest(${sql.param(strata.map((s) => s.level))}::smallint[], ${sql.param(strata.map((s) => s.index))}::bigint[],
                    ${sql.param(strata.map((s) => s.width))}::smallint[], ${sql.param(strata.map((s) => s.nodes.toString('hex')))}::text[])
          as u(level, idx, width, nodes)
        on conflict (log_id, level, idx) do update set width = excluded.width, nodes = excluded.nodes
          where ledger_strata.width < excluded.width
        returning level`,
  );
  return rows.length === strata.length;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

function checkpointOf(r: Record<string, unknown>): CheckpointRow {
  return {
    size: Number(r.size),
    root: toBuffer(r.root),
    note: String(r.note),
    createdAt: toDate(r.created_at),
    tsaToken: r.tsa_token === null || r.tsa_token === undefined ? null : toBuffer(r.tsa_token),
  };
}

export async function latestCheckpoint(db: Db, logId: number): Promise<CheckpointRow | undefined> {
  const [r] = await fast<Record<string, unknown>>(
    db,
    'latest_checkpoint',
    `select size, root, note, created_at, tsa_token from ledger_checkpoints where log_id = $1 order by size desc limit 1`,
    [logId],
  );
  return r ? checkpointOf(r) : undefined;
}

export async function checkpointAt(db: Db, logId: number, size: number): Promise<CheckpointRow | undefined> {
  const [r] = await fast<Record<string, unknown>>(
    db,
    'checkpoint_at',
    `select size, root, note, created_at, tsa_token from ledger_checkpoints where log_id = $1 and size = $2`,
    [logId, size],
  );
  return r ? checkpointOf(r) : undefined;
}

/** Checkpoints with a size above `after`, smallest first. */
export async function listCheckpoints(db: Db, logId: number, after: number, limit: number): Promise<CheckpointRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select size, root, note, created_at, tsa_token from ledger_checkpoints
        where log_id = ${logId} and size > ${after} order by size limit ${limit}`,
  );
  return rows.map(checkpointOf);
}

export async function insertCheckpoint(tx: Db, logId: number, size: number, root: Buffer, note: string): Promise<CheckpointRow> {
  const [r] = await query<Record<string, unknown>>(
    tx,
    sql`insert into ledger_checkpoints (log_id, size, root, note) values (${logId}, ${size}, ${root}, ${note})
        returning size, root, note, created_at, tsa_token`,
  );
  return checkpointOf(r);
}

/** Checkpoints still waiting for an RFC 3161 token, oldest first (the time-stamping module's work list). */
export async function checkpointsAwaitingTimestamp(db: Db, logId: number, limit: number): Promise<CheckpointRow[]> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select size, root, note, created_at, tsa_token from ledger_checkpoints
        where log_id = ${logId} and tsa_token is null order by size limit ${limit}`,
  );
  return rows.map(checkpointOf);
}

/** Stores the token of a checkpoint that has none yet; false when it had one already (or does not exist). */
export async function setTimestampToken(db: Db, logId: number, size: number, token: Uint8Array): Promise<boolean> {
  const rows = await query<{ size: unknown }>(
    db,
    sql`update ledger_checkpoints set tsa_token = ${toBuffer(token)} where log_id = ${logId} and size = ${size} and tsa_token is null returning size`,
  );
  return rows.length === 1;
}
