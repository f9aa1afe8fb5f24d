import { formatCheckpoint, signCheckpoint } from '../crypto/checkpoint';
import type { NoteSigner } from '../crypto/note';
import { merkleHasher, type HashName } from '../merkle/hasher';
import { generateInclusionProof, MemoryNodeStore } from '../merkle/proofs';
import { decodeEntryBundle } from '../merkle/tiles';

/**
 * An in-memory log built from raw entries with the server's own pieces (hasher, node store,
 * checkpoint format and note signing): what `zhibao ledger build` prints and what
 * the test receipt builder signs. Server-side only (OpenSSL hashing and signing).
 */
export interface BuiltLog {
  hash: HashName;
  size: number;
  root: Buffer;
  leafHashes: Buffer[];
  store: MemoryNodeStore;
  inclusionProof(index: number): Promise<Buffer[]>;
  /** The checkpoint body for `origin` (unsigned note text). */
  checkpointText(origin: string): string;
  /** The signed checkpoint note, exactly as the server signs it. */
  signedCheckpoint(origin: string, signers: readonly NoteSigner[]): string;
}

export function buildLog(entries: readonly Uint8Array[], hash: HashName = 'sha256'): BuiltLog {
  const hasher = merkleHasher(hash);
  const leafHashes = entries.map((entry) => hasher.hashLeaf(entry));
  // The whole tree at once, level by level: the same nodes as appending each leaf to a compact
  // range with the store keeping every completed node (as the integrator does), built faster.
  const size = leafHashes.length;
  const store = MemoryNodeStore.fromLeafHashes(leafHashes, hasher);
  const root = store.root(size, hasher);
  const checkpoint = (origin: string) => ({ origin, size, rootHash: root, extensions: [] });
  return {
    hash,
    size,
    root,
    leafHashes,
    store,
    inclusionProof: (index) => generateInclusionProof(store, hasher, index, size),
    checkpointText: (origin) => formatCheckpoint(checkpoint(origin)),
    signedCheckpoint: (origin, signers) => signCheckpoint(checkpoint(origin), signers),
  };
}

/** The entries of a file of uint16-big-endian length-prefixed records (as in tlog-tiles entry bundles). */
export function readEntriesFile(bytes: Uint8Array): Buffer[] {
  return decodeEntryBundle(bytes);
}
