import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { Locale } from '../errors';
import type { Role } from '../permissions';
import type { CryptoBox } from '../security/crypto-box';
import type { PrincipalCache } from '../security/principal-cache';

/** Who is acting, from where: every service call and audit row starts from this. */
export interface Actor {
  userId: string | null;
  login: string | null;
  displayName: string | null;
  userKind: 'applicant' | 'staff' | 'system' | 'anonymous' | 'cli';
  roles: Role[];
  orgId: string | null;
  via: 'session' | 'token' | 'cli' | 'anonymous' | 'system';
  /** Scopes of the API token; null for browser sessions and the CLI. */
  scopes: string[] | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const ANONYMOUS: Actor = {
  userId: null,
  login: null,
  displayName: null,
  userKind: 'anonymous',
  roles: [],
  orgId: null,
  via: 'anonymous',
  scopes: null,
  sessionId: null,
  ip: null,
  userAgent: null,
  requestId: null,
};

export function isAuthenticated(actor: Actor): boolean {
  return actor.userId !== null || actor.userKind === 'cli';
}

/** Process-wide dependencies handed to services (no globals, so tests build their own). */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  crypto: CryptoBox;
  now: () => Date;
  /** Resolved sessions and tokens (see PrincipalCache); services invalidate users they change. */
  principals: PrincipalCache<{ userId: string }>;
}

/** What a service function receives: the platform plus the acting user. */
export interface Ctx extends Platform {
  actor: Actor;
  locale: Locale;
}

export type AppEnv = {
  Variables: {
    actor: Actor;
    locale: Locale;
    requestId: string;
    csrfToken: string | null;
    sessionStage: 'full' | 'totp_enrolment' | null;
    /** The request-body limit (ZHIBAO_BODY_LIMIT_BYTES) as middleware; `route()` applies it to routes that read a body. */
    limitBody: MiddlewareHandler;
  };
};
