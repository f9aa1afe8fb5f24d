import { toHex } from '../crypto/bytes';
import { createPureHash } from '../merkle/pure-hasher';

/**
 * SHA-256 and SM3 of a file computed in one pass over its chunks, with pure implementations
 * (browser-safe): the public page feeds `File.stream()` chunks, the CLI a file read stream, so a
 * large file is never held in memory.
 */

export interface FileDigests {
  /** Lower-case hex. */
  sha256: string;
  /** Lower-case hex. */
  sm3: string;
  size: number;
}

export async function digestChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  onProgress?: (bytesRead: number) => void,
): Promise<FileDigests> {
  const sha256 = createPureHash('sha256');
  const sm3 = createPureHash('sm3');
  let size = 0;
  for await (const chunk of chunks) {
    sha256.update(chunk);
    sm3.update(chunk);
    size += chunk.length;
    onProgress?.(size);
  }
  return { sha256: toHex(sha256.digest()), sm3: toHex(sm3.digest()), size };
}

export function digestBytes(bytes: Uint8Array): FileDigests {
  return {
    sha256: toHex(createPureHash('sha256').update(bytes).digest()),
    sm3: toHex(createPureHash('sm3').update(bytes).digest()),
    size: bytes.length,
  };
}
