import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../platform/calendar/calendar';
import { apply, availableActions, type ActorView, type CaseView, type MatterType } from './matter-type';

/**
 * The engine knows nothing of patents: a matter type made of a small table of its own (here a
 * rights-protection assistance request, 维权援助) runs through the same pure functions.
 */

type S = 'submitted' | 'answered' | 'withdrawn';
const assistance: MatterType<S> = {
  code: 'assistance',
  title: { zh: '维权援助申请', en: 'Rights-protection assistance' },
  summary: { zh: '', en: '' },
  legalBasis: [],
  requirements: [],
  statuses: {
    submitted: { zh: '待答复', en: 'Waiting', next: { zh: '工作站答复', en: 'The workstation answers' } },
    answered: { zh: '已答复', en: 'Answered', terminal: true, next: { zh: '', en: '' } },
    withdrawn: { zh: '已撤回', en: 'Withdrawn', terminal: true, next: { zh: '', en: '' } },
  },
  initial: 'submitted',
  initialClocks: ['answer'],
  transitions: {
    submitted: [
      {
        action: 'answer', label: { zh: '答复', en: 'Answer' }, by: [{ kind: 'staff', roles: ['case_officer'], reach: 'org' }], to: 'answered',
        payload: z.object({ advice: z.string().min(1) }).strict(), clocks: [{ stop: 'answer' }], notify: ['requester'],
      },
      { action: 'withdraw', label: { zh: '撤回', en: 'Withdraw' }, by: [{ kind: 'party', party: 'requester' }], to: 'withdrawn', payload: z.object({}).strict(), clocks: [{ stopAll: true }], notify: [] },
    ],
    answered: [],
    withdrawn: [],
  },
  clocks: {
    answer: {
      name: 'answer', label: { zh: '答复期限', en: 'Time to answer' }, period: { length: 7, unit: 'workingDay' },
      basis: { zh: '本机构服务承诺', en: 'Service pledge of the office', confidence: 'NF' }, effectiveFrom: '2022-01-01', owedBy: 'org', kind: 'internal',
    },
  },
  submission: z.object({ question: z.string().min(1) }).strict(),
  intake: (form) => ({ form: form as Record<string, unknown>, title: '维权援助', subjectRef: null, respondent: null, routing: { regionCode: null, industry: null, grade: null }, evidenceIds: [], searchParts: [] }),
};

const env = { today: '2026-03-02', calendar: defaultCalendar() };
const c: CaseView<S> = { status: 'submitted', orgId: 'o', parties: { requester: ['me'], respondent: [] }, assignees: [], clocks: [], facts: {} };
const officer: ActorView = { userId: 'x', kind: 'staff', roles: ['case_officer'], orgInReach: true, speaksFor: [] };
const applicant: ActorView = { userId: 'me', kind: 'applicant', roles: ['applicant'], orgInReach: false, speaksFor: ['me'] };

describe('the case engine with another matter type', () => {
  it('offers each side its own actions and applies them with their clock effects', () => {
    expect(availableActions(assistance, c, officer, env).map((a) => a.action)).toEqual(['answer']);
    expect(availableActions(assistance, c, applicant, env).map((a) => a.action)).toEqual(['withdraw']);
    const r = apply(assistance, c, officer, 'answer', { advice: '建议先行协商' }, env);
    expect(r.ok && r.outcome).toMatchObject({ from: 'submitted', to: 'answered', clocks: [{ name: 'answer', op: 'stop' }] });
  });

  it('refuses with the same codes: not offered (409), not allowed (403), wrong payload (400), unknown (400)', () => {
    expect(apply(assistance, { ...c, status: 'answered' }, officer, 'answer', { advice: 'x' }, env)).toMatchObject({ ok: false, status: 409, refusal: { code: 'case.action_not_allowed' } });
    expect(apply(assistance, c, applicant, 'answer', { advice: 'x' }, env)).toMatchObject({ ok: false, status: 403 });
    expect(apply(assistance, c, officer, 'answer', {}, env)).toMatchObject({ ok: false, status: 400, refusal: { code: 'case.payload_invalid', params: { field: 'advice' } } });
    expect(apply(assistance, c, officer, 'fly', {}, env)).toMatchObject({ ok: false, status: 400, refusal: { code: 'case.action_unknown' } });
  });
});
