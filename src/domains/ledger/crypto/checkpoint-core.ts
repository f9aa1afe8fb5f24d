import { fromBase64 } from './bytes';
import { cryptoError } from './crypto.errors';
import { isValidKeyName, isValidNoteText } from './note-core';

/**
 * C2SP tlog-checkpoint body parsing, browser-safe (no Buffer, no `node:` imports); `checkpoint.ts`
 * builds on it. Format: <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n…]
 */

export const CHECKPOINT_HASH_SIZE = 32;

export interface CheckpointBytes {
  origin: string;
  size: number;
  rootHash: Uint8Array;
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

/** A schema-less-URL-like origin: non-empty, no Unicode white space, no '+'. */
export function isValidOrigin(origin: string): boolean {
  return isValidKeyName(origin);
}

export function checkOrigin(origin: string, options: CheckpointParseOptions): void {
  const ok = options.allowAnyOrigin ? origin.length > 0 && isValidNoteText(`${origin}\n`) : isValidOrigin(origin);
  if (!ok) throw cryptoError('crypto.checkpoint.malformed.origin');
}

export function checkExtension(line: string): void {
  if (line.length === 0 || line.includes('\n') || !isValidNoteText(`${line}\n`)) throw cryptoError('crypto.checkpoint.malformed.extension');
}

const SIZE = /^(0|[1-9][0-9]*)$/;

/** Parses and checks a checkpoint body (a note text that has already been verified). */
export function parseCheckpointBytes(text: string, options: CheckpointParseOptions = {}): CheckpointBytes {
  if (!text.endsWith('\n')) throw cryptoError('crypto.checkpoint.malformed.lines');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw cryptoError('crypto.checkpoint.malformed.lines');
  const [origin, size, root, ...extensions] = lines;
  checkOrigin(origin, options);
  if (!SIZE.test(size) || !Number.isSafeInteger(Number(size))) {
    throw cryptoError('crypto.checkpoint.malformed.size', { max: Number.MAX_SAFE_INTEGER });
  }
  // Canonical standard base64 only: the re-encoding must give back the same line.
  const rootHash = fromBase64(root);
  if (!rootHash || rootHash.length !== CHECKPOINT_HASH_SIZE) {
    throw cryptoError('crypto.checkpoint.malformed.root', { size: CHECKPOINT_HASH_SIZE });
  }
  extensions.forEach(checkExtension);
  return { origin, size: Number(size), rootHash, extensions };
}
