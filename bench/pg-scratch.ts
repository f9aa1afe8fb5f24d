import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/** A throw-away PostgreSQL database for one benchmark run (null when no server answers). */
export async function freshPgUrl(): Promise<string | null> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    const name = `zhibao_bench_${Date.now()}`;
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  } catch {
    return null;
  } finally {
    await admin.end().catch(() => {});
  }
}

export async function dropPg(url: string) {
  const name = new URL(url).pathname.slice(1);
  const base = new URL(url);
  base.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

/** Serves `fetch` on a free loopback port. */
export function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}

/** Runs a benchmark on PGlite and/or on a fresh PostgreSQL database (dropped afterwards), as `engines` asks. */
export async function onEngines(engines: string[], run: (engine: 'pglite' | 'postgres', databaseUrl?: string) => Promise<unknown>): Promise<void> {
  if (engines.includes('pglite')) await run('pglite');
  if (!engines.includes('postgres')) return;
  const url = await freshPgUrl();
  if (!url) {
    console.log('\n[postgres] no server answered at DATABASE_URL or 127.0.0.1:5432: not measured');
    return;
  }
  try {
    await run('postgres', url);
  } finally {
    await dropPg(url);
  }
}
