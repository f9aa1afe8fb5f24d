import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createStaff } from '../src/domains/identity/accounts.service';
import { createApiToken } from '../src/domains/identity/auth.service';
import { verifyCheckpoint } from '../src/domains/ledger/crypto/checkpoint';
import { createNoteVerifier, type NoteVerifier } from '../src/domains/ledger/crypto/note';
import { CompactRange, decodeEntryBundle, entryBundlePath, entryBundlesForTreeSize, sha256Hasher, verifyConsistency } from '../src/domains/ledger/merkle';
import { findOrgByCode } from '../src/domains/orgs/orgs.repo';
import { createPlatform } from '../src/platform/bootstrap';
import { parseConfig } from '../src/platform/config';
import { ensureBaseData, systemActor } from '../src/seed';
import { onPostgres, TEST_SECRET_KEY } from './support/test-app';

/**
 * Issue point 9: the real server (`src/server.ts` under tsx) is killed with SIGKILL in
 * the middle of a stream of appends through `POST /api/ledger/entries`, restarted on the same
 * data, and the log must hold every entry that was acknowledged, every signed checkpoint must be
 * consistent with the next, and the integrator must carry on.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

/**
 * `npx tsx src/server.ts` runs the server in a child of the tsx CLI (itself a child of npx), so a
 * SIGKILL would hit the wrapper; `node --import tsx` is the same loader with the server as the
 * process we kill.
 */
function startServer(env: Record<string, string>): Promise<Server> {
  // A clean environment: the test runner's DATABASE_URL must not leak into a PGlite run.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), TZ: 'Asia/Shanghai', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 45 s:\n${output}`)), 45_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('listening on')) {
        clearTimeout(timer);
        resolve({ child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('the ledger survives SIGKILL', () => {
  it('keeps every acknowledged entry, signs only consistent checkpoints and resumes after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-crash-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = {
      ZHIBAO_DATA_DIR: dataDir,
      ZHIBAO_SECRET_KEY: TEST_SECRET_KEY,
      ZHIBAO_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ZHIBAO_LEDGER_INTERVAL_MS: '50',
      // Small batches: the kill lands between and inside many integration transactions.
      ZHIBAO_LEDGER_BATCH_SIZE: '25',
    };
    if (onPostgres) {
      const name = `zhibao_t_${randomBytes(6).toString('hex')}`;
      await adminQuery(process.env.DATABASE_URL!, `CREATE DATABASE ${name}`);
      cleanups.push(() => adminQuery(process.env.DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
    }

    // A system account with a ledger:write token, made through the services before the server runs.
    const setup = await createPlatform(parseConfig({ ...env, LOG_LEVEL: 'silent' }));
    let token: string;
    try {
      await ensureBaseData(setup);
      const org = await findOrgByCode(setup.db, 'sh-ipa');
      const ctx = { ...setup, actor: systemActor(), locale: 'zh-CN' as const };
      const { account } = await createStaff(ctx, { login: 'ledger.client', displayName: '存证客户端', orgId: org!.id, roles: ['administrator'], password: 'Ledger-client-passw0rd-1', kind: 'system' });
      token = (await createApiToken(ctx, { userId: account.id, name: 'crash test', scopes: ['ledger:write'] })).token;
    } finally {
      await setup.database.close();
    }

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serverEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', ZHIBAO_BASE_URL: `http://localhost:${port}` };
    const post = (entry: string, wait = 'none') =>
      fetch(`${base}/api/ledger/entries`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ entry: Buffer.from(entry).toString('base64'), wait }),
      });

    let server = await startServer(serverEnv);
    const vkeysBefore = await (await fetch(`${base}/api/ledger/vkeys`)).text();

    // Eight clients stream appends; the server is killed while they are at it.
    const acknowledged: string[] = [];
    let failed = 0;
    let killed = false;
    const client = async (id: number) => {
      for (let n = 0; ; n++) {
        const entry = `crash-test client ${id} entry ${n}`;
        try {
          const res = await post(entry);
          if (res.status !== 202) throw new Error(`append answered ${res.status}: ${await res.text()}`);
          await res.json();
          acknowledged.push(entry);
        } catch (e) {
          if (!killed) throw e;
          failed++;
          return;
        }
      }
    };
    const streaming = Promise.all(Array.from({ length: 8 }, (_, i) => client(i)));
    const started = Date.now();
    while (acknowledged.length < 600 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 10));
    killed = true;
    server.child.kill('SIGKILL');
    await streaming;
    await server.exited;
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);
    // Requests were in flight when the process died.
    expect(failed).toBeGreaterThan(0);

    server = await startServer(serverEnv);
    try {
      expect(await (await fetch(`${base}/api/ledger/vkeys`)).text()).toBe(vkeysBefore);
      // The integrator resumes: new appends get indexes, and a checkpoint covers them.
      const resumed: number[] = [];
      for (let n = 0; n < 5; n++) {
        const res = await post(`after restart ${n}`, n === 4 ? 'checkpointed' : 'integrated');
        expect(res.status).toBe(202);
        resumed.push((await res.json()).index);
      }
      expect(resumed).toEqual([...resumed].sort((a, b) => a - b));
      let info: { size: number; integratedSize: number; pending: number };
      const deadline = Date.now() + 20_000;
      do {
        info = await (await fetch(`${base}/api/ledger`)).json();
        if (info.pending === 0 && info.size === info.integratedSize) break;
        await new Promise((r) => setTimeout(r, 50));
      } while (Date.now() < deadline);
      expect(info.pending).toBe(0);
      expect(info.size).toBe(info.integratedSize);

      // Audit the log from outside: the served checkpoint, the entry bundles, the tree they make.
      const verifiers: NoteVerifier[] = vkeysBefore.trim().split('\n').map((v) => createNoteVerifier(v));
      const { checkpoint } = verifyCheckpoint(await (await fetch(`${base}/ledger/checkpoint`)).text(), verifiers);
      expect(checkpoint.size).toBe(info.size);
      const entries: string[] = [];
      for (const bundle of entryBundlesForTreeSize(checkpoint.size)) {
        const res = await fetch(`${base}/ledger/${entryBundlePath(bundle)}`);
        expect(res.status).toBe(200);
        entries.push(...decodeEntryBundle(Buffer.from(await res.arrayBuffer()), bundle.width).map(String));
      }
      const range = CompactRange.empty(sha256Hasher);
      for (const e of entries) range.appendWith(sha256Hasher.hashLeaf(Buffer.from(e)));
      expect(range.root().equals(checkpoint.rootHash)).toBe(true);

      const inLog = new Set(entries);
      expect(inLog.size).toBe(entries.length);
      const missing = acknowledged.filter((e) => !inLog.has(e));
      expect(missing).toEqual([]);
      for (let n = 0; n < 5; n++) expect(entries[resumed[n]]).toBe(`after restart ${n}`);

      // Every signed checkpoint, before and after the kill, verifies and is consistent with the next.
      const checkpoints: { size: number; root: string; note: string }[] = [];
      for (let after = -1; ; ) {
        const page = await (await fetch(`${base}/api/ledger/checkpoints?after=${after}&limit=500`)).json();
        checkpoints.push(...page.items);
        if (page.nextAfter === null) break;
        after = page.nextAfter;
      }
      expect(checkpoints.length).toBeGreaterThan(3);
      for (const [i, cp] of checkpoints.entries()) {
        const verified = verifyCheckpoint(cp.note, verifiers);
        expect(verified.note.signatures).toHaveLength(2);
        expect(verified.checkpoint.size).toBe(cp.size);
        if (i === 0 || checkpoints[i - 1].size === 0) continue;
        const prev = checkpoints[i - 1];
        const res = await fetch(`${base}/api/ledger/proof/consistency?size1=${prev.size}&size2=${cp.size}`);
        expect(res.status).toBe(200);
        const proof = ((await res.json()).proof as string[]).map((p) => Buffer.from(p, 'base64'));
        const check = verifyConsistency(sha256Hasher, prev.size, cp.size, proof, Buffer.from(prev.root, 'base64'), Buffer.from(cp.root, 'base64'));
        expect(check, `${prev.size} → ${cp.size}`).toEqual({ ok: true });
      }
      expect(checkpoints[checkpoints.length - 1].size).toBe(checkpoint.size);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- server output ---\n${server.output()}`, { cause: e });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // About 25 s on PGlite (two server starts on disk), 10 s on PostgreSQL; room for a loaded machine.
  }, 120_000);
});
