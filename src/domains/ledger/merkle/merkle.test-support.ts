import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CompactRange } from './compact-range';
import type { Hasher } from './hasher';
import { MemoryNodeStore } from './proofs';

/**
 * Helpers shared by the Merkle tests: the shared test-vector folder, and a direct transcription of
 * the RFC 6962 §2.1 recursive definitions (MTH, PATH, PROOF) to check the iterative code against.
 */

/**
 * The shared vectors live beside the repository (`../shared/vectors` from the repository root,
 * which is where CI clones them too). Fail loudly rather than skip: a silently skipped conformance
 * suite is worse than a red build.
 */
export function vectorsDir(): string {
  const dir = path.resolve(process.cwd(), '../shared/vectors');
  if (!existsSync(path.join(dir, 'README.md'))) {
    throw new Error(
      `Ledger test vectors not found at ${dir}. Place the shared/ folder beside the repository ` +
        `(so that ../shared/vectors exists) and run the tests from the repository root.`,
    );
  }
  return dir;
}

export function vectorPath(relative: string): string {
  const file = path.join(vectorsDir(), relative);
  if (!existsSync(file)) throw new Error(`Test vector ${relative} is missing from ${vectorsDir()}`);
  return file;
}

export function readVector<T = any>(relative: string): T {
  return JSON.parse(readFileSync(vectorPath(relative), 'utf8')) as T;
}

/** Every .json file under a vectors sub-folder, recursively, sorted (paths relative to the vectors folder). */
export function listVectorFiles(relativeDir: string): string[] {
  const root = vectorPath(relativeDir);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) out.push(path.relative(vectorsDir(), full));
    }
  };
  walk(root);
  return out.sort();
}

export const hex = (s: string): Buffer => Buffer.from(s, 'hex');
export const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

// ---------------------------------------------------------------------------------------------
// RFC 6962 §2.1, transcribed recursively (slow, obviously right)

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over leaf hashes. */
export function referenceMth(hasher: Hasher, leaves: readonly Buffer[], lo = 0, hi = leaves.length): Buffer {
  const n = hi - lo;
  if (n === 0) return hasher.emptyRoot();
  if (n === 1) return leaves[lo];
  const k = split(n);
  return hasher.hashChildren(referenceMth(hasher, leaves, lo, lo + k), referenceMth(hasher, leaves, lo + k, hi));
}

/** PATH(m, D[lo:hi]) — the inclusion proof of leaf lo + m. */
export function referencePath(hasher: Hasher, m: number, leaves: readonly Buffer[], lo = 0, hi = leaves.length): Buffer[] {
  const n = hi - lo;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...referencePath(hasher, m, leaves, lo, lo + k), referenceMth(hasher, leaves, lo + k, hi)];
  return [...referencePath(hasher, m - k, leaves, lo + k, hi), referenceMth(hasher, leaves, lo, lo + k)];
}

function subproof(hasher: Hasher, m: number, leaves: readonly Buffer[], lo: number, hi: number, b: boolean): Buffer[] {
  const n = hi - lo;
  if (m === n) return b ? [] : [referenceMth(hasher, leaves, lo, hi)];
  const k = split(n);
  if (m <= k) return [...subproof(hasher, m, leaves, lo, lo + k, b), referenceMth(hasher, leaves, lo + k, hi)];
  return [...subproof(hasher, m - k, leaves, lo + k, hi, false), referenceMth(hasher, leaves, lo, lo + k)];
}

/** PROOF(m, D[n]) — the consistency proof from the first m leaves to all of them. */
export function referenceConsistency(hasher: Hasher, m: number, leaves: readonly Buffer[]): Buffer[] {
  return subproof(hasher, m, leaves, 0, leaves.length, true);
}

// ---------------------------------------------------------------------------------------------
// Trees for tests

/** Distinct leaf hashes: H(0x00 || "leaf-<seed>-<i>"). */
export function syntheticLeaves(hasher: Hasher, n: number, seed = 0): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) out.push(hasher.hashLeaf(Buffer.from(`leaf-${seed}-${i}`)));
  return out;
}

/** A node store holding every perfect subtree of the tree over `leaves`, and its compact range. */
export function buildTree(hasher: Hasher, leaves: readonly Buffer[]): { store: MemoryNodeStore; range: CompactRange } {
  const store = new MemoryNodeStore(hasher.size);
  const range = CompactRange.empty(hasher);
  for (const leaf of leaves) range.appendWith(leaf, store.put);
  return { store, range };
}

/** The same bytes with one bit flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const out = Buffer.from(bytes);
  out[Math.floor(bit / 8) % out.length] ^= 1 << bit % 8;
  return out;
}
