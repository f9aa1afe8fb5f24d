import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { sequenceBlocks, shortLived } from '../../platform/db/reuse';
import { z } from 'zod';
import { auditInsert, recordAudit } from '../../platform/audit/audit';
import { todayInShanghai, type WorkingCalendar } from '../../platform/calendar/calendar';
import { loadCalendar } from '../../platform/calendar/calendar.service';
import type { Db } from '../../platform/db/client';
import { DomainError, errorText } from '../../platform/errors';
import type { Ctx, Platform } from '../../platform/http/context';
import { fieldErrors } from '../../platform/http/validation';
import { enqueueMails, mailInsert } from '../../platform/mail/mail';
import { applicantIdByUscc, applicantProfileOf, applicantScope, orgReach } from '../identity/accounts.service';
import { openPreservedFile, preservedEvidenceOf, receiptOfPreserved, type EvidenceDeps } from '../evidence/evidence.service';
import type { EvidenceReceipt } from '../ledger/receipt-format';
import { orgSubtreeIds } from '../orgs/orgs.service';
import { ledger } from '../ledger';
import { encodeCaseEventEntry, type DocumentDigest } from '../ledger/entries';
import './cases.errors';
import * as repo from './cases.repo';
import type { CaseReach, CaseRow, ClockRow, EventRow } from './cases.repo';
import type { CaseActionRequest, CaseDetail, SubmitMatter } from './cases.schemas';
import { workingDaysLeft } from './engine/clock';
import { planClocks, ruleSnapshot, startClock, type ClockPlan } from './engine/clock-plan';
import { apply, availableActions, type ActorView, type CaseView, type ClockChange, type MatterType, type Outcome, type Transition } from './engine/matter-type';
import type { MatterRegistry } from './matter-types';
import { routeMatter } from './routing';
import { INDUSTRY_LABELS } from './patent-adjudication/workflow';
import { searchDocument } from './search-tokens';
import type { IssuedDocument, DocumentIssuer } from './case-documents';

/**
 * The case engine's service: one submission API and one action API for every matter type.
 * Each write — submission or action — is one transaction holding the event, the projection,
 * the clocks, the audit row, the ledger entry, the notifications and their mails
 * (CONVENTIONS rule 2). An official document is rendered and preserved (stored, time-stamped)
 * before that transaction and committed inside it; if the transaction loses (a stale version),
 * the stored file is removed again.
 */

export interface CaseDeps {
  registry: MatterRegistry;
  documents: DocumentIssuer;
  evidence: EvidenceDeps;
}

// Actions whose payload is the office's own business: parties see that they happened, not the details.
const INTERNAL_ACTIONS = new Set(['set_grade', 'request_extension', 'deny_extension', 'change_panel', 'transfer']);
const CASE_STAFF_ROLES = ['case_officer', 'supervisor', 'reviewer', 'mediator', 'judge', 'police_liaison'];

export async function caseReach(ctx: Ctx): Promise<CaseReach> {
  if (ctx.actor.userKind === 'applicant') return { kind: 'parties', userIds: await applicantScope(ctx) };
  const orgs = await orgReach(ctx);
  return orgs === null ? { kind: 'all' } : { kind: 'orgs', orgIds: orgs };
}

async function calendarOf(ctx: Pick<Platform, 'db'>): Promise<WorkingCalendar> {
  return loadCalendar(ctx.db);
}

function viewOf(row: CaseRow, assignees: { userId: string; role: string }[], clocks: ClockRow[]): CaseView {
  return {
    status: row.status,
    orgId: row.orgId,
    parties: { requester: [row.requesterUserId], respondent: row.respondentUserId ? [row.respondentUserId] : [] },
    assignees: assignees.map((a) => ({ userId: a.userId, role: a.role as 'handler' | 'technical_investigator' })),
    clocks: clocks.map((c) => ({ name: c.name, state: c.state as never, startDate: c.startDate, dueDate: c.dueDate, unit: c.unit as never, pausedOn: c.pausedOn, extensions: c.extensions })),
    facts: { ...(row.facts as Record<string, unknown>), grade: row.grade, fastTrack: row.fastTrack },
  };
}

async function actorViewOf(ctx: Ctx, reach: CaseReach, row: CaseRow): Promise<ActorView> {
  if (ctx.actor.userKind === 'applicant') {
    return { userId: ctx.actor.userId!, kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: reach.kind === 'parties' ? reach.userIds : [] };
  }
  const orgInReach = reach.kind === 'all' || (reach.kind === 'orgs' && reach.orgIds.includes(row.orgId));
  return { userId: ctx.actor.userId ?? 'cli', kind: 'staff', roles: ctx.actor.roles, orgInReach, speaksFor: [] };
}

// ── clocks ──

async function writeClocks(tx: Db, plan: ClockPlan): Promise<void> {
  for (const u of plan.updates) await repo.updateClock(tx, u.id, u.values);
  for (const i of plan.inserts) await repo.insertClock(tx, i);
}

// ── notifications ──

interface Recipient {
  id: string;
  email: string | null;
  locale: string;
  as: 'requester' | 'respondent' | 'staff';
}

function deadlineLine(clocks: { name: string; dueDate: string; rule: unknown; state: string }[], as: Recipient['as']): { zh: string; en: string; due: string | null } {
  const owed = as === 'staff' ? ['org'] : [as, 'parties'];
  const open = clocks
    .filter((c) => c.state === 'running' && owed.includes((c.rule as { owedBy: string }).owedBy))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  if (!open) return { zh: '', en: '', due: null };
  const r = open.rule as { label: { zh: string; en: string }; basis: { zh: string; en: string } };
  return {
    zh: `您现在的期限：${r.label.zh}，至 ${open.dueDate} 届满（依据：${r.basis.zh}）。`,
    en: `Your deadline now: ${r.label.en}, ending on ${open.dueDate} (basis: ${r.basis.en}).`,
    due: open.dueDate,
  };
}

async function recipientsFor(tx: Db, row: CaseRow, who: readonly string[], actorUserId: string | null): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  const add = (list: { id: string; email: string | null; locale: string }[], as: Recipient['as']) => {
    for (const u of list) if (u.id !== actorUserId && !out.has(u.id)) out.set(u.id, { id: u.id, email: u.email, locale: u.locale, as });
  };
  if (who.includes('requester')) {
    const ids = [row.requesterUserId, ...(row.submittedByUserId !== row.requesterUserId ? [row.submittedByUserId] : [])];
    add(await repo.usersByIds(tx, ids), 'requester');
  }
  if (who.includes('respondent') && row.respondentUserId) add(await repo.usersByIds(tx, [row.respondentUserId]), 'respondent');
  if (who.includes('assignees')) add(await repo.usersByIds(tx, (await repo.assigneesOf(tx, row.id)).map((a) => a.userId)), 'staff');
  if (who.includes('org')) add(await repo.staffWithRoles(tx, row.orgId, ['case_officer', 'supervisor']), 'staff');
  return [...out.values()];
}

async function notify(
  tx: Db,
  ctx: Pick<Platform, 'config'>,
  row: CaseRow,
  type: MatterType,
  event: { label: { zh: string; en: string } },
  who: readonly string[],
  actorUserId: string | null,
): Promise<void> {
  const recipients = await recipientsFor(tx, row, who, actorUserId);
  if (!recipients.length) return;
  const { rows, mails } = composeNotifications(ctx, row, type, event, recipients, await repo.clocksOf(tx, row.id));
  await repo.insertNotifications(tx, rows);
  await enqueueMails(tx, mails);
}

/** The in-app notification and the mail for each recipient, with the deadline each now faces. */
function composeNotifications(
  ctx: Pick<Platform, 'config'>,
  row: CaseRow,
  type: MatterType,
  event: { label: { zh: string; en: string } },
  recipients: Recipient[],
  clocks: Pick<ClockRow, 'name' | 'dueDate' | 'rule' | 'state'>[],
) {
  const status = type.statuses[row.status];
  const link = `${ctx.config.baseUrl}/cases/${row.id}`;
  const rows = [];
  const mails = [];
  for (const r of recipients) {
    const d = deadlineLine(clocks, r.as);
    const titleZh = `${row.number}：${event.label.zh}`;
    const titleEn = `${row.number}: ${event.label.en}`;
    const bodyZh = `案件“${row.title}”现为“${status.zh}”。下一步：${status.next.zh}。${d.zh}`;
    const bodyEn = `The case “${row.title}” is now “${status.en}”. Next: ${status.next.en}. ${d.en}`.trim();
    rows.push({ userId: r.id, caseId: row.id, kind: 'case.event', titleZh, titleEn, bodyZh, bodyEn, dueDate: d.due });
    if (r.email) {
      const zhFirst = r.locale !== 'en';
      mails.push({
        to: r.email,
        subject: zhFirst ? `【知保】${titleZh}` : `[Zhibao] ${titleEn}`,
        body: zhFirst ? `${bodyZh}\n\n${link}\n\n${bodyEn}` : `${bodyEn}\n\n${link}\n\n${bodyZh}`,
      });
    }
  }
  return { rows, mails };
}

// ── submission (一窗口) ──

function formHash(input: unknown): string {
  return JSON.stringify(input);
}

const SUBMIT_LABEL = { zh: '提交请求', en: 'Request submitted' };

// Tracking-number serials and ledger queue ids in blocks, and the requester's card for a few
// seconds: most submissions then need one round trip, the statement that writes them.
const caseSerials = sequenceBlocks(sql`nextval('case_number_seq')`);
const queueIds = sequenceBlocks(ledger.queueIdSql);
const cards = shortLived<Awaited<ReturnType<typeof repo.applicantCard>>>(5000);

export async function submitMatter(ctx: Ctx, deps: CaseDeps, input: SubmitMatter): Promise<{ created: boolean; detail: CaseDetail }> {
  if (ctx.actor.userKind !== 'applicant' || !ctx.actor.userId) throw new DomainError('case.applicant_only');
  const self = ctx.actor.userId;
  const type = deps.registry.get(input.matterType);
  const parsed = type.submission.safeParse(input.form);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, ctx.locale);
    throw new DomainError('case.submission_invalid', { field: errors[0].path, reasonZh: errors[0].messages['zh-CN'], reasonEn: errors[0].messages.en }, { errors });
  }
  const requester = input.actingFor ?? self;
  // Representations are read only when they matter: filing for someone else, or using evidence.
  const scope = requester !== self || hasEvidence(parsed.data) ? await applicantScope(ctx) : [self];
  if (!scope.includes(requester)) throw new DomainError('case.principal_not_represented');
  const card = await cards.get(ctx.db, requester, () => repo.applicantCard(ctx.db, requester));
  if (!card) throw new DomainError('case.principal_not_represented');
  const intake = type.intake(parsed.data, card.displayName);
  const respondentUscc = intake.respondent?.uscc ?? null;
  const [respondentUser, evidenceRows, route, calendar] = await Promise.all([
    respondentUscc ? applicantIdByUscc(ctx.db, respondentUscc) : undefined,
    checkEvidence(ctx, scope, intake.evidenceIds),
    routeMatter(ctx.db, type.code, intake.routing),
    calendarOf(ctx),
  ]);
  const [serial, queueId] = await Promise.all([caseSerials(ctx.db), queueIds(ctx.db)]);
  if (respondentUser && respondentUser === requester) throw new DomainError('case.respondent_is_requester');

  const now = ctx.now();
  const today = todayInShanghai(now);
  const caseId = randomUUID();
  const eventId = randomUUID();
  const number = `ZB-${today.slice(0, 4)}-${String(serial).padStart(6, '0')}`;
  const row: CaseRow = {
    id: caseId, number, matterType: type.code, status: type.initial, version: 1, orgId: route.org.id,
    requesterUserId: requester, submittedByUserId: self, submitRequestId: input.requestId,
    respondentUserId: respondentUser ?? null, respondentUscc,
    title: intake.title, subjectRef: intake.subjectRef, grade: 'ordinary', fastTrack: false,
    form: intake.form,
    facts: { submitHash: formHash(input.form) },
    // The tracking number is searched by its own column; names and numbers go into the word index.
    searchText: searchDocument(intake.searchParts),
    receivedOn: today, closedAt: null, createdAt: now, updatedAt: now,
  };
  const clocks: ClockRow[] = type.initialClocks.map((name, i) => ({ id: -1 - i, createdAt: now, alert: 'none', ...startClock(caseId, type.clocks[name], today, calendar) }));
  const event: EventRow = {
    id: eventId, caseId, seq: 1, action: 'submit', fromStatus: null, toStatus: type.initial, actorUserId: self, actorRole: 'applicant', actorOrgId: null,
    payload: { matterType: type.code, evidenceIds: intake.evidenceIds, actingFor: input.actingFor ?? null }, requestId: input.requestId, occurredAt: now, ledgerQueueId: queueId,
  };
  const recipients: Recipient[] = [{ id: card.id, email: card.email, locale: card.locale, as: 'requester' }, ...route.staff.map((u) => ({ ...u, as: 'staff' as const }))];
  const { rows: notes, mails } = composeNotifications(ctx, row, type, { label: SUBMIT_LABEL }, recipients, clocks);

  try {
    // One statement, so one round trip and atomic: the projection, its clock, evidence links, the
    // ledger entry, the event, the audit row, notifications and mails.
    await repo.writeSubmission(ctx.db, {
      row,
      clocks: clocks.map(({ id: _id, createdAt: _c, alert: _a, ...values }) => values),
      evidence: intake.evidenceIds.map((evidenceId) => ({ caseId, evidenceId, addedByUserId: self, party: 'requester', eventId })),
      event,
      notifications: notes,
      also: [
        ledger.appendSql(encodeCaseEventEntry({ caseId, eventId, action: 'case.submitted', actor: { userId: self, role: 'applicant', orgId: null }, time: now }), queueId),
        auditInsert(ctx.db, ctx.actor, { action: 'case.submit', targetType: 'case', targetId: caseId, details: { number, matterType: type.code, orgId: route.org.id, queueId: queueId } }).getSQL(),
        ...(mails.length ? [mailInsert(ctx.db, mails).getSQL()] : []),
      ],
    });
  } catch (e) {
    // The same requestId again (a retry, or two clicks racing): the case the first one created.
    if (isUniqueViolation(e, 'cases_submit_request_key')) {
      const again = await repo.findBySubmitRequest(ctx.db, self, input.requestId);
      if (again) return { created: false, detail: await sameSubmission(ctx, deps, again, input) };
    }
    throw e;
  }
  // The new case as its submitter sees it, from what was just written (no second read).
  const people = new Map([[requester, { displayName: card.displayName }], [self, { displayName: ctx.actor.displayName ?? card.displayName }]]);
  const detail = assembleDetail(
    deps,
    row,
    {
      assignees: [], clocks, events: [event], documents: [],
      evidence: evidenceRows.map((e) => ({ id: e.id, fileName: e.fileName, sha256: e.sha256, size: e.size, party: 'requester', addedAt: now })),
      org: route.org, people, profile: card, actor: { userId: self, kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: scope },
    },
    today,
    calendar,
  );
  return { created: true, detail };
}

/** Whether a request names evidence (then the applicant's representations decide whose evidence may be used). */
function hasEvidence(form: unknown): boolean {
  const ids = (form as { evidenceIds?: unknown } | null)?.evidenceIds;
  return Array.isArray(ids) && ids.length > 0;
}

async function sameSubmission(ctx: Ctx, deps: CaseDeps, row: CaseRow, input: SubmitMatter): Promise<CaseDetail> {
  if (row.matterType !== input.matterType || (row.facts as { submitHash?: string }).submitHash !== formHash(input.form)) {
    throw new DomainError('case.request_id_reused', { requestId: input.requestId });
  }
  return detailOf(ctx, deps, row);
}

function isUniqueViolation(e: unknown, constraint: string): boolean {
  let err = e as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined;
  for (let i = 0; err && i < 4; i++) {
    if (err.code === '23505' && (!err.constraint || err.constraint === constraint || err.message?.includes(constraint))) return true;
    err = err.cause as typeof err;
  }
  return false;
}

async function checkEvidence(ctx: Ctx, scope: string[], ids: readonly string[]) {
  const rows = [];
  for (const id of ids) {
    const row = await preservedEvidenceOf(ctx.db, id, scope);
    if (!row) throw new DomainError('case.evidence_unusable', { evidenceId: id });
    rows.push(row);
  }
  return rows;
}

// ── actions ──

async function loadInReach(ctx: Ctx, id: string, action: string): Promise<{ row: CaseRow; reach: CaseReach }> {
  const reach = await caseReach(ctx);
  const row = await repo.findCaseInReach(ctx.db, id, reach);
  if (!row) {
    await recordAudit(ctx.db, ctx.actor, { action, targetType: 'case', targetId: id, outcome: 'denied' });
    throw new DomainError('not_found');
  }
  return { row, reach };
}

export async function takeAction(ctx: Ctx, deps: CaseDeps, id: string, input: CaseActionRequest): Promise<CaseDetail> {
  const { row, reach } = await loadInReach(ctx, id, 'case.action');
  const type = deps.registry.get(row.matterType);

  const replay = await repo.findEventByRequest(ctx.db, id, input.requestId);
  if (replay) {
    if (replay.action !== input.action || replay.actorUserId !== ctx.actor.userId) throw new DomainError('case.request_id_conflict', { requestId: input.requestId, action: replay.action });
    return detailOf(ctx, deps, row, reach);
  }
  if (input.expectedVersion !== row.version) throw new DomainError('case.version_conflict', { current: row.version, expected: input.expectedVersion });

  const [assignees, clocks, calendar] = await Promise.all([repo.assigneesOf(ctx.db, id), repo.clocksOf(ctx.db, id), calendarOf(ctx)]);
  const now = ctx.now();
  const env = { today: todayInShanghai(now), calendar };
  const actor = await actorViewOf(ctx, reach, row);
  const result = apply(type, viewOf(row, assignees, clocks), actor, input.action, input.payload, env);
  if (!result.ok) {
    await recordAudit(ctx.db, ctx.actor, { action: 'case.action', targetType: 'case', targetId: id, outcome: 'denied', details: { action: input.action, code: result.refusal.code } });
    const { code, params = {}, error } = result.refusal;
    if (!error) throw new DomainError(code, params);
    // Every wrong field, each in both languages; the message names the first.
    const errors = fieldErrors(error, ctx.locale);
    throw new DomainError(code, { ...params, reasonZh: errors[0].messages['zh-CN'], reasonEn: errors[0].messages.en }, { errors });
  }
  const outcome = result.outcome;
  const effects = await prepareEffects(ctx, row, outcome);
  const eventId = randomUUID();

  // What the action does to the projection and the clocks, decided before anything is written.
  const facts = { ...(row.facts as Record<string, unknown>), ...outcome.facts };
  const gradeNow = { grade: (outcome.facts.grade as string | undefined) ?? row.grade, fastTrack: (outcome.facts.fastTrack as boolean | undefined) ?? row.fastTrack };
  delete facts.grade;
  delete facts.fastTrack;
  if (input.action === 'accept') facts.acceptedOn = env.today;
  const changes = [...outcome.clocks, ...gradeClockChanges(input.action, gradeNow, facts.acceptedOn as string | undefined)];
  const plan = planClocks(type, id, clocks, changes, env.today, calendar, gradeNow);

  let issued: IssuedDocument | null = null;
  if (outcome.document) {
    const clockDue: Record<string, { dueDate: string; basis: string }> = {};
    for (const c of plan.inserts) clockDue[c.name] = { dueDate: c.dueDate, basis: (c.rule as { basis: { zh: string } }).basis.zh };
    for (const u of plan.updates) {
      const c = clocks.find((x) => x.id === u.id)!;
      if (u.values.dueDate) clockDue[c.name] = { dueDate: u.values.dueDate, basis: (c.rule as { basis: { zh: string } }).basis.zh };
    }
    const panelNames = effects.panelNames ?? assignees.filter((a) => a.role === 'handler').map((a) => a.displayName);
    issued = await deps.documents.issue(ctx, { row, type, outcome, eventId, panelNames, clockDue, actorName: ctx.actor.displayName ?? '', today: env.today });
  }

  try {
    const updated = await ctx.db.transaction(async (tx) => {
      const next = await repo.updateCase(tx, id, row.version, {
        status: outcome.to,
        facts,
        grade: gradeNow.grade,
        fastTrack: gradeNow.fastTrack,
        orgId: effects.transferTo ?? row.orgId,
        closedAt: type.statuses[outcome.to].terminal ? now : null,
        updatedAt: now,
      });
      if (!next) {
        const current = await repo.findCase(tx, id);
        throw new DomainError('case.version_conflict', { current: current?.version ?? 0, expected: row.version });
      }
      await writeClocks(tx, plan);
      if (effects.panel) await repo.replaceAssignees(tx, id, effects.panel);
      if (effects.transferTo) await repo.replaceAssignees(tx, id, []);
      if (effects.evidenceIds.length) {
        const party = actor.kind === 'staff' ? 'office' : actor.speaksFor.includes(row.requesterUserId) ? 'requester' : 'respondent';
        await repo.linkEvidence(tx, effects.evidenceIds.map((evidenceId) => ({ caseId: id, evidenceId, addedByUserId: ctx.actor.userId!, party, eventId })));
      }
      const digests: DocumentDigest[] = [];
      if (issued) {
        digests.push(await deps.documents.commit(tx, ctx, issued, id));
        await repo.insertDocument(tx, { caseId: id, eventId, kind: issued.kind, number: issued.number, evidenceId: issued.evidenceId, createdAt: now });
      }
      const role = actor.kind === 'applicant' ? 'applicant' : (outcome.transition.by.flatMap((r) => (r.kind === 'staff' ? r.roles : [])).find((r) => ctx.actor.roles.includes(r)) ?? ctx.actor.roles[0] ?? 'system');
      const { queueId } = await ledger.append(
        encodeCaseEventEntry({ caseId: id, eventId, action: `case.${input.action}`, actor: { userId: ctx.actor.userId, role: role as never, orgId: actor.kind === 'staff' ? ctx.actor.orgId : null }, time: now, documents: digests }),
        tx,
      );
      await repo.insertEvent(tx, {
        id: eventId, caseId: id, seq: row.version + 1, action: input.action, fromStatus: row.status, toStatus: outcome.to,
        actorUserId: ctx.actor.userId, actorRole: role, actorOrgId: actor.kind === 'staff' ? ctx.actor.orgId : null,
        payload: outcome.payload as Record<string, unknown>, requestId: input.requestId, occurredAt: now, ledgerQueueId: queueId,
      });
      await recordAudit(tx, ctx.actor, { action: 'case.action', targetType: 'case', targetId: id, details: { action: input.action, from: row.status, to: outcome.to, version: next.version, queueId } });
      await notify(tx, ctx, next, type, outcome.transition, outcome.transition.notify, ctx.actor.userId);
      if (effects.mergeInto) await notify(tx, ctx, effects.mergeInto, type, { label: { zh: `并入案件 ${row.number}`, en: `Case ${row.number} merged in` } }, ['assignees'], ctx.actor.userId);
      return next;
    });
    return detailOf(ctx, deps, updated, reach);
  } catch (e) {
    if (issued) await deps.documents.discard(issued);
    if (isUniqueViolation(e, 'case_events_request_key')) {
      const again = await repo.findEventByRequest(ctx.db, id, input.requestId);
      if (again && again.action === input.action && again.actorUserId === ctx.actor.userId) return detailOf(ctx, deps, (await repo.findCase(ctx.db, id))!, reach);
      throw new DomainError('case.request_id_conflict', { requestId: input.requestId, action: again?.action ?? input.action });
    }
    if (isUniqueViolation(e, 'case_events_seq_key')) {
      const current = await repo.findCase(ctx.db, id);
      throw new DomainError('case.version_conflict', { current: current?.version ?? 0, expected: row.version });
    }
    throw e;
  }
}

/**
 * Graded handling (分级办理) and the fast track: choosing the simple grade or the fast track
 * starts its internal target from acceptance; leaving it cancels the target. Before acceptance
 * there is nothing to count yet (acceptance itself starts them).
 */
function gradeClockChanges(action: string, grade: { grade: string; fastTrack: boolean }, acceptedOn: string | undefined): ClockChange[] {
  if (action !== 'set_grade' && action !== 'accept') return [];
  const out: ClockChange[] = [];
  if (acceptedOn) {
    if (grade.fastTrack) out.push({ name: 'fast_track_target', op: 'start', startDate: acceptedOn });
    if (grade.grade === 'simple') out.push({ name: 'simple_target', op: 'start', startDate: acceptedOn });
  }
  if (!grade.fastTrack) out.push({ name: 'fast_track_target', op: 'cancel' });
  if (grade.grade !== 'simple') out.push({ name: 'simple_target', op: 'cancel' });
  return out;
}

interface Effects {
  panel?: { userId: string; role: 'handler' | 'technical_investigator' }[];
  panelNames?: string[];
  transferTo?: string;
  mergeInto?: CaseRow;
  evidenceIds: string[];
}

/** Checks what only the database can tell (who may sit on the panel, where a case may go) before the transaction. */
async function prepareEffects(ctx: Ctx, row: CaseRow, outcome: Outcome<string>): Promise<Effects> {
  const effect = outcome.transition.effect;
  const payload = outcome.payload as Record<string, unknown>;
  const out: Effects = { evidenceIds: [] };
  if (effect === 'panel') {
    const p = payload as { handlerIds: string[]; technicalInvestigatorId?: string };
    const orgs = await orgSubtreeIds(ctx.db, row.orgId);
    const ok = await repo.staffIn(ctx.db, p.handlerIds, orgs, ['case_officer']);
    const bad = p.handlerIds.find((h) => !ok.has(h));
    if (bad) throw new DomainError('case.panel_member_invalid', { userId: bad });
    out.panel = p.handlerIds.map((userId) => ({ userId, role: 'handler' as const }));
    if (p.technicalInvestigatorId) {
      if (p.handlerIds.includes(p.technicalInvestigatorId)) throw new DomainError('case.investigator_invalid', { userId: p.technicalInvestigatorId });
      const inv = await repo.staffIn(ctx.db, [p.technicalInvestigatorId], null, CASE_STAFF_ROLES);
      if (!inv.size) throw new DomainError('case.investigator_invalid', { userId: p.technicalInvestigatorId });
      out.panel.push({ userId: p.technicalInvestigatorId, role: 'technical_investigator' });
    }
    out.panelNames = (await repo.usersByIds(ctx.db, p.handlerIds)).map((u) => u.displayName);
  }
  if (effect === 'transfer') {
    const target = (await repo.orgsByIds(ctx.db, [String(payload.orgId)]))[0];
    if (!target || !target.active || target.id === row.orgId || !['ip_office', 'district_ip_office'].includes(target.kind)) throw new DomainError('case.transfer_target_invalid');
    out.transferTo = target.id;
  }
  if (effect === 'merge') {
    const into = await repo.findCaseByNumber(ctx.db, String(payload.intoCaseNumber));
    const terminal = (s: string) => ['closed', 'rejected', 'withdrawn', 'merged'].includes(s);
    if (!into || into.id === row.id || into.matterType !== row.matterType || into.orgId !== row.orgId || into.subjectRef !== row.subjectRef || terminal(into.status)) {
      throw new DomainError('case.merge_target_invalid', { number: String(payload.intoCaseNumber) });
    }
    out.mergeInto = into;
  }
  if (effect === 'attach_evidence') {
    const ids = (payload.evidenceIds as string[] | undefined) ?? [];
    await checkEvidence(ctx, await applicantScopeOrSelf(ctx), ids);
    out.evidenceIds = ids;
  }
  return out;
}

async function applicantScopeOrSelf(ctx: Ctx): Promise<string[]> {
  return ctx.actor.userKind === 'applicant' ? applicantScope(ctx) : [];
}


// ── reads ──

function messages(code: string, params: Record<string, string | number> = {}) {
  return { 'zh-CN': errorText(code, 'zh-CN', params), en: errorText(code, 'en', params) };
}

const jsonSchemas = new WeakMap<object, Record<string, unknown>>();
/** The JSON Schema of a payload or form schema (computed once per schema). */
function jsonSchemaOf(schema: unknown): Record<string, unknown> {
  if (!schema) return {};
  let out = jsonSchemas.get(schema as object);
  if (!out) {
    try {
      out = z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
    } catch {
      out = {};
    }
    jsonSchemas.set(schema as object, out);
  }
  return out;
}

function clockDto(c: ClockRow, today: string, calendar: WorkingCalendar | null) {
  const r = c.rule as ReturnType<typeof ruleSnapshot>;
  const open = c.state === 'running';
  let left: number | null = null;
  if (open && calendar) left = workingDaysLeft(calendar, today, c.dueDate);
  return {
    name: c.name, label: r.label, startDate: c.startDate, dueDate: c.dueDate, length: c.length, unit: c.unit as 'workingDay',
    basis: { zh: r.basis.zh, en: r.basis.en }, confidence: r.basis.confidence, state: c.state as 'running', owedBy: r.owedBy, kind: r.kind,
    provisional: c.provisional, extensions: c.extensions, alert: c.alert as 'none', workingDaysLeft: left,
  };
}

function partyDto(row: CaseRow, requester: { displayName: string } | undefined, requesterProfile: { uscc: string | null; address: string | null; subjectType: string } | undefined) {
  const form = row.form as { respondent?: { name: string; subjectType: 'enterprise' | 'individual'; uscc?: string; address?: string } };
  const r = form.respondent;
  return {
    requester: {
      userId: row.requesterUserId, name: requester?.displayName ?? '', subjectType: (requesterProfile?.subjectType ?? 'enterprise') as 'enterprise',
      uscc: requesterProfile?.uscc ?? null, address: requesterProfile?.address ?? null,
    },
    respondent: { userId: row.respondentUserId, name: r?.name ?? '', subjectType: r?.subjectType ?? 'enterprise', uscc: r?.uscc ?? null, address: r?.address ?? null },
  };
}

/** Everything a case page shows besides the case row: read by `detailOf`, known already after a submission. */
export interface DetailParts {
  assignees: { userId: string; role: string; displayName: string }[];
  clocks: ClockRow[];
  events: EventRow[];
  documents: Awaited<ReturnType<typeof repo.documentsOf>>;
  evidence: { id: string; fileName: string; sha256: string | null; size: number | null; party: string; addedAt: Date }[];
  org: { id: string; nameZh: string; nameEn: string };
  people: Map<string, { displayName: string }>;
  profile: { uscc: string | null; address: string | null; subjectType: string } | undefined;
  actor: ActorView;
}

export async function detailOf(ctx: Ctx, deps: CaseDeps, row: CaseRow, known?: CaseReach): Promise<CaseDetail> {
  const reach = known ?? (await caseReach(ctx));
  const [assignees, clocks, events, documents, evidence, orgs, profile, actor] = await Promise.all([
    repo.assigneesOf(ctx.db, row.id), repo.clocksOf(ctx.db, row.id), repo.eventsOf(ctx.db, row.id), repo.documentsOf(ctx.db, row.id),
    repo.evidenceOfCase(ctx.db, row.id), repo.orgsByIds(ctx.db, [row.orgId]), applicantProfileOf(ctx.db, row.requesterUserId), actorViewOf(ctx, reach, row),
  ]);
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((x): x is string => !!x))];
  const people = new Map((await repo.usersByIds(ctx.db, [...actorIds, row.requesterUserId, row.submittedByUserId])).map((u) => [u.id, u]));
  return assembleDetail(deps, row, { assignees, clocks, events, documents, evidence, org: orgs[0], people, profile, actor }, todayInShanghai(ctx.now()), await calendarOf(ctx));
}

const transitionsByType = new WeakMap<MatterType, Map<string, Transition<string>>>();
function transitionsOf(type: MatterType): Map<string, Transition<string>> {
  let map = transitionsByType.get(type);
  if (!map) {
    map = new Map();
    for (const list of Object.values<readonly Transition<string>[]>(type.transitions)) for (const t of list) map.set(t.action, t);
    transitionsByType.set(type, map);
  }
  return map;
}

export function assembleDetail(deps: CaseDeps, row: CaseRow, parts: DetailParts, today: string, calendar: WorkingCalendar): CaseDetail {
  const type = deps.registry.get(row.matterType);
  const { actor, people, org } = parts;
  const viewerRole: CaseDetail['viewerRole'] = actor.kind === 'staff' ? 'staff' : actor.speaksFor.includes(row.requesterUserId) ? 'requester' : 'respondent';
  const view = viewOf(row, parts.assignees, parts.clocks);
  const transitions = transitionsOf(type);
  const status = type.statuses[row.status];
  return {
    id: row.id, number: row.number, matterType: row.matterType, matterTitle: type.title, status: row.status, statusLabel: { zh: status.zh, en: status.en }, next: status.next,
    terminal: Boolean(status.terminal), version: row.version, org: { id: org.id, nameZh: org.nameZh, nameEn: org.nameEn }, title: row.title, subjectRef: row.subjectRef,
    grade: row.grade as 'ordinary', fastTrack: row.fastTrack, receivedOn: row.receivedOn, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null, viewerRole,
    parties: {
      ...partyDto(row, people.get(row.requesterUserId), parts.profile),
      submittedBy: { userId: row.submittedByUserId, displayName: people.get(row.submittedByUserId)?.displayName ?? '' },
    },
    form: row.form as Record<string, unknown>,
    facts: viewerRole === 'staff' ? publicFacts(row.facts) : partyFacts(row.facts),
    assignees: parts.assignees.map((a) => ({ userId: a.userId, displayName: a.displayName, role: a.role as 'handler' })),
    deadlines: parts.clocks.filter((c) => viewerRole === 'staff' || (c.rule as { kind: string }).kind === 'statutory').map((c) => clockDto(c, today, calendar)),
    availableActions: availableActions(type, view, actor, { today, calendar }).map((a) => ({
      action: a.action, label: a.label, blocked: a.blocked ? { code: a.blocked.code, messages: messages(a.blocked.code, a.blocked.params) } : null,
      payloadSchema: jsonSchemaOf(transitions.get(a.action)?.payload),
    })),
    documents: parts.documents.map((d) => ({
      id: d.id, kind: d.kind, title: deps.documents.title(d.kind), number: d.number, createdAt: d.createdAt.toISOString(), sha256: d.sha256 ?? '', size: d.size ?? 0, evidenceId: d.evidenceId,
      links: { file: `/api/cases/${row.id}/documents/${d.id}/file`, receipt: `/api/cases/${row.id}/documents/${d.id}/receipt` },
    })),
    evidence: parts.evidence.map((e) => ({ id: e.id, fileName: e.fileName, sha256: e.sha256, size: e.size, party: e.party, addedAt: e.addedAt.toISOString() })),
    history: parts.events.map((e) => ({
      seq: e.seq, action: e.action, label: e.action === 'submit' ? SUBMIT_LABEL : (transitions.get(e.action)?.label ?? { zh: e.action, en: e.action }),
      fromStatus: e.fromStatus, toStatus: e.toStatus,
      actor: { role: e.actorRole, displayName: viewerRole === 'staff' || e.actorRole === 'applicant' ? (people.get(e.actorUserId ?? '')?.displayName ?? null) : null },
      occurredAt: e.occurredAt.toISOString(),
      payload: viewerRole !== 'staff' && INTERNAL_ACTIONS.has(e.action) ? null : (e.payload as Record<string, unknown>),
    })),
  };
}

function publicFacts(facts: unknown): Record<string, unknown> {
  const { submitHash: _h, ...rest } = (facts ?? {}) as Record<string, unknown>;
  return rest;
}

function partyFacts(facts: unknown): Record<string, unknown> {
  const { submitHash: _h, extensionReason: _r, extensionRequested: _q, ...rest } = (facts ?? {}) as Record<string, unknown>;
  return rest;
}

export async function getCase(ctx: Ctx, deps: CaseDeps, id: string): Promise<CaseDetail> {
  const { row, reach } = await loadInReach(ctx, id, 'case.read');
  await recordAudit(ctx.db, ctx.actor, { action: 'case.read', targetType: 'case', targetId: id });
  return detailOf(ctx, deps, row, reach);
}

// ── documents and the catalogue ──

async function documentInCase(ctx: Ctx, id: string, documentId: string, action: string) {
  const { row } = await loadInReach(ctx, id, action);
  const doc = (await repo.documentsOf(ctx.db, row.id)).find((d) => d.id === documentId);
  if (!doc) throw new DomainError('case.document_unavailable');
  return { row, doc };
}

export async function openCaseDocument(ctx: Ctx, deps: CaseDeps, id: string, documentId: string) {
  const { doc } = await documentInCase(ctx, id, documentId, 'case.document');
  const file = await openPreservedFile(deps.evidence, ctx.db, doc.evidenceId);
  await recordAudit(ctx.db, ctx.actor, { action: 'case.document', targetType: 'case', targetId: id, details: { documentId, kind: doc.kind, sha256: doc.sha256 } });
  return { row: { size: file.row.size!, fileName: file.row.fileName }, stream: file.stream };
}

export async function caseDocumentReceipt(ctx: Ctx, deps: CaseDeps, id: string, documentId: string): Promise<EvidenceReceipt> {
  const { doc } = await documentInCase(ctx, id, documentId, 'case.document_receipt');
  const receipt = await receiptOfPreserved(ctx, deps.evidence, doc.evidenceId);
  await recordAudit(ctx.db, ctx.actor, { action: 'case.document_receipt', targetType: 'case', targetId: id, details: { documentId } });
  return receipt;
}

const industryLabel = (code: string) => INDUSTRY_LABELS[code as keyof typeof INDUSTRY_LABELS] ?? { zh: code, en: code };
const CONDITIONS: Record<string, (r: { industry: string | null; regionCode: string | null; grade: string | null }) => { zh: string; en: string }> = {
  org: (r) =>
    r.industry
      ? { zh: `行业：${industryLabel(r.industry).zh}`, en: `Industry: ${industryLabel(r.industry).en}` }
      : r.regionCode
        ? { zh: `地区：${r.regionCode}`, en: `Region: ${r.regionCode}` }
        : { zh: '其他情形', en: 'Otherwise' },
  district_of_region: () => ({ zh: '被请求人所在地或侵权行为地的区知识产权局', en: 'The district IP office where the respondent is or the infringement occurred' }),
};

export async function matterCatalogue(ctx: Ctx, deps: CaseDeps) {
  const rules = await repo.allRoutingRules(ctx.db);
  return {
    items: deps.registry.all().map((type) => ({
      code: type.code, title: type.title, summary: type.summary, legalBasis: [...type.legalBasis], requirements: [...type.requirements],
      clocks: Object.values(type.clocks).map((c) => ({
        name: c.name, label: c.label, length: c.period.length, unit: c.period.unit, basis: { zh: c.basis.zh, en: c.basis.en }, confidence: c.basis.confidence, owedBy: c.owedBy, kind: c.kind,
      })),
      statuses: Object.entries(type.statuses).map(([code, s]) => ({ code, label: { zh: s.zh, en: s.en }, terminal: Boolean(s.terminal) })),
      responsible: rules
        .filter((r) => r.rule.matterType === type.code)
        .map((r) => ({
          condition: CONDITIONS[r.rule.target](r.rule),
          org: r.rule.orgId ? { id: r.rule.orgId, nameZh: r.orgNameZh ?? '', nameEn: r.orgNameEn ?? '' } : null,
        })),
      submissionSchema: jsonSchemaOf(type.submission),
    })),
  };
}

/** Who may sit on the case's panel: active case officers of the responsible office and the offices below it. */
export async function panelCandidates(ctx: Ctx, id: string) {
  if (ctx.actor.userKind === 'applicant') throw new DomainError('auth.forbidden');
  const { row } = await loadInReach(ctx, id, 'case.staff');
  return { items: await repo.staffPicker(ctx.db, await orgSubtreeIds(ctx.db, row.orgId), ['case_officer']) };
}
