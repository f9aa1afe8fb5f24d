/**
 * `npm run bench:http`: an authenticated JSON endpoint (session check + permission check +
 * one query: GET /api/orgs/{id} as a case officer) against a bare Hono handler returning the
 * same JSON, served the same way in the same process and run. Prints throughput and p99 and
 * their ratio, on PGlite and (when a server answers) on PostgreSQL. Target: ratio ≥ 0.5.
 */
import { Hono } from 'hono';
import fs from 'node:fs';
import { createApp } from '../src/app';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { totpNow } from '../src/platform/security/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, ensureBaseData, seedDemo } from '../src/seed';
import { load, type LoadResult } from './load';
import { listen, onEngines } from './pg-scratch';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(arg('seconds') ?? 5);
const ENGINES = (arg('engine') ?? 'pglite,postgres').split(',');
const CONCURRENCY = 16;
/** Alternations of bare and authenticated runs: drift (other load on the machine) hits both sides alike. */
const ROUNDS = 4;

/**
 * CPU time of this (the server's and the generator's) thread, in µs, from /proc on Linux; null
 * elsewhere. Per request it shows what the thread itself spends, independent of waiting: on a
 * loaded machine throughput drops with time slices, this much less.
 */
function threadCpuMicros(task: string = `task/${process.pid}/`): number | null {
  try {
    const fields = fs.readFileSync(`/proc/self/${task}stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / 100); // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

/** CPU time of the whole process (every thread: the server thread, PGlite's worker, GC helpers …), in µs. */
const processCpuMicros = () => threadCpuMicros('');

async function measured(url: string, headers?: Record<string, string>): Promise<LoadResult & { cpuMicros: number | null; otherCpuMicros: number | null }> {
  const [before, beforeAll] = [threadCpuMicros(), processCpuMicros()];
  const r = await load(url, { seconds: SECONDS / ROUNDS, concurrency: CONCURRENCY, headers });
  const [after, afterAll] = [threadCpuMicros(), processCpuMicros()];
  const cpuMicros = before === null || after === null ? null : after - before;
  const otherCpuMicros = cpuMicros === null || beforeAll === null || afterAll === null ? null : afterAll - beforeAll - cpuMicros;
  return { ...r, cpuMicros, otherCpuMicros };
}

function row(label: string, r: LoadResult) {
  return `${label.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50ms.toFixed(2).padStart(6)} ms   p99 ${r.p99ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`;
}

async function benchEngine(engine: 'pglite' | 'postgres', databaseUrl?: string) {
  const config = parseConfig({
    ZHIBAO_DATA_DIR: `/tmp/zhibao-bench-${process.pid}`,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    // Measurable either way: ZHIBAO_PGLITE_WORKER=false keeps PGlite in the server thread.
    ZHIBAO_PGLITE_WORKER: process.env.ZHIBAO_PGLITE_WORKER,
    ZHIBAO_PG_POOL_MAX: process.env.ZHIBAO_PG_POOL_MAX,
  });
  const platform = await createPlatform(config, { inMemory: engine === 'pglite' });
  await ensureBaseData(platform);
  await seedDemo(platform);
  const app = createApp(platform);
  const api = await listen(app.fetch);

  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer.huangpu', password: DEMO_PASSWORD, totp: totpNow(DEMO_TOTP_SECRET) }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const orgs = (await (await fetch(`${api.url}/api/orgs`, { headers: { cookie } })).json()) as { items: { id: string; code: string }[] };
  const huangpu = orgs.items.find((o) => o.code === 'sh-huangpu-ipo')!;
  const body = await (await fetch(`${api.url}/api/orgs/${huangpu.id}`, { headers: { cookie } })).json();

  const bare = new Hono();
  bare.get('/api/orgs/:id', (c) => c.json(body));
  const bareServer = await listen(bare.fetch);

  const appUrl = `${api.url}/api/orgs/${huangpu.id}`;
  const bareUrl = `${bareServer.url}/api/orgs/${huangpu.id}`;
  // Warm up both, then alternate so drift affects both sides alike.
  await load(appUrl, { seconds: 1, concurrency: CONCURRENCY, headers: { cookie } });
  await load(bareUrl, { seconds: 1, concurrency: CONCURRENCY });
  const runs: { app: Awaited<ReturnType<typeof measured>>; bare: Awaited<ReturnType<typeof measured>> }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const b = await measured(bareUrl);
    const a = await measured(appUrl, { cookie });
    runs.push({ app: a, bare: b });
  }
  const cpuPerRequest = (rs: { requests: number; cpuMicros: number | null }[]) =>
    rs.some((r) => r.cpuMicros === null) ? null : rs.reduce((s, r) => s + r.cpuMicros!, 0) / rs.reduce((s, r) => s + r.requests, 0);
  const otherCpuPerRequest = (rs: { requests: number; otherCpuMicros: number | null }[]) =>
    cpuPerRequest(rs.map((r) => ({ requests: r.requests, cpuMicros: r.otherCpuMicros })));
  const merge = (rs: LoadResult[]): LoadResult => ({
    requests: rs.reduce((s, r) => s + r.requests, 0),
    errors: rs.reduce((s, r) => s + r.errors, 0),
    seconds: rs.reduce((s, r) => s + r.seconds, 0),
    rps: rs.reduce((s, r) => s + r.requests, 0) / rs.reduce((s, r) => s + r.seconds, 0),
    p50ms: Math.max(...rs.map((r) => r.p50ms)),
    p99ms: Math.max(...rs.map((r) => r.p99ms)),
  });
  const appR = merge(runs.map((r) => r.app));
  const bareR = merge(runs.map((r) => r.bare));
  const how = engine === 'pglite' ? (config.ZHIBAO_PGLITE_WORKER ? 'PGlite in a worker thread' : 'PGlite in the server thread') : `pool of ${config.ZHIBAO_PG_POOL_MAX}`;
  console.log(`\n[${engine}] ${how}; ${CONCURRENCY} connections, ${SECONDS}s per side in ${ROUNDS} alternating rounds`);
  console.log(row('bare Hono handler', bareR));
  console.log(row('authenticated endpoint', appR));
  const ratio = appR.rps / bareR.rps;
  console.log(`throughput ratio (authenticated / bare): ${ratio.toFixed(2)}   target ≥ 0.50 ${ratio >= 0.5 ? 'met' : 'NOT met'}`);
  console.log(`p99 ratio (bare / authenticated):        ${(bareR.p99ms / appR.p99ms).toFixed(2)}`);
  console.log(`throughput ratio per round:               ${runs.map((r) => (r.app.rps / r.bare.rps).toFixed(2)).join('  ')}`);
  const [bareCpu, appCpu] = [cpuPerRequest(runs.map((r) => r.bare)), cpuPerRequest(runs.map((r) => r.app))];
  if (bareCpu !== null && appCpu !== null) {
    console.log(
      `server-thread CPU per request (with the generator): bare ${bareCpu.toFixed(0)} µs, authenticated ${appCpu.toFixed(0)} µs (ratio ${(bareCpu / appCpu).toFixed(2)})`,
    );
  }
  const [bareOther, appOther] = [otherCpuPerRequest(runs.map((r) => r.bare)), otherCpuPerRequest(runs.map((r) => r.app))];
  if (bareOther !== null && appOther !== null) {
    // PGlite's worker thread (on PostgreSQL the server's processes are not counted), GC helpers.
    console.log(`other threads' CPU per request:                  bare ${bareOther.toFixed(0)} µs, authenticated ${appOther.toFixed(0)} µs`);
  }
  api.close();
  bareServer.close();
  await platform.database.close();
  return ratio;
}

await onEngines(ENGINES, benchEngine);
process.exit(0);
