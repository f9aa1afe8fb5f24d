import { createHash, getHashes } from 'node:crypto';
import { Sm3PureCore } from './sm3-pure';

/**
 * SM3 (GB/T 32905-2016), the 国密 hash: 256-bit output, Merkle–Damgård like SHA-256.
 *
 * Node 20 with its bundled OpenSSL 3 provides `createHash('sm3')` (domain/evidence.md §4). A Node
 * linked against an OpenSSL built with `no-sm3` would not, so a plain TypeScript implementation of
 * the standard stands behind it; the tests run every vector through both.
 */

export interface Sm3Hasher {
  update(data: Uint8Array): Sm3Hasher;
  digest(): Buffer;
}

/** Whether this Node's OpenSSL provides SM3 (it does in Node 20 with the bundled OpenSSL 3). */
export const SM3_NATIVE: boolean = getHashes().includes('sm3');

export function createSm3(): Sm3Hasher {
  if (!SM3_NATIVE) return new Sm3Pure();
  const h = createHash('sm3');
  const hasher: Sm3Hasher = {
    update(data) {
      h.update(data);
      return hasher;
    },
    digest: () => h.digest(),
  };
  return hasher;
}

/** SM3 of the concatenation of `parts`. */
export function sm3(...parts: Uint8Array[]): Buffer {
  const h = createSm3();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SM3 in TypeScript (GB/T 32905-2016 §5), used only where OpenSSL lacks it; digests as Buffer. */
export class Sm3Pure extends Sm3PureCore implements Sm3Hasher {
  override update(data: Uint8Array): this {
    super.update(data);
    return this;
  }

  override digest(): Buffer {
    return Buffer.from(super.digest());
  }
}
