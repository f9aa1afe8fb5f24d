/**
 * `npm run bench:cases`: sustained case submissions per second (POST /api/matters: routing,
 * tracking number, first statutory clock, event, audit, ledger append, notifications and mail,
 * one transaction) and actions per second (POST /api/cases/{id}/actions with `set_grade`:
 * event, projection, clocks, audit, ledger append, notifications), each with p99 latency, printed
 * against the Foundation benchmark's bare Hono endpoint measured in the same run. PGlite and,
 * when a server answers, PostgreSQL. Target from the issue: ≥ 1,000 submissions/s on PostgreSQL.
 */
import { Hono } from 'hono';
import fs from 'node:fs';
import http from 'node:http';
import { createApp } from '../src/app';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { DEMO_PASSWORD, ensureBaseData, seedDemo } from '../src/seed';
import { load, type LoadResult } from './load';
import { listen, onEngines } from './pg-scratch';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(arg('seconds') ?? 5);
const ENGINES = (arg('engine') ?? 'pglite,postgres').split(',');
const CONCURRENCY = Number(arg('concurrency') ?? 32);
/** `--only=submit` skips the actions (for profiling one phase). */
const ONLY = arg('only');

/** A closed loop of POSTs; each worker builds its own bodies (unique request ids, its own case). */
async function postLoop(url: string, headers: Record<string, string>, workers: number, seconds: number, next: (worker: number) => { path: string; body: unknown }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: workers });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError = '';
  const deadline = performance.now() + seconds * 1000;
  const one = (w: number) =>
    new Promise<void>((resolve) => {
      const { path, body } = next(w);
      const data = Buffer.from(JSON.stringify(body));
      const t0 = performance.now();
      const req = http.request(
        { host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': data.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200 && res.statusCode !== 201) {
              errors++;
              firstError ||= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`;
            }
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        errors++;
        firstError ||= e.message;
        resolve();
      });
      req.end(data);
    });
  const start = performance.now();
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    while (performance.now() < deadline) await one(w);
  }));
  const secs = (performance.now() - start) / 1000;
  agent.destroy();
  if (firstError) console.log(`  first error: ${firstError}`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { requests: latencies.length, errors, seconds: secs, rps: latencies.length / secs, p50ms: pct(0.5), p99ms: pct(0.99) };
}

/** CPU time of this process (server, generator and PGlite's worker thread), in µs, from /proc on Linux; null elsewhere. */
function processCpuMicros(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

async function withCpu<T extends LoadResult>(run: () => Promise<T>): Promise<T & { cpuPerOpMicros: number | null }> {
  const before = processCpuMicros();
  const r = await run();
  const after = processCpuMicros();
  return { ...r, cpuPerOpMicros: before === null || after === null ? null : (after - before) / Math.max(1, r.requests) };
}

function row(label: string, r: LoadResult & { cpuPerOpMicros?: number | null }) {
  const cpu = r.cpuPerOpMicros == null ? '' : `   CPU ${r.cpuPerOpMicros.toFixed(0).padStart(5)} µs/op`;
  return `${label.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} /s   p50 ${r.p50ms.toFixed(2).padStart(7)} ms   p99 ${r.p99ms.toFixed(2).padStart(7)} ms   errors ${r.errors}${cpu}`;
}

const FORM = {
  patentNumber: 'ZL202110123456.7',
  patentTitle: '一种可吸收医用缝合线',
  requesterStanding: 'patentee',
  respondent: { subjectType: 'individual', name: '王五', address: '上海市黄浦区南京东路 1 号', regionCode: '310101' },
  claims: [1, 2],
  requests: '责令被请求人立即停止侵权行为',
  facts: '被请求人在其门店销售的产品落入涉案专利权利要求 1、2 的保护范围。',
  evidenceIds: [],
  noCourtAction: true,
};

async function benchEngine(engine: 'pglite' | 'postgres', databaseUrl?: string) {
  const config = parseConfig({ ZHIBAO_DATA_DIR: `/tmp/zhibao-bench-cases-${process.pid}`, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', ZHIBAO_CLOCK_SCAN_SECONDS: '0' });
  const platform = await createPlatform(config, { inMemory: engine === 'pglite' });
  await ensureBaseData(platform);
  await seedDemo(platform);
  const app = createApp(platform);
  const api = await listen(app.fetch);
  const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'acme', password: DEMO_PASSWORD }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const csrf = ((await login.json()) as { session: { csrfToken: string } }).session.csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf, origin: api.url };

  // The Foundation benchmark's bare endpoint, measured in this run.
  const bare = new Hono();
  const body = { id: 'x', code: 'sh-huangpu-ipo', nameZh: '黄浦区知识产权局' };
  bare.get('/api/orgs/:id', (c) => c.json(body));
  const bareServer = await listen(bare.fetch);
  const bareR = await withCpu(() => load(`${bareServer.url}/api/orgs/x`, { seconds: SECONDS, concurrency: CONCURRENCY }));

  let n = 0;
  const warm = await postLoop(api.url, headers, CONCURRENCY, 1, () => ({ path: '/api/matters', body: { matterType: 'patent_adjudication', requestId: `warm-${n++}`, form: FORM } }));
  if (warm.errors) throw new Error('submissions fail; see the first error above');
  const submit = await withCpu(() => postLoop(api.url, headers, CONCURRENCY, SECONDS, () => ({ path: '/api/matters', body: { matterType: 'patent_adjudication', requestId: `s-${n++}`, form: FORM } })));

  if (ONLY === 'submit') {
    console.log(row('submissions (POST /api/matters)', submit));
    api.close();
    bareServer.close();
    await platform.database.close();
    return;
  }
  // Actions: each worker grades its own case back and forth, tracking the version it expects.
  const cases: { id: string; version: number }[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const r = await fetch(`${api.url}/api/matters`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ matterType: 'patent_adjudication', requestId: `a-${i}`, form: FORM }) });
    cases.push({ id: ((await r.json()) as { id: string }).id, version: 1 });
  }
  const officerLogin = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'officer.huangpu', password: DEMO_PASSWORD, totp: (await import('../src/platform/security/totp')).totpNow('ZHIBAODEMOSECRETZHIBAODEMOSECRET') }),
  });
  const oCookie = officerLogin.headers.get('set-cookie')!.split(';')[0];
  const oCsrf = ((await officerLogin.json()) as { session: { csrfToken: string } }).session.csrfToken;
  let a = 0;
  const actions = await withCpu(() => postLoop(api.url, { cookie: oCookie, 'x-csrf-token': oCsrf, origin: api.url }, CONCURRENCY, SECONDS, (w) => {
    const c = cases[w];
    const body = { action: 'set_grade', payload: { grade: c.version % 2 ? 'simple' : 'ordinary', fastTrack: false, reason: '基准测试' }, requestId: `act-${a++}`, expectedVersion: c.version };
    c.version++;
    return { path: `/api/cases/${c.id}/actions`, body };
  }));

  console.log(`\n[${engine}] ${CONCURRENCY} concurrent clients, ${SECONDS}s each`);
  console.log(row('bare Hono handler (GET)', bareR));
  console.log(row('submissions (POST /api/matters)', submit));
  console.log(row('actions (POST …/actions set_grade)', actions));
  console.log(`submissions / bare: ${(submit.rps / bareR.rps).toFixed(3)}   actions / bare: ${(actions.rps / bareR.rps).toFixed(3)}`);
  if (submit.cpuPerOpMicros && bareR.cpuPerOpMicros) {
    // CPU per operation hardly moves with other load on the machine; throughput does.
    console.log(`process CPU per submission: ${(submit.cpuPerOpMicros / 1000).toFixed(2)} ms (${(submit.cpuPerOpMicros / bareR.cpuPerOpMicros).toFixed(0)}× a bare request); one core would allow ${(1e6 / submit.cpuPerOpMicros).toFixed(0)} submissions/s`);
  }
  if (engine === 'postgres') console.log(`target ≥ 1,000 submissions/s on PostgreSQL: ${submit.rps >= 1000 ? 'met' : 'NOT met'} (${submit.rps.toFixed(0)}/s)`);
  api.close();
  bareServer.close();
  await platform.database.close();
}

await onEngines(ENGINES, benchEngine);
process.exit(0);
