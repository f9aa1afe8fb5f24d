import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipeliningPool } from '../src/platform/db/pg-pool';

/**
 * The PostgreSQL pool that pipelines named statements (src/platform/db/pg-pool.ts). Needs a
 * server: runs when DATABASE_URL is set, in a scratch database dropped afterwards.
 */
const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('PipeliningPool', () => {
  let url: string;
  let pool: PipeliningPool;
  const name = `zhibao_pool_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(databaseUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    pool = new PipeliningPool({ connectionString: url, max: 4, pipelines: 2 });
    await pool.query('create table items (id int primary key, name text not null)');
  });

  afterAll(async () => {
    await pool?.end();
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('is a pg.Pool (Drizzle runs transactions on its connections)', () => {
    expect(pool).toBeInstanceOf(pg.Pool);
  });

  it('answers many concurrent named statements, each with its own rows', async () => {
    await pool.query('insert into items select g, $1 || g from generate_series(1, 50) g', ['n']);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [(i % 50) + 1] })),
    );
    answers.forEach((r, i) => expect(r.rows).toEqual([{ id: (i % 50) + 1, name: `n${(i % 50) + 1}` }]));
  });

  it('fails only the query that fails: an error is isolated by its own Sync', async () => {
    const results = await Promise.allSettled([
      pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [1] }),
      pool.query({ name: 'insert_item', text: 'insert into items (id, name) values ($1, $2)', values: [1, 'duplicate'] }),
      pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [2] }),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { rows: [{ id: 1, name: 'n1' }] } });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: '23505', constraint: 'items_pkey' } });
    expect(results[2]).toMatchObject({ status: 'fulfilled', value: { rows: [{ id: 2, name: 'n2' }] } });
  });

  it('keeps transactions on their own pooled connection', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('insert into items (id, name) values ($1, $2)', [100, 'hundred']);
      // Not visible to the pipelined lookups until committed.
      const before = await pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [100] });
      expect(before.rows).toEqual([]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const after = await pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [100] });
    expect(after.rows).toEqual([{ id: 100, name: 'hundred' }]);
  });

  it('replaces a shared connection that breaks', async () => {
    const pids = await Promise.all([0, 1].map(() => pool.query({ name: 'backend_pid', text: 'select pg_backend_pid() as pid', values: [] })));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const r of pids) await admin.query('select pg_terminate_backend($1)', [r.rows[0].pid]);
    await admin.end();
    // Queries in flight on a killed connection fail; later ones get a new connection.
    await Promise.allSettled([0, 1].map(() => pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [1] })));
    await new Promise((r) => setTimeout(r, 50));
    const again = await pool.query({ name: 'item_by_id', text: 'select id, name from items where id = $1', values: [1] });
    expect(again.rows).toEqual([{ id: 1, name: 'n1' }]);
  });
});
