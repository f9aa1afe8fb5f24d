import { createHash } from 'node:crypto';
import { cryptoError } from './crypto.errors';
import { createSm3 } from './sm3';

/**
 * The ledger's two hash functions behind one interface.
 *
 * SHA-256 is the canonical log hash (every external vector, tool and spec assumes it); SM3 is an
 * option per log where 国密 compliance requires it, named in the log's parameters and never
 * inferred (domain/evidence.md §0.1). Both give 32 bytes, so tree code can rely on one size.
 */
export type HashName = 'sha256' | 'sm3';

export const HASH_NAMES: readonly HashName[] = ['sha256', 'sm3'];

/** Output size in bytes of every HashName. */
export const HASH_SIZE = 32;

export interface Hasher {
  update(data: Uint8Array): Hasher;
  digest(): Buffer;
}

export function isHashName(name: unknown): name is HashName {
  return name === 'sha256' || name === 'sm3';
}

export function createHasher(name: HashName): Hasher {
  if (name === 'sm3') return createSm3();
  if (name !== 'sha256') throw cryptoError('crypto.hash.unsupported', { name: String(name) });
  const h = createHash('sha256');
  const hasher: Hasher = {
    update(data) {
      h.update(data);
      return hasher;
    },
    digest: () => h.digest(),
  };
  return hasher;
}

/** The hash of the concatenation of `parts`. */
export function digest(name: HashName, ...parts: Uint8Array[]): Buffer {
  const h = createHasher(name);
  for (const p of parts) h.update(p);
  return h.digest();
}
