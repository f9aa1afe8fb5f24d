import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths';

/** A real Zhibao server (`tsx src/server.ts`) on a free port with its own fresh data directory. */
export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the server printed (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was healthy:\n${output()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) {
        const body = (await res.json()) as { status?: string };
        if (body.status === 'ok') return;
      }
      lastError = `HTTP ${res.status}`;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not healthy within ${timeoutMs} ms (last: ${lastError}):\n${output()}`);
}

/** The server runs as `npm start` would, without the variables vitest sets for itself. */
function withoutTestEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_ENV: _n, VITEST: _v, VITEST_MODE: _m, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, TEST: _t, ...rest } = env;
  return rest;
}

export async function startServer(opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  // `node --import tsx` is what `npx tsx` does, minus the wrapper process: one pid to signal.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...withoutTestEnv(process.env),
      PORT: String(port),
      HOST: '127.0.0.1',
      ZHIBAO_BASE_URL: baseUrl,
      ZHIBAO_DATA_DIR: dataDir,
      ZHIBAO_DEMO: 'true',
      ZHIBAO_ORG_SEED: 'shanghai',
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (d: Buffer) => (log = (log + d.toString()).slice(-200_000));
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const output = () => log.slice(-20_000);
  // Should the test process end without teardown, do not leave the server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stuck = await Promise.race([exited(child).then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 10_000)))]);
      clearTimeout(timer);
      if (stuck) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    process.removeListener('exit', killOnExit);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseUrl, child, output, opts.timeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, port, dataDir, output, stop };
}
