import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import * as tables from './tables';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { PreparedPglite, type PgliteClient } from './pglite-prepared';
import { PgliteRemote } from './pglite-remote';
import { PipeliningPool } from './pg-pool';

export type Schema = typeof tables;
/** A database handle or a transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Number of migrations applied (the journal length when up to date). */
  migrationLevel(): Promise<number>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; `undefined` with no url means an in-memory database (tests). */
  dataDir?: string;
  migrate?: boolean;
  /** Most PostgreSQL connections (ZHIBAO_PG_POOL_MAX). */
  poolMax?: number;
  /** Run PGlite in a worker thread (ZHIBAO_PGLITE_WORKER; default true). */
  pgliteWorker?: boolean;
}

export const DEFAULT_POOL_MAX = 20;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.url
    ? await openPostgres(opts.url, opts.poolMax ?? DEFAULT_POOL_MAX)
    : await openPglite(opts.dataDir, opts.pgliteWorker ?? true);
  if (opts.migrate !== false) {
    try {
      await runMigrations(database);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}

async function openPglite(dataDir: string | undefined, inWorker: boolean): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PgliteClient;
  const open = async (dir?: string): Promise<PgliteClient> =>
    inWorker ? PgliteRemote.open(dir) : new PreparedPglite(dir ? await PGlite.create(dir) : await PGlite.create());
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
    try {
      client = await open(path.join(dataDir, 'pgdata'));
    } catch (e) {
      lock.release();
      throw new DatabaseUnavailableError(
        `无法打开内置数据库 / cannot open the embedded database in ${dataDir}: ${(e as Error).message}`,
      );
    }
  } else {
    client = await open();
  }
  // Drizzle's PGlite driver calls query() and transaction() only, which both clients provide.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema: tables }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    migrationLevel: () => countMigrations(db),
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new PipeliningPool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(
      `无法连接 PostgreSQL 数据库 / cannot reach the PostgreSQL database at ${redactUrl(url)}: ${(e as Error).message}`,
    );
  }
  const db = drizzlePg({ client: pool, schema: tables }) as unknown as Db;
  return {
    db,
    engine: 'postgres',
    migrationLevel: () => countMigrations(db),
    close: () => pool.end(),
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

async function runMigrations(database: Database) {
  const config = { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'public', migrationsTable: 'schema_migrations' };
  if (database.engine === 'pglite') await migratePglite(database.db as never, config);
  else {
    // Several server processes may start at once against one PostgreSQL: serialise migrations.
    await database.db.execute(sql`select pg_advisory_lock(7236001)`);
    try {
      await migratePg(database.db as never, config);
    } finally {
      await database.db.execute(sql`select pg_advisory_unlock(7236001)`);
    }
  }
}

async function countMigrations(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from public.schema_migrations`);
  const rows = (result as unknown as { rows: { n: number }[] }).rows;
  return rows[0]?.n ?? 0;
}

export function journalLength(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'));
  return journal.entries.length;
}

/** Rows of a raw `db.execute` on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
