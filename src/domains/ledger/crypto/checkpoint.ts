import { cryptoError } from './crypto.errors';
import { HASH_SIZE } from './hash';
import { checkExtension, checkOrigin, parseCheckpointBytes, type CheckpointParseOptions } from './checkpoint-core';
import { openNote, signNote, type NoteSignature, type NoteSigner, type NoteVerifier, type OpenedNote } from './note';

/**
 * C2SP tlog-checkpoint: the signed tree head of a log, as the text of a signed note.
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n…]
 *
 * Sizes are JavaScript numbers, so a checkpoint above 2^53 − 1 leaves is refused rather than
 * rounded; no log of ours comes near it.
 */
export interface Checkpoint {
  /** The log's identity; its key name SHOULD be the same. */
  origin: string;
  /** Number of leaves. */
  size: number;
  /** RFC 6962 Merkle tree hash at `size` (SHA-256, or SM3 for a 国密 log: both 32 bytes). */
  rootHash: Buffer;
  /** Opaque extension lines; NOT RECOMMENDED by the spec, as monitors cannot audit them. */
  extensions: string[];
}

export type { CheckpointParseOptions } from './checkpoint-core';
export { isValidOrigin } from './checkpoint-core';

/** The checkpoint body (the note text to sign). */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  checkOrigin(checkpoint.origin, {});
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) {
    throw cryptoError('crypto.checkpoint.malformed.size', { max: Number.MAX_SAFE_INTEGER });
  }
  if (checkpoint.rootHash.length !== HASH_SIZE) throw cryptoError('crypto.checkpoint.malformed.root', { size: HASH_SIZE });
  checkpoint.extensions.forEach(checkExtension);
  const lines = [checkpoint.origin, String(checkpoint.size), checkpoint.rootHash.toString('base64'), ...checkpoint.extensions];
  return lines.map((l) => `${l}\n`).join('');
}

/** Parses and checks a checkpoint body (a note text that has already been verified). */
export function parseCheckpoint(text: string, options: CheckpointParseOptions = {}): Checkpoint {
  const c = parseCheckpointBytes(text, options);
  return { ...c, rootHash: Buffer.from(c.rootHash) };
}

/** The signed checkpoint note; `keep` carries signatures (e.g. witness cosignatures) over the same body. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  return signNote(formatCheckpoint(checkpoint), signers, keep);
}

export interface VerifyCheckpointOptions extends CheckpointParseOptions {
  /** The origin the caller expects (the log it asked); a different one is refused. */
  origin?: string;
}

export interface VerifiedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
}

/**
 * Verifies the note first and only then reads its text, which the spec says to ignore unless a
 * trusted key signed it.
 */
export function verifyCheckpoint(note: string | Uint8Array, verifiers: readonly NoteVerifier[], options: VerifyCheckpointOptions = {}): VerifiedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text, options);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw cryptoError('crypto.checkpoint.origin_mismatch', { expected: options.origin, actual: checkpoint.origin });
  }
  return { checkpoint, note: opened };
}
