import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../src/domains/identity/auth.service';
import { STAFF_ROLES } from '../src/platform/db/tables';
import { PERMISSIONS, TOKEN_SCOPES, type PermissionSpec } from '../src/platform/permissions';
import { routeRegistry, type RegisteredRoute } from '../src/platform/http/route';
import { systemActor } from '../src/seed';
import { createRng } from './support/factories';
import { useTestApp, type Session } from './support/test-app';

/**
 * The permission matrix, walked: every route in `routeRegistry` with every kind of caller.
 * The oracle below is written from the `PERMISSIONS` table alone (not from `roleAllows`), so
 * the guard is checked against the table rather than against itself.
 */

type Principal =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'session'; login: string; roles: string[] }
  | { name: string; kind: 'token'; roles: string[]; scopes: string[] };

type Expectation = { allowed: true } | { allowed: false; status: 401 | 403; code: string };

function expected(spec: PermissionSpec, p: Principal): Expectation {
  if (spec.roles === 'anyone') return { allowed: true };
  if (p.kind === 'anonymous') return { allowed: false, status: 401, code: 'auth.required' };
  const roleOk = spec.roles === 'authenticated' || p.roles.some((r) => (spec.roles as readonly string[]).includes(r));
  if (!roleOk) return { allowed: false, status: 403, code: 'auth.forbidden' };
  if (p.kind === 'token') {
    if (!spec.scope) return { allowed: false, status: 403, code: 'auth.token_not_allowed' };
    if (!p.scopes.includes(spec.scope)) return { allowed: false, status: 403, code: 'auth.scope_missing' };
  }
  return { allowed: true };
}

const PRINCIPALS: Principal[] = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'applicant', kind: 'session', login: 'acme', roles: ['applicant'] },
  ...STAFF_ROLES.map((role): Principal => ({ name: role, kind: 'session', login: `walk.${role}`, roles: [role] })),
  { name: 'token with every scope', kind: 'token', roles: [...STAFF_ROLES], scopes: [...TOKEN_SCOPES] },
  { name: 'token without scopes', kind: 'token', roles: [...STAFF_ROLES], scopes: [] },
];

describe('permission matrix', () => {
  const t = useTestApp();
  const rng = createRng(0x5eed01);
  const sessions = new Map<string, Session>();
  const tokens = new Map<string, string>();
  const visits = new Map<string, Set<string>>();

  beforeAll(async () => {
    const admin = await t.loginAs('admin');
    // One staff member per role, in a district office (reach differs from the city office's).
    for (const role of STAFF_ROLES) await t.createStaff(admin, { login: `walk.${role}`, roles: [role], orgCode: 'sh-huangpu-ipo' });
    for (const p of PRINCIPALS) if (p.kind === 'session') sessions.set(p.name, await t.loginAs(p.login));
    const system = await t.createStaff(admin, { login: 'walk.system', roles: [...STAFF_ROLES], orgCode: 'sh-ipa', kind: 'system' });
    const ctx = { db: t.platform.db, actor: systemActor(), now: t.platform.now };
    for (const p of PRINCIPALS) {
      // Through the service: the API refuses an empty scope list, but a token without scopes is the case to check.
      if (p.kind === 'token') tokens.set(p.name, (await createApiToken(ctx, { userId: system.id, name: p.name, scopes: p.scopes })).token);
    }
  });

  function concretePath(r: RegisteredRoute): string {
    return r.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'year' ? '2025' : rng.uuid()));
  }

  async function call(r: RegisteredRoute, p: Principal, session?: Session) {
    const withBody = ['POST', 'PATCH', 'PUT'].includes(r.method);
    return t.request(r.method, concretePath(r), {
      body: withBody ? {} : undefined,
      session: p.kind === 'session' ? session ?? sessions.get(p.name) : undefined,
      token: p.kind === 'token' ? tokens.get(p.name) : undefined,
    });
  }

  it.each(PRINCIPALS.map((p) => [p.name, p] as const))('answers every route as the matrix says for %s', async (_name, p) => {
    const mismatches: string[] = [];
    const visited = new Set<string>();
    const [{ n: deniedBefore }] = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'access.denied'`);
    let forbidden = 0;
    for (const r of routeRegistry) {
      const key = `${r.method} ${r.path}`;
      visited.add(key);
      const want = expected(PERMISSIONS[r.permission], p);
      let res;
      if (r.method === 'POST' && r.path === '/api/auth/logout' && p.kind === 'session') {
        // Signing out would end the session the rest of the walk uses: sign out a second one instead.
        const spare = await t.loginAs(p.login);
        res = await call(r, p, spare);
        const after = await t.request('GET', '/api/auth/me', { session: spare });
        if (after.status !== 401) mismatches.push(`${key}: the signed-out spare session still answers ${after.status}`);
      } else {
        res = await call(r, p);
      }
      const got = `${res.status} ${res.body?.code ?? ''}`.trim();
      if (res.status >= 500) mismatches.push(`${key} (${r.permission}): server error ${got}`);
      else if (res.body?.code === 'route.not_found') mismatches.push(`${key}: the request did not reach the route (${got})`);
      else if (want.allowed && (res.status === 401 || res.status === 403)) mismatches.push(`${key} (${r.permission}): allowed by the matrix, got ${got}`);
      else if (!want.allowed && (res.status !== want.status || res.body?.code !== want.code))
        mismatches.push(`${key} (${r.permission}): expected ${want.status} ${want.code}, got ${got}`);
      if (!want.allowed && want.status === 403) forbidden++;
    }
    visits.set(p.name, visited);
    expect(mismatches).toEqual([]);
    // Refusals by role are audited, one row each.
    const [{ n: deniedAfter }] = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'access.denied'`);
    expect(deniedAfter - deniedBefore).toBe(forbidden);
    // The walk left the caller's own session usable.
    if (p.kind === 'session') expect((await t.request('GET', '/api/auth/me', { session: sessions.get(p.name) })).status).toBe(200);
  });

  it('visits every registered route with every caller', () => {
    expect(routeRegistry.length).toBeGreaterThan(30);
    expect(new Set(routeRegistry.map((r) => `${r.method} ${r.path}`)).size).toBe(routeRegistry.length);
    for (const p of PRINCIPALS) expect(visits.get(p.name)?.size, p.name).toBe(routeRegistry.length);
  });

  it('gives every route a permission from the matrix and every scope to some permission', () => {
    for (const r of routeRegistry) expect(Object.keys(PERMISSIONS), `${r.method} ${r.path}`).toContain(r.permission);
    const scopes = new Set(Object.values(PERMISSIONS).map((p: PermissionSpec) => p.scope).filter(Boolean));
    expect([...scopes].sort()).toEqual([...TOKEN_SCOPES]);
  });
});
