import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { DomainError } from '../errors';
import { isAuthenticated, type AppEnv } from './context';
import { PERMISSIONS, roleAllows, type Permission } from '../permissions';

/** Every API route, with the permission it requires: the permission test walks this list. */
export interface RegisteredRoute {
  method: string;
  path: string;
  permission: Permission;
  operationId?: string;
}

export const routeRegistry: RegisteredRoute[] = [];

/**
 * Role and token-scope check for one permission. A session still enrolling its second factor
 * may call only the enrolment and sign-out routes; those pass `allowDuringEnrolment`.
 */
export function requirePermission(permission: Permission, opts: { allowDuringEnrolment?: boolean } = {}) {
  // Not async: a refusal thrown here is caught by hono's compose like a rejected promise.
  return createMiddleware<AppEnv>((c, next) => {
    const actor = c.get('actor');
    const spec = PERMISSIONS[permission] as { roles: unknown; scope?: string };
    if (c.get('sessionStage') === 'totp_enrolment' && !opts.allowDuringEnrolment && spec.roles !== 'anyone') {
      throw new DomainError('auth.totp_enrolment_pending');
    }
    const authenticated = isAuthenticated(actor);
    if (!roleAllows(permission, actor.roles, authenticated)) {
      throw new DomainError(authenticated ? 'auth.forbidden' : 'auth.required', {}, { permission });
    }
    if (actor.via === 'token' && spec.roles !== 'anyone') {
      if (!spec.scope) throw new DomainError('auth.token_not_allowed');
      if (!actor.scopes?.includes(spec.scope)) throw new DomainError('auth.scope_missing', { scope: spec.scope });
    }
    return next();
  });
}

type Guarded<R extends RouteConfig> = R & {
  permission: Permission;
  allowDuringEnrolment?: boolean;
  /** The route enforces its own body limit (a streamed evidence file, the TSA's small requests) instead of ZHIBAO_BODY_LIMIT_BYTES. */
  ownBodyLimit?: boolean;
};

/** The platform's body limit, for routes whose method carries a body (GET and HEAD have none). */
const limitBody = createMiddleware<AppEnv>((c, next) => c.get('limitBody')(c, next));

/** `createRoute` plus the permission guard and a registry entry. */
export function route<const R extends RouteConfig>(config: Guarded<R>): R {
  const { permission, allowDuringEnrolment, ownBodyLimit, ...rest } = config;
  // Registered once per method and path: building a second app in one process (tests, tools) must not list routes twice.
  const entry = { method: rest.method.toUpperCase(), path: rest.path, permission, operationId: rest.operationId };
  const known = routeRegistry.findIndex((r) => r.method === entry.method && r.path === entry.path);
  if (known >= 0) routeRegistry[known] = entry;
  else routeRegistry.push(entry);
  const extra = rest.middleware ? (Array.isArray(rest.middleware) ? rest.middleware : [rest.middleware]) : [];
  const readsBody = rest.method !== 'get' && rest.method !== 'head';
  const security = PERMISSIONS[permission].roles === 'anyone' ? [] : [{ session: [] }, { bearer: [] }];
  return createRoute({
    ...rest,
    security,
    description: [rest.description, `Permission: \`${permission}\`${(PERMISSIONS[permission] as { scope?: string }).scope ? ` · token scope \`${(PERMISSIONS[permission] as { scope?: string }).scope}\`` : ''}`]
      .filter(Boolean)
      .join('\n\n'),
    middleware: [requirePermission(permission, { allowDuringEnrolment }), ...(readsBody && !ownBodyLimit ? [limitBody] : []), ...extra],
  } as unknown as R);
}
