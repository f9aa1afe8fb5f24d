import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditLog } from '../db/tables';
import type { Actor } from '../http/context';

/**
 * The insert-only audit trail. `recordAudit` is called with the same transaction handle as
 * the change it describes, so a change without its audit row cannot be committed.
 */

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | null;
  outcome?: 'success' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await auditInsert(db, actor, entry);
}

/**
 * The audit row's INSERT, not yet run: `recordAudit` awaits it; a caller that writes several
 * rows in one statement (a data-modifying CTE) embeds its SQL (`.getSQL()`).
 */
export function auditInsert(db: Db, actor: Actor, entry: AuditEntry) {
  return db.insert(auditLog).values({
    actorUserId: actor.userId,
    actorLogin: actor.login,
    actorRoles: actor.roles,
    actorOrgId: actor.orgId,
    via: actor.via === 'anonymous' ? 'anonymous' : actor.via,
    ip: actor.ip,
    userAgent: actor.userAgent?.slice(0, 500) ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome ?? 'success',
    details: entry.details ?? {},
    requestId: actor.requestId,
  });
}

export interface AuditQuery {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: 'success' | 'denied' | 'failed';
  text?: string;
  limit: number;
  /** Keyset pagination: rows with id below this. */
  before?: number;
}

function whereOf(q: Omit<AuditQuery, 'limit'>): SQL | undefined {
  const conds: SQL[] = [];
  if (q.from) conds.push(gte(auditLog.at, q.from));
  if (q.to) conds.push(lt(auditLog.at, q.to));
  if (q.actor) conds.push(or(eq(auditLog.actorLogin, q.actor.toLowerCase()), sql`${auditLog.actorUserId}::text = ${q.actor}`)!);
  if (q.action) conds.push(ilike(auditLog.action, `${q.action.replace(/[%_\\]/g, '\\$&')}%`));
  if (q.targetType) conds.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) conds.push(eq(auditLog.targetId, q.targetId));
  if (q.outcome) conds.push(eq(auditLog.outcome, q.outcome));
  if (q.text) {
    const like = `%${q.text.replace(/[%_\\]/g, '\\$&')}%`;
    conds.push(or(ilike(auditLog.action, like), ilike(auditLog.targetId, like), sql`${auditLog.details}::text ilike ${like}`)!);
  }
  if (q.before) conds.push(lt(auditLog.id, q.before));
  return conds.length ? and(...conds) : undefined;
}

export async function searchAudit(db: Db, q: AuditQuery) {
  return db.select().from(auditLog).where(whereOf(q)).orderBy(desc(auditLog.id)).limit(q.limit);
}

export type AuditRow = typeof auditLog.$inferSelect;

const CSV_COLUMNS: [string, (r: AuditRow) => unknown][] = [
  ['id', (r) => r.id],
  ['at', (r) => r.at.toISOString()],
  ['actor_login', (r) => r.actorLogin],
  ['actor_user_id', (r) => r.actorUserId],
  ['actor_roles', (r) => r.actorRoles.join(' ')],
  ['actor_org_id', (r) => r.actorOrgId],
  ['via', (r) => r.via],
  ['ip', (r) => r.ip],
  ['action', (r) => r.action],
  ['target_type', (r) => r.targetType],
  ['target_id', (r) => r.targetId],
  ['outcome', (r) => r.outcome],
  ['request_id', (r) => r.requestId],
  ['details', (r) => JSON.stringify(r.details)],
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // Spreadsheet formula injection: a cell starting with = + - @ is made literal.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Streams the matching rows as CSV (UTF-8 with BOM so spreadsheet software reads Chinese). */
export async function* exportAuditCsv(db: Db, q: Omit<AuditQuery, 'limit' | 'before'>, maxRows = 1_000_000): AsyncGenerator<string> {
  yield '\ufeff' + CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n';
  let before: number | undefined;
  let sent = 0;
  while (sent < maxRows) {
    const rows = await searchAudit(db, { ...q, before, limit: Math.min(1000, maxRows - sent) });
    if (rows.length === 0) return;
    yield rows.map((r) => CSV_COLUMNS.map(([, get]) => csvCell(get(r))).join(',')).join('\r\n') + '\r\n';
    sent += rows.length;
    before = rows[rows.length - 1].id;
  }
}
