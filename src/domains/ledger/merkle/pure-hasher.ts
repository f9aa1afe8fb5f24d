import { sha256 } from '@noble/hashes/sha2.js';
import { Sm3PureCore } from '../crypto/sm3-pure';

/**
 * RFC 6962 §2.1 tree hashing (H(0x00 || entry), H(0x01 || left || right), H("")) over SHA-256 or
 * SM3 in plain TypeScript, for the browser's receipt verifier (no `node:` imports, no Buffer).
 * The server uses the faster OpenSSL-backed `hasher.ts`; both give the same bytes (tested).
 */

export type PureHashName = 'sha256' | 'sm3';

/** An incremental hash: update with chunks, then one digest. */
export interface IncrementalHash {
  update(data: Uint8Array): IncrementalHash;
  digest(): Uint8Array;
}

export function createPureHash(name: PureHashName): IncrementalHash {
  const core: { update(data: Uint8Array): unknown; digest(): Uint8Array } = name === 'sm3' ? new Sm3PureCore() : sha256.create();
  const wrapper: IncrementalHash = {
    update(data) {
      core.update(data);
      return wrapper;
    },
    digest: () => core.digest(),
  };
  return wrapper;
}

/** The digest of the concatenation of `parts`. */
export function pureDigest(name: PureHashName, ...parts: Uint8Array[]): Uint8Array {
  const h = createPureHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
}

export interface PureTreeHasher {
  readonly name: PureHashName;
  readonly size: number;
  hashLeaf(entry: Uint8Array): Uint8Array;
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
  emptyRoot(): Uint8Array;
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

export function pureTreeHasher(name: PureHashName): PureTreeHasher {
  return {
    name,
    size: 32,
    hashLeaf: (entry) => pureDigest(name, LEAF, entry),
    hashChildren: (left, right) => pureDigest(name, NODE, left, right),
    emptyRoot: () => pureDigest(name),
  };
}
