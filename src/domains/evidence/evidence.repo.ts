import { and, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { evidence, users } from '../../platform/db/tables';

export type EvidenceRow = typeof evidence.$inferSelect;
export type EvidenceInsert = typeof evidence.$inferInsert;

/**
 * Which evidence rows an actor reaches:
 * - `applicant`: rows submitted by, or uploaded by an agent for, one of `userIds` (the applicant
 *   himself and the principals he represents);
 * - `orgs`: rows submitted by staff of these organisations;
 * - `staff`: every row submitted by staff (administrators, the CLI).
 * Applicants' standalone preservations reach no staff member: they stay private until a case
 * takes them in (docs/evidence.md).
 */
export type EvidenceReach = { kind: 'applicant'; userIds: string[] } | { kind: 'orgs'; orgIds: string[] } | { kind: 'staff' };

function reachCondition(reach: EvidenceReach): SQL {
  switch (reach.kind) {
    case 'applicant':
      return reach.userIds.length ? or(inArray(evidence.submitterUserId, reach.userIds), inArray(evidence.principalUserId, reach.userIds))! : sql`false`;
    case 'orgs':
      return reach.orgIds.length ? inArray(evidence.submitterOrgId, reach.orgIds) : sql`false`;
    case 'staff':
      return isNotNull(evidence.submitterOrgId);
  }
}

export async function insertEvidence(db: Db, values: EvidenceInsert): Promise<EvidenceRow> {
  const [row] = await db.insert(evidence).values(values).returning();
  return row;
}

export async function findEvidence(db: Db, id: string): Promise<EvidenceRow | undefined> {
  const [row] = await db.select().from(evidence).where(eq(evidence.id, id));
  return row;
}

export async function findEvidenceInReach(db: Db, id: string, reach: EvidenceReach): Promise<EvidenceRow | undefined> {
  const [row] = await db.select().from(evidence).where(and(eq(evidence.id, id), reachCondition(reach)));
  return row;
}

/** Claims the upload of a receiving row for its submitter, once (a second upload finds it claimed). */
export async function claimUpload(db: Db, id: string, submitterUserId: string, now: Date): Promise<EvidenceRow | undefined> {
  const [row] = await db
    .update(evidence)
    .set({ uploadStartedAt: now, updatedAt: now })
    .where(and(eq(evidence.id, id), eq(evidence.submitterUserId, submitterUserId), eq(evidence.status, 'receiving'), isNull(evidence.uploadStartedAt)))
    .returning();
  return row;
}

export async function markFailed(db: Db, id: string, code: string, now: Date): Promise<void> {
  await db
    .update(evidence)
    .set({ status: 'failed', failureCode: code, updatedAt: now })
    .where(and(eq(evidence.id, id), eq(evidence.status, 'receiving')));
}

export async function markPreserved(
  db: Db,
  id: string,
  values: Pick<
    EvidenceInsert,
    'size' | 'sha256' | 'sm3' | 'mediaType' | 'storageKey' | 'tsaToken' | 'tsaGenTime' | 'tsaSerial' | 'tsaName' | 'entry' | 'ledgerQueueId' | 'preservedAt'
  >,
  now: Date,
): Promise<EvidenceRow | undefined> {
  const [row] = await db
    .update(evidence)
    .set({ ...values, status: 'preserved', updatedAt: now })
    .where(and(eq(evidence.id, id), eq(evidence.status, 'receiving')))
    .returning();
  return row;
}

export async function setLedgerIndex(db: Db, id: string, index: number): Promise<void> {
  await db.update(evidence).set({ ledgerIndex: index }).where(and(eq(evidence.id, id), isNull(evidence.ledgerIndex)));
}

export interface EvidenceFilter {
  status?: string;
  method?: string;
  q?: string;
  sha256?: string;
  limit: number;
  offset: number;
}

export async function listEvidence(db: Db, reach: EvidenceReach, f: EvidenceFilter): Promise<{ rows: EvidenceRow[]; total: number }> {
  const conds: SQL[] = [reachCondition(reach)];
  if (f.status) conds.push(eq(evidence.status, f.status));
  if (f.method) conds.push(eq(evidence.method, f.method));
  if (f.sha256) conds.push(eq(evidence.sha256, f.sha256));
  if (f.q) conds.push(ilike(evidence.fileName, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`));
  const where = and(...conds);
  const rows = await db.select().from(evidence).where(where).orderBy(desc(evidence.createdAt), desc(evidence.id)).limit(f.limit).offset(f.offset);
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(evidence).where(where);
  return { rows, total: Number(n) };
}

/** Display names of the people rows mention (submitters, principals). */
export async function displayNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
