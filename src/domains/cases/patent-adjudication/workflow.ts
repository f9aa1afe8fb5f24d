import { z } from 'zod';
import { isIsoDate } from '../../../platform/calendar/dates';
import { assertIdentifier } from '../../../platform/ids';
import type { ActorRule, Bilingual, CaseView, ClockRule, Env, MatterType, Refusal, StatusSpec, Transition } from '../engine/matter-type';
import { clockOf } from '../engine/matter-type';
import { computeDue } from '../engine/clock';
import { patentDocumentValues } from './documents';
import { HEARING_NOTICE_WORKING_DAYS, patentClockRules, type PatentRuleSet } from './rules';

/**
 * 专利侵权纠纷行政裁决 — patent-infringement dispute administrative adjudication as a transition
 * table (../shared/domain/rules.md §2): request → acceptance (or non-acceptance, or a request to
 * supplement that pauses the clock) → panel → service on the respondent → defence (a late one
 * does not stop the case) → optional oral hearing and mediation → suspension while an
 * invalidation request is pending → decision within 3 months (+1 with approval) → the 15-day
 * window to sue → compliance, lawsuit or an application to court for enforcement.
 */

export const PATENT_ADJUDICATION = 'patent_adjudication';

export type PatentStatus =
  | 'submitted'
  | 'awaiting_correction'
  | 'accepted'
  | 'awaiting_defence'
  | 'under_examination'
  | 'hearing_scheduled'
  | 'mediation'
  | 'suspended'
  | 'decided'
  | 'in_litigation'
  | 'enforcement_applied'
  | 'closed'
  | 'rejected'
  | 'withdrawn'
  | 'merged';

const statuses: Record<PatentStatus, StatusSpec> = {
  submitted: { zh: '待受理审查', en: 'Awaiting acceptance', next: { zh: '办案机构审查是否受理', en: 'The office decides whether to accept the request' } },
  awaiting_correction: { zh: '待补正', en: 'Awaiting supplement', next: { zh: '请求人按补正通知书补充材料', en: 'The requester supplies what the correction notice lists' } },
  accepted: { zh: '已受理', en: 'Accepted', next: { zh: '办案机构向被请求人送达请求书副本', en: 'The office serves the request on the respondent' } },
  awaiting_defence: { zh: '答辩期', en: 'Defence period', next: { zh: '被请求人提交答辩书', en: 'The respondent files a defence' } },
  under_examination: { zh: '审理中', en: 'Under examination', next: { zh: '合议组审理，必要时口头审理或调解', en: 'The panel examines the case, with a hearing or mediation if needed' } },
  hearing_scheduled: { zh: '待口头审理', en: 'Hearing scheduled', next: { zh: '当事人按通知参加口头审理', en: 'The parties attend the oral hearing' } },
  mediation: { zh: '调解中', en: 'In mediation', next: { zh: '双方在办案人员主持下调解', en: 'The parties mediate under the panel' } },
  suspended: { zh: '中止处理', en: 'Suspended', next: { zh: '等待无效宣告请求审查结果', en: 'Waiting for the outcome of the invalidation request' } },
  decided: { zh: '已裁决', en: 'Decided', next: { zh: '当事人可在起诉期限内向人民法院起诉', en: 'A party may sue in court within the window' } },
  in_litigation: { zh: '行政诉讼中', en: 'In litigation', next: { zh: '等待人民法院判决', en: 'Waiting for the court' } },
  enforcement_applied: { zh: '已申请强制执行', en: 'Enforcement applied for', next: { zh: '等待人民法院执行', en: 'Waiting for the court to enforce' } },
  closed: { zh: '已结案', en: 'Closed', terminal: true, next: { zh: '案件已办结', en: 'The case is closed' } },
  rejected: { zh: '不予受理', en: 'Not accepted', terminal: true, next: { zh: '可依法向人民法院起诉', en: 'The requester may sue in court' } },
  withdrawn: { zh: '已撤回', en: 'Withdrawn', terminal: true, next: { zh: '请求人已撤回请求', en: 'The requester withdrew the request' } },
  merged: { zh: '已合并处理', en: 'Merged', terminal: true, next: { zh: '并入另一案件处理', en: 'Handled within another case' } },
};

// ── who ──
const REQUESTER: ActorRule = { kind: 'party', party: 'requester' };
const RESPONDENT: ActorRule = { kind: 'party', party: 'respondent' };
const OFFICE: ActorRule = { kind: 'staff', roles: ['case_officer', 'supervisor'], reach: 'org' };
const PANEL: ActorRule = { kind: 'staff', roles: ['case_officer'], reach: 'assigned' };
const SUPERVISOR: ActorRule = { kind: 'staff', roles: ['supervisor'], reach: 'org' };

// ── payloads ──
const text = (max: number) => z.string().trim().min(1, '不能为空 / must not be empty').max(max);
const lines = (max: number) => z.array(text(500)).min(1, '至少一项 / at least one item').max(max);
const date = z.iso.date('应为日期 YYYY-MM-DD / must be a date YYYY-MM-DD').refine(isIsoDate, '应为有效日期 / must be a real date');
const Note = z.object({ note: text(2000).optional() }).strict();
const EvidenceIds = z.array(z.uuid()).max(50).default([]);

export const INFRINGING_ACTS = ['manufacture', 'use', 'use_of_method', 'sale', 'offer_for_sale', 'import'] as const;
export const GRADES = ['simple', 'ordinary', 'major'] as const;
/** Industries the routing rules may name (routing_rules.industry). */
export const INDUSTRIES = ['pharmaceutical', 'medical_devices', 'electronics', 'software', 'manufacturing', 'chemicals', 'consumer_goods', 'other'] as const;
export const INDUSTRY_LABELS: Record<(typeof INDUSTRIES)[number], Bilingual> = {
  pharmaceutical: { zh: '医药', en: 'Pharmaceuticals' },
  medical_devices: { zh: '医疗器械', en: 'Medical devices' },
  electronics: { zh: '电子信息', en: 'Electronics' },
  software: { zh: '软件', en: 'Software' },
  manufacturing: { zh: '装备制造', en: 'Manufacturing' },
  chemicals: { zh: '化工', en: 'Chemicals' },
  consumer_goods: { zh: '消费品', en: 'Consumer goods' },
  other: { zh: '其他', en: 'Other' },
};

const Panel = z
  .object({
    handlerIds: z.array(z.uuid()).min(3, '合议组至少三人 / a panel has at least three handlers').max(9),
    technicalInvestigatorId: z.uuid().optional(),
  })
  .strict()
  .refine((p) => p.handlerIds.length % 2 === 1, { message: '合议组人数应为单数 / the panel must have an odd number of handlers', path: ['handlerIds'] })
  .refine((p) => new Set(p.handlerIds).size === p.handlerIds.length, { message: '办案人员重复 / a handler is listed twice', path: ['handlerIds'] });

export const PatentActionPayloads = {
  accept: Panel,
  change_panel: Panel,
  reject: z.object({ reasons: lines(20) }).strict(),
  request_correction: z.object({ items: lines(20) }).strict(),
  submit_correction: z.object({ statement: text(20_000), evidenceIds: EvidenceIds }).strict(),
  transfer: z.object({ orgId: z.uuid(), reason: text(1000) }).strict(),
  withdraw: z.object({ reason: text(2000).optional() }).strict(),
  set_grade: z.object({ grade: z.enum(GRADES), fastTrack: z.boolean(), reason: text(1000) }).strict(),
  merge: z.object({ intoCaseNumber: z.string().regex(/^ZB-\d{4}-\d{6,}$/, '应为案件编号，如 ZB-2026-000123 / must be a tracking number such as ZB-2026-000123'), reason: text(1000) }).strict(),
  serve_respondent: z.object({ servedOn: date.optional(), method: z.enum(['electronic', 'post', 'in_person']) }).strict(),
  file_defence: z.object({ statement: text(50_000), evidenceIds: EvidenceIds }).strict(),
  proceed_without_defence: Note,
  forward_defence: Note,
  schedule_hearing: z.object({ hearingDate: date, hearingTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为时间 HH:MM / must be a time HH:MM'), place: text(300) }).strict(),
  get reschedule_hearing() {
    return this.schedule_hearing;
  },
  hold_hearing: z.object({ record: text(50_000), requesterAttended: z.boolean(), respondentAttended: z.boolean() }).strict(),
  start_mediation: z.object({ requesterConsents: z.literal(true), respondentConsents: z.literal(true), note: text(2000).optional() }).strict(),
  record_agreement: z.object({ terms: lines(50) }).strict(),
  mediation_failed: Note,
  suspend: z.object({ invalidationRequestNumber: text(64), acceptedOn: date, reason: text(2000) }).strict(),
  resume: z.object({ reason: text(2000) }).strict(),
  request_extension: z.object({ reason: text(2000) }).strict(),
  approve_extension: z.object({ months: z.literal(1).default(1) }).strict(),
  deny_extension: z.object({ reason: text(2000) }).strict(),
  decide: z
    .object({
      result: z.enum(['established', 'not_established']),
      acts: z.array(z.enum(INFRINGING_ACTS)).max(INFRINGING_ACTS.length).default([]),
      findings: text(50_000),
      reasoning: text(50_000),
      /** The accused product, named in the order (被诉侵权产品). */
      product: text(300).optional(),
    })
    .strict()
    .refine((d) => d.result === 'not_established' || d.acts.length > 0, { message: '认定侵权时须写明责令停止的行为 / an infringement decision names the acts to stop', path: ['acts'] }),
  record_linkage: z.object({ agency: text(200), request: text(5000), product: text(300).optional() }).strict(),
  record_lawsuit: z.object({ court: text(200), filedOn: date, byParty: z.enum(['requester', 'respondent']) }).strict(),
  record_compliance: Note,
  apply_enforcement: z.object({ court: text(200), note: text(2000).optional() }).strict(),
  close: z.object({ outcome: text(5000) }).strict(),
  attach_evidence: z.object({ evidenceIds: z.array(z.uuid()).min(1).max(50) }).strict(),
} as const;

export type PatentAction = keyof typeof PatentActionPayloads;

const L = (zh: string, en: string): Bilingual => ({ zh, en });

// ── guards ──
function afterDue(c: CaseView, name: string, env: Env, code: string): Refusal | null {
  const clock = clockOf(c, name);
  if (clock && (clock.state === 'running' || clock.state === 'paused') && env.today <= clock.dueDate) return { code, params: { dueDate: clock.dueDate } };
  return null;
}

function hearingLead(_c: CaseView, p: { hearingDate?: string } | undefined, env: Env): Refusal | null {
  if (!p?.hearingDate) return null;
  const earliest = computeDue(env.calendar, env.today, { length: HEARING_NOTICE_WORKING_DAYS, unit: 'workingDay' }).date;
  return p.hearingDate < earliest ? { code: 'case.hearing_too_soon', params: { earliest, days: HEARING_NOTICE_WORKING_DAYS } } : null;
}

const defenceFiled = (c: CaseView) => c.facts.defenceFiled === true;

// ── transitions shared by several statuses ──
const withdraw: Transition<PatentStatus> = {
  action: 'withdraw', label: L('撤回请求', 'Withdraw the request'), by: [REQUESTER], to: 'withdrawn', payload: PatentActionPayloads.withdraw,
  clocks: [{ stopAll: true }], document: 'withdrawal_notice', notify: ['requester', 'respondent', 'assignees'],
};
const transfer: Transition<PatentStatus> = {
  action: 'transfer', label: L('移送其他机构', 'Transfer to another office'), by: [OFFICE], to: 'same', payload: PatentActionPayloads.transfer,
  effect: 'transfer', notify: ['requester', 'org'],
};
const setGrade: Transition<PatentStatus> = {
  action: 'set_grade', label: L('分级 / 快速处理', 'Grade / fast track'), by: [OFFICE], to: 'same', payload: PatentActionPayloads.set_grade,
  facts: (_c, p) => ({ grade: p.grade, fastTrack: p.fastTrack }), notify: ['assignees'],
};
const merge: Transition<PatentStatus> = {
  action: 'merge', label: L('合并处理', 'Merge into another case'), by: [OFFICE], to: 'merged', payload: PatentActionPayloads.merge,
  effect: 'merge', clocks: [{ stopAll: true }], document: 'closure_notice', notify: ['requester', 'respondent', 'assignees'],
};
const changePanel: Transition<PatentStatus> = {
  action: 'change_panel', label: L('调整合议组', 'Change the panel'), by: [OFFICE], to: 'same', payload: PatentActionPayloads.change_panel,
  effect: 'panel', notify: ['assignees'],
};
const linkage: Transition<PatentStatus> = {
  action: 'record_linkage', label: L('联动通知其他部门', 'Linkage notice to another agency'), by: [PANEL], to: 'same', payload: PatentActionPayloads.record_linkage,
  facts: (c) => ({ linkages: Number(c.facts.linkages ?? 0) + 1 }), document: 'linkage_notice', notify: ['assignees'],
};
const attach = (by: ActorRule[]): Transition<PatentStatus> => ({
  action: 'attach_evidence', label: L('补充证据', 'Add evidence'), by, to: 'same', payload: PatentActionPayloads.attach_evidence,
  effect: 'attach_evidence', notify: ['assignees'],
});
const suspend: Transition<PatentStatus> = {
  action: 'suspend', label: L('中止处理', 'Suspend'), by: [PANEL], to: 'suspended', payload: PatentActionPayloads.suspend,
  clocks: [{ pause: 'decision' }, { pause: 'fast_track_target' }, { pause: 'simple_target' }],
  facts: (c, p) => ({ suspendedFrom: c.status, invalidationRequestNumber: p.invalidationRequestNumber }),
  document: 'suspension_notice', notify: ['requester', 'respondent', 'assignees'],
};
const requestExtension: Transition<PatentStatus> = {
  action: 'request_extension', label: L('申请延长期限', 'Ask to extend the time limit'), by: [PANEL], to: 'same', payload: PatentActionPayloads.request_extension,
  guard: (c) => {
    const clock = clockOf(c, 'decision');
    if (c.facts.extensionRequested === true) return { code: 'case.extension_pending' };
    if (clock && clock.extensions >= 1) return { code: 'case.extension_used' };
    return null;
  },
  facts: (_c, p) => ({ extensionRequested: true, extensionReason: p.reason }), notify: ['org'],
};
const approveExtension: Transition<PatentStatus> = {
  action: 'approve_extension', label: L('批准延长', 'Approve the extension'), by: [SUPERVISOR], to: 'same', payload: PatentActionPayloads.approve_extension,
  guard: (c) => (c.facts.extensionRequested === true ? null : { code: 'case.extension_not_requested' }),
  clocks: [{ extend: 'decision', by: (p: { months: number }) => ({ length: p.months, unit: 'month' }) }],
  facts: () => ({ extensionRequested: false }), document: 'extension_notice', notify: ['requester', 'respondent', 'assignees'],
};
const denyExtension: Transition<PatentStatus> = {
  action: 'deny_extension', label: L('不批准延长', 'Refuse the extension'), by: [SUPERVISOR], to: 'same', payload: PatentActionPayloads.deny_extension,
  guard: (c) => (c.facts.extensionRequested === true ? null : { code: 'case.extension_not_requested' }),
  facts: () => ({ extensionRequested: false }), notify: ['assignees'],
};
const lateDefence: Transition<PatentStatus> = {
  action: 'file_defence', label: L('提交答辩书', 'File the defence'), by: [RESPONDENT], to: 'same', payload: PatentActionPayloads.file_defence,
  guard: (c) => (defenceFiled(c) ? { code: 'case.defence_already_filed' } : null),
  effect: 'attach_evidence', clocks: [{ stop: 'defence' }, { start: 'defence_copy' }], facts: () => ({ defenceFiled: true, defenceLate: true }),
  notify: ['requester', 'assignees'],
};
const forwardDefence: Transition<PatentStatus> = {
  action: 'forward_defence', label: L('转送答辩书副本', 'Forward the defence to the requester'), by: [PANEL], to: 'same', payload: PatentActionPayloads.forward_defence,
  guard: (c) => (!defenceFiled(c) ? { code: 'case.no_defence' } : c.facts.defenceForwarded === true ? { code: 'case.defence_already_forwarded' } : null),
  clocks: [{ stop: 'defence_copy' }], facts: () => ({ defenceForwarded: true }), document: 'defence_copy_notice', notify: ['requester'],
};
const midCase = [requestExtension, approveExtension, denyExtension, transfer, withdraw] as const;

function buildTransitions(): { [K in PatentStatus]: readonly Transition<PatentStatus>[] } {
  return {
    submitted: [
      {
        action: 'accept', label: L('受理并组成合议组', 'Accept and form the panel'), by: [OFFICE], to: 'accepted', payload: PatentActionPayloads.accept,
        effect: 'panel',
        clocks: [{ stop: 'acceptance' }, { start: 'decision' }, { start: 'service' }],
        facts: (c) => ({ acceptedOn: undefined, grade: c.facts.grade ?? 'ordinary' }),
        document: 'acceptance_notice', notify: ['requester', 'assignees'],
      },
      {
        action: 'reject', label: L('不予受理', 'Refuse to accept'), by: [OFFICE], to: 'rejected', payload: PatentActionPayloads.reject,
        clocks: [{ stopAll: true }], document: 'rejection_notice', notify: ['requester'],
      },
      {
        action: 'request_correction', label: L('通知补正', 'Ask for a supplement'), by: [OFFICE], to: 'awaiting_correction', payload: PatentActionPayloads.request_correction,
        clocks: [{ pause: 'acceptance' }, { start: 'correction' }], document: 'correction_notice', notify: ['requester'],
      },
      setGrade, transfer, withdraw, attach([REQUESTER]),
    ],
    awaiting_correction: [
      {
        action: 'submit_correction', label: L('提交补正材料', 'Submit the supplement'), by: [REQUESTER], to: 'submitted', payload: PatentActionPayloads.submit_correction,
        // The acceptance period runs from the day the request is complete (SHPAT art. 19).
        effect: 'attach_evidence', clocks: [{ stop: 'correction' }, { restart: 'acceptance' }], notify: ['org'],
      },
      {
        action: 'reject', label: L('不予受理', 'Refuse to accept'), by: [OFFICE], to: 'rejected', payload: PatentActionPayloads.reject,
        clocks: [{ stopAll: true }], document: 'rejection_notice', notify: ['requester'],
      },
      withdraw,
    ],
    accepted: [
      {
        action: 'serve_respondent', label: L('向被请求人送达', 'Serve the request on the respondent'), by: [PANEL], to: 'awaiting_defence', payload: PatentActionPayloads.serve_respondent,
        guard: (_c, p, env) => (p?.servedOn && p.servedOn > env.today ? { code: 'case.date_in_future', params: { date: p.servedOn } } : null),
        clocks: [{ stop: 'service' }, { start: 'defence', from: (p: { servedOn?: string }, env) => p.servedOn ?? env.today }],
        document: 'defence_notice', notify: ['respondent', 'requester'],
      },
      changePanel, setGrade, merge, suspend, attach([REQUESTER]), ...midCase,
    ],
    awaiting_defence: [
      {
        action: 'file_defence', label: L('提交答辩书', 'File the defence'), by: [RESPONDENT], to: 'under_examination', payload: PatentActionPayloads.file_defence,
        effect: 'attach_evidence', clocks: [{ stop: 'defence' }, { start: 'defence_copy' }], facts: () => ({ defenceFiled: true }),
        notify: ['requester', 'assignees'],
      },
      {
        // 被请求人逾期不答辩的，不影响案件处理 (SHPAT art. 20).
        action: 'proceed_without_defence', label: L('逾期未答辩，继续审理', 'No defence in time: continue'), by: [PANEL], to: 'under_examination', payload: PatentActionPayloads.proceed_without_defence,
        guard: (c, _p, env) => afterDue(c, 'defence', env, 'case.defence_period_running'),
        clocks: [{ stop: 'defence' }], notify: ['requester', 'respondent'],
      },
      changePanel, setGrade, merge, suspend, attach([REQUESTER]), ...midCase,
    ],
    under_examination: [
      forwardDefence,
      lateDefence,
      {
        action: 'schedule_hearing', label: L('安排口头审理', 'Schedule an oral hearing'), by: [PANEL], to: 'hearing_scheduled', payload: PatentActionPayloads.schedule_hearing,
        guard: hearingLead, facts: (_c, p) => ({ hearing: { date: p.hearingDate, time: p.hearingTime, place: p.place } }),
        document: 'hearing_notice', notify: ['requester', 'respondent', 'assignees'],
      },
      {
        action: 'start_mediation', label: L('开始调解', 'Start mediation'), by: [PANEL], to: 'mediation', payload: PatentActionPayloads.start_mediation,
        notify: ['requester', 'respondent'],
      },
      {
        action: 'decide', label: L('作出裁决', 'Decide'), by: [PANEL], to: 'decided', payload: PatentActionPayloads.decide,
        clocks: [{ stop: 'decision' }, { stop: 'fast_track_target' }, { stop: 'simple_target' }, { stop: 'defence_copy' }, { start: 'sue_window' }],
        facts: (_c, p) => ({ result: p.result, acts: p.acts, product: p.product }), document: 'decision', notify: ['requester', 'respondent', 'assignees'],
      },
      changePanel, setGrade, merge, suspend, attach([REQUESTER, RESPONDENT]), ...midCase,
    ],
    hearing_scheduled: [
      {
        action: 'hold_hearing', label: L('记录口头审理', 'Record the hearing'), by: [PANEL], to: 'under_examination', payload: PatentActionPayloads.hold_hearing,
        guard: (c, _p, env) => {
          const h = c.facts.hearing as { date: string } | undefined;
          return h && env.today < h.date ? { code: 'case.hearing_not_yet', params: { date: h.date } } : null;
        },
        facts: () => ({ hearingsHeld: 1, hearing: null }), notify: ['requester', 'respondent'],
      },
      {
        action: 'reschedule_hearing', label: L('改期口头审理', 'Reschedule the hearing'), by: [PANEL], to: 'same', payload: PatentActionPayloads.reschedule_hearing,
        guard: hearingLead, facts: (_c, p) => ({ hearing: { date: p.hearingDate, time: p.hearingTime, place: p.place } }),
        document: 'hearing_notice', notify: ['requester', 'respondent', 'assignees'],
      },
      forwardDefence, lateDefence, suspend, attach([REQUESTER, RESPONDENT]), ...midCase,
    ],
    mediation: [
      {
        // 调解达成协议的，制作调解书，案件终结 (SHPAT art. 21).
        action: 'record_agreement', label: L('达成调解协议', 'Record the agreement'), by: [PANEL], to: 'closed', payload: PatentActionPayloads.record_agreement,
        clocks: [{ stopAll: true }], facts: () => ({ outcome: 'mediated' }), document: 'mediation_agreement', notify: ['requester', 'respondent', 'assignees'],
      },
      {
        action: 'mediation_failed', label: L('调解不成，恢复裁决程序', 'Mediation failed: back to adjudication'), by: [PANEL], to: 'under_examination', payload: PatentActionPayloads.mediation_failed,
        notify: ['requester', 'respondent'],
      },
      lateDefence, withdraw, requestExtension, approveExtension, denyExtension,
    ],
    suspended: [
      {
        action: 'resume', label: L('恢复处理', 'Resume'), by: [PANEL], to: (c) => ((c.facts.suspendedFrom as PatentStatus | undefined) ?? 'under_examination'), payload: PatentActionPayloads.resume,
        clocks: [{ resume: 'decision' }, { resume: 'fast_track_target' }, { resume: 'simple_target' }],
        facts: () => ({ suspendedFrom: null }), document: 'resumption_notice', notify: ['requester', 'respondent', 'assignees'],
      },
      withdraw, transfer,
    ],
    decided: [
      {
        action: 'record_lawsuit', label: L('登记当事人起诉', 'Record a lawsuit'), by: [PANEL], to: 'in_litigation', payload: PatentActionPayloads.record_lawsuit,
        clocks: [{ stop: 'sue_window' }], notify: ['requester', 'respondent'],
      },
      {
        action: 'record_compliance', label: L('登记已履行', 'Record compliance'), by: [PANEL], to: 'closed', payload: PatentActionPayloads.record_compliance,
        guard: (c, _p, env) => (c.facts.result !== 'established' ? { code: 'case.no_order' } : afterDue(c, 'sue_window', env, 'case.sue_window_running')),
        clocks: [{ stopAll: true }], facts: () => ({ outcome: 'complied' }), document: 'closure_notice', notify: ['requester', 'respondent'],
      },
      {
        // 期满不起诉又不停止侵权行为的，可以申请人民法院强制执行 (专利法 第65条).
        action: 'apply_enforcement', label: L('申请法院强制执行', 'Apply to court for enforcement'), by: [PANEL], to: 'enforcement_applied', payload: PatentActionPayloads.apply_enforcement,
        guard: (c, _p, env) => (c.facts.result !== 'established' ? { code: 'case.no_order' } : afterDue(c, 'sue_window', env, 'case.sue_window_running')),
        clocks: [{ stopAll: true }], notify: ['requester', 'respondent'],
      },
      {
        action: 'close', label: L('结案', 'Close'), by: [PANEL], to: 'closed', payload: PatentActionPayloads.close,
        guard: (c, _p, env) => afterDue(c, 'sue_window', env, 'case.sue_window_running'),
        clocks: [{ stopAll: true }], facts: (_c, p) => ({ outcome: p.outcome }), document: 'closure_notice', notify: ['requester', 'respondent'],
      },
      linkage,
    ],
    in_litigation: [
      {
        action: 'close', label: L('结案', 'Close'), by: [PANEL], to: 'closed', payload: PatentActionPayloads.close,
        clocks: [{ stopAll: true }], facts: (_c, p) => ({ outcome: p.outcome }), document: 'closure_notice', notify: ['requester', 'respondent'],
      },
      linkage,
    ],
    enforcement_applied: [
      {
        action: 'close', label: L('结案', 'Close'), by: [PANEL], to: 'closed', payload: PatentActionPayloads.close,
        clocks: [{ stopAll: true }], facts: (_c, p) => ({ outcome: p.outcome }), document: 'closure_notice', notify: ['requester', 'respondent'],
      },
      linkage,
    ],
    closed: [],
    rejected: [],
    withdrawn: [],
    merged: [],
  };
}

// ── the request (专利侵权纠纷处理请求书) ──
const Respondent = z
  .object({
    subjectType: z.enum(['enterprise', 'individual']),
    name: text(200),
    uscc: z.string().trim().max(40).optional(),
    address: text(300),
    regionCode: z.string().regex(/^31\d{4}$/, '应为上海市区县代码，如 310115 / must be a Shanghai district code such as 310115').optional(),
  })
  .strict()
  .refine((r) => r.subjectType === 'individual' || !!r.uscc, { message: '企业被请求人须填写统一社会信用代码 / an enterprise respondent needs its USCC', path: ['uscc'] });

export const PatentAdjudicationRequest = z
  .object({
    // Checked and normalised by the service with the identifier rules (specific zh/en messages).
    patentNumber: z.string().trim().min(1).max(40),
    patentTitle: text(300),
    requesterStanding: z.enum(['patentee', 'interested_party']),
    /** 利害关系人: the licence or right that gives standing. */
    standingBasis: text(2000).optional(),
    respondent: Respondent,
    infringementRegionCode: z.string().regex(/^31\d{4}$/, '应为上海市区县代码 / must be a Shanghai district code').optional(),
    industry: z.enum(INDUSTRIES).optional(),
    claims: z.array(z.number().int().min(1).max(999)).min(1, '至少主张一项权利要求 / rely on at least one claim').max(200),
    requests: text(5000),
    facts: text(50_000),
    evidenceIds: EvidenceIds,
    /** 未就该纠纷向人民法院起诉 (SHPAT art. 17; 2015 measures art. 10). */
    noCourtAction: z.literal(true, '须声明双方均未就该纠纷向人民法院起诉 / you must state that no court action on this dispute has been filed'),
  })
  .strict()
  .refine((r) => r.requesterStanding === 'patentee' || !!r.standingBasis, { message: '利害关系人须说明依据（如许可合同）/ an interested party must state its basis (e.g. the licence)', path: ['standingBasis'] });
export type PatentAdjudicationRequest = z.infer<typeof PatentAdjudicationRequest>;

export function patentAdjudication(ruleSet: PatentRuleSet, overrides: Record<string, ClockRule> = {}): MatterType<PatentStatus> {
  return {
    code: PATENT_ADJUDICATION,
    title: { zh: '专利侵权纠纷行政裁决', en: 'Patent infringement dispute adjudication' },
    summary: {
      zh: '专利权人或利害关系人请求管理专利工作的部门处理专利侵权纠纷，认定侵权成立的责令立即停止侵权行为。',
      en: 'A patentee or interested party asks the patent office to handle an infringement dispute; if infringement is established the office orders it to stop.',
    },
    legalBasis: [
      { zh: '《中华人民共和国专利法》第六十五条', en: 'Patent Law of the PRC, art. 65' },
      { zh: '《中华人民共和国专利法实施细则》第九十五条至第九十八条', en: 'Patent Law Implementing Regulations, arts. 95–98' },
      { zh: '《上海市专利保护条例》第十七条至第二十三条', en: 'Shanghai Patent Protection Regulations, arts. 17–23' },
    ],
    requirements: [
      { zh: '专利侵权纠纷处理请求书（在线填写）', en: 'The request (filled in online)' },
      { zh: '专利权有效的证明（专利号，必要时专利权评价报告）', en: 'Proof the patent is in force (number; an evaluation report for utility models and designs if asked)' },
      { zh: '被请求人的名称、地址', en: 'Name and address of the respondent' },
      { zh: '侵权证据（可从存证平台选择或上传）', en: 'Evidence of the infringement (choose from your preserved evidence or upload)' },
      { zh: '未就该纠纷向人民法院起诉的声明', en: 'A statement that no court action on the dispute has been filed' },
    ],
    statuses,
    initial: 'submitted',
    initialClocks: ['acceptance'],
    transitions: buildTransitions(),
    clocks: { ...patentClockRules(ruleSet), ...overrides },
    submission: PatentAdjudicationRequest,
    documentValues: patentDocumentValues,
    intake(parsed, requesterName) {
      const form = parsed as PatentAdjudicationRequest;
      const patentNumber = assertIdentifier('patent', form.patentNumber);
      const uscc = form.respondent.uscc ? assertIdentifier('uscc', form.respondent.uscc) : null;
      return {
        form: { ...form, patentNumber, respondent: { ...form.respondent, uscc: uscc ?? undefined } },
        title: `${requesterName} 与 ${form.respondent.name} 专利侵权纠纷（${patentNumber}）`,
        subjectRef: patentNumber,
        respondent: { name: form.respondent.name, subjectType: form.respondent.subjectType, uscc, address: form.respondent.address },
        // 专利法实施细则 第97条: the office where the infringement occurred or the respondent is located.
        routing: { regionCode: form.infringementRegionCode ?? form.respondent.regionCode ?? null, industry: form.industry ?? null, grade: null },
        evidenceIds: form.evidenceIds,
        searchParts: [requesterName, form.respondent.name, patentNumber, form.patentTitle, uscc],
      };
    },
  };
}
