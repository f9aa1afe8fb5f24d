import { sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/audit';
import { todayInShanghai, type WorkingCalendar } from '../../platform/calendar/calendar';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import { rowsOf, type Db } from '../../platform/db/client';
import { DomainError } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/http/context';
import { parseTemplate } from '../../platform/pdf/template';
import { enqueueMail } from '../../platform/mail/mail';
import { orgWithAncestorIds } from '../orgs/orgs.service';
import * as repo from './cases.repo';
import type { CaseListItem, CaseListQuery } from './cases.schemas';
import { caseReach, type CaseDeps } from './cases.service';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS, type DocumentKind } from './documents/templates';
import { recomputeDue, workingDaysLeft, type ClockUnit, type Period } from './engine/clock';
import { searchQuery } from './search-tokens';

/**
 * Reading many cases at once: "我的事项" for applicants, work queues for staff, the supervisor's
 * overdue and at-risk list (督办), notifications, the scheduled clock scan, and the document
 * templates administrators edit.
 */

const TERMINAL = sql`c.closed_at is null`;


interface ListRow {
  id: string; number: string; matter_type: string; title: string; status: string; org_id: string; org_name_zh: string; org_name_en: string;
  requester_name: string; respondent_name: string; subject_ref: string | null; grade: string; fast_track: boolean; received_on: string; updated_at: string | Date;
}

async function toItems(ctx: Ctx, deps: CaseDeps, rows: ListRow[], owed: string[]): Promise<CaseListItem[]> {
  const ids = rows.map((r) => r.id);
  const clocks = ids.length
    ? rowsOf<{ case_id: string; name: string; due_date: string; alert: string; rule: { label: { zh: string; en: string }; owedBy: string; kind: string } }>(
        await ctx.db.execute(sql`select case_id, name, due_date::text as due_date, alert, rule from case_clocks
          where state = 'running' and case_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) order by due_date`),
      )
    : [];
  return rows.map((r) => {
    const type = deps.registry.get(r.matter_type);
    const status = type.statuses[r.status];
    // Internal targets (graded handling, fast track) are the office's business, not the parties'.
    const clock = clocks.find((c) => c.case_id === r.id && owed.includes(c.rule.owedBy) && (ctx.actor.userKind !== 'applicant' || c.rule.kind === 'statutory'));
    return {
      id: r.id, number: r.number, matterType: r.matter_type, matterTitle: type.title, title: r.title, status: r.status,
      statusLabel: { zh: status.zh, en: status.en }, next: status.next, org: { id: r.org_id, nameZh: r.org_name_zh, nameEn: r.org_name_en },
      requesterName: r.requester_name, respondentName: r.respondent_name, subjectRef: r.subject_ref, grade: r.grade as 'ordinary', fastTrack: r.fast_track,
      receivedOn: r.received_on, updatedAt: new Date(r.updated_at).toISOString(),
      nextDeadline: clock ? { name: clock.name, label: clock.rule.label, dueDate: clock.due_date, alert: clock.alert as 'none', owedBy: clock.rule.owedBy } : null,
    };
  });
}

const SELECT = sql`select c.id, c.number, c.matter_type, c.title, c.status, c.org_id, o.name_zh as org_name_zh, o.name_en as org_name_en,
  ru.display_name as requester_name, coalesce(c.form->'respondent'->>'name', '') as respondent_name, c.subject_ref, c.grade, c.fast_track,
  c.received_on::text as received_on, c.updated_at
  from cases c join organisations o on o.id = c.org_id join users ru on ru.id = c.requester_user_id`;

const OFFICE_CLOCK = sql`exists (select 1 from case_clocks k where k.case_id = c.id and k.state = 'running' and k.rule->>'owedBy' = 'org'`;

export async function listCases(ctx: Ctx, deps: CaseDeps, q: CaseListQuery): Promise<{ items: CaseListItem[]; total: number }> {
  const reach = await caseReach(ctx);
  const where: SQL[] = [repo.reachCondition(reach, 'c')];
  if (q.q) {
    const ts = searchQuery(q.q);
    const like = `%${q.q.trim().toUpperCase().replace(/[%_\\]/g, '')}%`;
    where.push(sql`(c.number ilike ${like} or c.subject_ref ilike ${like}${ts ? sql` or to_tsvector('simple', c.search_text) @@ to_tsquery('simple', ${ts})` : sql``})`);
  }
  if (q.status) where.push(sql`c.status = ${q.status}`);
  if (q.matterType) where.push(sql`c.matter_type = ${q.matterType}`);
  if (q.orgId) where.push(sql`c.org_id = ${q.orgId}::uuid`);
  if (q.assignee) where.push(sql`exists (select 1 from case_assignees a where a.case_id = c.id and a.user_id = ${q.assignee === 'me' ? ctx.actor.userId : q.assignee}::uuid)`);
  if (q.dueBefore) where.push(sql`${OFFICE_CLOCK} and k.due_date <= ${q.dueBefore}::date)`);
  if (q.alert) where.push(sql`${OFFICE_CLOCK} and k.alert = ${q.alert})`);
  if (q.open === 'true') where.push(TERMINAL);
  if (q.open === 'false') where.push(sql`c.closed_at is not null`);
  const cond = sql.join(where, sql` and `);
  const order =
    q.sort === 'due'
      ? sql`(select min(k.due_date) from case_clocks k where k.case_id = c.id and k.state = 'running') asc nulls last, c.number`
      : q.sort === 'received'
        ? sql`c.received_on desc, c.number desc`
        : sql`c.updated_at desc, c.number desc`;
  const rows = rowsOf<ListRow>(await ctx.db.execute(sql`${SELECT} where ${cond} order by ${order} limit ${q.limit} offset ${q.offset}`));
  const [{ n }] = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from cases c where ${cond}`));
  await recordAudit(ctx.db, ctx.actor, { action: 'case.list', targetType: 'case', details: { returned: rows.length, q: q.q ?? null, status: q.status ?? null } });
  // Staff see the office's next deadline; applicants the next one of any kind (their own, or the one they wait for).
  const owed = ctx.actor.userKind === 'applicant' ? ['requester', 'respondent', 'parties', 'org'] : ['org'];
  return { items: await toItems(ctx, deps, rows, owed), total: Number(n) };
}

// ── supervision (督办) ──

export async function supervision(ctx: Ctx, deps: CaseDeps, orgId: string | undefined) {
  const reach = await caseReach(ctx);
  const today = todayInShanghai(ctx.now());
  const scope = orgId ? sql`${repo.reachCondition(reach, 'c')} and c.org_id = ${orgId}::uuid` : repo.reachCondition(reach, 'c');
  const byOrg = rowsOf<{ org_id: string; name_zh: string; name_en: string; open: number; due_soon: number; overdue: number }>(
    await ctx.db.execute(sql`select c.org_id, o.name_zh, o.name_en, count(*)::int as open,
        count(*) filter (where exists (select 1 from case_clocks k where k.case_id = c.id and k.state = 'running' and k.rule->>'owedBy' = 'org' and k.alert = 'due_soon'))::int as due_soon,
        count(*) filter (where exists (select 1 from case_clocks k where k.case_id = c.id and k.state = 'running' and k.rule->>'owedBy' = 'org' and k.alert = 'overdue'))::int as overdue
      from cases c join organisations o on o.id = c.org_id where ${scope} and c.closed_at is null
      group by c.org_id, o.name_zh, o.name_en order by overdue desc, due_soon desc, o.name_zh`),
  );
  const flagged = rowsOf<ListRow & { clock_name: string; clock_due: string; clock_alert: string; clock_rule: { label: { zh: string; en: string }; basis: { zh: string; en: string } } }>(
    await ctx.db.execute(sql`select x.*, k.name as clock_name, k.due_date::text as clock_due, k.alert as clock_alert, k.rule as clock_rule
      from (${SELECT} where ${scope} and c.closed_at is null) x
      join case_clocks k on k.case_id = x.id and k.state = 'running' and k.rule->>'owedBy' = 'org' and k.alert in ('due_soon', 'overdue')
      order by k.due_date asc, x.number limit 500`),
  );
  const items = await toItems(ctx, deps, flagged, ['org']);
  await recordAudit(ctx.db, ctx.actor, { action: 'case.supervise', targetType: 'case', details: { orgId: orgId ?? null, flagged: flagged.length } });
  return {
    today,
    dueSoonWorkingDays: ctx.config.ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS,
    byOrg: byOrg.map((b) => ({ org: { id: b.org_id, nameZh: b.name_zh, nameEn: b.name_en }, open: b.open, dueSoon: b.due_soon, overdue: b.overdue })),
    cases: items.map((item, i) => ({
      ...item,
      clock: { name: flagged[i].clock_name, label: flagged[i].clock_rule.label, dueDate: flagged[i].clock_due, alert: flagged[i].clock_alert as 'overdue', basis: flagged[i].clock_rule.basis },
    })),
  };
}

// ── the clock scan (scheduled) ──

interface OpenClock {
  id: number; case_id: string; name: string; due_date: string; alert: string; rule: { label: { zh: string; en: string }; basis: { zh: string; en: string }; owedBy: string };
  number: string; title: string; org_id: string; requester_user_id: string; respondent_user_id: string | null;
}

const LEVEL = { none: 0, due_soon: 1, overdue: 2 } as const;

/**
 * Marks running deadlines that are due soon or overdue and tells the people who must act:
 * the assignees and the supervisors of the case's office and the offices above it (督办) for
 * the office's own deadlines; the party for a party's deadline that is due soon. Each level is
 * announced once (the stored `alert` says which was last announced); safe to run from several
 * processes at once (advisory lock) and as often as wanted.
 */
export async function scanClocks(platform: Pick<Platform, 'db' | 'config' | 'now'>): Promise<{ dueSoon: number; overdue: number; recomputed: number }> {
  const calendar = await loadCalendar(platform.db);
  const today = todayInShanghai(platform.now());
  const soon = platform.config.ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS;
  return platform.db.transaction(async (tx) => {
    const [{ locked }] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(7236004) as locked`));
    if (!locked) return { dueSoon: 0, overdue: 0, recomputed: 0 };
    const recomputed = await recomputeProvisional(tx, calendar);
    // Anything within reach of "due soon": a generous calendar window, refined with the working-day count below.
    const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + (soon * 3 + 10) * 86_400_000).toISOString().slice(0, 10);
    const open = rowsOf<OpenClock>(
      await tx.execute(sql`select k.id, k.case_id, k.name, k.due_date::text as due_date, k.alert, k.rule, c.number, c.title, c.org_id, c.requester_user_id, c.respondent_user_id
        from case_clocks k join cases c on c.id = k.case_id where k.state = 'running' and k.due_date <= ${horizon}::date and k.alert <> 'overdue' order by k.due_date`),
    );
    let dueSoon = 0;
    let overdue = 0;
    for (const k of open) {
      const left = workingDaysLeft(calendar, today, k.due_date);
      const level = today > k.due_date ? 'overdue' : left <= soon ? 'due_soon' : 'none';
      if (LEVEL[level] <= LEVEL[k.alert as keyof typeof LEVEL]) continue;
      await tx.execute(sql`update case_clocks set alert = ${level} where id = ${k.id}`);
      if (level === 'overdue') overdue++;
      else dueSoon++;
      await announce(tx, platform, k, level as 'due_soon' | 'overdue', left);
    }
    return { dueSoon, overdue, recomputed };
  });
}

/**
 * Open deadlines computed past the last loaded holiday notice are computed again from their start
 * (period, extensions, days paused) once the calendar covers them, and lose their provisional mark;
 * a due date that moves is announced again as needed by the scan that follows.
 */
async function recomputeProvisional(tx: Db, calendar: WorkingCalendar): Promise<number> {
  const open = rowsOf<{ id: number; start_date: string; due_date: string; unit: string; length: number; extended_by: Period[] | string; stood_still: number }>(
    await tx.execute(sql`select id, start_date::text as start_date, due_date::text as due_date, unit, length, extended_by, stood_still
      from case_clocks where provisional and state in ('running', 'paused')`),
  );
  let changed = 0;
  for (const c of open) {
    const extendedBy = typeof c.extended_by === 'string' ? (JSON.parse(c.extended_by) as Period[]) : c.extended_by;
    const due = recomputeDue(calendar, { startDate: c.start_date, length: c.length, unit: c.unit as ClockUnit, extendedBy, stoodStill: c.stood_still });
    if (due.provisional && due.date === c.due_date) continue;
    await tx.execute(sql`update case_clocks set due_date = ${due.date}::date, provisional = ${due.provisional},
      alert = case when ${due.date}::date > due_date then 'none' else alert end where id = ${c.id}`);
    changed++;
  }
  return changed;
}

async function announce(tx: Db, platform: Pick<Platform, 'config'>, k: OpenClock, level: 'due_soon' | 'overdue', left: number): Promise<void> {
  const ids = new Set<string>();
  if (k.rule.owedBy === 'org' || level === 'overdue') {
    for (const a of await repo.assigneesOf(tx, k.case_id)) ids.add(a.userId);
    if (k.rule.owedBy === 'org') {
      for (const orgId of await orgWithAncestorIds(tx, k.org_id)) for (const s of await repo.staffWithRoles(tx, orgId, ['supervisor'])) ids.add(s.id);
    }
    if (!ids.size) for (const s of await repo.staffWithRoles(tx, k.org_id, ['case_officer', 'supervisor'])) ids.add(s.id);
  } else {
    ids.add(k.rule.owedBy === 'respondent' && k.respondent_user_id ? k.respondent_user_id : k.requester_user_id);
  }
  const people = await repo.usersByIds(tx, [...ids]);
  const titleZh = `${k.number}：${k.rule.label.zh}${level === 'overdue' ? '已逾期' : `即将届满（剩 ${left} 个工作日）`}`;
  const titleEn = `${k.number}: ${k.rule.label.en} ${level === 'overdue' ? 'is overdue' : `ends soon (${left} working days left)`}`;
  const bodyZh = `案件“${k.title}”的${k.rule.label.zh}于 ${k.due_date} 届满（依据：${k.rule.basis.zh}）。`;
  const bodyEn = `The ${k.rule.label.en} of “${k.title}” ends on ${k.due_date} (basis: ${k.rule.basis.en}).`;
  await repo.insertNotifications(tx, people.map((p) => ({ userId: p.id, caseId: k.case_id, kind: `clock.${level}`, titleZh, titleEn, bodyZh, bodyEn, dueDate: k.due_date })));
  for (const p of people) {
    if (!p.email) continue;
    const zh = p.locale !== 'en';
    await enqueueMail(tx, { to: p.email, subject: zh ? `【知保督办】${titleZh}` : `[Zhibao] ${titleEn}`, body: `${zh ? bodyZh : bodyEn}\n\n${platform.config.baseUrl}/cases/${k.case_id}\n\n${zh ? bodyEn : bodyZh}` });
  }
}

/** Runs the scan every ZHIBAO_CLOCK_SCAN_SECONDS (0: never) until stopped. */
export function startClockScan(platform: Pick<Platform, 'db' | 'config' | 'now'>, report: (e: unknown) => void): { stop(): void } {
  const seconds = platform.config.ZHIBAO_CLOCK_SCAN_SECONDS;
  if (!seconds) return { stop() {} };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await scanClocks(platform);
    } catch (e) {
      report(e);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, 2000);
  const timer = setInterval(tick, seconds * 1000);
  first.unref();
  timer.unref();
  return { stop: () => (clearTimeout(first), clearInterval(timer)) };
}

// ── notifications ──

export async function listNotifications(ctx: Ctx, q: { unread?: 'true' | 'false'; limit: number; offset: number }) {
  const { rows, total, unread } = await repo.notificationsOf(ctx.db, ctx.actor.userId!, { unreadOnly: q.unread === 'true', limit: q.limit, offset: q.offset });
  return {
    items: rows.map((n) => ({
      id: n.id, caseId: n.caseId, kind: n.kind, title: { zh: n.titleZh, en: n.titleEn }, body: { zh: n.bodyZh, en: n.bodyEn }, dueDate: n.dueDate, read: n.readAt !== null, createdAt: n.createdAt.toISOString(),
    })),
    total,
    unread,
  };
}

export async function markRead(ctx: Ctx, ids: number[] | 'all'): Promise<{ marked: number }> {
  return { marked: await repo.markNotificationsRead(ctx.db, ctx.actor.userId!, ids, ctx.now()) };
}

// ── document templates ──

/**
 * A template's state. Once saved, a template keeps its row and its version counter for good —
 * restoring the default writes the shipped text as a new version — so a page that loaded an
 * older version can never overwrite a newer one (409).
 */
function templateDto(kind: DocumentKind, override: Awaited<ReturnType<typeof repo.templateOverride>> | undefined) {
  const t = DEFAULT_TEMPLATES[kind];
  return {
    kind, title: { zh: t.title, en: t.titleEn }, body: override?.body ?? t.text, isDefault: !override || override.body === t.text, version: override?.version ?? null,
    variables: Object.entries(t.variables).map(([name, v]) => ({ name, description: { zh: v.zh, en: v.en }, list: v.kind === 'list' })),
    updatedAt: override?.updatedAt.toISOString() ?? null,
  };
}

function assertKind(kind: string): DocumentKind {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw new DomainError('not_found');
  return kind as DocumentKind;
}

export async function listTemplates(ctx: Ctx) {
  const overrides = new Map((await repo.allTemplateOverrides(ctx.db)).map((o) => [o.kind, o]));
  return { items: DOCUMENT_KINDS.map((k) => templateDto(k, overrides.get(k))) };
}

export async function updateTemplate(ctx: Ctx, kindParam: string, body: string, expectedVersion: number | null) {
  const kind = assertKind(kindParam);
  // Refused before anything is stored: unknown placeholders, unbalanced blocks (zh/en messages).
  parseTemplate(body, DEFAULT_TEMPLATES[kind].variables);
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.upsertTemplate(tx, kind, body, expectedVersion, ctx.actor.userId, ctx.now());
    if (!saved) throw new DomainError('conflict.version');
    await recordAudit(tx, ctx.actor, { action: 'template.update', targetType: 'document_template', targetId: kind, details: { version: saved.version } });
    return saved;
  });
  return templateDto(kind, row);
}

export async function resetTemplate(ctx: Ctx, kindParam: string, expectedVersion: number | null) {
  const kind = assertKind(kindParam);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.templateOverride(tx, kind);
    if (!current) return undefined; // never edited: already the shipped wording
    const saved = await repo.upsertTemplate(tx, kind, DEFAULT_TEMPLATES[kind].text, expectedVersion, ctx.actor.userId, ctx.now());
    if (!saved || expectedVersion === null) throw new DomainError('conflict.version');
    await recordAudit(tx, ctx.actor, { action: 'template.reset', targetType: 'document_template', targetId: kind, details: { version: saved.version } });
    return saved;
  });
  return templateDto(kind, row);
}
