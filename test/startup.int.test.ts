import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../src/platform/bootstrap';
import { ConfigError, parseConfig } from '../src/platform/config';
import { DatabaseUnavailableError } from '../src/platform/db/client';
import { acquireDataDirLock, DataDirLockedError } from '../src/platform/db/data-dir-lock';
import { TEST_SECRET_KEY } from './support/test-app';

const HOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support/hold-data-dir.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-startup-'));
  dirs.push(dir);
  return dir;
}

function configFor(dataDir: string, env: Record<string, string> = {}) {
  return parseConfig({ ZHIBAO_DATA_DIR: dataDir, ZHIBAO_SECRET_KEY: TEST_SECRET_KEY, ...env });
}

/** Starts a process that holds `dataDir` and resolves once it has opened the database. */
function holdInChild(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
});

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('start-up refusals', () => {
  it('refuses to open a PGlite data directory held by another process, naming that process', async () => {
    const dataDir = tempDir();
    const child = await holdInChild(dataDir);
    const failure = await createPlatform(configFor(dataDir)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DataDirLockedError);
    const error = failure as DataDirLockedError;
    expect(error.constructor.name).toBe('DataDirLockedError');
    expect(error.pid).toBe(child.pid);
    expect(error.message).toContain(`process ${child.pid}`);
    expect(error.message).toContain(`进程 ${child.pid}`);
    expect(error.message).toContain(dataDir);
    expect(error.message).toMatch(/DATABASE_URL/);
    // The refused attempt left the holder's lock alone.
    expect(fs.readFileSync(path.join(dataDir, 'zhibao.lock'), 'utf8').trim()).toBe(String(child.pid));
    // Nothing was created in the directory by the refused attempt.
    expect(fs.readdirSync(dataDir)).toEqual(['zhibao.lock']);
  });

  it('takes over the lock of a holder that died without releasing it', async () => {
    const dataDir = tempDir();
    const child = await holdInChild(dataDir);
    child.kill('SIGKILL');
    await exited(child);
    // A kill -9 leaves the lock file behind, naming a process that no longer exists.
    expect(fs.readFileSync(path.join(dataDir, 'zhibao.lock'), 'utf8').trim()).toBe(String(child.pid));
    const lock = acquireDataDirLock(dataDir);
    expect(fs.readFileSync(path.join(dataDir, 'zhibao.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dataDir, 'zhibao.lock'))).toBe(false);
  });

  it('refuses a second opening of a data directory within one process', async () => {
    const dataDir = tempDir();
    const lock = acquireDataDirLock(dataDir);
    try {
      await expect(createPlatform(configFor(dataDir))).rejects.toThrow(DataDirLockedError);
      await expect(createPlatform(configFor(dataDir))).rejects.toThrow(`process ${process.pid}`);
    } finally {
      lock.release();
    }
    expect(fs.existsSync(path.join(dataDir, 'zhibao.lock'))).toBe(false);
  });

  it('refuses an unreachable DATABASE_URL with DatabaseUnavailableError, without printing the password', async () => {
    const failure = await createPlatform(configFor(tempDir(), { DATABASE_URL: 'postgres://zhibao:s3cret-pass@127.0.0.1:1/zhibao' })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(DatabaseUnavailableError);
    expect((failure as Error).constructor.name).toBe('DatabaseUnavailableError'); // what the server's start-up handler recognises
    const message = (failure as Error).message;
    expect(message).toContain('postgres://zhibao:***@127.0.0.1:1/zhibao');
    expect(message).not.toContain('s3cret-pass');
    expect(message).toMatch(/ECONNREFUSED|connect/);
  }, 30_000);

  it('refuses an invalid configuration before touching any database', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://localhost/zhibao' })).toThrow(ConfigError);
    expect(() => parseConfig({ ZHIBAO_SECRET_KEY: 'short' })).toThrow(/ZHIBAO_SECRET_KEY: must be 64 hexadecimal characters/);
    expect(() => parseConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/MAIL_SMTP_URL/);
  });
});
