import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, ledger, openLedger } from '../src/domains/ledger';
import { verifyCheckpoint } from '../src/domains/ledger/crypto/checkpoint';
import { createNoteVerifier, generateSignerKey, type NoteVerifier } from '../src/domains/ledger/crypto/note';
import { readVectorJson, readVectorText } from '../src/domains/ledger/crypto/vectors';
import { KEY_FILES, loadLedgerSigners } from '../src/domains/ledger/ledger.keys';
import {
  CompactRange,
  consistencyProofFromTiles,
  decodeEntryBundle,
  entryBundlePath,
  entryBundlesForTreeSize,
  inclusionProofFromTiles,
  MemoryNodeStore,
  merkleHasher,
  parseTlogProof,
  readTiles,
  sha256Hasher,
  sm3Hasher,
  TILE_WIDTH,
  tilePath,
  tilesForTreeSize,
  verifyConsistency,
  verifyInclusion,
  type Hasher,
  type TileSource,
} from '../src/domains/ledger/merkle';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { rowsOf } from '../src/platform/db/client';
import type { Platform } from '../src/platform/http/context';
import { onPostgres, TEST_BASE_URL, TEST_SECRET_KEY, useTestApp } from './support/test-app';

/**
 * The evidence ledger on the database: appends inside callers' transactions, batched
 * integration, racing integrators, signed checkpoints, tiles and proofs over HTTP, restarts.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */

const t = useTestApp();
let log: Ledger;
beforeAll(async () => {
  log = await openLedger(t.platform);
});
const b64 = (s: string) => Buffer.from(s, 'base64');
const text = (s: string) => Buffer.from(s, 'utf8');

async function appendCommitted(platform: Pick<Platform, 'db'>, entries: Buffer[]): Promise<number[]> {
  return platform.db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const e of entries) ids.push((await ledger.append(e, tx)).queueId);
    return ids;
  });
}

/** Integration rounds until nothing is left. */
async function drain(l: Ledger): Promise<void> {
  for (;;) {
    const r = await l.integrate();
    if (r.integrated === 0 && !r.more) return;
  }
}

/** Every entry in index order, read straight from the table (the reference for what is served). */
async function storedEntries(platform: Pick<Platform, 'db'>): Promise<Buffer[]> {
  const rows = rowsOf<{ entry: string }>(await platform.db.execute(sql`select encode(entry, 'hex') as entry from ledger_entries order by idx`));
  return rows.map((r) => Buffer.from(r.entry, 'hex'));
}

function referenceTree(entries: Buffer[], hasher: Hasher = sha256Hasher) {
  const store = new MemoryNodeStore();
  const range = CompactRange.empty(hasher);
  for (const e of entries) range.appendWith(hasher.hashLeaf(e), store.put);
  return { store, range };
}

async function publishedVerifiers(): Promise<NoteVerifier[]> {
  const res = await t.request('GET', '/api/ledger/vkeys');
  expect(res.status).toBe(200);
  return res.text.trim().split('\n').map((v) => createNoteVerifier(v));
}

async function allCheckpoints(): Promise<{ size: number; root: string; note: string }[]> {
  const out: { size: number; root: string; note: string }[] = [];
  let after = -1;
  for (;;) {
    const res = await t.request('GET', `/api/ledger/checkpoints?after=${after}&limit=500`);
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    if (res.body.nextAfter === null) return out;
    after = res.body.nextAfter;
  }
}

const httpTiles: TileSource = {
  async getTiles(tiles) {
    return Promise.all(
      tiles.map(async (tile) => {
        const res = await t.request('GET', `/ledger/${tilePath(tile)}`);
        if (res.status !== 200) throw new Error(`${tilePath(tile)} answered ${res.status}`);
        return Buffer.from(res.bytes);
      }),
    );
  },
};

// ---------------------------------------------------------------------------------------------
// Separate databases for the tests that need their own log (restart, SM3, Tessera keys).

interface Environment {
  platform: Platform;
  config: ReturnType<typeof parseConfig>;
  reopen(env?: Record<string, string>): Promise<Platform>;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh database (PostgreSQL) or data directory (PGlite on disk when `persistent`, else in memory). */
async function environment(env: Record<string, string> = {}, opts: { persistent?: boolean } = {}): Promise<Environment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-ledger-'));
  let databaseUrl: string | undefined;
  if (onPostgres) {
    const name = `zhibao_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(process.env.DATABASE_URL!, `CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    cleanups.push(() => adminQuery(process.env.DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const configOf = (extra: Record<string, string> = {}) =>
    parseConfig({ ZHIBAO_DATA_DIR: dataDir, ZHIBAO_SECRET_KEY: TEST_SECRET_KEY, ZHIBAO_BASE_URL: TEST_BASE_URL, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...env, ...extra });
  const inMemory = !databaseUrl && !opts.persistent;
  const open = async (extra?: Record<string, string>) => {
    const p = await createPlatform(configOf(extra), { inMemory });
    cleanups.push(() => p.database.close().catch(() => {}));
    return p;
  };
  const platform = await open();
  return { platform, config: configOf(), reopen: open, close: () => platform.database.close() };
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string; message?: string }) => e.code ?? e.message,
  );

/** The database's own message for a refused statement (drizzle wraps it). */
const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: { cause?: { message?: string }; message?: string }) => e.cause?.message ?? e.message ?? '',
  );

// ---------------------------------------------------------------------------------------------

describe('appending', () => {
  it('starts with a signed checkpoint of the empty tree', async () => {
    const cp = await log.checkpoint(0);
    expect(cp.root.equals(sha256Hasher.emptyRoot())).toBe(true);
    expect(cp.note.startsWith(`zhibao.test/zhibao/ledger\n0\n${sha256Hasher.emptyRoot().toString('base64')}\n\n— zhibao.test/zhibao/ledger `)).toBe(true);
  });

  it('acknowledges an entry when the appending transaction commits, and gives it an index', async () => {
    const [queueId] = await appendCommitted(t.platform, [text('committed 1')]);
    const { index } = await ledger.awaitIntegration(t.platform, queueId);
    const res = await t.request('GET', `/api/ledger/entries/${index}`);
    expect(res.status).toBe(200);
    expect(b64(res.body.entry).toString()).toBe('committed 1');
  });

  it('leaves nothing behind when the appending transaction rolls back', async () => {
    const [{ n: before }] = await t.query<{ n: number }>(sql`select count(*)::int as n from ledger_entries`);
    let queueId = 0;
    await expect(
      t.platform.db.transaction(async (tx) => {
        queueId = (await ledger.append(text('rolled back'), tx)).queueId;
        throw new Error('the caller fails');
      }),
    ).rejects.toThrow('the caller fails');
    expect(queueId).toBeGreaterThan(0);
    await drain(log);
    expect(await codeOf(ledger.awaitIntegration(t.platform, queueId))).toBe('ledger.queue_entry_not_found');
    const [{ n: after }] = await t.query<{ n: number }>(sql`select count(*)::int as n from ledger_entries`);
    expect(after).toBe(before);
    const found = await t.query(sql`select 1 from ledger_entries where entry = ${text('rolled back')}`);
    expect(found).toEqual([]);
  });

  it('refuses an entry longer than an entry bundle can hold (65,535 bytes)', async () => {
    expect(await codeOf(t.platform.db.transaction((tx) => ledger.append(Buffer.alloc(65_536), tx)))).toBe('ledger.entry_too_large');
    const [queueId] = await appendCommitted(t.platform, [Buffer.alloc(65_535, 7)]);
    expect((await ledger.awaitIntegration(t.platform, queueId)).index).toBeGreaterThan(0);
  });

  it('sequences batches with consecutive indexes, in queue order, across batches', async () => {
    const before = (await log.status()).integratedSize;
    const entries = Array.from({ length: 1000 }, (_, i) => text(`batch entry ${i}`));
    const ids = [...(await appendCommitted(t.platform, entries.slice(0, 500))), ...(await appendCommitted(t.platform, entries.slice(500)))];
    const sizes: number[] = [];
    for (;;) {
      const batch = await log.integrateBatch(137);
      if (batch.count === 0) break;
      sizes.push(batch.size);
    }
    expect(sizes[0]).toBe(before + 137);
    expect(sizes[sizes.length - 1]).toBe(before + 1000);
    expect(sizes.length).toBe(Math.ceil(1000 / 137));
    const rows = await t.query<{ idx: string | number; queue_id: string | number }>(sql`select idx, queue_id from ledger_entries where idx >= ${before} order by idx`);
    expect(rows.map((r) => Number(r.queue_id))).toEqual(ids);
    expect(rows.map((r) => Number(r.idx))).toEqual(ids.map((_, i) => before + i));
    const signed = await log.signPending();
    expect(signed?.size).toBe(before + 1000);
    expect(signed!.root.equals(referenceTree(await storedEntries(t.platform)).range.root())).toBe(true);
  });

  it('never assigns an index twice when two integrators race', async () => {
    // A second integrator with its own state: a second process's pool on PostgreSQL, a second instance on PGlite.
    const secondPlatform = onPostgres ? await createPlatform(t.config) : undefined;
    const second = secondPlatform
      ? await openLedger(secondPlatform, { batchSize: 97 })
      : new Ledger(t.platform.db, log.log, loadLedgerSigners({ dataDir: t.config.dataDir }, log.origin), { batchSize: 97 });
    const before = (await log.status()).integratedSize;
    const total = 3000;
    for (let i = 0; i < total; i += 250) await appendCommitted(t.platform, Array.from({ length: 250 }, (_, k) => text(`race ${i + k}`)));
    const loop = async (l: Ledger, limit: number) => {
      let mine = 0;
      for (;;) {
        const b = await l.integrateBatch(limit);
        mine += b.count;
        if (b.locked && b.count === 0) return mine;
      }
    };
    const [a, b, c] = await Promise.all([loop(log, 89), loop(second, 97), Promise.all([log.integrate(), second.integrate()]).then((r) => r[0].integrated + r[1].integrated)]);
    expect(a + b + c).toBe(total);
    const [stats] = await t.query<{ n: number; distinct_idx: number; max_idx: number; distinct_q: number }>(
      sql`select count(*)::int as n, count(distinct idx)::int as distinct_idx, max(idx)::int as max_idx, count(distinct queue_id)::int as distinct_q from ledger_entries`,
    );
    expect(stats.n).toBe(before + total);
    expect(stats.distinct_idx).toBe(stats.n);
    expect(stats.max_idx).toBe(stats.n - 1);
    expect(stats.distinct_q).toBe(stats.n);
    await Promise.all([log.signPending(), second.signPending()]);
    const latest = await log.latestCheckpoint();
    expect(latest.size).toBe(before + total);
    expect(latest.root.equals(referenceTree(await storedEntries(t.platform)).range.root())).toBe(true);
    await secondPlatform?.database.close();
  });
});

describe('checkpoints', () => {
  it('publishes the verifier keys, and every signed checkpoint verifies with both (Ed25519 and SM2)', async () => {
    const verifiers = await publishedVerifiers();
    expect(verifiers.map((v) => v.type)).toEqual(['ed25519', 'sm2']);
    const info = await t.request('GET', '/api/ledger');
    expect(info.body.vkeys).toEqual({ ed25519: expect.stringMatching(/^zhibao\.test\/zhibao\/ledger\+[0-9a-f]{8}\+/), sm2: expect.any(String) });
    expect(info.body).toMatchObject({ origin: 'zhibao.test/zhibao/ledger', hash: 'sha256', tiles: '/ledger' });
    const checkpoints = await allCheckpoints();
    expect(checkpoints.length).toBeGreaterThanOrEqual(4);
    for (const cp of checkpoints) {
      const { checkpoint, note } = verifyCheckpoint(cp.note, verifiers, { origin: 'zhibao.test/zhibao/ledger' });
      expect(note.signatures.map((s) => s.type).sort()).toEqual(['ed25519', 'sm2']);
      expect(note.unverified).toEqual([]);
      expect(checkpoint.size).toBe(cp.size);
      expect(checkpoint.rootHash.toString('base64')).toBe(cp.root);
      // Each signature on its own is enough for a verifier that knows only one of the keys.
      for (const v of verifiers) expect(verifyCheckpoint(cp.note, [v]).note.unverified).toHaveLength(1);
    }
  });

  it('is consistent with the next one: a consistency proof verifies between every consecutive pair', async () => {
    const checkpoints = await allCheckpoints();
    for (let i = 1; i < checkpoints.length; i++) {
      const [a, b] = [checkpoints[i - 1], checkpoints[i]];
      expect(b.size).toBeGreaterThan(a.size);
      if (a.size === 0) continue;
      const res = await t.request('GET', `/api/ledger/proof/consistency?size1=${a.size}&size2=${b.size}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
      const check = verifyConsistency(sha256Hasher, a.size, b.size, res.body.proof.map(b64), b64(a.root), b64(b.root));
      expect(check, `${a.size} → ${b.size}`).toEqual({ ok: true });
    }
  });

  it('serves each checkpoint by size, and 404 for a size that was never signed', async () => {
    const latest = await log.latestCheckpoint();
    const res = await t.request('GET', `/api/ledger/checkpoints/${latest.size}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ size: latest.size, note: latest.note, tsaToken: null });
    const missing = await t.request('GET', `/api/ledger/checkpoints/${latest.size + 1000}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ledger.checkpoint_not_found');
  });

  it('keeps the RFC 3161 hook: a checkpoint takes a time-stamp token once, and nothing else changes', async () => {
    const [waiting] = await log.checkpointsAwaitingTimestamp(1);
    expect(waiting.tsaToken).toBeNull();
    expect(await log.attachTimestamp(waiting.size, Buffer.from('token'))).toBe(true);
    expect(await log.attachTimestamp(waiting.size, Buffer.from('other'))).toBe(false);
    expect((await log.checkpoint(waiting.size)).tsaToken?.toString()).toBe('token');
    expect(await refusal(t.platform.db.execute(sql`update ledger_checkpoints set note = 'forged' where size = ${waiting.size}`))).toMatch(/only a missing tsa_token may be set/);
    expect(await refusal(t.platform.db.execute(sql`delete from ledger_entries where idx = 0`))).toMatch(/ledger_entries is append-only/);
    expect(await refusal(t.platform.db.execute(sql`update ledger_entries set entry = '\\x00' where idx = 0`))).toMatch(/ledger_entries is append-only/);
    expect(await refusal(t.platform.db.execute(sql`update ledger_strata set width = 1 where level = 0 and idx = 0`))).toMatch(/ledger_strata only grow/);
    expect(await refusal(t.platform.db.execute(sql`update ledger_state set size = 1`))).toMatch(/never shrinks/);
  });
});

describe('tiles and proofs over HTTP', () => {
  it('serves the tiles tilesForTreeSize predicts, equal to the tree of the stored entries, cacheable', async () => {
    const note = await t.request('GET', '/ledger/checkpoint');
    expect(note.status).toBe(200);
    expect(note.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(note.headers.get('cache-control')).toBe('public, max-age=2');
    const { checkpoint } = verifyCheckpoint(note.text, await publishedVerifiers());
    const entries = (await storedEntries(t.platform)).slice(0, checkpoint.size);
    const { store } = referenceTree(entries);
    const tiles = tilesForTreeSize(checkpoint.size);
    expect(tiles.some((tile) => tile.width === TILE_WIDTH)).toBe(true);
    expect(tiles.some((tile) => tile.level === 1)).toBe(true);
    const expected = await readTiles(store, tiles);
    for (const [i, tile] of tiles.entries()) {
      const res = await t.request('GET', `/ledger/${tilePath(tile)}`);
      expect(res.status, tilePath(tile)).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('cache-control')).toBe(tile.width === TILE_WIDTH ? 'public, max-age=31536000, immutable' : 'public, max-age=2');
      expect(Buffer.from(res.bytes).equals(expected[i]), tilePath(tile)).toBe(true);
    }
    for (const bundle of entryBundlesForTreeSize(checkpoint.size)) {
      const res = await t.request('GET', `/ledger/${entryBundlePath(bundle)}`);
      expect(res.status).toBe(200);
      const got = decodeEntryBundle(res.bytes, bundle.width);
      expect(got).toEqual(entries.slice(bundle.index * TILE_WIDTH, bundle.index * TILE_WIDTH + bundle.width));
    }
  });

  it('lets an auditor compute proofs from fetched tiles that verify against the served checkpoint', async () => {
    const verifiers = await publishedVerifiers();
    const { checkpoint } = verifyCheckpoint((await t.request('GET', '/ledger/checkpoint')).text, verifiers);
    const entries = await storedEntries(t.platform);
    for (const index of [0, 1, 255, 256, 1000, checkpoint.size - 1]) {
      const proof = await inclusionProofFromTiles(httpTiles, sha256Hasher, index, checkpoint.size);
      expect(verifyInclusion(sha256Hasher, index, checkpoint.size, sha256Hasher.hashLeaf(entries[index]), proof, checkpoint.rootHash)).toEqual({ ok: true });
    }
    const older = (await allCheckpoints()).filter((c) => c.size > 0 && c.size < checkpoint.size);
    for (const cp of [older[0], older[Math.floor(older.length / 2)], older[older.length - 1]]) {
      const proof = await consistencyProofFromTiles(httpTiles, sha256Hasher, cp.size, checkpoint.size);
      expect(verifyConsistency(sha256Hasher, cp.size, checkpoint.size, proof, b64(cp.root), checkpoint.rootHash)).toEqual({ ok: true });
    }
  });

  it('answers 404 with a problem document for tiles beyond the signed tree, 400 for malformed paths', async () => {
    const { size } = await log.latestCheckpoint();
    const fullTiles = Math.floor(size / TILE_WIDTH);
    const beyond = [
      `/ledger/${tilePath({ level: 0, index: fullTiles + 1, width: TILE_WIDTH })}`,
      `/ledger/${tilePath({ level: 0, index: fullTiles, width: TILE_WIDTH })}`,
      ...(size % TILE_WIDTH < 255 ? [`/ledger/${tilePath({ level: 0, index: fullTiles, width: (size % TILE_WIDTH) + 1 })}`] : []),
      `/ledger/${tilePath({ level: 3, index: 0, width: 1 })}`,
      `/ledger/${entryBundlePath({ index: fullTiles + 5, width: 3 })}`,
    ];
    for (const url of beyond) {
      const res = await t.request('GET', url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('ledger.tile_not_found');
    }
    for (const url of ['/ledger/tile/0/1', '/ledger/tile/0/000.p/256', '/ledger/tile/64/000', '/ledger/tile/entries/x000/001']) {
      const res = await t.request('GET', url);
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('merkle.tile_path_invalid');
    }
  });

  it('proves inclusion over the JSON API for signed sizes, and refuses other sizes', async () => {
    const checkpoints = await allCheckpoints();
    const cp = checkpoints[Math.floor(checkpoints.length / 2)];
    const entries = await storedEntries(t.platform);
    for (const index of [0, cp.size - 1]) {
      const res = await t.request('GET', `/api/ledger/proof/inclusion?index=${index}&size=${cp.size}`);
      expect(res.status).toBe(200);
      expect(res.body.leafHash).toBe(sha256Hasher.hashLeaf(entries[index]).toString('base64'));
      expect(verifyInclusion(sha256Hasher, index, cp.size, b64(res.body.leafHash), res.body.proof.map(b64), b64(cp.root))).toEqual({ ok: true });
    }
    const latest = await t.request('GET', '/api/ledger/proof/inclusion?index=3');
    expect(latest.status).toBe(200);
    expect(latest.body.size).toBe(checkpoints[checkpoints.length - 1].size);
    const unsigned = [...Array(checkpoints[checkpoints.length - 1].size).keys()].find((s) => s > 0 && !checkpoints.some((c) => c.size === s))!;
    const cases: [string, number, string][] = [
      [`/api/ledger/proof/inclusion?index=0&size=${unsigned}`, 404, 'ledger.checkpoint_not_found'],
      [`/api/ledger/proof/inclusion?index=${cp.size}&size=${cp.size}`, 400, 'merkle.index_out_of_range'],
      ['/api/ledger/proof/inclusion?index=-1', 400, 'validation.failed'],
      ['/api/ledger/proof/inclusion', 400, 'validation.failed'],
      [`/api/ledger/proof/consistency?size1=${unsigned}&size2=${cp.size}`, unsigned < cp.size ? 404 : 400, unsigned < cp.size ? 'ledger.checkpoint_not_found' : 'merkle.size_order'],
      [`/api/ledger/proof/consistency?size1=0&size2=${cp.size}`, 400, 'merkle.consistency_from_empty'],
      [`/api/ledger/proof/consistency?size1=${cp.size}&size2=${checkpoints[1].size}`, 400, 'merkle.size_order'],
      ['/api/ledger/proof/consistency?size1=1&size2=99999999', 404, 'ledger.checkpoint_not_found'],
      ['/api/ledger/proof/consistency?size1=1.5', 400, 'validation.failed'],
    ];
    for (const [url, status, code] of cases) {
      const res = await t.request('GET', url);
      expect(`${res.status} ${res.body.code}`, url).toBe(`${status} ${code}`);
    }
  });

  it('gives an entry with its leaf hash and an offline tlog-proof bundle against the latest checkpoint', async () => {
    const verifiers = await publishedVerifiers();
    const res = await t.request('GET', '/api/ledger/entries/300');
    expect(res.status).toBe(200);
    const entry = b64(res.body.entry);
    expect(res.body.leafHash).toBe(sha256Hasher.hashLeaf(entry).toString('base64'));
    const bundle = parseTlogProof(res.body.tlogProof);
    expect(bundle.index).toBe(300);
    const { checkpoint } = verifyCheckpoint(bundle.checkpoint, verifiers);
    expect(checkpoint.size).toBe(res.body.size);
    expect(verifyInclusion(sha256Hasher, 300, checkpoint.size, sha256Hasher.hashLeaf(entry), bundle.proof, checkpoint.rootHash)).toEqual({ ok: true });
    const file = await t.request('GET', '/api/ledger/entries/300?format=tlog-proof');
    expect(file.status).toBe(200);
    expect(file.text).toBe(res.body.tlogProof);
    expect(file.headers.get('content-disposition')).toContain('.tlog-proof');
    const beyond = await t.request('GET', `/api/ledger/entries/${checkpoint.size}`);
    expect(beyond.status).toBe(404);
    expect(beyond.body.code).toBe('ledger.entry_not_found');
  });
});

describe('preserving entries over HTTP (system clients)', () => {
  it('lets an administrator append an opaque entry, answered after commit, optionally with its index', async () => {
    const admin = await t.loginAs('admin');
    const queued = await t.request('POST', '/api/ledger/entries', { session: admin, body: { entry: text('from a system client').toString('base64') } });
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ queueId: expect.any(Number), index: null, checkpointSize: null });
    const waited = await t.request('POST', '/api/ledger/entries', { session: admin, body: { entry: text('and waited for').toString('base64'), wait: 'checkpointed' } });
    expect(waited.status).toBe(202);
    expect(waited.body.checkpointSize).toBeGreaterThan(waited.body.index);
    const entry = await t.request('GET', `/api/ledger/entries/${waited.body.index}`);
    expect(b64(entry.body.entry).toString()).toBe('and waited for');
    const audit = await t.query<{ target_id: string }>(sql`select target_id from audit_log where action = 'ledger.append' order by id`);
    expect(audit.map((a) => Number(a.target_id))).toEqual([queued.body.queueId, waited.body.queueId]);
  });

  it('refuses other roles, anonymous callers, entries too large and bodies that are not base64', async () => {
    const officer = await t.loginAs('officer.huangpu');
    expect((await t.request('POST', '/api/ledger/entries', { session: officer, body: { entry: 'AA==' } })).status).toBe(403);
    expect((await t.request('POST', '/api/ledger/entries', { body: { entry: 'AA==' } })).status).toBe(401);
    const admin = await t.loginAs('admin');
    for (const entry of [Buffer.alloc(65_536).toString('base64'), 'not base64!', '']) {
      const res = await t.request('POST', '/api/ledger/entries', { session: admin, body: { entry } });
      expect(res.status).toBe(400);
    }
  });
});

describe('restarts, keys and parameters', () => {
  it('resumes from the stored state after a restart, with the same keys kept 0600 in the data directory', async () => {
    const env = await environment({}, { persistent: true });
    const first = await openLedger(env.platform);
    expect(first.keySource).toBe('data-dir');
    for (const file of Object.values(KEY_FILES)) expect(fs.statSync(path.join(env.config.dataDir, file)).mode & 0o777).toBe(0o600);
    const firstBatch = Array.from({ length: 300 }, (_, i) => text(`before restart ${i}`));
    await appendCommitted(env.platform, firstBatch);
    await drain(first);
    // Queued but not integrated when the process goes away.
    await appendCommitted(env.platform, [text('queued at shutdown')]);
    const cp1 = await first.latestCheckpoint();
    await env.close();

    const platform = await env.reopen();
    const second = await openLedger(platform);
    expect(second).not.toBe(first);
    expect(second.vkeys).toEqual(first.vkeys);
    second.start(20);
    try {
      const [queueId] = await appendCommitted(platform, [text('after restart')]);
      // The timer alone integrates it (awaitIntegration would integrate by itself).
      for (let i = 0; i < 200 && (await second.status()).pending > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await second.status()).pending).toBe(0);
      expect((await second.awaitIntegration(queueId, { checkpointed: true })).index).toBe(301);
    } finally {
      await second.stop();
    }
    const cp2 = await second.latestCheckpoint();
    expect(cp2.size).toBe(302);
    const proof = await second.consistencyProof(cp1.size, cp2.size);
    expect(verifyConsistency(sha256Hasher, cp1.size, cp2.size, proof.proof, cp1.root, cp2.root)).toEqual({ ok: true });
    const entries = await storedEntries(platform);
    expect(entries.slice(0, 300)).toEqual(firstBatch);
    expect(entries.slice(300).map(String)).toEqual(['queued at shutdown', 'after restart']);
    expect(cp2.root.equals(referenceTree(entries).range.root())).toBe(true);
    await platform.database.close();

    // The log's keys and parameters are fixed: other keys or another hash are refused at opening.
    const other = { ZHIBAO_LEDGER_ED25519_SKEY: generateSignerKey('zhibao.test/zhibao/ledger', 'ed25519').skey, ZHIBAO_LEDGER_SM2_SKEY: generateSignerKey('zhibao.test/zhibao/ledger', 'sm2').skey };
    const wrongKeys = await env.reopen(other);
    expect(await codeOf(openLedger(wrongKeys))).toBe('ledger.keys_mismatch');
    await wrongKeys.database.close();
    const wrongHash = await env.reopen({ ZHIBAO_LEDGER_HASH: 'sm3' });
    expect(await codeOf(openLedger(wrongHash))).toBe('ledger.config_mismatch');
    await wrongHash.database.close();
  });

  it('keeps a 国密 log when created with SM3: an SM3 tree, still signed with Ed25519 and SM2', async () => {
    const env = await environment({ ZHIBAO_LEDGER_HASH: 'sm3', ZHIBAO_LEDGER_ORIGIN: 'ip.example.cn/gm-ledger' });
    const l = await openLedger(env.platform);
    const entries = Array.from({ length: 600 }, (_, i) => text(`国密 ${i}`));
    await appendCommitted(env.platform, entries);
    await drain(l);
    const latest = await l.latestCheckpoint();
    expect(latest.root.equals(referenceTree(entries, sm3Hasher).range.root())).toBe(true);
    expect(latest.root.equals(referenceTree(entries, sha256Hasher).range.root())).toBe(false);
    const { checkpoint, note } = verifyCheckpoint(latest.note, [createNoteVerifier(l.vkeys.ed25519), createNoteVerifier(l.vkeys.sm2)], { origin: 'ip.example.cn/gm-ledger' });
    expect(note.signatures).toHaveLength(2);
    const p = await l.inclusionProof(517);
    expect(verifyInclusion(merkleHasher('sm3'), 517, checkpoint.size, sm3Hasher.hashLeaf(entries[517]), p.proof, checkpoint.rootHash)).toEqual({ ok: true });
    await env.close();
  });

  it('signs the checkpoints of the Tessera test log byte for byte with its published Ed25519 key', async () => {
    const tessera = readVectorJson('tessera-testdata-log/log.json');
    const env = await environment({
      ZHIBAO_LEDGER_ORIGIN: tessera.origin,
      ZHIBAO_LEDGER_ED25519_SKEY: tessera.log_private_key_TEST_ONLY,
      ZHIBAO_LEDGER_SM2_SKEY: generateSignerKey(tessera.origin, 'sm2').skey,
    });
    const l = await openLedger(env.platform);
    expect(l.vkeys.ed25519).toBe(tessera.log_public_key);
    const entries = (tessera.leaves_ascii_in_order as string[]).map(text);
    for (const [i, e] of entries.entries()) {
      await appendCommitted(env.platform, [e]);
      await drain(l);
      const ours = (await l.latestCheckpoint()).note;
      // Tessera's note has the Ed25519 line only; ours adds the SM2 line after it.
      expect(ours.startsWith(readVectorText(`tessera-testdata-log/checkpoints/checkpoint.${i + 1}`)), `size ${i + 1}`).toBe(true);
    }
    for (const [tile, hexContent] of Object.entries(tessera.tiles_hex as Record<string, string>)) expect((await l.tile(tile)).bytes.toString('hex')).toBe(hexContent);
    for (const [bundle, hexContent] of Object.entries(tessera.entry_bundles_hex as Record<string, string>)) expect((await l.tile(bundle)).bytes.toString('hex')).toBe(hexContent);
    await env.close();
  });

  it('refuses to sign a state that does not extend the last signed checkpoint, and stops integrating', async () => {
    const env = await environment();
    const l = await openLedger(env.platform);
    await appendCommitted(env.platform, Array.from({ length: 40 }, (_, i) => text(`honest ${i}`)));
    await drain(l);
    const signed = await l.latestCheckpoint();
    await appendCommitted(env.platform, Array.from({ length: 10 }, (_, i) => text(`more ${i}`)));
    await l.integrateBatch();
    // Someone rewrites the integrated state with the right size but another tree.
    const forged = referenceTree(Array.from({ length: 50 }, (_, i) => text(`forged ${i}`))).range;
    await env.platform.db.execute(sql`update ledger_state set compact_range = ${Buffer.concat(forged.borderHashes)}, root = ${forged.root()}`);
    expect(await codeOf(l.signPending())).toBe('ledger.inconsistent');
    expect((await l.latestCheckpoint()).size).toBe(signed.size);
    expect(l.haltedBecause).toMatch(/root/);
    expect(await codeOf(l.integrate())).toBe('ledger.inconsistent');
    await env.close();
  });
});
