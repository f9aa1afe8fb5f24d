import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db/client';
import {
  applicantProfiles,
  caseAssignees,
  caseClocks,
  caseDocuments,
  caseEvents,
  caseEvidence,
  cases,
  documentTemplates,
  evidence,
  notifications,
  organisations,
  routingRules,
  userRoles,
  users,
} from '../../platform/db/tables';

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type ClockRow = typeof caseClocks.$inferSelect;
export type EventRow = typeof caseEvents.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

/**
 * Which cases an actor reaches: staff the cases of their organisation subtree (`orgIds`, or all
 * for administrators and the CLI); applicants the cases where one of `userIds` (themselves and the
 * principals they represent) is the requester or the respondent.
 */
export type CaseReach = { kind: 'all' } | { kind: 'orgs'; orgIds: string[] } | { kind: 'parties'; userIds: string[] };

/** The reach as a condition on `cases` (or on the alias a raw query gives it). */
export function reachCondition(reach: CaseReach, alias = 'cases'): SQL {
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const list = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  if (reach.kind === 'all') return sql`true`;
  if (reach.kind === 'orgs') return reach.orgIds.length ? sql`${col('org_id')} in (${list(reach.orgIds)})` : sql`false`;
  if (!reach.userIds.length) return sql`false`;
  return sql`(${col('requester_user_id')} in (${list(reach.userIds)}) or ${col('respondent_user_id')} in (${list(reach.userIds)}))`;
}

/** An applicant account with what the platform knows of it (零材料): name, contact, identifiers. */
export async function applicantCard(db: Db, userId: string) {
  const [row] = await db
    .select({
      id: users.id, displayName: users.displayName, email: users.email, locale: users.locale,
      subjectType: applicantProfiles.subjectType, uscc: applicantProfiles.uscc, address: applicantProfiles.address,
    })
    .from(users)
    .innerJoin(applicantProfiles, eq(applicantProfiles.userId, users.id))
    .where(and(eq(users.id, userId), eq(users.kind, 'applicant'), eq(users.status, 'active')));
  return row;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function findCaseInReach(db: Db, id: string, reach: CaseReach): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.id, id), reachCondition(reach)));
  return row;
}

export async function findCaseByNumber(db: Db, number: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.number, number));
  return row;
}

export async function findBySubmitRequest(db: Db, userId: string, requestId: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(and(eq(cases.submittedByUserId, userId), eq(cases.submitRequestId, requestId)));
  return row;
}

/** Optimistic update: only when the version is still the one the action was decided on. */
export async function updateCase(db: Db, id: string, expectedVersion: number, values: Partial<CaseInsert>): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(cases)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(cases.id, id), eq(cases.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertEvent(db: Db, values: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(values);
}

export async function findEventByRequest(db: Db, caseId: string, requestId: string): Promise<EventRow | undefined> {
  const [row] = await db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.requestId, requestId)));
  return row;
}

export async function eventsOf(db: Db, caseId: string): Promise<EventRow[]> {
  return db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
}

export async function clocksOf(db: Db, caseId: string): Promise<ClockRow[]> {
  return db.select().from(caseClocks).where(eq(caseClocks.caseId, caseId)).orderBy(asc(caseClocks.id));
}

export async function insertClock(db: Db, values: typeof caseClocks.$inferInsert): Promise<void> {
  await db.insert(caseClocks).values(values);
}

export async function updateClock(db: Db, id: number, values: Partial<typeof caseClocks.$inferInsert>): Promise<void> {
  await db.update(caseClocks).set(values).where(eq(caseClocks.id, id));
}

export async function assigneesOf(db: Db, caseId: string) {
  return db
    .select({ userId: caseAssignees.userId, role: caseAssignees.role, displayName: users.displayName })
    .from(caseAssignees)
    .innerJoin(users, eq(users.id, caseAssignees.userId))
    .where(eq(caseAssignees.caseId, caseId))
    .orderBy(asc(caseAssignees.assignedAt), asc(users.displayName));
}

export async function replaceAssignees(db: Db, caseId: string, list: { userId: string; role: 'handler' | 'technical_investigator' }[]): Promise<void> {
  await db.delete(caseAssignees).where(eq(caseAssignees.caseId, caseId));
  if (list.length) await db.insert(caseAssignees).values(list.map((a) => ({ caseId, ...a })));
}

/** Active staff with one of `roles`, in one of `orgIds` (null: in any organisation). */
export async function staffIn(db: Db, ids: string[], orgIds: string[] | null, roles: string[]): Promise<Set<string>> {
  if (!ids.length || orgIds?.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(inArray(users.id, ids), eq(users.kind, 'staff'), eq(users.status, 'active'), orgIds ? inArray(users.orgId, orgIds) : undefined, inArray(userRoles.role, roles)));
  return new Set(rows.map((r) => r.id));
}

/** Staff of an organisation with given roles (notification recipients). */
export async function staffWithRoles(db: Db, orgId: string, roles: string[]) {
  return db
    .selectDistinct({ id: users.id, email: users.email, locale: users.locale, displayName: users.displayName })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.orgId, orgId), eq(users.kind, 'staff'), eq(users.status, 'active'), inArray(userRoles.role, roles)));
}

export async function usersByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: users.id, email: users.email, locale: users.locale, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
}

export async function linkEvidence(db: Db, rows: (typeof caseEvidence.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(caseEvidence).values(rows).onConflictDoNothing();
}

export async function evidenceOfCase(db: Db, caseId: string) {
  return db
    .select({
      id: evidence.id, fileName: evidence.fileName, size: evidence.size, sha256: evidence.sha256, mediaType: evidence.mediaType,
      preservedAt: evidence.preservedAt, party: caseEvidence.party, addedAt: caseEvidence.addedAt,
    })
    .from(caseEvidence)
    .innerJoin(evidence, eq(evidence.id, caseEvidence.evidenceId))
    .where(eq(caseEvidence.caseId, caseId))
    .orderBy(asc(caseEvidence.addedAt), asc(evidence.fileName), asc(evidence.id));
}

export async function insertDocument(db: Db, values: typeof caseDocuments.$inferInsert): Promise<void> {
  await db.insert(caseDocuments).values(values);
}

export async function documentsOf(db: Db, caseId: string) {
  return db
    .select({ id: caseDocuments.id, kind: caseDocuments.kind, number: caseDocuments.number, evidenceId: caseDocuments.evidenceId, createdAt: caseDocuments.createdAt, eventId: caseDocuments.eventId, sha256: evidence.sha256, size: evidence.size })
    .from(caseDocuments)
    .innerJoin(evidence, eq(evidence.id, caseDocuments.evidenceId))
    .innerJoin(caseEvents, eq(caseEvents.id, caseDocuments.eventId))
    .where(eq(caseDocuments.caseId, caseId))
    // In the order of the actions that issued them (several may share a timestamp).
    .orderBy(asc(caseEvents.seq));
}

export async function templateOverride(db: Db, kind: string) {
  const [row] = await db.select().from(documentTemplates).where(eq(documentTemplates.kind, kind));
  return row;
}

export async function allTemplateOverrides(db: Db) {
  return db.select().from(documentTemplates);
}

export async function upsertTemplate(db: Db, kind: string, body: string, expectedVersion: number | null, userId: string | null, now: Date) {
  if (expectedVersion === null) {
    const [row] = await db.insert(documentTemplates).values({ kind, body, version: 1, updatedByUserId: userId, updatedAt: now }).onConflictDoNothing().returning();
    return row;
  }
  const [row] = await db
    .update(documentTemplates)
    .set({ body, version: expectedVersion + 1, updatedByUserId: userId, updatedAt: now })
    .where(and(eq(documentTemplates.kind, kind), eq(documentTemplates.version, expectedVersion)))
    .returning();
  return row;
}

export async function insertNotifications(db: Db, rows: (typeof notifications.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(notifications).values(rows);
}

export async function notificationsOf(db: Db, userId: string, opts: { unreadOnly: boolean; limit: number; offset: number }) {
  const where = and(eq(notifications.userId, userId), opts.unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = await db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(opts.limit).offset(opts.offset);
  const [{ total, unread }] = await db
    .select({ total: sql<number>`count(*)::int`, unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int` })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return { rows, total, unread };
}

export async function markNotificationsRead(db: Db, userId: string, ids: number[] | 'all', now: Date): Promise<number> {
  const where = and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids.length ? ids : [-1]));
  const rows = await db.update(notifications).set({ readAt: now }).where(where).returning({ id: notifications.id });
  return rows.length;
}

/**
 * The first routing rule (by priority) whose conditions all hold, with the organisation it names
 * or, for `district_of_region`, the active district office competent for the region; with it, in
 * the same query, the office's staff to tell.
 */
export async function routeFor(db: Db, matterType: string, f: { regionCode: string | null; industry: string | null; grade: string | null }) {
  const [row] = rowsOf<{ rule_id: number; id: string; name_zh: string; name_en: string; staff: { id: string; email: string | null; locale: string }[] | string }>(
    await db.execute(sql`with r as (
        select r.id as rule_id, o.id, o.name_zh, o.name_en
        from routing_rules r
        left join lateral (
          select d.id from organisations d
          where r.target = 'district_of_region' and d.active and d.kind = 'district_ip_office'
            and (d.region_code = ${f.regionCode}::text or ${f.regionCode}::text = any(d.region_aliases))
          order by d.code limit 1
        ) district on true
        join organisations o on o.id = coalesce(r.org_id, district.id) and o.active
        where r.matter_type = ${matterType}
          and (r.region_code is null or r.region_code = ${f.regionCode}::text)
          and (r.industry is null or r.industry = ${f.industry}::text)
          and (r.grade is null or r.grade = ${f.grade}::text)
        order by r.priority, r.id limit 1
      )
      select r.*,
        (select coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'locale', u.locale) order by u.id), '[]'::json)
           from users u where u.org_id = r.id and u.kind = 'staff' and u.status = 'active'
             and exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role in ('case_officer', 'supervisor'))) as staff
      from r`),
  );
  if (!row) return undefined;
  return {
    org: { id: row.id, nameZh: row.name_zh, nameEn: row.name_en },
    ruleId: row.rule_id,
    staff: typeof row.staff === 'string' ? (JSON.parse(row.staff) as { id: string; email: string | null; locale: string }[]) : row.staff,
  };
}

/** A new case with everything written with it, as one statement (data-modifying CTEs). */
export async function writeSubmission(
  db: Db,
  w: {
    row: CaseRow;
    clocks: (typeof caseClocks.$inferInsert)[];
    evidence: (typeof caseEvidence.$inferInsert)[];
    event: typeof caseEvents.$inferInsert;
    notifications: (typeof notifications.$inferInsert)[];
    also: SQL[];
  },
): Promise<void> {
  const parts: SQL[] = [
    db.insert(cases).values(w.row).getSQL(),
    ...(w.clocks.length ? [db.insert(caseClocks).values(w.clocks).getSQL()] : []),
    ...(w.evidence.length ? [db.insert(caseEvidence).values(w.evidence).getSQL()] : []),
    db.insert(caseEvents).values(w.event).getSQL(),
    ...(w.notifications.length ? [db.insert(notifications).values(w.notifications).getSQL()] : []),
    ...w.also,
  ];
  await db.execute(sql`with ${sql.join(parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`), sql`, `)} select 1`);
}

export async function allRoutingRules(db: Db) {
  return db
    .select({ rule: routingRules, orgNameZh: organisations.nameZh, orgNameEn: organisations.nameEn })
    .from(routingRules)
    .leftJoin(organisations, eq(organisations.id, routingRules.orgId))
    .orderBy(asc(routingRules.matterType), asc(routingRules.priority));
}

export async function insertRoutingRules(db: Db, rows: (typeof routingRules.$inferInsert)[]) {
  if (rows.length) await db.insert(routingRules).values(rows);
}

export async function orgsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(organisations).where(inArray(organisations.id, ids));
}

/** Active staff with one of `roles` in the organisations `orgIds` (names for pickers). */
export async function staffPicker(db: Db, orgIds: string[], roles: string[]) {
  if (!orgIds.length) return [];
  const rows = await db
    .select({ id: users.id, displayName: users.displayName, orgId: users.orgId, role: userRoles.role })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(users.kind, 'staff'), eq(users.status, 'active'), inArray(users.orgId, orgIds), inArray(userRoles.role, roles)))
    .orderBy(asc(users.displayName));
  const byId = new Map<string, { id: string; displayName: string; orgId: string; roles: string[] }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { id: r.id, displayName: r.displayName, orgId: r.orgId!, roles: [] };
    entry.roles.push(r.role);
    byId.set(r.id, entry);
  }
  return [...byId.values()];
}
