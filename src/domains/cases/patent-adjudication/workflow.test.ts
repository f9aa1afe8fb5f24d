import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../platform/calendar/calendar';
import { computeDue, dueDate } from '../engine/clock';
import { apply, availableActions, type ActorView, type CaseView, type Env } from '../engine/matter-type';
import { PATENT_ADJUDICATION, PatentActionPayloads, patentAdjudication, type PatentStatus } from './workflow';

const type = patentAdjudication('shanghai-2002');
const calendar = defaultCalendar();
const env: Env = { today: '2026-03-02', calendar };

const ORG = '00000000-0000-4000-8000-0000000000a1';
const REQ = '00000000-0000-4000-8000-000000000001';
const RESP = '00000000-0000-4000-8000-000000000002';
const HANDLER = '00000000-0000-4000-8000-000000000003';

type Profile =
  | 'requester' | 'respondent' | 'stranger_applicant' | 'handler' | 'officer' | 'officer_elsewhere' | 'supervisor' | 'supervisor_elsewhere'
  | 'mediator' | 'judge' | 'police_liaison' | 'reviewer' | 'auditor' | 'administrator';
const PROFILES: Profile[] = [
  'requester', 'respondent', 'stranger_applicant', 'handler', 'officer', 'officer_elsewhere', 'supervisor', 'supervisor_elsewhere',
  'mediator', 'judge', 'police_liaison', 'reviewer', 'auditor', 'administrator',
];

function actorOf(p: Profile): ActorView {
  const staff = (userId: string, roles: string[], orgInReach: boolean): ActorView => ({ userId, kind: 'staff', roles, orgInReach, speaksFor: [] });
  switch (p) {
    case 'requester': return { userId: REQ, kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: [REQ] };
    case 'respondent': return { userId: RESP, kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: [RESP] };
    case 'stranger_applicant': return { userId: 'x', kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: ['x'] };
    case 'handler': return staff(HANDLER, ['case_officer'], true);
    case 'officer': return staff('o', ['case_officer'], true);
    case 'officer_elsewhere': return staff(HANDLER, ['case_officer'], false);
    case 'supervisor': return staff('s', ['supervisor'], true);
    case 'supervisor_elsewhere': return staff('s2', ['supervisor'], false);
    default: return staff(`u-${p}`, [p], true);
  }
}

/**
 * Who may take each action, written out independently of the table: the exhaustive walk below
 * checks every status × action × actor against it.
 */
const OFFICE: Profile[] = ['handler', 'officer', 'supervisor'];
const WHO: Record<string, Profile[]> = {
  accept: OFFICE, reject: OFFICE, request_correction: OFFICE, transfer: OFFICE, set_grade: OFFICE, merge: OFFICE, change_panel: OFFICE,
  withdraw: ['requester'], submit_correction: ['requester'], file_defence: ['respondent'],
  serve_respondent: ['handler'], proceed_without_defence: ['handler'], forward_defence: ['handler'], schedule_hearing: ['handler'],
  reschedule_hearing: ['handler'], hold_hearing: ['handler'], start_mediation: ['handler'], record_agreement: ['handler'],
  mediation_failed: ['handler'], suspend: ['handler'], resume: ['handler'], request_extension: ['handler'], decide: ['handler'],
  record_linkage: ['handler'], record_lawsuit: ['handler'], record_compliance: ['handler'], apply_enforcement: ['handler'], close: ['handler'],
  approve_extension: ['supervisor'], deny_extension: ['supervisor'],
};
// attach_evidence: the requester in every open status before the defence; both parties once the defence phase is over.
const ATTACH_BOTH: PatentStatus[] = ['under_examination', 'hearing_scheduled'];

function caseIn(status: PatentStatus, facts: Record<string, unknown> = {}): CaseView<PatentStatus> {
  return {
    status,
    orgId: ORG,
    parties: { requester: [REQ], respondent: [RESP] },
    assignees: [{ userId: HANDLER, role: 'handler' }],
    clocks: [],
    facts,
  };
}

const STATUSES = Object.keys(type.statuses) as PatentStatus[];
const ACTIONS = Object.keys(PatentActionPayloads);

describe('patent adjudication transition table', () => {
  it('names every action it offers in the payload schemas and in the who-may matrix', () => {
    const used = new Set(STATUSES.flatMap((s) => type.transitions[s].map((t) => t.action)));
    expect([...used].sort()).toEqual([...new Set([...Object.keys(WHO), 'attach_evidence'])].sort());
    for (const a of used) expect(ACTIONS).toContain(a);
  });

  it('gives terminal statuses no actions and every other status at least one way forward', () => {
    for (const s of STATUSES) {
      if (type.statuses[s].terminal) expect(type.transitions[s]).toEqual([]);
      else expect(type.transitions[s].some((t) => t.to !== 'same')).toBe(true);
    }
  });

  it('reaches every status from the request and a terminal status from every status', () => {
    const next = (s: PatentStatus): PatentStatus[] =>
      type.transitions[s].flatMap((t) => (t.to === 'same' ? [] : typeof t.to === 'function' ? STATUSES.filter((x) => !type.statuses[x].terminal) : [t.to]));
    const seen = new Set<PatentStatus>([type.initial]);
    const queue = [type.initial];
    while (queue.length) for (const n of next(queue.shift()!)) if (!seen.has(n)) (seen.add(n), queue.push(n));
    expect([...seen].sort()).toEqual([...STATUSES].sort());
    for (const s of STATUSES) {
      const reach = new Set<PatentStatus>([s]);
      const q = [s];
      while (q.length) for (const n of next(q.shift()!)) if (!reach.has(n)) (reach.add(n), q.push(n));
      expect([...reach].some((x) => type.statuses[x].terminal)).toBe(true);
    }
  });

  it('refers only to clocks it defines', () => {
    for (const s of STATUSES)
      for (const t of type.transitions[s])
        for (const e of t.clocks ?? []) {
          const name = 'start' in e ? e.start : 'stop' in e ? e.stop : 'pause' in e ? e.pause : 'resume' in e ? e.resume : 'restart' in e ? e.restart : 'extend' in e ? e.extend : null;
          if (name) expect(type.clocks, `${s}.${t.action}`).toHaveProperty(name);
        }
  });

  describe('every status × action × actor', () => {
    for (const status of STATUSES) {
      for (const action of ACTIONS) {
        it(`${status} · ${action}`, () => {
          const c = caseIn(status);
          const offered = type.transitions[status].some((t) => t.action === action);
          for (const p of PROFILES) {
            const actor = actorOf(p);
            const listed = availableActions(type, c, actor, env).map((a) => a.action);
            // A payload that is wrong on purpose: authorisation is decided before the payload is read.
            const result = apply(type, c, actor, action, { __probe: true }, env);
            if (!offered) {
              expect(result.ok, p).toBe(false);
              if (!result.ok) {
                expect(result.status).toBe(409);
                expect(result.refusal.code).toBe('case.action_not_allowed');
                expect(result.refusal.params?.status).toBe(status);
              }
              expect(listed).not.toContain(action);
              continue;
            }
            const allowed =
              action === 'attach_evidence' ? (ATTACH_BOTH.includes(status) ? ['requester', 'respondent'] : ['requester']).includes(p) : WHO[action].includes(p);
            expect(listed.includes(action), `${p} listed`).toBe(allowed);
            if (!result.ok) expect(result.status, `${p}: ${result.refusal.code}`).toBe(allowed ? 400 : 403);
            else expect.unreachable(`${p} passed with a bad payload`);
          }
        });
      }
    }
  });
});

describe('patent adjudication actions', () => {
  const handler = actorOf('handler');
  it('accepts with an odd panel of at least three and starts the decision and service clocks', () => {
    const ok = apply(type, caseIn('submitted'), handler, 'accept', { handlerIds: [HANDLER, REQ, RESP] }, env);
    expect(ok.ok && ok.outcome.to).toBe('accepted');
    expect(ok.ok && ok.outcome.clocks.map((c) => `${c.op}:${c.name}`)).toEqual(['stop:acceptance', 'start:decision', 'start:service']);
    expect(ok.ok && ok.outcome.document).toBe('acceptance_notice');
    const even = apply(type, caseIn('submitted'), handler, 'accept', { handlerIds: [HANDLER, REQ, RESP, ORG] }, env);
    expect(!even.ok && even.refusal).toMatchObject({ code: 'case.payload_invalid', params: { field: 'handlerIds' } });
    const two = apply(type, caseIn('submitted'), handler, 'accept', { handlerIds: [HANDLER, REQ] }, env);
    expect(!two.ok && two.status).toBe(400);
  });

  it('refuses to continue without a defence while the defence period runs, and allows it the day after', () => {
    const c: CaseView<PatentStatus> = { ...caseIn('awaiting_defence'), clocks: [{ name: 'defence', state: 'running', startDate: '2026-03-02', dueDate: '2026-03-17', unit: 'calendarDay', pausedOn: null, extensions: 0 }] };
    const early = apply(type, c, handler, 'proceed_without_defence', {}, { ...env, today: '2026-03-17' });
    expect(!early.ok && early.refusal).toEqual({ code: 'case.defence_period_running', params: { dueDate: '2026-03-17' } });
    expect(availableActions(type, c, handler, { ...env, today: '2026-03-17' }).find((a) => a.action === 'proceed_without_defence')?.blocked?.code).toBe('case.defence_period_running');
    expect(apply(type, c, handler, 'proceed_without_defence', {}, { ...env, today: '2026-03-18' }).ok).toBe(true);
  });

  it('refuses a hearing with less than five working days of notice, counting the National Day holiday', () => {
    const day = { ...env, today: '2026-09-29' };
    // 09-30, 10-08, 10-09, 10-10 (adjusted working Saturday), 10-12: the earliest date is 12 October.
    const soon = apply(type, caseIn('under_examination'), handler, 'schedule_hearing', { hearingDate: '2026-10-09', hearingTime: '09:30', place: '第一审理庭' }, day);
    expect(!soon.ok && soon.refusal).toEqual({ code: 'case.hearing_too_soon', params: { earliest: '2026-10-12', days: 5 } });
    expect(apply(type, caseIn('under_examination'), handler, 'schedule_hearing', { hearingDate: '2026-10-12', hearingTime: '09:30', place: '第一审理庭' }, day).ok).toBe(true);
  });

  it('names the acts to stop when infringement is established', () => {
    const bad = apply(type, caseIn('under_examination'), handler, 'decide', { result: 'established', findings: 'f', reasoning: 'r' }, env);
    expect(!bad.ok && bad.refusal.params?.field).toBe('acts');
    const ok = apply(type, caseIn('under_examination'), handler, 'decide', { result: 'established', acts: ['manufacture', 'sale'], findings: 'f', reasoning: 'r' }, env);
    expect(ok.ok && ok.outcome.facts).toEqual({ result: 'established', acts: ['manufacture', 'sale'], product: undefined });
    expect(ok.ok && ok.outcome.clocks.at(-1)).toEqual({ name: 'sue_window', op: 'start', startDate: env.today });
  });

  it('allows one extension only, approved by a supervisor after a handler asks', () => {
    const sup = actorOf('supervisor');
    expect(apply(type, caseIn('under_examination'), sup, 'approve_extension', {}, env)).toMatchObject({ ok: false, refusal: { code: 'case.extension_not_requested' } });
    const asked = caseIn('under_examination', { extensionRequested: true });
    const ok = apply(type, asked, sup, 'approve_extension', {}, env);
    expect(ok.ok && ok.outcome.clocks).toEqual([{ name: 'decision', op: 'extend', extendBy: { length: 1, unit: 'month' } }]);
    const used: CaseView<PatentStatus> = { ...caseIn('under_examination'), clocks: [{ name: 'decision', state: 'running', startDate: '2026-01-05', dueDate: '2026-05-05', unit: 'month', pausedOn: null, extensions: 1 }] };
    expect(apply(type, used, handler, 'request_extension', { reason: 'complex' }, env)).toMatchObject({ ok: false, refusal: { code: 'case.extension_used' } });
  });

  it('resumes a suspended case where it was suspended', () => {
    const c = caseIn('suspended', { suspendedFrom: 'awaiting_defence' });
    const ok = apply(type, c, handler, 'resume', { reason: '无效宣告请求审查决定已作出' }, env);
    expect(ok.ok && ok.outcome.to).toBe('awaiting_defence');
  });

  it('lets the decided case be enforced only after the window to sue and only on an order to stop', () => {
    const clocks = [{ name: 'sue_window', state: 'running' as const, startDate: '2026-03-02', dueDate: '2026-03-17', unit: 'calendarDay' as const, pausedOn: null, extensions: 0 }];
    const est = { ...caseIn('decided', { result: 'established' }), clocks };
    expect(apply(type, est, handler, 'apply_enforcement', { court: '上海知识产权法院' }, { ...env, today: '2026-03-10' })).toMatchObject({ ok: false, refusal: { code: 'case.sue_window_running' } });
    expect(apply(type, est, handler, 'apply_enforcement', { court: '上海知识产权法院' }, { ...env, today: '2026-03-18' }).ok).toBe(true);
    const not = { ...caseIn('decided', { result: 'not_established' }), clocks };
    expect(apply(type, not, handler, 'apply_enforcement', { court: '上海知识产权法院' }, { ...env, today: '2026-03-18' })).toMatchObject({ ok: false, refusal: { code: 'case.no_order' } });
  });

  it('is registered under its code', () => {
    expect(type.code).toBe(PATENT_ADJUDICATION);
  });
});

describe('patent adjudication clocks', () => {
  it('counts Shanghai’s five days in natural days, rolling past the National Day holiday', () => {
    const sh = patentAdjudication('shanghai-2002').clocks;
    // Received Monday 28 September 2026: day 5 is 3 October, a holiday; the period ends on 8 October.
    expect(dueDate(calendar, '2026-09-28', sh.acceptance.period)).toBe('2026-10-08');
    expect(sh.acceptance.basis.confidence).toBe('P');
  });

  it('counts the national five working days over the holiday and the adjusted working Saturday', () => {
    const cn = patentAdjudication('cnipa-2015').clocks;
    expect(dueDate(calendar, '2026-09-28', cn.acceptance.period)).toBe('2026-10-10');
  });

  it('counts three months to the same day, or the month’s last day, then the next working day', () => {
    const { decision } = patentAdjudication('shanghai-2002').clocks;
    expect(dueDate(calendar, '2026-07-01', decision.period)).toBe('2026-10-08'); // 1 October is National Day
    expect(dueDate(calendar, '2026-11-30', decision.period)).toBe('2027-03-01'); // 28 February 2027 is a Sunday
  });

  it('marks a period that runs past the loaded holiday notices as provisional instead of refusing it', () => {
    const { decision, service } = patentAdjudication('cnipa-2015').clocks;
    expect(computeDue(calendar, '2026-11-25', decision.period)).toEqual({ date: '2027-02-25', provisional: true });
    expect(computeDue(calendar, '2026-11-25', service.period)).toEqual({ date: '2026-12-02', provisional: false });
    // 2026-12-28 + 5 working days crosses into 2027: Mon-Fri less New Year's Day (fixed by date), flagged.
    expect(computeDue(calendar, '2026-12-28', service.period)).toEqual({ date: '2027-01-05', provisional: true });
  });
});
