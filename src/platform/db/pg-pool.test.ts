import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipeliningPool } from './pg-pool';

/**
 * PipeliningPool against a real PostgreSQL (DATABASE_URL, else the local default); skipped when
 * no server answers. Named statements outside transactions share two pipelined connections whose
 * writes are corked for a turn of the event loop: nothing may be lost, reordered or left hanging.
 */
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const available = await reachable();
const nextTurn = () => new Promise((r) => setImmediate(r));
// This file's connections only: other suites may run on the same server at the same time.
const APP = `pp-test-${process.pid}-${Date.now()}`;

describe.skipIf(!available)('PipeliningPool (PostgreSQL)', () => {
  let pool: PipeliningPool;
  beforeAll(() => {
    pool = new PipeliningPool({ connectionString: url, max: 6, application_name: APP });
    pool.on('error', () => {});
  });
  afterAll(() => pool?.end());

  const echo = (n: number) => pool.query({ name: 'pp_echo', text: 'select $1::int as n' }, [n]) as Promise<pg.QueryResult<{ n: number }>>;
  const pid = () => pool.query({ name: 'pp_pid', text: 'select pg_backend_pid() as pid' }) as Promise<pg.QueryResult<{ pid: number }>>;

  it('answers every query of a turn, each with its own result, turn after turn', async () => {
    for (let turn = 0; turn < 5; turn++) {
      const ns = Array.from({ length: 300 }, (_, i) => turn * 1000 + i);
      const results = await Promise.all(ns.map(echo));
      expect(results.map((r) => r.rows[0].n)).toEqual(ns);
    }
    // Queries spread over several turns, interleaved with turns of no queries.
    const spread: Promise<pg.QueryResult<{ n: number }>>[] = [];
    for (let i = 0; i < 50; i++) {
      spread.push(echo(i));
      if (i % 7 === 0) await nextTurn();
    }
    expect((await Promise.all(spread)).map((r) => r.rows[0].n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('uses both shared connections, one per turn', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const [a, b] = await Promise.all([pid(), pid()]);
      // The queries of one turn go to one connection.
      expect(a.rows[0].pid).toBe(b.rows[0].pid);
      pids.add(a.rows[0].pid);
    }
    expect(pids.size).toBe(2);
  });

  it('fails only the query that fails', async () => {
    const div = (n: number) => pool.query({ name: 'pp_div', text: 'select 10 / $1::int as q' }, [n]) as Promise<pg.QueryResult<{ q: number }>>;
    const settled = await Promise.allSettled([div(1), div(0), div(2), div(0), div(5)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22012' });
    expect((settled[4] as PromiseFulfilledResult<pg.QueryResult<{ q: number }>>).value.rows[0].q).toBe(2);
    expect((await echo(7)).rows[0].n).toBe(7);
  });

  it('keeps transactions and unnamed queries on pooled connections', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const inside = await client.query({ name: 'pp_pid', text: 'select pg_backend_pid() as pid' });
      const shared = await pid();
      expect(inside.rows[0].pid).not.toBe(shared.rows[0].pid);
      await client.query('rollback');
    } finally {
      client.release();
    }
    const plain = await pool.query('select 1 as one');
    expect(plain.rows[0].one).toBe(1);
  });

  it('fails the queries of a connection that dies, without hanging, and reconnects', async () => {
    const victim = (await pid()).rows[0].pid;
    // Another query on the same connection: it is in flight when the backend is terminated.
    const slow = pool.query({ name: 'pp_slow', text: 'select pg_sleep($1::float8) as s, pg_backend_pid() as pid' }, [2]) as Promise<
      pg.QueryResult<{ pid: number }>
    >;
    const outcome = slow.then(
      () => 'answered',
      (e: unknown) => e,
    );
    const killer = new pg.Client({ connectionString: url });
    await killer.connect();
    try {
      // Find the shared connection the slow query is on, then end it.
      let target: number | undefined;
      for (let i = 0; i < 50 && target === undefined; i++) {
        const r = await killer.query(
          `select pid from pg_stat_activity where application_name = $1 and query like 'select pg_sleep(%' and state = 'active' and pid <> pg_backend_pid()`,
          [APP],
        );
        target = r.rows[0]?.pid;
        if (target === undefined) await new Promise((r) => setTimeout(r, 20));
      }
      expect(target).toBeDefined();
      await killer.query('select pg_terminate_backend($1)', [target]);
    } finally {
      await killer.end();
    }
    expect(await outcome).toBeInstanceOf(Error);
    // Later queries are answered (on a new connection where the old one was).
    for (let i = 0; i < 4; i++) {
      const r = await Promise.all([echo(i), echo(i + 1)]);
      expect(r.map((x) => x.rows[0].n)).toEqual([i, i + 1]);
    }
    expect(victim).toBeTypeOf('number');
  });

  it('answers queries in flight when the pool ends', async () => {
    const other = new PipeliningPool({ connectionString: url, max: 4 });
    await echo(0);
    const inFlight = Array.from({ length: 20 }, (_, i) => other.query({ name: 'pp_echo', text: 'select $1::int as n' }, [i]) as Promise<pg.QueryResult<{ n: number }>>);
    await nextTurn();
    await Promise.all([other.end(), ...inFlight]);
    expect((await Promise.all(inFlight)).map((r) => r.rows[0].n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
