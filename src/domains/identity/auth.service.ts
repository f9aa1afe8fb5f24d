import { hash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recordAudit } from '../../platform/audit/audit';
import { apiTokens, users } from '../../platform/db/tables';
import { DomainError } from '../../platform/errors';
import type { ResolvedPrincipal } from '../../platform/http/base-app';
import type { Actor, Ctx, Platform } from '../../platform/http/context';
import { TOKEN_SCOPES, type Role } from '../../platform/permissions';
import { randomToken, sha256b64url } from '../../platform/security/crypto-box';
import { DUMMY_HASH_PROMISE, verifyPassword } from '../../platform/security/password';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../platform/security/totp';
import { accountDto, loadAccount, permissionsOf } from './accounts.service';
import './identity.errors';
import * as repo from './identity.repo';
import { assertNotThrottled } from './throttle';

export const SESSION_COOKIE = 'zb_session';

export interface SessionInfo {
  account: Awaited<ReturnType<typeof loadAccount>>;
  csrfToken: string;
  permissions: string[];
}

export type LoginResult =
  | { status: 'ok'; sessionToken: string; session: SessionInfo }
  | { status: 'totp_enrolment_required'; sessionToken: string; csrfToken: string; secret: string; otpauthUri: string; qrSvg: string };

async function failLogin(ctx: Ctx, login: string, ip: string, reason: string, code: string): Promise<never> {
  await ctx.db.transaction(async (tx) => {
    await repo.recordLoginAttempt(tx, login, ip, false, ctx.now());
    await recordAudit(tx, ctx.actor, { action: 'auth.login', targetType: 'login', targetId: login, outcome: 'failed', details: { reason } });
  });
  throw new DomainError(code);
}

async function sessionInfo(ctx: Pick<Ctx, 'db'>, userId: string, csrfToken: string): Promise<SessionInfo> {
  const account = await loadAccount(ctx.db, userId);
  return { account, csrfToken, permissions: permissionsOf(account.roles as Role[]) };
}

export async function login(ctx: Ctx, input: { username: string; password: string; totp?: string }): Promise<LoginResult> {
  const ip = ctx.actor.ip ?? 'unknown';
  const loginName = input.username.toLowerCase();
  await assertNotThrottled(ctx, loginName, ip);
  const user = await repo.findUserByLogin(ctx.db, loginName);
  // Verify against a dummy hash when the account does not exist: same timing, no enumeration.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
  if (!user || !ok) return failLogin(ctx, loginName, ip, user ? 'password' : 'unknown_user', 'auth.invalid_credentials');
  if (user.status !== 'active') return failLogin(ctx, loginName, ip, 'disabled', 'auth.account_disabled');
  if (user.kind === 'system') return failLogin(ctx, loginName, ip, 'system_account', 'auth.system_account_no_login');

  const actor: Actor = { ...ctx.actor, userId: user.id, login: user.login, userKind: user.kind as Actor['userKind'], orgId: user.orgId, roles: (await repo.rolesOf(ctx.db, user.id)) as Role[] };
  const sessionToken = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.ZHIBAO_SESSION_HOURS * 3600_000);

  if (user.kind === 'staff' && !user.totpEnrolledAt) {
    // Staff must enrol a second factor before anything else (the session can only enrol).
    const secret = generateTotpSecret();
    await ctx.db.transaction(async (tx) => {
      await repo.insertSession(tx, {
        id: sha256b64url(sessionToken),
        userId: user.id,
        stage: 'totp_enrolment',
        csrfToken,
        pendingTotpSecretEnc: ctx.crypto.encrypt(secret),
        ip,
        userAgent: ctx.actor.userAgent,
        expiresAt: new Date(ctx.now().getTime() + 15 * 60_000),
      });
      await recordAudit(tx, actor, { action: 'auth.login', targetType: 'user', targetId: user.id, details: { stage: 'totp_enrolment' } });
    });
    const uri = otpauthUri(secret, user.login);
    return { status: 'totp_enrolment_required', sessionToken, csrfToken, secret, otpauthUri: uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  }

  if (user.kind === 'staff') {
    if (!input.totp) throw new DomainError('auth.totp_required');
    const step = verifyTotp(ctx.crypto.decrypt(user.totpSecretEnc!), input.totp, user.totpLastStep, ctx.now());
    if (step === null) return failLogin(ctx, loginName, ip, 'totp', 'auth.totp_invalid');
    await ctx.db.update(users).set({ totpLastStep: step }).where(eq(users.id, user.id));
  }

  await ctx.db.transaction(async (tx) => {
    await repo.insertSession(tx, { id: sha256b64url(sessionToken), userId: user.id, stage: 'full', csrfToken, ip, userAgent: ctx.actor.userAgent, expiresAt });
    await repo.recordLoginAttempt(tx, loginName, ip, true, ctx.now());
    await recordAudit(tx, actor, { action: 'auth.login', targetType: 'user', targetId: user.id });
  });
  return { status: 'ok', sessionToken, session: await sessionInfo(ctx, user.id, csrfToken) };
}

/** Confirms the authenticator with a first code; the enrolment session becomes a full one. */
export async function enrolTotp(ctx: Ctx, code: string): Promise<SessionInfo> {
  const sessionId = ctx.actor.sessionId;
  const session = sessionId ? await repo.findSession(ctx.db, sessionId) : undefined;
  if (!session || session.stage !== 'totp_enrolment' || !session.pendingTotpSecretEnc) throw new DomainError('auth.required');
  const secret = ctx.crypto.decrypt(session.pendingTotpSecretEnc);
  const step = verifyTotp(secret, code, 0, ctx.now());
  if (step === null) {
    await repo.recordLoginAttempt(ctx.db, ctx.actor.login ?? '', ctx.actor.ip ?? 'unknown', false, ctx.now());
    throw new DomainError('auth.totp_invalid');
  }
  const newToken = randomToken();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecretEnc: ctx.crypto.encrypt(secret), totpEnrolledAt: ctx.now(), totpLastStep: step, updatedAt: ctx.now() })
      .where(eq(users.id, session.userId));
    await repo.revokeSession(tx, session.id, ctx.now());
    ctx.principals.delete(`s:${session.id}`);
    await repo.insertSession(tx, {
      id: sha256b64url(newToken),
      userId: session.userId,
      stage: 'full',
      csrfToken: session.csrfToken,
      ip: ctx.actor.ip,
      userAgent: ctx.actor.userAgent,
      expiresAt: new Date(ctx.now().getTime() + ctx.config.ZHIBAO_SESSION_HOURS * 3600_000),
    });
    await repo.recordLoginAttempt(tx, ctx.actor.login ?? '', ctx.actor.ip ?? 'unknown', true, ctx.now());
    await recordAudit(tx, ctx.actor, { action: 'auth.totp_enrol', targetType: 'user', targetId: session.userId });
  });
  return { ...(await sessionInfo(ctx, session.userId, session.csrfToken)), newSessionToken: newToken } as SessionInfo & { newSessionToken: string };
}

export async function logout(ctx: Ctx) {
  if (!ctx.actor.sessionId) return;
  await ctx.db.transaction(async (tx) => {
    await repo.revokeSession(tx, ctx.actor.sessionId!, ctx.now());
    ctx.principals.delete(`s:${ctx.actor.sessionId}`);
    await recordAudit(tx, ctx.actor, { action: 'auth.logout', targetType: 'user', targetId: ctx.actor.userId });
  });
}

export async function currentSession(ctx: Ctx, csrfToken: string): Promise<SessionInfo> {
  return sessionInfo(ctx, ctx.actor.userId!, csrfToken);
}


function principalToActor(p: repo.PrincipalRow, via: 'session' | 'token'): ResolvedPrincipal['actor'] {
  return {
    userId: p.userId,
    login: p.login,
    displayName: p.displayName,
    userKind: p.kind,
    roles: (p.kind === 'applicant' ? ['applicant'] : p.roles) as Role[],
    orgId: p.orgId,
    via,
    scopes: via === 'token' ? p.scopes : null,
    sessionId: via === 'session' ? p.sessionId : null,
  };
}

/** Resolves a session cookie; disabled accounts and expired sessions resolve to nothing. */
type CachedPrincipal = ResolvedPrincipal & { userId: string; expiresAtMs: number | null };

/** A cache hit is returned as is, not wrapped in a promise: the hot path of every request. */
function cached(platform: Platform, key: string, load: () => Promise<CachedPrincipal | null>): ResolvedPrincipal | Promise<ResolvedPrincipal | null> {
  const nowMs = platform.now().getTime();
  const hit = platform.principals.get(key, nowMs) as CachedPrincipal | undefined;
  if (hit && (hit.expiresAtMs === null || hit.expiresAtMs > nowMs)) return hit;
  return load().then((fresh) => {
    if (fresh) platform.principals.set(key, fresh, nowMs);
    return fresh;
  });
}

/** Resolves a session cookie; disabled accounts and expired sessions resolve to nothing. */
export function resolveSession(platform: Platform, cookieValue: string): ResolvedPrincipal | Promise<ResolvedPrincipal | null> {
  // One-shot hash: the same digest as sha256b64url, without a Hash object per request.
  const id = hash('sha256', cookieValue, 'base64url');
  return cached(platform, `s:${id}`, async () => {
    const p = await repo.findSessionPrincipal(platform.db, id, platform.now());
    if (!p || p.status !== 'active') return null;
    return { actor: principalToActor(p, 'session'), stage: p.stage, csrfToken: p.csrfToken, userId: p.userId, expiresAtMs: p.expiresAt ? new Date(p.expiresAt).getTime() : null };
  });
}

export function resolveToken(platform: Platform, token: string): ResolvedPrincipal | Promise<ResolvedPrincipal | null> {
  const hash = sha256b64url(token);
  return cached(platform, `t:${hash}`, async () => {
    const p = await repo.findTokenPrincipal(platform.db, hash, platform.now());
    if (!p || p.status !== 'active') return null;
    await repo.touchToken(platform.db, p.tokenId, platform.now());
    return { actor: principalToActor(p, 'token'), stage: null, csrfToken: null, userId: p.userId, expiresAtMs: p.expiresAt ? new Date(p.expiresAt).getTime() : null };
  });
}

function tokenDto(t: typeof apiTokens.$inferSelect, login: string) {
  return {
    id: t.id,
    userId: t.userId,
    userLogin: login,
    name: t.name,
    prefix: t.tokenPrefix,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

/** Issues an API token for a system client; the secret is returned once and only its hash is kept. */
export async function createApiToken(
  ctx: Pick<Ctx, 'db' | 'actor' | 'now'>,
  input: { userId: string; name: string; scopes: string[]; expiresInDays?: number },
) {
  for (const scope of input.scopes) if (!TOKEN_SCOPES.includes(scope)) throw new DomainError('identity.scope_unknown', { scope });
  return ctx.db.transaction(async (tx) => {
    const user = await repo.findUserById(tx, input.userId);
    if (!user) throw new DomainError('not_found');
    const token = `zb_${randomToken(32)}`;
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name: input.name,
        tokenHash: sha256b64url(token),
        tokenPrefix: token.slice(0, 10),
        scopes: [...new Set(input.scopes)].sort(),
        createdBy: ctx.actor.userId,
        expiresAt: input.expiresInDays ? new Date(ctx.now().getTime() + input.expiresInDays * 86_400_000) : null,
      })
      .returning();
    await recordAudit(tx, ctx.actor, { action: 'token.create', targetType: 'api_token', targetId: row.id, details: { user: user.login, scopes: row.scopes } });
    return { token, info: tokenDto(row, user.login) };
  });
}

export async function listApiTokens(ctx: Pick<Ctx, 'db'>) {
  return (await repo.listTokens(ctx.db)).map(({ token, login }) => tokenDto(token, login));
}

export async function revokeApiToken(ctx: Pick<Ctx, 'db' | 'actor' | 'now' | 'principals'>, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id));
    if (!row) throw new DomainError('not_found');
    if (!row.revokedAt) await tx.update(apiTokens).set({ revokedAt: ctx.now() }).where(eq(apiTokens.id, id));
    ctx.principals.delete(`t:${row.tokenHash}`);
    await recordAudit(tx, ctx.actor, { action: 'token.revoke', targetType: 'api_token', targetId: id });
  });
}

export { accountDto };
