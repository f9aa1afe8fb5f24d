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
