import type { Config } from '../platform/config';
import { readLockHolder } from '../platform/db/data-dir-lock';
import { DomainError } from '../platform/errors';
import type { Ctx, Platform } from '../platform/http/context';
import { ServerClient } from './server-client';

/**
 * How a command reaches the data. One PGlite data directory is one process, so:
 * - with DATABASE_URL the CLI opens PostgreSQL itself, even while servers run;
 * - without it, the CLI opens the PGlite directory itself when no process holds it, and
 *   otherwise calls the server that holds it over HTTP — or refuses, for commands that need
 *   the database itself (migrate, seed, token create).
 */

export interface AccessNeeds {
  /** The command as typed after `zhibao`, for messages. */
  command: string;
  /** How the command works against a running server; absent when it needs the database itself. */
  http?: { scopes: string[] };
}

export type AccessPlan =
  | { kind: 'direct'; engine: 'postgres' | 'pglite' }
  | { kind: 'http'; holderPid: number }
  | { kind: 'refuse'; holderPid: number };

export function planAccess(config: Pick<Config, 'engine'>, holderPid: number | undefined, needs: AccessNeeds): AccessPlan {
  if (config.engine === 'postgres') return { kind: 'direct', engine: 'postgres' };
  if (holderPid === undefined) return { kind: 'direct', engine: 'pglite' };
  return needs.http ? { kind: 'http', holderPid } : { kind: 'refuse', holderPid };
}

export type Target =
  | { kind: 'direct'; platform: Platform; ctx: Ctx }
  | { kind: 'http'; server: ServerClient };

export interface OpenOptions {
  /**
   * Load what a server loads into an empty database on first start (the shipped holiday
   * notices and the ZHIBAO_ORG_SEED organisation tree), so the CLI and the server leave a
   * new database in the same state whichever opens it first.
   */
  baseData: boolean;
}

/** Runs `body` against the database or the server, closing the database afterwards. */
export async function withTarget<T>(
  config: Config,
  needs: AccessNeeds,
  body: (target: Target) => Promise<T>,
  opts: OpenOptions = { baseData: true },
): Promise<T> {
  const holder = config.engine === 'pglite' ? readLockHolder(config.dataDir) : undefined;
  const plan = planAccess(config, holder, needs);
  if (plan.kind === 'refuse') {
    throw new DomainError('cli.server_holds_data_dir', { dataDir: config.dataDir, pid: plan.holderPid, command: needs.command });
  }
  if (plan.kind === 'http') {
    const scopes = needs.http!.scopes;
    if (scopes.length > 0 && !config.ZHIBAO_API_TOKEN) {
      throw new DomainError('cli.token_missing', { dataDir: config.dataDir, pid: plan.holderPid, baseUrl: config.baseUrl, scopes: scopes.join(',') });
    }
    // Public endpoints get no token: a stale one would turn a public answer into a refusal.
    const token = scopes.length > 0 ? config.ZHIBAO_API_TOKEN : undefined;
    const server = new ServerClient({ baseUrl: config.baseUrl, token, dataDir: config.dataDir, holderPid: plan.holderPid });
    return body({ kind: 'http', server });
  }
  // Loaded only here: commands that never touch the database start without PGlite and drizzle.
  const [{ createPlatform }, { ensureBaseData, systemActor }] = await Promise.all([import('../platform/bootstrap'), import('../seed')]);
  const platform = await createPlatform(config);
  try {
    if (opts.baseData) await ensureBaseData(platform);
    return await body({ kind: 'direct', platform, ctx: { ...platform, actor: systemActor('cli'), locale: 'zh-CN' } });
  } finally {
    await platform.database.close();
  }
}
