import type { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors';
import '../evidence.errors';

/**
 * Where evidence files live. The database holds the facts (digests, provenance, receipt); the
 * bytes go here under a key the service chooses (the evidence id). Implementations:
 * `LocalDirStorage` (the embedded default, one machine) and `S3Storage` (production).
 */
export interface BlobStorage {
  readonly kind: 'local' | 's3';
  /**
   * Stores everything `source` yields under `key`. The object appears only when the source
   * ended without error: if the source throws (size limit, interrupted upload) nothing is left
   * under `key` and the error is rethrown as it came.
   */
  put(key: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** The stored bytes; `evidence.blob_missing` when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes the object; no error when it is not there. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Keys are evidence ids and the like: no path separators, no dot segments. */
export const STORAGE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function assertStorageKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new DomainError('evidence.storage_key_invalid', { key: key.slice(0, 60) });
}

/** Thrown by an implementation when the store itself fails (disk full, bucket unreachable). */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}
