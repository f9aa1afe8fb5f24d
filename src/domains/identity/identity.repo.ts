import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/client';
import {
  apiTokens,
  applicantProfiles,
  loginAttempts,
  representations,
  sessions,
  userRoles,
  users,
} from '../../platform/db/tables';

export type UserRow = typeof users.$inferSelect;
export type ProfileRow = typeof applicantProfiles.$inferSelect;

export interface PrincipalRow {
  sessionId: string | null;
  stage: 'full' | 'totp_enrolment' | null;
  csrfToken: string | null;
  scopes: string[] | null;
  userId: string;
  login: string;
  displayName: string;
  kind: 'applicant' | 'staff' | 'system';
  orgId: string | null;
  status: string;
  roles: string[];
  expiresAt: string | Date | null;
}

const principalColumns = sql`u.id as "userId", u.login, u.display_name as "displayName", u.kind, u.org_id as "orgId", u.status,
           coalesce((select array_agg(r.role order by r.role) from user_roles r where r.user_id = u.id), '{}'::text[]) as roles`;

/** Session, user and roles in one round trip: this runs on every authenticated request (without a cache hit). */
export async function findSessionPrincipal(db: Db, sessionId: string, now: Date): Promise<PrincipalRow | undefined> {
  const result = await db.execute(sql`
    select s.id as "sessionId", s.stage, s.csrf_token as "csrfToken", null::text[] as scopes, s.expires_at as "expiresAt", ${principalColumns}
      from sessions s join users u on u.id = s.user_id
     where s.id = ${sessionId} and s.revoked_at is null and s.expires_at > ${now.toISOString()}::timestamptz`);
  return rowsOf<PrincipalRow>(result)[0];
}

export async function findTokenPrincipal(db: Db, tokenHash: string, now: Date): Promise<(PrincipalRow & { tokenId: string }) | undefined> {
  const result = await db.execute(sql`
    select null::text as "sessionId", null::text as stage, null::text as "csrfToken", t.scopes, t.id as "tokenId", t.expires_at as "expiresAt", ${principalColumns}
      from api_tokens t join users u on u.id = t.user_id
     where t.token_hash = ${tokenHash} and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > ${now.toISOString()}::timestamptz)`);
  return rowsOf<PrincipalRow & { tokenId: string }>(result)[0];
}

export async function touchToken(db: Db, tokenId: string, now: Date) {
  // At most once a minute per token, so busy clients do not turn every read into a write.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, tokenId), or(isNull(apiTokens.lastUsedAt), sql`${apiTokens.lastUsedAt} < ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz`)));
}

export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.login, login));
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function rolesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).orderBy(asc(userRoles.role));
  return rows.map((r) => r.role);
}

export async function rolesOfMany(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await db.select().from(userRoles).where(inArray(userRoles.userId, userIds)).orderBy(asc(userRoles.role));
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.role]);
  return map;
}

export async function profileOf(db: Db, userId: string): Promise<ProfileRow | undefined> {
  const [row] = await db.select().from(applicantProfiles).where(eq(applicantProfiles.userId, userId));
  return row;
}

export async function profilesOf(db: Db, userIds: string[]): Promise<Map<string, ProfileRow>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select().from(applicantProfiles).where(inArray(applicantProfiles.userId, userIds));
  return new Map(rows.map((r) => [r.userId, r]));
}

export async function findProfileByUscc(db: Db, uscc: string) {
  const [row] = await db.select({ userId: applicantProfiles.userId }).from(applicantProfiles).where(eq(applicantProfiles.uscc, uscc));
  return row;
}

export async function findProfileByIdIndex(db: Db, index: string) {
  const [row] = await db.select({ userId: applicantProfiles.userId }).from(applicantProfiles).where(eq(applicantProfiles.idNumberIndex, index));
  return row;
}

export async function countRecentFailures(db: Db, column: 'login' | 'ip', value: string, since: Date) {
  const col = column === 'login' ? loginAttempts.login : loginAttempts.ip;
  const result = await db.execute(sql`
    select count(*)::int as n, max(at) as latest from login_attempts
     where ${col} = ${value} and success = false and at > ${since.toISOString()}::timestamptz
       and at > coalesce((select max(at) from login_attempts where ${col} = ${value} and success), '-infinity'::timestamptz)`);
  const row = rowsOf<{ n: number; latest: string | Date | null }>(result)[0];
  return { count: Number(row.n), latest: row.latest ? new Date(row.latest) : null };
}

export async function recordLoginAttempt(db: Db, login: string, ip: string, success: boolean, at: Date) {
  await db.insert(loginAttempts).values({ login, ip, success, at });
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

export async function findSession(db: Db, id: string) {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

export async function revokeSession(db: Db, id: string, now: Date) {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: Db, userId: string, now: Date, exceptId?: string) {
  const conds: SQL[] = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptId) conds.push(sql`${sessions.id} <> ${exceptId}`);
  await db.update(sessions).set({ revokedAt: now }).where(and(...conds));
}

export async function countActiveAdministrators(db: Db): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from users u join user_roles r on r.user_id = u.id
     where r.role = 'administrator' and u.status = 'active'`);
  return Number(rowsOf<{ n: number }>(result)[0].n);
}

export interface UserFilter {
  q?: string;
  orgIds?: string[] | null;
  kind?: 'applicant' | 'staff' | 'system';
  limit: number;
  offset: number;
}

export async function listUsers(db: Db, f: UserFilter) {
  const conds: SQL[] = [];
  if (f.kind) conds.push(eq(users.kind, f.kind));
  if (f.orgIds) conds.push(f.orgIds.length ? inArray(users.orgId, f.orgIds) : sql`false`);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(or(ilike(users.login, like), ilike(users.displayName, like))!);
  }
  const where = conds.length ? and(...conds) : undefined;
  const rows = await db.select().from(users).where(where).orderBy(asc(users.login)).limit(f.limit).offset(f.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  return { rows, total: Number(n) };
}

export async function listApplicants(db: Db, f: { q?: string; districtOrgIds: string[] | null; limit: number; offset: number }) {
  const conds: SQL[] = [eq(users.kind, 'applicant')];
  if (f.districtOrgIds) conds.push(f.districtOrgIds.length ? inArray(applicantProfiles.districtOrgId, f.districtOrgIds) : sql`false`);
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(or(ilike(users.login, like), ilike(applicantProfiles.name, like), ilike(applicantProfiles.uscc, like))!);
  }
  const where = and(...conds);
  const rows = await db
    .select({ user: users, profile: applicantProfiles })
    .from(users)
    .innerJoin(applicantProfiles, eq(applicantProfiles.userId, users.id))
    .where(where)
    .orderBy(asc(applicantProfiles.name))
    .limit(f.limit)
    .offset(f.offset);
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .innerJoin(applicantProfiles, eq(applicantProfiles.userId, users.id))
    .where(where);
  return { rows, total: Number(n) };
}

export async function activeRepresentations(db: Db, where: { principalUserId?: string; agentUserId?: string }) {
  const conds: SQL[] = [isNull(representations.revokedAt)];
  if (where.principalUserId) conds.push(eq(representations.principalUserId, where.principalUserId));
  if (where.agentUserId) conds.push(eq(representations.agentUserId, where.agentUserId));
  return db.select().from(representations).where(and(...conds)).orderBy(desc(representations.grantedAt));
}

export async function listTokens(db: Db) {
  return db
    .select({ token: apiTokens, login: users.login })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt));
}

