import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths';

const WEB = path.join(REPO_ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist/index.html');

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** Why the bundle must be (re)built, or null when `web/dist` is newer than every web source. */
export function webBuildReason(): string | null {
  if (!fs.existsSync(DIST_INDEX)) return 'web/dist/index.html is missing';
  const built = fs.statSync(DIST_INDEX).mtimeMs;
  const sources = ['src', 'index.html', 'public', 'vite.config.ts'].map((p) => path.join(WEB, p));
  const newest = Math.max(...sources.map(newestMtime));
  return newest > built ? 'web/src is newer than web/dist' : null;
}

/**
 * Builds the web bundle once (`npm run build:web`) when it is missing or stale. NODE_ENV is set
 * to production: vitest sets it to `test`, and Vite would then bundle React's development build.
 */
export function ensureWebBuilt(): void {
  const reason = webBuildReason();
  if (!reason) return;
  const started = Date.now();
  const res = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 280_000, env: { ...process.env, CI: 'true', NODE_ENV: 'production' } });
  if (res.status !== 0 || !fs.existsSync(DIST_INDEX)) {
    const output = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.trim().slice(-8_000);
    throw new Error(`npm run build:web failed (${reason}; exit ${res.status}${res.error ? `, ${res.error.message}` : ''}):\n${output}`);
  }
  console.log(`[e2e] built web bundle (${reason}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
