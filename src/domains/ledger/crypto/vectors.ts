import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test helper: the shared test-vector folder (`shared/vectors`, beside the repository both here and
 * in CI). Tests read the vector files at run time so that they run every vector, never a copy.
 */
const CANDIDATES = [
  // src/domains/ledger/crypto → repository root → its parent
  fileURLToPath(new URL('../../../../../shared/vectors/', import.meta.url)),
  path.resolve(process.cwd(), '../shared/vectors'),
];

let found: string | undefined;

export function vectorsDir(): string {
  if (found) return found;
  found = CANDIDATES.find((dir) => existsSync(path.join(dir, 'README.md')));
  if (!found) {
    throw new Error(`Test vectors not found: expected shared/vectors beside the repository (looked in ${CANDIDATES.join(' and ')})`);
  }
  return found;
}

export function vectorPath(relative: string): string {
  return path.join(vectorsDir(), relative);
}

export function readVectorText(relative: string): string {
  return readFileSync(vectorPath(relative), 'utf8');
}

// Vector files are self-describing JSON; each test states the fields it reads.
export function readVectorJson<T = any>(relative: string): T {
  return JSON.parse(readVectorText(relative)) as T;
}
