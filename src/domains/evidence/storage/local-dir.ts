import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors';
import { assertStorageKey, StorageError, type BlobStorage } from './blob-storage';

/**
 * Evidence files in a local directory (`<data dir>/evidence`), the embedded default. Each file
 * is written to a temporary name in its final folder, flushed to disk (fsync), then renamed into
 * place and the folder flushed too, so after a crash a key holds either the whole file or
 * nothing. Files are 0600 and folders 0700: only the server's user reads evidence.
 */
export class LocalDirStorage implements BlobStorage {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  /** Two-level fan-out by the key's first characters keeps folders small. */
  pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, key.slice(0, 2).toLowerCase(), key);
  }

  async put(key: string, source: AsyncIterable<Uint8Array>): Promise<void> {
    const final = this.pathOf(key);
    const dir = path.dirname(final);
    const temp = path.join(dir, `.${key}.${randomBytes(6).toString('hex')}.part`);
    let handle: fsp.FileHandle | undefined;
    try {
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      handle = await fsp.open(temp, 'wx', 0o600);
    } catch (e) {
      throw new StorageError(`cannot write into ${dir}: ${(e as Error).message}`, { cause: e });
    }
    try {
      for await (const chunk of source) {
        try {
          await handle.write(chunk);
        } catch (e) {
          throw new StorageError(`cannot write ${temp}: ${(e as Error).message}`, { cause: e });
        }
      }
      try {
        await handle.sync();
        await handle.close();
        handle = undefined;
        await fsp.rename(temp, final);
        await syncDirectory(dir);
      } catch (e) {
        throw new StorageError(`cannot store ${final}: ${(e as Error).message}`, { cause: e });
      }
    } catch (e) {
      await handle?.close().catch(() => {});
      await fsp.rm(temp, { force: true }).catch(() => {});
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      await fsp.access(file, fs.constants.R_OK);
    } catch {
      throw new DomainError('evidence.blob_missing');
    }
    return fs.createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}

/** fsync of a directory makes a rename in it durable (POSIX); not all platforms allow it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open directories; the rename is as durable as that platform makes it.
  } finally {
    await handle?.close().catch(() => {});
  }
}
