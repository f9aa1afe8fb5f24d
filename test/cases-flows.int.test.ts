import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { patentRequest } from './support/factories';
import { useTestApp, type Session } from './support/test-app';

/**
 * Every branch of patent adjudication that issues a document, through the API: correction,
 * graded handling, hearing, suspension, extension, mediation, decision, linkage, enforcement,
 * closure, withdrawal, rejection, transfer and merger. Each document is a PDF preserved as evidence.
 */

const FORM = patentRequest({ patentTitle: '一种可吸收医用缝合线', requests: '责令被请求人立即停止侵权行为' });

describe('cases: every branch of patent adjudication', () => {
  const t = useTestApp();
  const s: Record<string, Session> = {};
  let panel: string[];
  let n = 0;

  async function signIn() {
    for (const login of ['acme', 'officer.huangpu', 'officer.huangpu2', 'officer.huangpu3', 'supervisor', 'officer.xuhui']) s[login] = await t.loginAs(login);
    panel = [s['officer.huangpu'].userId, s['officer.huangpu2'].userId, s['officer.huangpu3'].userId];
  }
  beforeAll(signIn);

  async function advanceDays(days: number) {
    t.clock.advance(days * 24 * 3600_000);
    await signIn();
  }

  async function submit() {
    const res = await t.request('POST', '/api/matters', { session: s.acme, body: { matterType: 'patent_adjudication', requestId: `b-${n++}`, form: FORM } });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  }

  async function act(login: string, id: string, action: string, payload: Record<string, unknown> = {}) {
    const session = s[login];
    const current = await t.request('GET', `/api/cases/${id}`, { session });
    expect(current.status, current.text).toBe(200);
    const res = await t.request('POST', `/api/cases/${id}/actions`, { session, body: { action, payload, requestId: `r-${n++}`, expectedVersion: current.body.version } });
    expect(res.status, `${action}: ${res.text}`).toBe(200);
    return res.body;
  }

  const kinds = (c: { documents: { kind: string }[] }) => c.documents.map((d) => d.kind);
  const deadline = (c: { deadlines: { name: string; state: string; dueDate: string }[] }, name: string) => c.deadlines.filter((d) => d.name === name).at(-1)!;

  it('supplement, fast track, hearing, suspension, extension, failed mediation, decision, linkage, enforcement and closure', async () => {
    const id = await submit();
    let c = await act('officer.huangpu', id, 'request_correction', { items: ['请补充专利登记簿副本'] });
    expect(c.status).toBe('awaiting_correction');
    expect(deadline(c, 'acceptance').state).toBe('paused');
    expect(deadline(c, 'correction').dueDate).toBe('2026-03-17');
    await advanceDays(3); // 5 March
    c = await act('acme', id, 'submit_correction', { statement: '已补充专利登记簿副本' });
    expect(c.status).toBe('submitted');
    // The acceptance period runs again from the day the request is complete: 5 + 5 = 10 March.
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'running', dueDate: '2026-03-10' });
    c = await act('officer.huangpu', id, 'accept', { handlerIds: panel });
    c = await act('officer.huangpu', id, 'set_grade', { grade: 'simple', fastTrack: true, reason: '事实清楚' });
    expect(c.deadlines.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['fast_track_target', 'simple_target']));
    c = await act('officer.huangpu', id, 'serve_respondent', { method: 'post' });
    await advanceDays(16); // 21 March: the defence period (to 20 March) is over
    c = await act('officer.huangpu', id, 'proceed_without_defence', {});
    expect(deadline(c, 'defence').state).toBe('lapsed');
    c = await act('officer.huangpu', id, 'schedule_hearing', { hearingDate: '2026-04-01', hearingTime: '09:30', place: '黄浦区知识产权局第一审理庭' });
    expect(c.status).toBe('hearing_scheduled');
    await advanceDays(11); // 1 April
    c = await act('officer.huangpu', id, 'hold_hearing', { record: '双方到庭陈述', requesterAttended: true, respondentAttended: false });
    c = await act('officer.huangpu', id, 'suspend', { invalidationRequestNumber: '4W123456', acceptedOn: '2026-03-25', reason: '被请求人提出无效宣告请求并已受理' });
    expect(deadline(c, 'decision').state).toBe('paused');
    await advanceDays(10);
    c = await act('officer.huangpu', id, 'resume', { reason: '无效宣告请求审查决定维持专利权有效' });
    expect(c.status).toBe('under_examination');
    // Accepted 5 March: due 5 June; 10 days paused → 15 June.
    expect(deadline(c, 'decision')).toMatchObject({ state: 'running', dueDate: '2026-06-15' });
    c = await act('officer.huangpu', id, 'request_extension', { reason: '需要技术鉴定' });
    c = await act('supervisor', id, 'approve_extension', {});
    expect(deadline(c, 'decision')).toMatchObject({ dueDate: '2026-07-15', extensions: 1 });
    c = await act('officer.huangpu', id, 'start_mediation', { requesterConsents: true, respondentConsents: true });
    c = await act('officer.huangpu', id, 'mediation_failed', {});
    c = await act('officer.huangpu2', id, 'decide', { result: 'established', acts: ['manufacture', 'sale'], findings: '查明事实', reasoning: '认定理由', product: 'HX-2026 缝合线' });
    expect(c.status).toBe('decided');
    c = await act('officer.huangpu', id, 'record_linkage', { agency: '上海市医疗保障局', request: '将被诉侵权产品从医药集中采购平台撤网\n暂停挂网交易' });
    // Decided 11 April: 15 days end on Sunday 26 April, so the window runs to Monday 27 April.
    expect(deadline(c, 'sue_window').dueDate).toBe('2026-04-27');
    await advanceDays(17);
    c = await act('officer.huangpu', id, 'apply_enforcement', { court: '上海知识产权法院' });
    c = await act('officer.huangpu', id, 'close', { outcome: '人民法院已强制执行' });
    expect(c.status).toBe('closed');
    expect(c.availableActions).toEqual([]);
    expect(kinds(c)).toEqual([
      'correction_notice', 'acceptance_notice', 'defence_notice', 'hearing_notice', 'suspension_notice', 'resumption_notice',
      'extension_notice', 'decision', 'linkage_notice', 'closure_notice',
    ]);
    const evidence = await t.query<{ n: number }>(sql`select count(*)::int as n from evidence where case_id = ${id} and method = 'issued' and status = 'preserved'`);
    expect(evidence[0].n).toBe(10);
  });

  it('withdrawal, rejection, agreement, transfer and merger', async () => {
    const a = await submit();
    await act('officer.huangpu', a, 'accept', { handlerIds: panel });
    expect(kinds(await act('acme', a, 'withdraw', { reason: '双方已和解' }))).toEqual(['acceptance_notice', 'withdrawal_notice']);

    const b = await submit();
    const rejected = await act('officer.huangpu', b, 'reject', { reasons: ['请求人不是专利权人或利害关系人'] });
    expect(rejected.status).toBe('rejected');
    expect(kinds(rejected)).toEqual(['rejection_notice']);

    const c = await submit();
    await act('officer.huangpu', c, 'accept', { handlerIds: panel });
    await act('officer.huangpu', c, 'serve_respondent', { method: 'electronic' });
    await advanceDays(16);
    await act('officer.huangpu', c, 'proceed_without_defence', {});
    await act('officer.huangpu', c, 'start_mediation', { requesterConsents: true, respondentConsents: true });
    const agreed = await act('officer.huangpu', c, 'record_agreement', { terms: ['被请求人停止销售', '被请求人赔偿请求人 5 万元'] });
    expect(agreed.status).toBe('closed');
    expect(kinds(agreed)).toContain('mediation_agreement');

    const d = await submit();
    const xuhui = (await t.query<{ id: string }>(sql`select id from organisations where code = 'sh-xuhui-ipo'`))[0].id;
    const moved = await act('officer.huangpu', d, 'transfer', { orgId: xuhui, reason: '侵权行为地在徐汇区' });
    expect(moved.org.nameZh).toBe('徐汇区知识产权局');
    expect((await t.request('GET', `/api/cases/${d}`, { session: s['officer.huangpu'] })).status).toBe(404);
    expect((await t.request('GET', `/api/cases/${d}`, { session: s['officer.xuhui'] })).status).toBe(200);

    const e = await submit();
    const f = await submit();
    await act('officer.huangpu', e, 'accept', { handlerIds: panel });
    const target = await act('officer.huangpu', f, 'accept', { handlerIds: panel });
    const merged = await act('officer.huangpu', e, 'merge', { intoCaseNumber: target.number, reason: '同一专利' });
    expect(merged.status).toBe('merged');
    expect(kinds(merged)).toEqual(['acceptance_notice', 'closure_notice']);
  });

  it('lets an administrator change a template’s wording and refuses unknown variables', async () => {
    const admin = await t.loginAs('admin');
    const list = await t.request('GET', '/api/document-templates', { session: admin });
    expect(list.status).toBe(200);
    const acceptance = list.body.items.find((i: { kind: string }) => i.kind === 'acceptance_notice');
    const bad = await t.request('PUT', '/api/document-templates/acceptance_notice', { session: admin, body: { body: '{{nobody}}', expectedVersion: null } });
    expect(bad.status).toBe(400);
    expect(bad.body.messages['zh-CN']).toContain('nobody');
    const ok = await t.request('PUT', '/api/document-templates/acceptance_notice', { session: admin, body: { body: `${acceptance.body}\n\n本通知书一式两份。`, expectedVersion: null } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ isDefault: false, version: 1 });
    const stale = await t.request('PUT', '/api/document-templates/acceptance_notice', { session: admin, body: { body: acceptance.body, expectedVersion: null } });
    expect(stale.status).toBe(409);
    const id = await submit();
    const accepted = await act('officer.huangpu', id, 'accept', { handlerIds: panel });
    expect(accepted.documents[0].kind).toBe('acceptance_notice');
    const officer = await t.request('GET', '/api/document-templates', { session: s['officer.huangpu'] });
    expect(officer.status).toBe(403);
    // Restoring the shipped wording is a version of its own: a stale page cannot restore over a newer edit.
    expect((await t.request('DELETE', '/api/document-templates/acceptance_notice?expectedVersion=7', { session: admin })).status).toBe(409);
    const restored = await t.request('DELETE', '/api/document-templates/acceptance_notice?expectedVersion=1', { session: admin });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.body).toMatchObject({ isDefault: true, version: 2, body: acceptance.body });
    expect((await t.request('PUT', '/api/document-templates/acceptance_notice', { session: admin, body: { body: 'x', expectedVersion: 1 } })).status).toBe(409);
  });
});
