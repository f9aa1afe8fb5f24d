import type { Config } from './config';
import { openDatabase } from './db/client';
import type { Platform } from './http/context';
import { CryptoBox, loadSecretKey } from './security/crypto-box';
import { PrincipalCache } from './security/principal-cache';

/** Opens the database (migrating it) and assembles the process-wide dependencies. */
export async function createPlatform(config: Config, opts: { now?: () => Date; inMemory?: boolean } = {}): Promise<Platform> {
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: opts.inMemory ? undefined : config.dataDir,
    poolMax: config.ZHIBAO_PG_POOL_MAX,
    pgliteWorker: config.ZHIBAO_PGLITE_WORKER,
  });
  const crypto = new CryptoBox(loadSecretKey(config.ZHIBAO_SECRET_KEY, config.dataDir));
  return {
    config,
    database,
    db: database.db,
    crypto,
    now: opts.now ?? (() => new Date()),
    principals: new PrincipalCache(config.ZHIBAO_SESSION_CACHE_MS),
  };
}
