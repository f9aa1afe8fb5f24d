import { cryptoError } from './crypto.errors';
import { HASH_SIZE } from './hash';
import { isValidKeyName, isValidNoteText, openNote, signNote, type NoteSignature, type NoteSigner, type NoteVerifier, type OpenedNote } from './note';

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

export interface CheckpointParseOptions {
  /**
   * Accept any non-empty origin. The spec only RECOMMENDS a schema-less URL without spaces or '+',
   * and clients MUST NOT assume it: "go.sum database tree" (sum.golang.org) and Rekor v1's
   * "rekor.sigstore.dev - <tree ID>" are real origins. Off by default, since our own logs follow it.
   */
  allowAnyOrigin?: boolean;
}

const SIZE = /^(0|[1-9][0-9]*)$/;

/** A schema-less-URL-like origin: non-empty, no Unicode white space, no '+'. */
export function isValidOrigin(origin: string): boolean {
  return isValidKeyName(origin);
}

function checkOrigin(origin: string, options: CheckpointParseOptions): void {
  const ok = options.allowAnyOrigin ? origin.length > 0 && isValidNoteText(`${origin}\n`) : isValidOrigin(origin);
  if (!ok) throw cryptoError('crypto.checkpoint.malformed.origin');
}

function checkExtension(line: string): void {
  if (line.length === 0 || line.includes('\n') || !isValidNoteText(`${line}\n`)) throw cryptoError('crypto.checkpoint.malformed.extension');
}

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
  if (!text.endsWith('\n')) throw cryptoError('crypto.checkpoint.malformed.lines');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw cryptoError('crypto.checkpoint.malformed.lines');
  const [origin, size, root, ...extensions] = lines;
  checkOrigin(origin, options);
  if (!SIZE.test(size) || !Number.isSafeInteger(Number(size))) {
    throw cryptoError('crypto.checkpoint.malformed.size', { max: Number.MAX_SAFE_INTEGER });
  }
  const rootHash = Buffer.from(root, 'base64');
  // Canonical standard base64 only: the re-encoding must give back the same line.
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root) {
    throw cryptoError('crypto.checkpoint.malformed.root', { size: HASH_SIZE });
  }
  extensions.forEach(checkExtension);
  return { origin, size: Number(size), rootHash, extensions };
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
