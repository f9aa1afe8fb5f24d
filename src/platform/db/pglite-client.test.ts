import { messages, PGlite, types } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparedPglite, type PgliteClient } from './pglite-prepared';
import { PgliteRemote } from './pglite-remote';

/**
 * The two PGlite clients the server uses: PreparedPglite (named prepared statements, in this
 * thread) and PgliteRemote (the same, in a worker thread). Both must behave like PGlite itself
 * where the application depends on it: results, parsers, PostgreSQL errors, transactions.
 */
const clients: [string, () => Promise<PgliteClient>][] = [
  ['PreparedPglite (this thread)', async () => new PreparedPglite(await PGlite.create())],
  ['PgliteRemote (worker thread)', () => PgliteRemote.open()],
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const items = pgTable('items', { id: integer('id').primaryKey(), name: text('name').notNull() });

describe.each(clients)('%s', (_label, open) => {
  let db: PgliteClient;
  beforeAll(async () => {
    db = await open();
    await db.exec(`
      create table items (id int primary key, name text not null, at timestamptz default '2026-01-02T03:04:05Z', data bytea, doc jsonb);
      create table log (seq serial primary key, who text not null);
    `);
  }, 60_000);
  afterAll(() => db?.close());

  it('answers parameterised queries in object and array row mode, again and again', async () => {
    await db.query('insert into items (id, name, data, doc) values ($1, $2, $3, $4)', [1, 'one', new Uint8Array([1, 2, 255]), JSON.stringify({ a: [1] })]);
    for (let i = 0; i < 3; i++) {
      const r = await db.query<{ id: number; name: string; at: Date; data: Uint8Array; doc: unknown }>('select * from items where id = $1', [1]);
      expect(r.rows).toHaveLength(1);
      expect(r.rows[0]).toMatchObject({ id: 1, name: 'one', doc: { a: [1] } });
      expect(r.rows[0].at).toBeInstanceOf(Date);
      expect([...r.rows[0].data]).toEqual([1, 2, 255]);
      expect(r.fields.map((f) => f.name)).toEqual(['id', 'name', 'at', 'data', 'doc']);
    }
    const arrays = await db.query('select id, name from items where id = $1', [1], { rowMode: 'array' });
    expect(arrays.rows).toEqual([[1, 'one']]);
    const none = await db.query('select id from items where id = $1', [404]);
    expect(none.rows).toEqual([]);
    const updated = await db.query('update items set name = $1 where id = $2', ['uno', 1]);
    expect(updated.affectedRows).toBe(1);
  });

  it('runs the caller’s parsers (functions) on the caller’s side', async () => {
    const r = await db.query<[string, number]>('select at, id from items where id = $1', [1], {
      rowMode: 'array',
      parsers: { [types.TIMESTAMPTZ]: (v: string) => `raw:${v}`, [types.INT4]: (v: string) => Number(v) * 10 },
    });
    expect(r.rows[0][0]).toMatch(/^raw:2026-01-02 \d\d:04:05/);
    expect(r.rows[0][1]).toBe(10);
  });

  it('reports PostgreSQL errors as PGlite’s DatabaseError with their code, and keeps working', async () => {
    const error = await db.query('insert into items (id, name) values ($1, $2)', [1, 'again']).catch((e) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: '23505', constraint: 'items_pkey', severity: 'ERROR', query: 'insert into items (id, name) values ($1, $2)' });
    expect(String(error.message)).toMatch(/duplicate key/);
    const syntax = await db.query('selec 1').catch((e) => e);
    expect(syntax).toMatchObject({ code: '42601' });
    expect((await db.query('select count(*)::int as n from items')).rows).toEqual([{ n: 1 }]);
  });

  it('commits a transaction whose callback resolves and rolls back one that throws', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('insert into items (id, name) values ($1, $2)', [2, 'two']);
      return 'done';
    });
    expect(value).toBe('done');
    const failure = new Error('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items (id, name) values ($1, $2)', [3, 'three']);
        throw failure;
      }),
    ).rejects.toBe(failure);
    const ids = (await db.query<{ id: number }>('select id from items order by id')).rows.map((r) => r.id);
    expect(ids).toEqual([1, 2]);
  });

  it('rolls back the whole transaction when a statement fails', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query('insert into items (id, name) values ($1, $2)', [4, 'four']);
        await tx.query('insert into items (id, name) values ($1, $2)', [1, 'duplicate']);
      })
      .catch((e) => e);
    expect(error).toMatchObject({ code: '23505' });
    expect((await db.query('select id from items where id = $1', [4])).rows).toEqual([]);
  });

  it('serialises transactions: their statements never interleave, other queries wait for the commit', async () => {
    const run = (who: string) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) {
          await tx.query('insert into log (who) values ($1)', [who]);
          await sleep(5);
        }
      });
    const outside = (async () => {
      await sleep(2);
      return (await db.query<{ n: number }>('select count(*)::int as n from log')).rows[0].n;
    })();
    await Promise.all([run('a'), run('b'), run('c')]);
    const seen = await outside;
    expect(seen % 3).toBe(0); // never in the middle of a transaction
    const order = (await db.query<{ who: string }>('select who from log order by seq')).rows.map((r) => r.who).join('');
    expect(order).toMatch(/^(aaa|bbb|ccc){3}$/);
    expect(new Set(order.match(/.../g)).size).toBe(3);
  });

  it('holds transaction-scoped advisory locks until the end of the transaction', async () => {
    await db.transaction(async (tx) => {
      const r = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1, $2) as locked', [7, 1]);
      expect(r.rows[0].locked).toBe(true);
      const held = await tx.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory'");
      expect(held.rows[0].n).toBe(1);
    });
    const after = await db.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory'");
    expect(after.rows[0].n).toBe(0);
  });

  it('refuses statements after an explicit rollback', async () => {
    await db.transaction(async (tx) => {
      await tx.query('insert into items (id, name) values ($1, $2)', [5, 'five']);
      await tx.rollback();
      expect(tx.closed).toBe(true);
      await expect(tx.query('select 1')).rejects.toThrow(/closed/);
    });
    expect((await db.query('select id from items where id = $1', [5])).rows).toEqual([]);
  });

  it('keeps working when a prepared statement’s table changes shape', async () => {
    await db.exec('create table shape (a int)');
    await db.query('insert into shape values ($1)', [1]);
    expect((await db.query('select * from shape where a = $1', [1])).rows).toEqual([{ a: 1 }]);
    await db.exec('alter table shape add column b text');
    expect((await db.query('select * from shape where a = $1', [1])).rows).toEqual([{ a: 1, b: null }]);
  });

  it('works as the client of Drizzle’s PGlite driver, savepoints included', async () => {
    const d = drizzle({ client: db as unknown as PGlite });
    await d.insert(items).values({ id: 10, name: 'ten' });
    const prepared = d.select().from(items).where(sql`${items.id} = ${sql.placeholder('id')}`).prepare('item_by_id');
    expect(await prepared.execute({ id: 10 })).toEqual([{ id: 10, name: 'ten' }]);
    await d.transaction(async (tx) => {
      await tx.insert(items).values({ id: 11, name: 'eleven' });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(items).values({ id: 12, name: 'twelve' });
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
    });
    const ids = (await d.select({ id: items.id }).from(items).where(sql`${items.id} >= 10`).orderBy(items.id)).map((r) => r.id);
    expect(ids).toEqual([10, 11]);
    const err = await d.insert(items).values({ id: 10, name: 'again' }).catch((e) => e);
    expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe('23505');
  });

  it('decodes replies as PGlite does: nulls, multi-byte text, repeated column names, command and counts', async () => {
    const q = 'select $1::text as a, null::int as b, $2::int as a, $3::text[] as arr, $4::bool as t';
    const params = ['知保 🔒 ü', 7, ['x', 'y,z'], true];
    const reference = await PGlite.create();
    try {
      for (const rowMode of [undefined, 'array'] as const) {
        const ours = await db.query(q, params, rowMode ? { rowMode } : undefined);
        const theirs = await reference.query(q, params, rowMode ? { rowMode } : undefined);
        expect(ours).toEqual(theirs);
      }
      const insert = 'insert into log (who) values ($1), ($2)';
      const [ours, theirs] = [await db.query(insert, ['p', 'q']), await reference.query('select 1')];
      expect(theirs).toMatchObject({ command: 'SELECT', rowCount: 1 });
      expect(ours).toMatchObject({ command: 'INSERT', affectedRows: 2, rowCount: 2, rows: [], fields: [] });
      await db.query('delete from log where who in ($1, $2)', ['p', 'q']);
    } finally {
      await reference.close();
    }
  });

  it('gives each result its own fields, and replies spanning several chunks whole', async () => {
    const q = 'select id, name from items where id = $1';
    const first = await db.query(q, [1]);
    first.fields.length = 0;
    const again = await Promise.all([db.query(q, [1]), db.query(q, [1])]);
    for (const r of again) expect(r.fields.map((f) => f.name)).toEqual(['id', 'name']);
    expect(again[0].fields).not.toBe(again[1].fields);
    const big = await db.query<{ n: number; s: string }>("select n, repeat('x', 100) || n as s from generate_series(1, $1::int) n", [20_000]);
    expect(big.rows).toHaveLength(20_000);
    expect(big.rows[19_999]).toEqual({ n: 20_000, s: `${'x'.repeat(100)}20000` });
  });

  it('returns results of statements that also send notices', async () => {
    await db.exec(`create or replace function noisy(x int) returns int language plpgsql as $$ begin raise notice 'noisy %', x; return x * 2; end $$`);
    expect((await db.query('select noisy($1) as y', [21])).rows).toEqual([{ y: 42 }]);
    const error = await db.query('select noisy($1) / 0 as y', [1]).catch((e) => e);
    expect(error).toBeInstanceOf(messages.DatabaseError);
    expect(error).toMatchObject({ code: '22012' });
  });
});

describe('PgliteRemote', () => {
  it('rejects queries once closed, and its worker no longer holds the process', async () => {
    const remote = await PgliteRemote.open();
    expect((await remote.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await remote.close();
    await expect(remote.query('select 1')).rejects.toThrow(/closed/);
  }, 60_000);

  it('fails only a request whose parameters cannot cross threads, the others of its batch are answered', async () => {
    const remote = await PgliteRemote.open();
    try {
      const q = 'select $1::int as n';
      const [a, bad, b] = await Promise.allSettled([remote.query(q, [1]), remote.query(q, [() => 2]), remote.query(q, [3])]);
      expect(a).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 1 }] } });
      expect(bad.status).toBe('rejected');
      expect(b).toMatchObject({ status: 'fulfilled', value: { rows: [{ n: 3 }] } });
      expect((await remote.query(q, [4])).rows).toEqual([{ n: 4 }]);
      // A statement text whose first request could not be sent is sent again with the next.
      const fresh = 'select $1::int + 1 as m';
      await expect(remote.query(fresh, [Symbol('x')])).rejects.toBeDefined();
      expect((await remote.query(fresh, [1])).rows).toEqual([{ m: 2 }]);
    } finally {
      await remote.close();
    }
  }, 60_000);

  it('refuses options that cannot cross threads', async () => {
    const remote = await PgliteRemote.open();
    try {
      await expect(remote.query('select 1', [], { serializers: { 25: (x: unknown) => String(x) } })).rejects.toThrow(/not supported/);
    } finally {
      await remote.close();
    }
  }, 60_000);
});
