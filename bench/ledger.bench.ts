/**
 * `npm run bench:ledger`: the evidence ledger's two performance claims, on PGlite and (when a
 * server answers) on PostgreSQL, each against its target:
 *
 *   appends   queued with `ledger.append` / `appendMany` in callers' transactions, then
 *             sequenced by the integrator in batches; target ≥ 20,000 entries/s integrated
 *   proofs    inclusion proofs in a log of --leaves entries (default 1,000,000) from the stored
 *             tiles: cold (a fresh process's empty cache) and warm; target < 1 ms
 *
 * Options: --leaves=N (proof log size), --appends=N (entries for the append run, default 100,000),
 * --engine=pglite|postgres (default both).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ledger, Ledger, openLedger } from '../src/domains/ledger';
import { loadLedgerSigners } from '../src/domains/ledger/ledger.keys';
import { generateInclusionProof, sha256Hasher, verifyInclusion } from '../src/domains/ledger/merkle';
import { storedNodeSource } from '../src/domains/ledger/tile-store';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { rowsOf } from '../src/platform/db/client';
import type { Platform } from '../src/platform/http/context';
import { dropPg, freshPgUrl } from './pg-scratch';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const LEAVES = Number(arg('leaves', '1000000'));
const APPENDS = Number(arg('appends', '100000'));
const ENGINES = arg('engine', 'pglite,postgres').split(',');
const TARGET_APPENDS = 20_000;
const TARGET_PROOF_MS = 1;


const entry = (i: number) => Buffer.from(`{"bench":${i},"pad":"${'x'.repeat(100)}"}`);
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const fmt = (n: number) => n.toLocaleString('en-US');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function fill(platform: Platform, l: Ledger, count: number, first: number): Promise<{ enqueueMs: number; integrateMs: number }> {
  let t0 = performance.now();
  for (let i = 0; i < count; i += 1000) {
    const n = Math.min(1000, count - i);
    await platform.db.transaction((tx) => ledger.appendMany(Array.from({ length: n }, (_, k) => entry(first + i + k)), tx));
  }
  const enqueueMs = performance.now() - t0;
  t0 = performance.now();
  for (;;) {
    const r = await l.integrate();
    if (r.integrated === 0 && !r.more) break;
  }
  return { enqueueMs, integrateMs: performance.now() - t0 };
}

async function benchEngine(engine: 'pglite' | 'postgres', databaseUrl?: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-bench-ledger-'));
  const config = parseConfig({ ZHIBAO_DATA_DIR: dataDir, ZHIBAO_SECRET_KEY: '5a'.repeat(32), LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl });
  const platform = await createPlatform(config, { inMemory: !databaseUrl });
  try {
    const l = await openLedger(platform);
    console.log(`\n${engine}`);

    // Callers: single appends in transactions of 100 (what domain code does), then the integrator.
    let t0 = performance.now();
    const single = Math.min(APPENDS, 20_000);
    for (let i = 0; i < single; i += 100) {
      await platform.db.transaction(async (tx) => {
        for (let k = 0; k < 100; k++) await ledger.append(entry(i + k), tx);
      });
    }
    const singleMs = performance.now() - t0;
    console.log(`  ledger.append, 100 per transaction   ${fmt(perSecond(single, singleMs)).padStart(8)} entries/s queued`);
    t0 = performance.now();
    for (;;) {
      const r = await l.integrate();
      if (r.integrated === 0 && !r.more) break;
    }
    const drainMs = performance.now() - t0;
    console.log(`  integrator (batches of ${l.batchSize})         ${fmt(perSecond(single, drainMs)).padStart(8)} entries/s sequenced`);

    const many = await fill(platform, l, APPENDS, single);
    const integrated = perSecond(APPENDS, many.integrateMs);
    console.log(`  appendMany, 1000 per transaction     ${fmt(perSecond(APPENDS, many.enqueueMs)).padStart(8)} entries/s queued`);
    console.log(`  integrator (batches of ${l.batchSize})         ${fmt(integrated).padStart(8)} entries/s sequenced   ${(integrated / TARGET_APPENDS).toFixed(2)}× target`);

    // Grow the log to LEAVES for the proof claim.
    const have = single + APPENDS;
    if (LEAVES > have) {
      t0 = performance.now();
      await fill(platform, l, LEAVES - have, have);
      console.log(`  grown to ${fmt(LEAVES)} leaves in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const latest = await l.latestCheckpoint();
    const size = latest.size;
    const indexes = Array.from({ length: 500 }, (_, i) => Math.floor(((i * 2654435761) % 2 ** 32) / 2 ** 32 * size));

    // A fresh instance, as in a new process: empty stratum cache, no checkpoint remembered.
    const fresh = new Ledger(platform.db, l.log, loadLedgerSigners({ dataDir }, l.origin));
    const timings: Record<string, number[]> = { 'from the database': [], 'service, first': [], 'service, cached': [] };
    for (const index of indexes) {
      // Tree read only: the nodes straight from ledger_tiles, one query per proof.
      const source = storedNodeSource(platform.db, l.log.id);
      t0 = performance.now();
      const proof = await generateInclusionProof(source, sha256Hasher, index, size);
      timings['from the database'].push(performance.now() - t0);
      if (!verifyInclusion(sha256Hasher, index, size, sha256Hasher.hashLeaf(entry(index)), proof, latest.root).ok) throw new Error(`proof ${index} fails`);
    }
    for (const key of ['service, first', 'service, cached']) {
      for (const index of indexes) {
        t0 = performance.now();
        await fresh.inclusionProof(index, size);
        timings[key].push(performance.now() - t0);
      }
    }
    for (const [name, list] of Object.entries(timings)) {
      if (list.length === 0) continue;
      const sorted = [...list].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      console.log(
        `  inclusion proof at ${fmt(size)}, ${name.padEnd(17)}   p50 ${p50.toFixed(3)} ms   p99 ${percentile(sorted, 99).toFixed(3)} ms   ${(TARGET_PROOF_MS / p50).toFixed(1)}× under target`,
      );
    }
    const [sizes] = rowsOf<{ strata: string; entries: string }>(
      await platform.db.execute(sql`select pg_size_pretty(pg_total_relation_size('ledger_strata')) as strata, pg_size_pretty(pg_total_relation_size('ledger_entries')) as entries`),
    );
    console.log(`  storage: strata ${sizes.strata}, entries ${sizes.entries} (with indexes)`);
  } finally {
    await platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (ENGINES.includes('pglite')) await benchEngine('pglite');
if (ENGINES.includes('postgres')) {
  const url = await freshPgUrl();
  if (!url) console.log('\npostgres: no server answers (set DATABASE_URL); skipped');
  else {
    try {
      await benchEngine('postgres', url);
    } finally {
      await dropPg(url);
    }
  }
}
