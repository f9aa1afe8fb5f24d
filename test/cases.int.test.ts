import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMailTransport, deliverPendingMail } from '../src/platform/mail/mail';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { scanClocks } from '../src/domains/cases';
import { importNotice } from '../src/platform/calendar/calendar.service';
import { demoUscc, systemActor } from '../src/seed';
import { patentRequest } from './support/factories';
import { useTestApp, type Session } from './support/test-app';

/**
 * The one window and the patent-adjudication flow through the API, on PGlite (or PostgreSQL with
 * DATABASE_URL): submission routed to the district office, acceptance with a panel, service,
 * defence, decision, documents for both parties, deadlines from the calendar, supervision.
 */

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);
const XUHUI_USCC = demoUscc('310104', 'MA1K0002');

describe('cases: one window and patent adjudication', () => {
  const t = useTestApp();
  let acme: Session;
  let xuhui: Session;
  let officer: Session;
  let officer2: Session;
  let officer3: Session;
  let xuhuiOfficer: Session;
  let supervisor: Session;
  let panel: string[];

  /** Moves the test clock on and signs everyone in again (sessions expire when idle that long). */
  async function advanceDays(days: number) {
    t.clock.advance(days * 24 * 3600_000);
    await signIn();
  }

  beforeAll(() => signIn());

  async function signIn() {
    acme = await t.loginAs('acme');
    xuhui = await t.loginAs('xuhui-materials');
    officer = await t.loginAs('officer.huangpu');
    officer2 = await t.loginAs('officer.huangpu2');
    officer3 = await t.loginAs('officer.huangpu3');
    xuhuiOfficer = await t.loginAs('officer.xuhui');
    supervisor = await t.loginAs('supervisor');
    panel = [officer.userId, officer2.userId, officer3.userId];
  }

  async function preserve(session: Session): Promise<string> {
    const created = await t.request('POST', '/api/evidence', { session, body: { fileName: '侵权产品照片.pdf', method: 'upload' } });
    expect(created.status, created.text).toBe(201);
    const res = await t.app.request(`/api/evidence/${created.body.id}/content`, {
      method: 'PUT',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream' },
      body: PDF,
    });
    expect(res.status).toBe(201);
    return created.body.id;
  }

  const form = (over: Record<string, unknown> = {}) => ({
    patentNumber: 'ZL202110123456.7',
    patentTitle: '一种可吸收医用缝合线',
    requesterStanding: 'patentee',
    respondent: { subjectType: 'enterprise', name: '上海徐汇新材料有限公司', uscc: XUHUI_USCC, address: '上海市徐汇区漕溪北路 88 号' },
    infringementRegionCode: '310101',
    claims: [1, 2],
    requests: '责令被请求人立即停止销售侵权产品',
    facts: '被请求人在其门店销售的缝合线产品落入涉案专利权利要求 1、2 的保护范围。',
    evidenceIds: [],
    noCourtAction: true,
    ...over,
  });

  async function submit(session: Session, requestId: string, over: Record<string, unknown> = {}) {
    return t.request('POST', '/api/matters', { session, body: { matterType: 'patent_adjudication', requestId, form: form(over) } });
  }

  async function act(session: Session, id: string, action: string, payload: Record<string, unknown> = {}, version?: number) {
    const current = version ?? (await t.request('GET', `/api/cases/${id}`, { session })).body.version;
    return t.request('POST', `/api/cases/${id}/actions`, { session, body: { action, payload, requestId: `${action}-${Math.random()}`, expectedVersion: current } });
  }

  it('lists the patent adjudication matter with its requirements, clocks and the offices that handle it', async () => {
    const res = await t.request('GET', '/api/matter-types');
    expect(res.status).toBe(200);
    const pa = res.body.items.find((m: { code: string }) => m.code === 'patent_adjudication');
    expect(pa.title.zh).toBe('专利侵权纠纷行政裁决');
    expect(pa.clocks.find((c: { name: string }) => c.name === 'acceptance')).toMatchObject({ length: 5, unit: 'calendarDay', confidence: 'P' });
    expect(pa.responsible.length).toBeGreaterThan(1);
    expect(pa.submissionSchema.properties).toHaveProperty('patentNumber');
  });

  it('runs a request from submission to decision, with documents both parties can download and verify', async () => {
    const evidenceId = await preserve(acme);
    const sub = await submit(acme, 'flow-1', { evidenceIds: [evidenceId] });
    expect(sub.status, sub.text).toBe(201);
    const c = sub.body;
    expect(c.number).toMatch(/^ZB-2026-\d{6}$/);
    expect(c.status).toBe('submitted');
    expect(c.org.nameZh).toBe('黄浦区知识产权局');
    expect(c.parties.respondent.userId).toBe(xuhui.userId);
    // Received Monday 2 March 2026: Shanghai counts 5 natural days, to Saturday 7 March, a rest day → Monday 9 March.
    expect(c.deadlines[0]).toMatchObject({ name: 'acceptance', startDate: '2026-03-02', dueDate: '2026-03-09', state: 'running' });
    expect(c.deadlines[0].basis.zh).toContain('上海市专利保护条例');
    expect(c.evidence).toHaveLength(1);

    // The same requestId again: the same case, not a second one.
    const again = await submit(acme, 'flow-1', { evidenceIds: [evidenceId] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(c.id);

    // The officer sees it in the queue; the Xuhui officer does not reach it.
    const queue = await t.request('GET', '/api/cases?q=徐汇新材料', { session: officer });
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect((await t.request('GET', `/api/cases/${c.id}`, { session: xuhuiOfficer })).status).toBe(404);

    const officerView = await t.request('GET', `/api/cases/${c.id}`, { session: officer });
    expect(officerView.body.availableActions.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['accept', 'reject', 'request_correction']));

    await advanceDays(1); // 3 March
    const accepted = await act(officer, c.id, 'accept', { handlerIds: panel });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const decision = accepted.body.deadlines.find((d: { name: string }) => d.name === 'decision');
    expect(decision).toMatchObject({ startDate: '2026-03-03', dueDate: '2026-06-03', state: 'running' });
    expect(accepted.body.deadlines.find((d: { name: string }) => d.name === 'acceptance').state).toBe('met');
    expect(accepted.body.documents.map((d: { kind: string }) => d.kind)).toEqual(['acceptance_notice']);

    // A stale version loses.
    const stale = await act(officer2, c.id, 'serve_respondent', { method: 'electronic' }, 1);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('case.version_conflict');

    const served = await act(officer, c.id, 'serve_respondent', { method: 'electronic' });
    expect(served.status, served.text).toBe(200);
    expect(served.body.deadlines.find((d: { name: string }) => d.name === 'defence')).toMatchObject({ startDate: '2026-03-03', dueDate: '2026-03-18' });

    // The respondent (registered under the USCC) sees the case and files a defence.
    const respView = await t.request('GET', `/api/cases/${c.id}`, { session: xuhui });
    expect(respView.status).toBe(200);
    expect(respView.body.viewerRole).toBe('respondent');
    expect(respView.body.availableActions.map((a: { action: string }) => a.action)).toEqual(['file_defence']);
    const defence = await act(xuhui, c.id, 'file_defence', { statement: '被诉产品使用的是现有技术。' });
    expect(defence.status, defence.text).toBe(200);
    expect(defence.body.status).toBe('under_examination');

    // The requester may not decide.
    const notAllowed = await act(acme, c.id, 'decide', { result: 'not_established', findings: 'x', reasoning: 'y' });
    expect(notAllowed.status).toBe(403);

    expect((await act(officer, c.id, 'forward_defence')).status).toBe(200);
    const decided = await act(officer2, c.id, 'decide', { result: 'established', acts: ['sale'], findings: '被请求人销售了被诉侵权产品。', reasoning: '被诉产品具备权利要求 1 的全部技术特征。', product: '型号为 HX-2026 的缝合线' });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body.status).toBe('decided');
    const decisionDoc = decided.body.documents.find((d: { kind: string }) => d.kind === 'decision');
    expect(decisionDoc.number).toMatch(/^沪知裁字〔2026〕第\d{6}号$/);

    for (const party of [acme, xuhui]) {
      const res = await t.app.request(decisionDoc.links.file, { headers: { cookie: party.cookie } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(decisionDoc.sha256);
    }
    const receipt = await t.request('GET', decisionDoc.links.receipt, { session: acme });
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.body.file.sha256).toBe(decisionDoc.sha256);

    // Every action is one event with a ledger entry naming the issued documents' digests.
    const events = await t.query<{ seq: number; action: string; ledger_queue_id: number }>(sql`select seq, action, ledger_queue_id from case_events where case_id = ${c.id} order by seq`);
    expect(events.map((e) => e.action)).toEqual(['submit', 'accept', 'serve_respondent', 'file_defence', 'forward_defence', 'decide']);
    const entries = await t.query<{ entry: Buffer }>(
      sql`select entry from ledger_queue where id = ${events[5].ledger_queue_id} union all select entry from ledger_entries where queue_id = ${events[5].ledger_queue_id}`,
    );
    const entry = JSON.parse(Buffer.from(entries[0].entry).toString('utf8'));
    expect(entry).toMatchObject({ type: 'case.event', action: 'case.decide', caseId: c.id, documents: [{ sha256: decisionDoc.sha256 }] });

    // Both parties were told, with the deadline they now face (the 15-day window to sue).
    const notes = await t.request('GET', '/api/notifications', { session: xuhui });
    expect(notes.body.items[0].title.zh).toContain(c.number);
    expect(notes.body.items[0].body.zh).toContain('起诉期限');
  });

  it('refuses an action the status does not offer with 409 naming the allowed ones, and bad input with 400', async () => {
    const sub = await submit(acme, 'refuse-1');
    const early = await act(officer, sub.body.id, 'decide', { result: 'not_established', findings: 'x', reasoning: 'y' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('case.action_not_allowed');
    expect(early.body.messages.en).toContain('accept');
    const even = await act(officer, sub.body.id, 'accept', { handlerIds: panel.slice(0, 2) });
    expect(even.status).toBe(400);
    expect(even.body.code).toBe('case.payload_invalid');
    const outsider = await act(officer, sub.body.id, 'accept', { handlerIds: [officer.userId, officer2.userId, xuhuiOfficer.userId] });
    expect(outsider.status).toBe(400);
    expect(outsider.body.code).toBe('case.panel_member_invalid');
    const badPatent = await submit(acme, 'refuse-2', { patentNumber: 'ZL202110123456.8' });
    expect(badPatent.status).toBe(400);
    const noStatement = await submit(acme, 'refuse-3', { noCourtAction: false });
    expect(noStatement.status).toBe(400);
    expect(noStatement.body.messages['zh-CN']).toContain('起诉');
    const staff = await t.request('POST', '/api/matters', { session: officer, body: { matterType: 'patent_adjudication', requestId: 'x', form: {} } });
    expect(staff.status).toBe(403);
    const count = await t.query<{ n: number }>(sql`select count(*)::int as n from cases where submit_request_id like 'refuse-%'`);
    expect(count[0].n).toBe(1);
  });

  it('flags overdue acceptance to the supervisor after the scan', async () => {
    const sub = await submit(acme, 'late-1');
    await advanceDays(20);
    const scanned = await scanClocks(t.platform);
    expect(scanned.overdue).toBeGreaterThan(0);
    const board = await t.request('GET', '/api/supervision', { session: supervisor });
    expect(board.status, board.text).toBe(200);
    expect(board.body.cases.map((x: { id: string }) => x.id)).toContain(sub.body.id);
    expect(board.body.byOrg.find((b: { org: { nameZh: string } }) => b.org.nameZh === '黄浦区知识产权局').overdue).toBeGreaterThan(0);
    const notes = await t.request('GET', '/api/notifications', { session: supervisor });
    expect(notes.body.items.some((n: { kind: string; caseId: string }) => n.kind === 'clock.overdue' && n.caseId === sub.body.id)).toBe(true);
    expect((await scanClocks(t.platform)).overdue).toBe(0);
  });

  it('lets only one of two officers acting on the same version win', async () => {
    const sub = await submit(acme, 'race-1');
    const [a, b] = await Promise.all([
      act(officer, sub.body.id, 'accept', { handlerIds: panel }, 1),
      act(officer2, sub.body.id, 'reject', { reasons: ['不属于本部门受理范围'] }, 1),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = await t.query<{ n: number }>(sql`select count(*)::int as n from case_events where case_id = ${sub.body.id}`);
    expect(events[0].n).toBe(2);
    // The loser's document was not kept: one document row, one issued evidence file.
    const docs = await t.query<{ n: number }>(sql`select count(*)::int as n from evidence where case_id = ${sub.body.id}`);
    expect(docs[0].n).toBe(1);
  });
});

describe('cases: statutory clocks across the National Day holiday', () => {
  // Monday 28 September 2026, 10:00 in Shanghai.
  const t = useTestApp({ now: new Date('2026-09-28T02:00:00.000Z') });

  it('counts Shanghai’s five days for the acceptance decision past the holiday', async () => {
    const acme = await t.loginAs('acme');
    const res = await t.request('POST', '/api/matters', {
      session: acme,
      body: {
        matterType: 'patent_adjudication',
        requestId: 'holiday-1',
        form: patentRequest(),
      },
    });
    expect(res.status, res.text).toBe(201);
    // Day 5 is 3 October, inside the holiday (1–7 October): the period ends on Thursday 8 October.
    expect(res.body.deadlines[0]).toMatchObject({ name: 'acceptance', startDate: '2026-09-28', dueDate: '2026-10-08' });
  });
});

describe('cases: notifications by e-mail', () => {
  let smtp: TestSmtpServer;
  const t = useTestApp({ env: { MAIL_TRANSPORT: 'smtp', MAIL_SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: '知保 Zhibao <noreply@zhibao.test>' } });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await t.query(sql`update users set email = login || '@example.test' where login in ('acme', 'officer.huangpu', 'officer.huangpu2', 'supervisor')`);
  });
  afterAll(async () => {
    closeMailTransport({ config: { ...t.config, MAIL_SMTP_URL: smtp.url } });
    await smtp?.close();
  });

  it('mails the requester and the office on submission, and the parties on acceptance with the deadline they face', async () => {
    const acme = await t.loginAs('acme');
    const officer = await t.loginAs('officer.huangpu');
    const sub = await t.request('POST', '/api/matters', {
      session: acme,
      body: {
        matterType: 'patent_adjudication', requestId: 'mail-1',
        form: patentRequest(),
      },
    });
    expect(sub.status, sub.text).toBe(201);
    const panel = await Promise.all(['officer.huangpu', 'officer.huangpu2', 'officer.huangpu3'].map((l) => t.userId(l)));
    const accepted = await t.request('POST', `/api/cases/${sub.body.id}/actions`, { session: officer, body: { action: 'accept', payload: { handlerIds: panel }, requestId: 'mail-accept', expectedVersion: 1 } });
    expect(accepted.status, accepted.text).toBe(200);
    const sent = await deliverPendingMail({ ...t.platform, config: { ...t.platform.config, MAIL_SMTP_URL: smtp.url } });
    expect(sent.failed).toBe(0);
    const to = (login: string) => smtp.messages.filter((m) => m.to.includes(`${login}@example.test`));
    // On submission: the requester and the office's officers and supervisors (the supervisor sits above the district office, so only the district's staff).
    expect(to('officer.huangpu').some((m) => m.subject.includes(sub.body.number) && m.subject.includes('提交请求'))).toBe(true);
    const acmeMails = to('acme');
    expect(acmeMails.map((m) => m.subject)).toEqual([`【知保】${sub.body.number}：提交请求`, `【知保】${sub.body.number}：受理并组成合议组`]);
    // After acceptance the panel is told of the office's next deadline with its article.
    const panelMail = to('officer.huangpu2').find((m) => m.subject.includes('受理并组成合议组'))!;
    expect(panelMail.text).toContain('请求书副本送达期限');
    expect(panelMail.text).toContain('上海市专利保护条例');
  });
});

describe('cases: a deadline past the loaded holiday notices', () => {
  // Monday 28 December 2026: Shanghai's five days end in 2027, whose notice is not loaded yet.
  const t = useTestApp({ now: new Date('2026-12-28T02:00:00.000Z') });

  it('is provisional until the next year’s notice is imported, then computed again by the clock scan', async () => {
    const acme = await t.loginAs('acme');
    const res = await t.request('POST', '/api/matters', {
      session: acme,
      body: {
        matterType: 'patent_adjudication', requestId: 'year-end-1',
        form: patentRequest(),
      },
    });
    expect(res.status, res.text).toBe(201);
    // Day 5 is Saturday 2 January 2027: without the notice, the next Monday to Friday day not fixed by date.
    expect(res.body.deadlines[0]).toMatchObject({ name: 'acceptance', dueDate: '2027-01-04', provisional: true });
    // A made-up 2027 notice (test data only): 1–7 January off.
    await importNotice({ db: t.platform.db, actor: systemActor(), now: t.platform.now }, {
      year: 2027, noticeTitle: '测试用通知', sourceUrl: 'https://www.gov.cn/test-only-notice.htm', publishedOn: '2026-11-01',
      holidays: [{ name: '测试假日', nameEn: 'Test holiday', from: '2027-01-01', to: '2027-01-07' }],
      workdays: [{ name: '测试假日', nameEn: 'Test holiday', date: '2027-01-09' }],
    } as never);
    const scanned = await scanClocks(t.platform);
    expect(scanned.recomputed).toBe(1);
    const after = await t.request('GET', `/api/cases/${res.body.id}`, { session: acme });
    expect(after.body.deadlines[0]).toMatchObject({ name: 'acceptance', dueDate: '2027-01-08', provisional: false });
  });
});
