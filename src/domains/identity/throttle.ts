import { recordAudit } from '../../platform/audit/audit';
import { DomainError } from '../../platform/errors';
import type { Ctx } from '../../platform/http/context';
import * as repo from './identity.repo';

/**
 * Password guessing is throttled in the database (so across processes): failures since the
 * last success within ZHIBAO_LOGIN_WINDOW_MINUTES, per account and (×4) per client address.
 */
export async function assertNotThrottled(ctx: Ctx, login: string, ip: string) {
  const { config } = ctx;
  const windowMs = config.ZHIBAO_LOGIN_WINDOW_MINUTES * 60_000;
  const since = new Date(ctx.now().getTime() - windowMs);
  for (const [column, value, max] of [
    ['login', login, config.ZHIBAO_LOGIN_MAX_FAILURES],
    ['ip', ip, config.ZHIBAO_LOGIN_MAX_FAILURES * 4],
  ] as const) {
    const { count, latest } = await repo.countRecentFailures(ctx.db, column, value, since);
    if (count >= max && latest) {
      const seconds = Math.max(1, Math.ceil((latest.getTime() + windowMs - ctx.now().getTime()) / 1000));
      await recordAudit(ctx.db, ctx.actor, { action: 'auth.login', targetType: 'login', targetId: login, outcome: 'denied', details: { reason: 'throttled', by: column } });
      throw new DomainError('rate_limited', { seconds }, { retryAfterSeconds: seconds });
    }
  }
}
