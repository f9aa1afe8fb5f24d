import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Test helper: runs the OpenSSL 3 CLI as an independent verifier (domain/evidence.md §7). A missing
 * `openssl` is an error, not a skip: without it the cross-checks would silently not happen.
 */
export interface OpensslResult {
  status: number;
  stdout: string;
  stderr: string;
  /** The files named in `read`, as OpenSSL left them (absent if it wrote none). */
  outputs: Record<string, Buffer>;
}

/** Writes `files` into a fresh temporary folder, runs `openssl <args>` there, reads back `read`, and removes the folder. */
export function openssl(args: string[], files: Record<string, string | Uint8Array> = {}, read: string[] = []): OpensslResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'zhibao-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.error) throw new Error(`cannot run the openssl CLI (${r.error.message}); the tests need OpenSSL 3 as an independent verifier`);
    const outputs: Record<string, Buffer> = {};
    for (const name of read) if (existsSync(path.join(dir, name))) outputs[name] = readFileSync(path.join(dir, name));
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
