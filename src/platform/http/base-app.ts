import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { recordAudit } from '../audit/audit';
import { DomainError, type Locale } from '../errors';
import { ANONYMOUS, type Actor, type AppEnv, type Ctx, type Platform } from './context';
import { problemResponse, toDomainError, validationError } from './problem';

export interface ResolvedPrincipal {
  actor: Omit<Actor, 'ip' | 'userAgent' | 'requestId'>;
  stage: 'full' | 'totp_enrolment' | null;
  csrfToken: string | null;
}

export interface PrincipalResolvers {
  /** May answer synchronously (a cached principal) to spare the hot path a promise. */
  session(platform: Platform, cookieValue: string): ResolvedPrincipal | null | Promise<ResolvedPrincipal | null>;
  token(platform: Platform, token: string): ResolvedPrincipal | null | Promise<ResolvedPrincipal | null>;
  sessionCookie: string;
}

export const LANG_COOKIE = 'zb_lang';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DENIALS_AUDITED = new Set(['auth.forbidden', 'auth.scope_missing', 'auth.token_not_allowed']);

/**
 * A request header, read from Node's already parsed headers when the request came through
 * @hono/node-server: asking Hono's request for one builds a WHATWG Headers object of all of them,
 * a measurable share of a small authenticated request (docs/benchmarks.md).
 */
export function headerOf(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming?.headers;
  if (!incoming) return c.req.header(name);
  const v = incoming[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** One cookie's value from the Cookie header (URI-decoded like hono/cookie). */
export function cookieOf(c: Context, name: string): string | undefined {
  const header = headerOf(c, 'cookie');
  if (!header || !header.includes(name)) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!value.includes('%')) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

export function localeOf(c: Context): Locale {
  const explicit = c.req.query('lang') ?? cookieOf(c, LANG_COOKIE);
  if (explicit === 'en' || explicit === 'zh-CN') return explicit;
  const accept = headerOf(c, 'accept-language') ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerOf(c, 'x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? '127.0.0.1';
}

function sameOrigin(c: Context, baseUrl: string): boolean {
  const origin = headerOf(c, 'origin');
  if (!origin) return true; // non-browser clients send none; browsers always do on cross-site POSTs
  const host = headerOf(c, 'host');
  try {
    const o = new URL(origin);
    return o.host === host || o.origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/**
 * The API app with the cross-cutting pieces every route shares: request id, language, body
 * limit, who is calling (session cookie or bearer token), CSRF protection, problem responses.
 */
export function createBaseApp(platform: Platform, resolvers: PrincipalResolvers) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw validationError(result.error, (c as Context<AppEnv>).get('locale') ?? 'zh-CN');
    },
  });
  const limit = platform.config.ZHIBAO_BODY_LIMIT_BYTES;
  // Applied by `route()` to the routes that read a body (see there), not to every request.
  const limitBody = bodyLimit({ maxSize: limit, onError: () => { throw new DomainError('request.too_large', { limit }); } });

  // One middleware for what every request needs (request id, language, caller) — each extra
  // middleware is another turn through Hono's dispatcher on the hot path.
  app.use('*', (c, next) => {
    const requestId = headerOf(c, 'x-request-id')?.slice(0, 100) || randomUUID();
    c.set('requestId', requestId);
    c.set('locale', localeOf(c));
    const base: Actor = { ...ANONYMOUS, ip: clientIp(c, platform.config.ZHIBAO_TRUST_PROXY), userAgent: headerOf(c, 'user-agent') ?? null, requestId };
    c.set('actor', base);
    c.set('csrfToken', null);
    c.set('sessionStage', null);
    c.set('limitBody', limitBody);
    // Straight onto Node's response when there is one: a header set through Hono makes every
    // response take its slower Headers path (about 5 µs per request, docs/benchmarks.md).
    const outgoing = (c.env as { outgoing?: { setHeader(name: string, value: string): void } } | undefined)?.outgoing;
    if (outgoing) outgoing.setHeader('x-request-id', requestId);
    else c.header('x-request-id', requestId);
    return c.req.path.startsWith('/api/') ? identify(c, next, base) : next();
  });

  /** Who is calling: a bearer token, or the session cookie (with CSRF protection on state changes). */
  async function identify(c: Context<AppEnv>, next: () => Promise<void>, base: Actor) {
    const auth = headerOf(c, 'authorization');
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const resolved = m ? await resolvers.token(platform, m[1]) : null;
      if (!resolved) throw new DomainError('auth.token_invalid');
      c.set('actor', { ...base, ...resolved.actor });
      return next();
    }
    const cookie = cookieOf(c, resolvers.sessionCookie);
    const pending = cookie ? resolvers.session(platform, cookie) : null;
    const resolved = pending instanceof Promise ? await pending : pending;
    if (resolved) {
      c.set('actor', { ...base, ...resolved.actor });
      c.set('csrfToken', resolved.csrfToken);
      c.set('sessionStage', resolved.stage);
      // Double-submit protection: a state change with a session cookie must echo the session's token.
      if (UNSAFE.has(c.req.method) && headerOf(c, 'x-csrf-token') !== resolved.csrfToken) throw new DomainError('auth.csrf_invalid');
    } else if (UNSAFE.has(c.req.method) && !sameOrigin(c, platform.config.baseUrl)) {
      // Without a session (sign-in, registration) a cross-site form post is still refused.
      throw new DomainError('auth.csrf_invalid');
    }
    return next();
  }

  app.onError(async (err, c) => {
    const domainError = toDomainError(err, c.req.header('content-type'));
    if (domainError.code === 'internal') {
      console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}:`, err);
    } else if (DENIALS_AUDITED.has(domainError.code)) {
      // Refusals by role are audited (who tried what); refusals by reach are audited by the services.
      await recordAudit(platform.db, c.get('actor'), {
        action: 'access.denied',
        targetType: 'route',
        targetId: `${c.req.method} ${c.req.path}`.slice(0, 200),
        outcome: 'denied',
        details: { code: domainError.code },
      }).catch((e) => console.error('audit of a refusal failed:', e));
    }
    return problemResponse(c, domainError);
  });

  return app;
}

export function ctxOf(c: Context<AppEnv>, platform: Platform): Ctx {
  // Spelled out rather than spread: built on every request, and cheaper with a fixed shape.
  return {
    config: platform.config,
    database: platform.database,
    db: platform.db,
    crypto: platform.crypto,
    now: platform.now,
    principals: platform.principals,
    actor: c.get('actor'),
    locale: c.get('locale'),
  };
}
