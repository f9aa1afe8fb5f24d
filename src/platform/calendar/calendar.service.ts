import { asc, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/client';
import { calendarNotices } from '../db/tables';
import type { Ctx } from '../http/context';
import { defaultNotices, expandNotice, WorkingCalendar } from './calendar';
import { parseNotices, type CalendarNotice } from './calendar.schemas';

/**
 * The working-day calendar in force is the set of State Council notices stored in the
 * database: the shipped years are inserted once, and an administrator imports each new year
 * at runtime, so no release is needed when a notice appears (or changes mid-year, as in 2020).
 */

export async function ensureShippedNotices(db: Db): Promise<number> {
  const rows = await db
    .insert(calendarNotices)
    .values(defaultNotices.map((n) => ({ year: n.year, notice: n, source: 'shipped' })))
    .onConflictDoNothing()
    .returning({ year: calendarNotices.year });
  return rows.length;
}

export async function loadNotices(db: Db): Promise<CalendarNotice[]> {
  const rows = await db.select({ notice: calendarNotices.notice }).from(calendarNotices).orderBy(asc(calendarNotices.year));
  return parseNotices(rows.map((r) => r.notice));
}

// Per database handle: the calendar and when its digest was last checked.
const caches = new WeakMap<object, { key: string; calendar: WorkingCalendar; checkedAt: number }>();
/** How long a process trusts its copy before checking the notices' digest again (imports in this process clear it at once). */
const RECHECK_MS = 5000;

/**
 * The calendar from the database; rebuilt only when a notice was added or replaced. The key is
 * a digest of the notices themselves: a replacement stamped no later than the newest import
 * (same instant, or a server whose clock runs behind) must still be seen. Another process's
 * import is seen within RECHECK_MS; this process's at once.
 */
export async function loadCalendar(db: Db): Promise<WorkingCalendar> {
  const cached = caches.get(db);
  if (cached && Date.now() - cached.checkedAt < RECHECK_MS) return cached.calendar;
  const [stamp] = await db
    .select({ key: sql<string>`count(*)::text || ':' || coalesce(md5(string_agg(year::text || '=' || notice::text, ',' order by year)), '')` })
    .from(calendarNotices);
  if (cached?.key === stamp.key) {
    cached.checkedAt = Date.now();
    return cached.calendar;
  }
  const calendar = WorkingCalendar.fromNotices(await loadNotices(db));
  caches.set(db, { key: stamp.key, calendar, checkedAt: Date.now() });
  return calendar;
}

export async function listYears(db: Db) {
  const rows = await db.select().from(calendarNotices).orderBy(asc(calendarNotices.year));
  return rows.map((r) => {
    const n = r.notice as CalendarNotice;
    return {
      year: r.year,
      noticeTitle: n.noticeTitle,
      sourceUrl: n.sourceUrl,
      publishedOn: n.publishedOn ?? null,
      source: r.source as 'shipped' | 'import',
      importedAt: r.importedAt.toISOString(),
    };
  });
}

/** Adds or replaces one year's notice, after checking it fits the years already loaded. */
export async function importNotice(ctx: Pick<Ctx, 'db' | 'actor' | 'now'>, notice: CalendarNotice) {
  return ctx.db.transaction(async (tx) => {
    // Validates the calendar the import would produce (an empty table gets its first year).
    const others = (await loadNotices(tx)).filter((n) => n.year !== notice.year);
    WorkingCalendar.fromNotices([...others, notice]);
    await tx
      .insert(calendarNotices)
      .values({ year: notice.year, notice, source: 'import', importedBy: ctx.actor.userId, importedAt: ctx.now() })
      .onConflictDoUpdate({
        target: calendarNotices.year,
        set: { notice, source: 'import', importedBy: ctx.actor.userId, importedAt: ctx.now() },
      });
    await recordAudit(tx, ctx.actor, {
      action: 'calendar.import',
      targetType: 'calendar_year',
      targetId: String(notice.year),
      details: { noticeTitle: notice.noticeTitle, sourceUrl: notice.sourceUrl, holidays: notice.holidays.length, workdays: notice.workdays.length },
    });
    caches.delete(ctx.db);
    return { year: notice.year, days: expandNotice(notice).length };
  });
}
