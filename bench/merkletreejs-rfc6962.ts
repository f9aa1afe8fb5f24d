import { hash } from 'node:crypto';
import { MerkleTree } from 'merkletreejs';

/**
 * merkletreejs (the Merkle tree library a JavaScript user would pick) configured to build the
 * RFC 6962 tree as far as it allows, for the side-by-side in `bench/ledger.bench.ts`:
 *
 * - leaves go in pre-hashed as H(0x00 || entry) (`hashLeaves` off), the same leaf hashes the
 *   ledger computes;
 * - interior nodes are H(0x01 || left || right): the 0x01 prefix comes from the `concatenator`
 *   option, and the hash is node:crypto's one-shot SHA-256, the primitive the ledger's hasher
 *   uses (its default would be crypto-js, far slower: this compares tree code, not hash code);
 * - `duplicateOdd`, `isBitcoinTree`, `complete`, `sort*` and `fillDefaultHash` stay off: with
 *   them the shape is not RFC 6962's. With them off, the lone last node of a level is promoted
 *   unhashed, which gives exactly RFC 6962's left-balanced tree (largest power of two on the
 *   left), so roots and audit paths are byte-for-byte the same — the benchmark checks this.
 *
 * What it cannot do: prove against any size but the current one (no proofs for older tree
 * sizes, no consistency proofs), append without rebuilding every layer (`addLeaf` is O(n)), or
 * store anything but the whole tree in memory.
 */

const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256 with node:crypto's one-shot `hash()`, as the ledger's hasher does. */
export const sha256 = (data: Buffer): Buffer => hash('sha256', data, 'buffer');

/** Constructor options making merkletreejs's interior nodes RFC 6962's H(0x01 || left || right). */
export const rfc6962Options = {
  concatenator: (inputs: Buffer[]): Buffer => Buffer.concat([NODE_PREFIX, ...inputs]),
};

/** The RFC 6962 tree over pre-hashed leaves (H(0x00 || entry)), built by merkletreejs. */
export function buildMerkletreejs(leafHashes: Buffer[]): MerkleTree {
  return new MerkleTree(leafHashes, sha256, rfc6962Options);
}

/** The audit path of leaf `index`, sibling first, as bare hashes (RFC 9162 order). */
export function merkletreejsProof(tree: MerkleTree, leafHash: Buffer, index: number): Buffer[] {
  return tree.getProof(leafHash, index).map((step) => step.data);
}
