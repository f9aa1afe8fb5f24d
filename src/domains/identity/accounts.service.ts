import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit';
import { applicantProfiles, representations, userRoles, users } from '../../platform/db/tables';
import { DomainError } from '../../platform/errors';
import { isAuthenticated, type Ctx } from '../../platform/http/context';
import { assertIdentifier, maskIdentifier, residentIdRegionCode, usccRegionCode } from '../../platform/ids';
import { PERMISSIONS, roleAllows, type Permission, type Role } from '../../platform/permissions';
import { hashPassword, verifyPassword } from '../../platform/security/password';
import { randomToken } from '../../platform/security/crypto-box';
import { enqueueMail } from '../../platform/mail/mail';
import { accountStatusChangedMail, passwordChangedMail, staffAccountCreatedMail } from '../../platform/mail/templates';
import type { Db } from '../../platform/db/client';
import { findOrgById, findOrgForRegion, orgReachIds } from '../orgs/orgs.repo';
import './identity.errors';
import * as repo from './identity.repo';
import { assertNotThrottled } from './throttle';
import type { Account, ApplicantProfile, RegisterRequest, StaffCreate } from './identity.schemas';

export function checkPasswordStrength(password: string, login: string) {
  const hasLetter = /\p{L}/u.test(password);
  const hasDigit = /\d/.test(password);
  if (password.length < 10 || !hasLetter || !hasDigit || password.toLowerCase().includes(login.toLowerCase()))
    throw new DomainError('identity.password_weak');
}

export function profileDto(p: repo.ProfileRow): ApplicantProfile {
  return {
    subjectType: p.subjectType as ApplicantProfile['subjectType'],
    actsAsAgent: p.actsAsAgent,
    name: p.name,
    uscc: p.uscc,
    idNumberMasked: p.idNumberMasked,
    legalRepresentative: p.legalRepresentative,
    regionCode: p.regionCode,
    districtOrgId: p.districtOrgId,
    address: p.address,
    phoneMasked: p.phoneMasked,
  };
}

export function accountDto(u: repo.UserRow, roles: string[], profile: repo.ProfileRow | undefined): Account {
  return {
    id: u.id,
    login: u.login,
    kind: u.kind as Account['kind'],
    displayName: u.displayName,
    email: u.email,
    roles: (u.kind === 'applicant' ? ['applicant'] : roles) as Account['roles'],
    orgId: u.orgId,
    status: u.status as Account['status'],
    locale: u.locale as Account['locale'],
    totpEnrolled: u.totpEnrolledAt !== null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    profile: profile ? profileDto(profile) : null,
  };
}

/** The id of the account with this user name (for tools that name accounts by login). */
export async function accountIdByLogin(db: Db, login: string): Promise<string | undefined> {
  return (await repo.findUserByLogin(db, login.toLowerCase()))?.id;
}

export async function loadAccount(db: Db, userId: string): Promise<Account> {
  const u = await repo.findUserById(db, userId);
  if (!u) throw new DomainError('not_found');
  return accountDto(u, await repo.rolesOf(db, userId), await repo.profileOf(db, userId));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(p, roles, true));
}

/** Organisations whose records the actor reaches; null = everything (administrators, the CLI). */
export async function orgReach(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<string[] | null> {
  const { actor } = ctx;
  if (actor.userKind === 'cli' || actor.roles.includes('administrator')) return null;
  if (!actor.orgId) return [];
  return orgReachIds(ctx.db, actor.orgId);
}

async function districtFor(db: Db, regionCode: string | null): Promise<string | null> {
  if (!regionCode) return null;
  const district = await findOrgForRegion(db, regionCode, ['district_ip_office']);
  if (district) return district.id;
  // Outside any district bureau's area but inside the city: the city-level office handles it.
  const city = await findOrgForRegion(db, `${regionCode.slice(0, 2)}0000`, ['ip_office']);
  return city?.id ?? null;
}

/** Self-registration of an applicant (enterprise by 统一社会信用代码, individual by 身份证号码, or an agent). */
export async function registerApplicant(ctx: Ctx, input: RegisterRequest): Promise<Account> {
  checkPasswordStrength(input.password, input.login);
  let uscc: string | null = null;
  let idNumber: string | null = null;
  let regionCode: string | null = null;
  if (input.subjectType === 'enterprise') {
    if (!input.uscc) throw new DomainError('validation.failed', { summary: 'uscc 必填 / uscc is required' });
    uscc = assertIdentifier('uscc', input.uscc);
    regionCode = usccRegionCode(uscc);
  } else {
    if (!input.idNumber) throw new DomainError('validation.failed', { summary: 'idNumber 必填 / idNumber is required' });
    idNumber = assertIdentifier('id', input.idNumber, { now: ctx.now() });
    regionCode = residentIdRegionCode(idNumber);
  }
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findUserByLogin(tx, input.login)) throw new DomainError('identity.login_taken', { login: input.login });
    if (uscc && (await repo.findProfileByUscc(tx, uscc))) throw new DomainError('identity.uscc_taken');
    const idIndex = idNumber ? ctx.crypto.blindIndex(idNumber) : null;
    if (idIndex && (await repo.findProfileByIdIndex(tx, idIndex))) throw new DomainError('identity.id_number_taken');
    let districtOrgId: string | null;
    if (input.districtOrgId) {
      const org = await findOrgById(tx, input.districtOrgId);
      // Only an IP office can be an applicant's competent office (not, say, the police bureau).
      if (!org || !org.active || !['district_ip_office', 'ip_office'].includes(org.kind)) throw new DomainError('identity.org_unknown');
      districtOrgId = org.id;
    } else {
      districtOrgId = await districtFor(tx, regionCode);
      if (!districtOrgId) throw new DomainError('identity.district_required');
    }
    const [user] = await tx
      .insert(users)
      .values({
        login: input.login,
        kind: 'applicant',
        displayName: input.name,
        email: input.email ?? null,
        passwordHash,
        locale: input.locale,
      })
      .returning();
    const [profile] = await tx
      .insert(applicantProfiles)
      .values({
        userId: user.id,
        subjectType: input.subjectType,
        actsAsAgent: input.actsAsAgent,
        name: input.name,
        uscc,
        idNumberEnc: idNumber ? ctx.crypto.encrypt(idNumber) : null,
        idNumberIndex: idIndex,
        idNumberMasked: idNumber ? maskIdentifier(idNumber) : null,
        legalRepresentative: input.legalRepresentative ?? null,
        regionCode,
        districtOrgId,
        address: input.address ?? null,
        phoneEnc: input.phone ? ctx.crypto.encrypt(input.phone) : null,
        phoneMasked: input.phone ? maskIdentifier(input.phone) : null,
      })
      .returning();
    await recordAudit(tx, { ...ctx.actor, userId: user.id, login: user.login, roles: ['applicant'] }, {
      action: 'account.register',
      targetType: 'user',
      targetId: user.id,
      details: { subjectType: input.subjectType, actsAsAgent: input.actsAsAgent },
    });
    return accountDto(user, [], profile);
  });
}

export async function updateOwnAccount(
  ctx: Ctx,
  patch: { displayName?: string; email?: string | null; locale?: 'zh-CN' | 'en'; address?: string | null; phone?: string | null; expectedVersion: number },
): Promise<Account> {
  const userId = ctx.actor.userId!;
  return ctx.db.transaction(async (tx) => {
    const u = await repo.findUserById(tx, userId);
    if (!u) throw new DomainError('not_found');
    if (u.version !== patch.expectedVersion) throw new DomainError('conflict.version');
    await tx
      .update(users)
      .set({
        displayName: patch.displayName ?? u.displayName,
        email: patch.email === undefined ? u.email : patch.email,
        locale: patch.locale ?? u.locale,
        version: u.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(users.id, userId));
    if (u.kind === 'applicant' && (patch.address !== undefined || patch.phone !== undefined || patch.displayName)) {
      const values: Partial<typeof applicantProfiles.$inferInsert> = {};
      if (patch.address !== undefined) values.address = patch.address;
      if (patch.phone !== undefined) {
        values.phoneEnc = patch.phone ? ctx.crypto.encrypt(patch.phone) : null;
        values.phoneMasked = patch.phone ? maskIdentifier(patch.phone) : null;
      }
      if (patch.displayName) values.name = patch.displayName;
      await tx.update(applicantProfiles).set(values).where(eq(applicantProfiles.userId, userId));
    }
    await recordAudit(tx, ctx.actor, {
      action: 'account.update',
      targetType: 'user',
      targetId: userId,
      details: { changed: Object.keys(patch).filter((k) => k !== 'expectedVersion') },
    });
    return loadAccount(tx, userId);
  });
}

export async function changeOwnPassword(ctx: Ctx, currentPassword: string, newPassword: string) {
  const userId = ctx.actor.userId!;
  const u = await repo.findUserById(ctx.db, userId);
  if (!u) throw new DomainError('not_found');
  // Guessing the current password from a stolen session is throttled like sign-in.
  await assertNotThrottled(ctx, u.login, ctx.actor.ip ?? 'unknown');
  if (!(await verifyPassword(currentPassword, u.passwordHash))) {
    await repo.recordLoginAttempt(ctx.db, u.login, ctx.actor.ip ?? 'unknown', false, ctx.now());
    throw new DomainError('identity.password_wrong');
  }
  checkPasswordStrength(newPassword, u.login);
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, version: u.version + 1, updatedAt: ctx.now() }).where(eq(users.id, userId));
    // Other sessions of this account end: a changed password should lock out whoever knew the old one.
    await repo.revokeUserSessions(tx, userId, ctx.now(), ctx.actor.sessionId ?? undefined);
    await recordAudit(tx, ctx.actor, { action: 'account.password_change', targetType: 'user', targetId: userId });
    if (u.email) await enqueueMail(tx, { to: u.email, ...passwordChangedMail({ displayName: u.displayName, login: u.login, at: ctx.now() }) });
  });
  ctx.principals.deleteUser(userId);
}

function generatePassword(): string {
  // 16 base64url characters with a guaranteed digit and letter.
  return `${randomToken(12)}7k`;
}

async function assertActiveOrg(db: Db, orgId: string) {
  const org = await findOrgById(db, orgId);
  if (!org || !org.active) throw new DomainError('identity.org_unknown');
  return org;
}

export async function createStaff(ctx: Ctx, input: StaffCreate): Promise<{ account: Account; initialPassword: string | null }> {
  const initialPassword = input.password ? null : generatePassword();
  const password = input.password ?? initialPassword!;
  checkPasswordStrength(password, input.login);
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(async (tx) => {
    if (await repo.findUserByLogin(tx, input.login)) throw new DomainError('identity.login_taken', { login: input.login });
    const org = await assertActiveOrg(tx, input.orgId);
    const [user] = await tx
      .insert(users)
      .values({
        login: input.login,
        kind: input.kind,
        displayName: input.displayName,
        email: input.email ?? null,
        passwordHash,
        orgId: input.orgId,
      })
      .returning();
    const roles = [...new Set(input.roles)];
    await tx.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
    await recordAudit(tx, ctx.actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      details: { login: user.login, kind: input.kind, orgId: input.orgId, roles },
    });
    // System accounts never sign in, so only staff are told how to.
    if (user.email && user.kind === 'staff') {
      const mail = staffAccountCreatedMail({ displayName: user.displayName, login: user.login, orgNameZh: org.nameZh, orgNameEn: org.nameEn, baseUrl: ctx.config.baseUrl });
      await enqueueMail(tx, { to: user.email, ...mail });
    }
    return { account: accountDto(user, roles, undefined), initialPassword };
  });
}

/** Staff accounts in the actor's reach (null reach = all). */
export async function listAccounts(ctx: Ctx, q: { q?: string; orgId?: string; kind?: 'applicant' | 'staff' | 'system'; limit: number; offset: number }) {
  const reach = await orgReach(ctx);
  let orgIds: string[] | null = reach;
  if (q.orgId) orgIds = reach === null || reach.includes(q.orgId) ? [q.orgId] : [];
  // Applicants belong to no organisation, so only reach-everything roles (administrators) list them here.
  const { rows, total } = await repo.listUsers(ctx.db, { q: q.q, orgIds: orgIds ?? null, kind: q.kind, limit: q.limit, offset: q.offset });
  const staffRows = rows;
  const roles = await repo.rolesOfMany(ctx.db, staffRows.map((r) => r.id));
  const profiles = await repo.profilesOf(ctx.db, staffRows.filter((r) => r.kind === 'applicant').map((r) => r.id));
  await recordAudit(ctx.db, ctx.actor, { action: 'user.list', targetType: 'user', details: { query: q.q ?? null, orgId: q.orgId ?? null, returned: staffRows.length } });
  return { items: staffRows.map((r) => accountDto(r, roles.get(r.id) ?? [], profiles.get(r.id))), total };
}

async function userInReach(ctx: Ctx, db: Db, id: string): Promise<repo.UserRow> {
  const u = await repo.findUserById(db, id);
  if (!u) throw new DomainError('not_found');
  const reach = await orgReach(ctx);
  if (reach !== null && (u.orgId === null || !reach.includes(u.orgId))) throw new DomainError('not_found');
  return u;
}

export async function getAccount(ctx: Ctx, id: string): Promise<Account> {
  const u = await userInReach(ctx, ctx.db, id);
  // An account holds personal data (name, e-mail): staff reads are audited.
  await recordAudit(ctx.db, ctx.actor, { action: 'user.read', targetType: 'user', targetId: id });
  return accountDto(u, await repo.rolesOf(ctx.db, id), await repo.profileOf(ctx.db, id));
}

async function assertNotLastAdministrator(db: Db, userId: string) {
  const roles = await repo.rolesOf(db, userId);
  if (roles.includes('administrator') && (await repo.countActiveAdministrators(db)) <= 1)
    throw new DomainError('identity.last_administrator');
}

export async function updateAccount(
  ctx: Ctx,
  id: string,
  patch: { displayName?: string; email?: string | null; orgId?: string; status?: 'active' | 'disabled'; expectedVersion: number },
): Promise<Account> {
  const account = await ctx.db.transaction(async (tx) => {
    const u = await userInReach(ctx, tx, id);
    if (u.version !== patch.expectedVersion) throw new DomainError('conflict.version');
    if (patch.orgId) {
      if (u.kind === 'applicant') throw new DomainError('identity.not_staff');
      await assertActiveOrg(tx, patch.orgId);
    }
    if (patch.status === 'disabled' && u.status === 'active') await assertNotLastAdministrator(tx, id);
    await tx
      .update(users)
      .set({
        displayName: patch.displayName ?? u.displayName,
        email: patch.email === undefined ? u.email : patch.email,
        orgId: patch.orgId ?? u.orgId,
        status: patch.status ?? u.status,
        version: u.version + 1,
        updatedAt: ctx.now(),
      })
      .where(eq(users.id, id));
    // An applicant's name lives in the profile too (the directory shows it): keep both in step.
    if (u.kind === 'applicant' && patch.displayName) {
      await tx.update(applicantProfiles).set({ name: patch.displayName }).where(eq(applicantProfiles.userId, id));
    }
    if (patch.status === 'disabled') await repo.revokeUserSessions(tx, id, ctx.now());
    await recordAudit(tx, ctx.actor, {
      action: patch.status && patch.status !== u.status ? `user.${patch.status === 'disabled' ? 'disable' : 'enable'}` : 'user.update',
      targetType: 'user',
      targetId: id,
      details: { changed: Object.keys(patch).filter((k) => k !== 'expectedVersion') },
    });
    const email = patch.email === undefined ? u.email : patch.email;
    if (patch.status && patch.status !== u.status && email) {
      const mail = accountStatusChangedMail({ displayName: patch.displayName ?? u.displayName, login: u.login, status: patch.status, at: ctx.now(), baseUrl: ctx.config.baseUrl });
      await enqueueMail(tx, { to: email, ...mail });
    }
    return loadAccount(tx, id);
  });
  // Sessions and tokens of this account were resolved with the old facts: drop them.
  ctx.principals.deleteUser(id);
  return account;
}

export async function setRoles(ctx: Ctx, id: string, roles: string[], expectedVersion: number): Promise<Account> {
  const account = await ctx.db.transaction(async (tx) => {
    const u = await userInReach(ctx, tx, id);
    if (u.kind === 'applicant') throw new DomainError('identity.not_staff');
    if (u.version !== expectedVersion) throw new DomainError('conflict.version');
    const before = await repo.rolesOf(tx, id);
    const next = [...new Set(roles)].sort();
    if (before.includes('administrator') && !next.includes('administrator')) await assertNotLastAdministrator(tx, id);
    await tx.delete(userRoles).where(eq(userRoles.userId, id));
    if (next.length) await tx.insert(userRoles).values(next.map((role) => ({ userId: id, role })));
    await tx.update(users).set({ version: u.version + 1, updatedAt: ctx.now() }).where(eq(users.id, id));
    await recordAudit(tx, ctx.actor, { action: 'user.roles', targetType: 'user', targetId: id, details: { before, after: next } });
    return loadAccount(tx, id);
  });
  // Sessions and tokens of this account were resolved with the old facts: drop them.
  ctx.principals.deleteUser(id);
  return account;
}

export async function resetSecondFactor(ctx: Ctx, id: string): Promise<Account> {
  const account = await ctx.db.transaction(async (tx) => {
    const u = await userInReach(ctx, tx, id);
    if (u.kind === 'applicant') throw new DomainError('identity.not_staff');
    await tx
      .update(users)
      .set({ totpSecretEnc: null, totpEnrolledAt: null, totpLastStep: 0, version: u.version + 1, updatedAt: ctx.now() })
      .where(eq(users.id, id));
    await repo.revokeUserSessions(tx, id, ctx.now());
    await recordAudit(tx, ctx.actor, { action: 'user.totp_reset', targetType: 'user', targetId: id });
    return loadAccount(tx, id);
  });
  // Sessions and tokens of this account were resolved with the old facts: drop them.
  ctx.principals.deleteUser(id);
  return account;
}

/** Applicants whose district lies in the actor's reach. Identifiers stay masked. */
export async function listApplicants(ctx: Ctx, q: { q?: string; limit: number; offset: number }) {
  const reach = await orgReach(ctx);
  const { rows, total } = await repo.listApplicants(ctx.db, { q: q.q, districtOrgIds: reach, limit: q.limit, offset: q.offset });
  await recordAudit(ctx.db, ctx.actor, {
    action: 'applicant.list',
    targetType: 'applicant',
    details: { query: q.q ?? null, returned: rows.length },
  });
  return {
    items: rows.map(({ user, profile }) => ({
      id: user.id,
      login: user.login,
      displayName: user.displayName,
      status: user.status as 'active' | 'disabled',
      profile: profileDto(profile),
    })),
    total,
  };
}

async function applicantInReach(ctx: Ctx, id: string) {
  const u = await repo.findUserById(ctx.db, id);
  const profile = u?.kind === 'applicant' ? await repo.profileOf(ctx.db, id) : undefined;
  const reach = await orgReach(ctx);
  if (!u || !profile || (reach !== null && (!profile.districtOrgId || !reach.includes(profile.districtOrgId)))) {
    // Out of reach looks exactly like absent (404), but the attempt is audited.
    await recordAudit(ctx.db, ctx.actor, { action: 'applicant.read', targetType: 'applicant', targetId: id, outcome: 'denied' });
    throw new DomainError('not_found');
  }
  return { u, profile };
}

export async function getApplicant(ctx: Ctx, id: string) {
  const { u, profile } = await applicantInReach(ctx, id);
  await recordAudit(ctx.db, ctx.actor, { action: 'applicant.read', targetType: 'applicant', targetId: id });
  return { id: u.id, login: u.login, displayName: u.displayName, status: u.status as 'active' | 'disabled', profile: profileDto(profile) };
}

/** Personal identifiers in clear, for roles that need them; every read is audited with its outcome. */
export async function revealApplicantIdentifiers(ctx: Ctx, id: string, reason: string) {
  const { profile } = await applicantInReach(ctx, id);
  const result = {
    idNumber: profile.idNumberEnc ? ctx.crypto.decrypt(profile.idNumberEnc) : null,
    phone: profile.phoneEnc ? ctx.crypto.decrypt(profile.phoneEnc) : null,
  };
  await recordAudit(ctx.db, ctx.actor, {
    action: 'pii.reveal',
    targetType: 'applicant',
    targetId: id,
    details: { fields: Object.entries(result).filter(([, v]) => v !== null).map(([k]) => k), reason },
  });
  return result;
}

/* 授权委托: principals authorise agents, who then act within the principal's reach. */

async function representationDtos(db: Db, rows: (typeof representations.$inferSelect)[]) {
  const ids = [...new Set(rows.flatMap((r) => [r.principalUserId, r.agentUserId]))];
  const profiles = await repo.profilesOf(db, ids);
  const people = new Map<string, { id: string; login: string; name: string }>();
  for (const id of ids) {
    const u = await repo.findUserById(db, id);
    if (u) people.set(id, { id, login: u.login, name: profiles.get(id)?.name ?? u.displayName });
  }
  return rows.map((r) => ({
    id: r.id,
    principal: people.get(r.principalUserId)!,
    agent: people.get(r.agentUserId)!,
    grantedAt: r.grantedAt.toISOString(),
  }));
}

export async function listRepresentations(ctx: Ctx) {
  const userId = ctx.actor.userId!;
  return {
    asPrincipal: await representationDtos(ctx.db, await repo.activeRepresentations(ctx.db, { principalUserId: userId })),
    asAgent: await representationDtos(ctx.db, await repo.activeRepresentations(ctx.db, { agentUserId: userId })),
  };
}

export async function grantRepresentation(ctx: Ctx, agentLogin: string) {
  const principalId = ctx.actor.userId!;
  return ctx.db.transaction(async (tx) => {
    const agent = await repo.findUserByLogin(tx, agentLogin);
    const agentProfile = agent ? await repo.profileOf(tx, agent.id) : undefined;
    if (!agent || agent.status !== 'active' || !agentProfile?.actsAsAgent) throw new DomainError('identity.agent_not_found', { login: agentLogin });
    if (agent.id === principalId) throw new DomainError('identity.self_representation');
    const existing = await repo.activeRepresentations(tx, { principalUserId: principalId, agentUserId: agent.id });
    if (existing.length) throw new DomainError('identity.representation_exists', { login: agentLogin });
    const [row] = await tx.insert(representations).values({ principalUserId: principalId, agentUserId: agent.id }).returning();
    await recordAudit(tx, ctx.actor, { action: 'representation.grant', targetType: 'representation', targetId: row.id, details: { agent: agent.login } });
    return (await representationDtos(tx, [row]))[0];
  });
}

export async function revokeRepresentation(ctx: Ctx, id: string) {
  const userId = ctx.actor.userId!;
  await ctx.db.transaction(async (tx) => {
    // Either side may end it; anyone else gets 404.
    const [row] = await tx.select().from(representations).where(and(eq(representations.id, id), isNull(representations.revokedAt)));
    if (!row || (row.principalUserId !== userId && row.agentUserId !== userId)) throw new DomainError('not_found');
    await tx.update(representations).set({ revokedAt: ctx.now() }).where(eq(representations.id, id));
    await recordAudit(tx, ctx.actor, { action: 'representation.revoke', targetType: 'representation', targetId: id });
  });
}

/** The applicant ids whose matters this applicant may see: himself and his principals. */
export async function applicantScope(ctx: Pick<Ctx, 'db' | 'actor'>): Promise<string[]> {
  if (!isAuthenticated(ctx.actor) || !ctx.actor.userId) return [];
  const rows = await repo.activeRepresentations(ctx.db, { agentUserId: ctx.actor.userId });
  return [ctx.actor.userId, ...rows.map((r) => r.principalUserId)];
}

/** The applicant account registered under this 统一社会信用代码, if any (a respondent who has an account). */
export async function applicantIdByUscc(db: Db, uscc: string): Promise<string | undefined> {
  return (await repo.findProfileByUscc(db, uscc))?.userId;
}

/** What the platform already knows of an applicant (零材料): name, identifiers, address. */
export async function applicantProfileOf(db: Db, userId: string) {
  return repo.profileOf(db, userId);
}
