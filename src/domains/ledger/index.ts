import { append, appendMany, appendSql, openLedger, QUEUE_ID_SQL, type AwaitOptions } from './ledger.service';
import type { Platform } from '../../platform/http/context';

/**
 * The evidence ledger (数据存证) as other domains use it:
 *
 *   await ctx.db.transaction(async (tx) => {
 *     … change the case, write its event and audit rows …
 *     const { queueId } = await ledger.append(encodeCaseEventEntry({ … }), tx);
 *   });
 *   // after the commit, when a receipt needs the index:
 *   const { index } = await ledger.awaitIntegration(platform, queueId);
 *
 * `append` only inserts into the queue in the caller's transaction: the entry is acknowledged
 * exactly when the caller commits, and a rolled-back caller leaves nothing behind.
 */
export const ledger = {
  append,
  appendMany,
  /** `append` inside a statement of the caller's, with a queue id reserved by `queueIdSql`. */
  appendSql,
  queueIdSql: QUEUE_ID_SQL,
  /** Waits (after the appending transaction committed) until the entry has an index; see `Ledger.awaitIntegration`. */
  async awaitIntegration(platform: Pick<Platform, 'config' | 'database' | 'db'>, queueId: number, opts?: AwaitOptions) {
    return (await openLedger(platform)).awaitIntegration(queueId, opts);
  },
  open: openLedger,
};

export { caseEventEntry, decodeCaseEventEntry, documentDigest, encodeCaseEventEntry, type CaseEventEntry, type CaseEventInput } from './entries';
export { canonicalJson, canonicalJsonBytes, parseCanonicalJson } from './canonical-json';
export { Ledger, openLedger, startLedger, type AwaitOptions, type IntegrationResult } from './ledger.service';
export { registerLedgerRoutes, TILES_PREFIX } from './ledger.routes';
