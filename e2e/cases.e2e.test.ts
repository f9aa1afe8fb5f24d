import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../src/domains/cases/cases.schemas';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoUscc } from '../src/seed';
import { checkPage, freshTotp, useE2E } from './support';
import { apiGet, button, eventually, expectH1, expectPath, navigate, signIn, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * The patent-infringement adjudication in the browser, from the one window to the decision: a
 * visitor reads 办理事项; acme (requester) files the request with evidence it preserved; the
 * Huangpu office accepts it with a panel of three and serves the respondent; xuhui-materials
 * (respondent) files a defence; the office forwards it and decides (infringement established,
 * sale); both parties download the decision PDF and its evidence receipt from the case page, and
 * the receipt verifies on /verify. The supervisor's 督办 page and the notifications page too.
 * Axe runs on every page visited, in Chinese and in English.
 */

const XUHUI_USCC = demoUscc('310104', 'MA1K0002');
const PATENT = 'ZL202110123456.7';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-cases-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// The server this file starts flags office deadlines within 10 working days (the 5-day acceptance
// period is then "due soon") and scans every 2 s, so the supervisor's page has a case to show.
process.env.ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS = '10';
process.env.ZHIBAO_CLOCK_SCAN_SECONDS = '2';
afterAll(() => {
  delete process.env.ZHIBAO_CLOCK_DUE_SOON_WORKING_DAYS;
  delete process.env.ZHIBAO_CLOCK_SCAN_SECONDS;
});

type T = (key: Parameters<typeof tr>[1], params?: Record<string, string | number>) => string;
const zh: T = (key, params) => tr('zh-CN', key, params);

/** Axe (and a screenshot) in Chinese, then in English, then back to Chinese. */
async function checkBoth(page: Page, name: string, h1Key?: Parameters<typeof tr>[1] | ((lang: Lang) => string)): Promise<void> {
  const h1 = (lang: Lang) => (typeof h1Key === 'function' ? h1Key(lang) : h1Key ? tr(lang, h1Key) : null);
  const zhTitle = h1('zh-CN');
  if (zhTitle) await expectH1(page, zhTitle);
  await checkPage(page, `${name}-zh`);
  await switchLanguage(page, 'en');
  const enTitle = h1('en');
  if (enTitle) await expectH1(page, enTitle);
  expect(await page.locator('main').innerText()).not.toMatch(/\b(undefined|NaN)\b/);
  await checkPage(page, `${name}-en`);
  await switchLanguage(page, 'zh-CN');
  if (zhTitle) await expectH1(page, zhTitle);
}

async function save(page: Page, link: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const target = path.join(work, `${Date.now()}-${(download as Download).suggestedFilename()}`);
  await (download as Download).saveAs(target);
  return target;
}

/** Picks an option of a non-searchable antd Select by its visible text. */
async function pick(page: Page, combobox: Locator, text: string, opts: { multiple?: boolean } = {}): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  // A dropdown that is still closing would offer the same options: wait until none is open.
  await eventually(async () => (await open.count()) === 0, 'no select open');
  await combobox.click();
  const option = open.locator('.ant-select-item-option').filter({ hasText: text });
  await visible(option);
  await option.first().click();
  if (opts.multiple) await combobox.press('Escape');
  await eventually(async () => (await open.count()) === 0, 'the select closed');
}

/** Opens an action's dialog from the case page by the action's label. */
async function openAction(page: Page, label: string): Promise<Locator> {
  await button(page.locator('#case-actions'), label).click();
  const dialog = page.getByRole('dialog', { name: label });
  await visible(dialog);
  return dialog;
}

async function submitAction(page: Page, dialog: Locator, label: string): Promise<void> {
  await button(dialog, zh('action.submit')).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  await visible(page.getByText(zh('case.actionDone', { action: label }), { exact: true }));
}

async function caseOf(page: Page, id: string): Promise<CaseDetail> {
  return apiGet<CaseDetail>(page, `/api/cases/${id}`);
}

describe('patent infringement adjudication (browser)', () => {
  const e2e = useE2E();

  it('from 办理事项 to a verified decision, for requester, office and respondent, with axe in both languages', async () => {
    // ── A visitor reads the one window ──────────────────────────────────────────────────
    const visitor = await e2e.scenario();
    await visitor.page.goto('/matters');
    await checkBoth(visitor.page, 'cases-01-matters-visitor', 'matters.title');
    await visible(visitor.page.getByRole('heading', { level: 2, name: '专利侵权纠纷行政裁决', exact: true }));
    await visible(visitor.page.getByText('《上海市专利保护条例》第十九条：收到请求书及证据之日起五日内作出是否受理的决定'));
    await visible(visitor.page.getByRole('link', { name: zh('matters.applyLogin'), exact: true }));

    // ── acme preserves evidence (API, as the upload page does) and files the request ───
    const acme = await e2e.scenario();
    const page = acme.page;
    await signIn(page, 'zh-CN', { username: 'acme', password: DEMO_PASSWORD });
    await expectPath(page, '/account');
    const me = await apiGet<{ csrfToken: string; account: { id: string } }>(page, '/api/auth/me');
    const api = acme.context.request;
    const created = await api.post('/api/evidence', { headers: { 'x-csrf-token': me.csrfToken }, data: { fileName: '侵权产品销售页面.txt', method: 'upload' } });
    expect(created.status(), await created.text()).toBe(201);
    const evidenceId = ((await created.json()) as { id: string }).id;
    const put = await api.put(`/api/evidence/${evidenceId}/content`, {
      headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/octet-stream' },
      data: Buffer.from('2026-11-01 在 shop.example.com 发现被诉侵权产品在售\n'.repeat(50), 'utf8'),
    });
    expect(put.status(), await put.text()).toBe(201);

    await navigate(page, 'zh-CN', 'nav.matters');
    await expectPath(page, '/matters');
    await page.getByRole('link', { name: zh('matters.apply'), exact: true }).click();
    await expectPath(page, '/matters/patent_adjudication/new');
    await expectH1(page, zh('request.title'));
    // What the platform knows is shown, not asked.
    await visible(page.getByText('91310101MA1K00015A', { exact: true }));
    await visible(page.getByText('上海市黄浦区中山东一路 1 号', { exact: true }));
    await checkBoth(page, 'cases-02-request-empty', 'request.title');

    // Submitting empty names what is missing.
    await button(page, zh('request.submit')).click();
    await visible(page.getByText(zh('request.patentNumberRule'), { exact: true }));
    await visible(page.getByText(zh('request.noCourtActionRule'), { exact: true }));
    await checkPage(page, 'cases-03-request-errors-zh');

    await page.getByLabel(zh('request.patentNumber'), { exact: true }).fill(PATENT);
    await page.getByLabel(zh('request.patentTitle'), { exact: true }).fill('一种可折叠的储物装置');
    const claims = page.getByLabel(zh('request.claims'), { exact: true });
    await claims.click();
    await claims.pressSequentially('1');
    await claims.press('Enter');
    await claims.pressSequentially('3');
    await claims.press('Enter');
    await page.getByLabel(zh('request.respondentName'), { exact: true }).fill('上海徐汇新材料有限公司');
    await page.getByLabel(zh('request.respondentUscc'), { exact: true }).fill(XUHUI_USCC);
    await page.getByLabel(zh('request.respondentAddress'), { exact: true }).fill('上海市徐汇区漕溪北路 88 号');
    await pick(page, page.getByLabel(zh('request.respondentDistrict'), { exact: true }), '徐汇区（310104）');
    await pick(page, page.getByLabel(zh('request.infringementDistrict'), { exact: true }), '黄浦区（310101）');
    await pick(page, page.getByLabel(zh('request.industry'), { exact: true }), zh('request.industry.consumer_goods'));
    await page.getByLabel(zh('request.requests'), { exact: true }).fill('责令被请求人立即停止销售侵权产品。');
    await page.getByLabel(zh('request.facts'), { exact: true }).fill('被请求人在其网店销售的储物装置落入本专利权利要求 1、3 的保护范围。');
    await pick(page, page.getByLabel(zh('request.evidence'), { exact: true }), '侵权产品销售页面.txt', { multiple: true });
    await page.getByRole('checkbox', { name: zh('request.noCourtAction'), exact: true }).check();
    await checkPage(page, 'cases-04-request-filled-zh');
    await button(page, zh('request.submit')).click();

    await expectPath(page, /^\/cases\/[0-9a-f-]{36}$/, 30_000);
    const caseId = new URL(page.url()).pathname.split('/').pop()!;
    let detail = await caseOf(page, caseId);
    expect(detail.org.nameZh).toBe('黄浦区知识产权局');
    expect(detail.evidence.map((e) => e.id)).toEqual([evidenceId]);
    const caseTitle = (lang: Lang) => `${detail.number} ${lang === 'en' ? detail.matterTitle.en : detail.matterTitle.zh}`;
    await visible(page.getByText(detail.statusLabel.zh, { exact: true }).first());
    await visible(page.locator('#case-deadlines').getByText(zh('clock.owedBy.org'), { exact: true }));
    await checkBoth(page, 'cases-05-case-requester-submitted', caseTitle);

    // A second request, filed through the API, stays waiting for acceptance (for the 督办 page).
    const second = await api.post('/api/matters', {
      headers: { 'x-csrf-token': me.csrfToken },
      data: {
        matterType: 'patent_adjudication',
        requestId: `e2e-second-${Date.now()}`,
        form: {
          patentNumber: '202220123456.7', patentTitle: '一种保温杯盖', requesterStanding: 'patentee',
          respondent: { subjectType: 'individual', name: '王五', address: '上海市黄浦区南京东路 100 号', regionCode: '310101' },
          infringementRegionCode: '310101', claims: [1], requests: '责令停止销售。', facts: '被请求人在南京东路门店销售侵权产品。', noCourtAction: true,
        },
      },
    });
    const secondBody = await second.text();
    expect(second.status(), secondBody).toBe(201);
    const secondNumber = (JSON.parse(secondBody) as { number: string }).number;

    await navigate(page, 'zh-CN', 'nav.myCases');
    await expectPath(page, '/cases');
    await visible(page.getByRole('link', { name: detail.number, exact: true }));
    await checkBoth(page, 'cases-06-my-matters', 'cases.list.title');

    // ── The Huangpu office accepts with a panel of three, and serves the respondent ─────
    const officer = await e2e.scenario();
    const op = officer.page;
    await signIn(op, 'zh-CN', { username: 'officer.huangpu', password: DEMO_PASSWORD, totp: () => freshTotp(DEMO_TOTP_SECRET, 'officer.huangpu') });
    await expectPath(op, '/account');
    await navigate(op, 'zh-CN', 'nav.workQueue');
    await expectPath(op, '/cases');
    await op.getByLabel(zh('cases.list.q'), { exact: true }).fill('202110123456');
    await button(op, zh('common.search')).click();
    await visible(op.getByRole('link', { name: detail.number, exact: true }));
    await checkBoth(op, 'cases-07-work-queue', 'cases.list.titleStaff');
    await op.getByRole('link', { name: detail.number, exact: true }).click();
    await expectH1(op, caseTitle('zh-CN'));
    await checkBoth(op, 'cases-08-case-officer-submitted', caseTitle);

    const accept = '受理并组成合议组';
    let dialog = await openAction(op, accept);
    // The panel is chosen by name from the office's case officers, oneself already in it; an even panel is refused before sending.
    const panel = dialog.getByLabel(zh('action.field.handlerIds'), { exact: true });
    await pick(op, panel, '黄浦办案员 何平', { multiple: true });
    await button(dialog, zh('action.submit')).click();
    await visible(dialog.getByText(zh('action.panelOdd'), { exact: true }));
    await pick(op, panel, '黄浦办案员 林芳', { multiple: true });
    await checkPage(op, 'cases-09-accept-dialog-zh');
    await submitAction(op, dialog, accept);
    await visible(op.getByText('受理通知书', { exact: true }));

    const serve = '向被请求人送达';
    dialog = await openAction(op, serve);
    await pick(op, dialog.getByLabel(zh('action.field.method'), { exact: true }), zh('action.enum.method.electronic'));
    await checkPage(op, 'cases-10-serve-dialog-zh');
    await submitAction(op, dialog, serve);
    detail = await caseOf(op, caseId);
    expect(detail.status).toBe('awaiting_defence');
    expect(detail.assignees).toHaveLength(3);

    // ── xuhui-materials, the respondent, files its defence ─────────────────────────────
    const respondent = await e2e.scenario();
    const rp = respondent.page;
    await signIn(rp, 'zh-CN', { username: 'xuhui-materials', password: DEMO_PASSWORD });
    await expectPath(rp, '/account');
    await navigate(rp, 'zh-CN', 'nav.myCases');
    await rp.getByRole('link', { name: detail.number, exact: true }).click();
    await expectH1(rp, caseTitle('zh-CN'));
    await visible(rp.getByText(zh('case.viewerRole.respondent'), { exact: true }));
    await checkBoth(rp, 'cases-11-case-respondent-defence-period', caseTitle);
    const defence = '提交答辩书';
    dialog = await openAction(rp, defence);
    await dialog.getByLabel(zh('action.field.statement'), { exact: true }).fill('被请求人销售的产品系从合法渠道购进，且技术方案不同于权利要求 1。');
    await checkPage(rp, 'cases-12-defence-dialog-zh');
    await submitAction(rp, dialog, defence);

    // ── The office forwards the defence and decides ────────────────────────────────────
    // The officer's page still shows the version before the defence: an action sent with it is
    // refused (409), the page says so and reloads.
    const grade = '分级 / 快速处理';
    dialog = await openAction(op, grade);
    await pick(op, dialog.getByLabel(zh('action.field.grade'), { exact: true }), zh('action.enum.grade.simple'));
    await dialog.getByLabel(zh('action.field.reason'), { exact: true }).fill('案情简单');
    await button(dialog, zh('action.submit')).click();
    await dialog.waitFor({ state: 'hidden' });
    await visible(op.getByText(zh('case.reloaded'), { exact: true }));
    await visible(op.getByRole('alert').filter({ hasText: '案件已被他人更新' }));
    await visible(op.locator('#case-actions').getByRole('button', { name: '转送答辩书副本' }));
    await checkPage(op, 'cases-12b-version-conflict-zh');
    const forward = '转送答辩书副本';
    dialog = await openAction(op, forward);
    await submitAction(op, dialog, forward);
    const decide = '作出裁决';
    dialog = await openAction(op, decide);
    await pick(op, dialog.getByLabel(zh('action.field.result'), { exact: true }), zh('action.enum.result.established'));
    await dialog.getByRole('checkbox', { name: zh('action.enum.acts.sale'), exact: true }).check();
    await dialog.getByLabel(zh('action.field.findings'), { exact: true }).fill('被请求人在其网店销售的储物装置具备权利要求 1 的全部技术特征。');
    await dialog.getByLabel(zh('action.field.reasoning'), { exact: true }).fill('被诉侵权产品落入专利权保护范围，被请求人未提供合法来源以外的抗辩证据。');
    await dialog.getByLabel(zh('action.field.product'), { exact: true }).fill('可折叠储物箱');
    await checkPage(op, 'cases-13-decide-dialog-zh');
    await submitAction(op, dialog, decide);
    detail = await caseOf(op, caseId);
    expect(detail.status).toBe('decided');
    const decision = detail.documents.find((d) => d.kind === 'decision')!;
    expect(decision).toBeTruthy();
    await checkBoth(op, 'cases-14-case-officer-decided', caseTitle);

    // ── Both parties download the decision and its receipt from the case page ──────────
    const files: Record<string, { pdf: string; receipt: string }> = {};
    for (const [who, p] of [['acme', page], ['xuhui-materials', rp]] as const) {
      await p.goto(`/cases/${caseId}`);
      await expectH1(p, caseTitle('zh-CN'));
      const pdf = await save(p, p.getByRole('link', { name: zh('case.downloadPdf', { title: decision.title.zh }), exact: true }));
      expect(fs.readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const receipt = await save(p, p.getByRole('link', { name: zh('case.downloadReceipt', { title: decision.title.zh }), exact: true }));
      expect(JSON.parse(fs.readFileSync(receipt, 'utf8')).file.sha256).toBe(decision.sha256);
      files[who] = { pdf, receipt };
    }
    await checkBoth(page, 'cases-15-case-requester-decided', caseTitle);

    // ── The receipt verifies on /verify (the respondent's copy, given as files) ─────────
    await rp.getByRole('link', { name: zh('case.verifyDoc', { title: decision.title.zh }), exact: true }).click();
    await expectPath(rp, '/verify');
    await expectH1(rp, zh('verify.title'));
    // The link carries the document's evidence id and SHA-256: the public receipt is fetched from the server.
    await visible(rp.getByText(zh('verify.receiptFromServerShort', { id: decision.evidenceId })));
    await rp.getByTestId('verify-receipt-input').locator('input[type=file]').setInputFiles(files['xuhui-materials'].receipt);
    await rp.getByTestId('verify-file-input').locator('input[type=file]').setInputFiles(files['xuhui-materials'].pdf);
    await button(rp, zh('verify.start')).click();
    await visible(rp.locator('[data-testid=verify-results][data-verdict=verified]'), 30_000);
    await visible(rp.locator('[data-testid=verify-keys][data-match=yes]'));
    await checkPage(rp, 'cases-16-verify-decision-zh');

    // ── Notifications: the bell, the list, mark as read ─────────────────────────────────
    const unread = await apiGet<{ unread: number }>(page, '/api/notifications?unread=true&limit=1');
    expect(unread.unread).toBeGreaterThan(0);
    const bell = page.getByRole('banner').getByRole('link', { name: zh('header.notificationsUnread', { n: unread.unread }), exact: true });
    await visible(bell);
    await bell.click();
    await expectPath(page, '/notifications');
    await checkBoth(page, 'cases-17-notifications', 'notifications.title');
    await button(page, zh('notifications.markAll')).click();
    await visible(page.getByRole('banner').getByRole('link', { name: zh('header.notifications'), exact: true }));
    await eventually(async () => (await apiGet<{ unread: number }>(page, '/api/notifications?unread=true&limit=1')).unread === 0, 'all notifications read');
    await checkPage(page, 'cases-18-notifications-read-zh');

    // ── The supervisor's 督办 page ───────────────────────────────────────────────────────
    const supervisor = await e2e.scenario();
    const sp = supervisor.page;
    await signIn(sp, 'zh-CN', { username: 'supervisor', password: DEMO_PASSWORD, totp: () => freshTotp(DEMO_TOTP_SECRET, 'supervisor') });
    await expectPath(sp, '/account');
    await navigate(sp, 'zh-CN', 'nav.supervision');
    await expectPath(sp, '/supervision');
    await visible(sp.getByRole('table', { name: zh('supervision.byOrg') }));
    const flagged = sp.getByRole('table', { name: zh('supervision.flagged') });
    await visible(flagged.getByRole('link', { name: secondNumber, exact: true }));
    await visible(flagged.getByText('《上海市专利保护条例》第十九条', { exact: false }));
    await visible(flagged.getByText(zh('clock.alert.due_soon'), { exact: true }));
    await checkBoth(sp, 'cases-19-supervision', 'supervision.title');

    for (const s of [visitor, acme, officer, respondent, supervisor]) expect(s.problems.pageErrors).toEqual([]);
  }, 400_000);

  it('an agent files for a principal who authorised him', async () => {
    const { page, problems } = await e2e.scenario();
    await signIn(page, 'zh-CN', { username: 'agent.li', password: DEMO_PASSWORD });
    await expectPath(page, '/account');
    await page.goto('/matters/patent_adjudication/new');
    await expectH1(page, zh('request.title'));
    const actingFor = page.getByLabel(zh('request.actingFor'), { exact: true });
    await visible(actingFor);
    await pick(page, actingFor, '上海示例科技有限公司');
    await visible(page.locator('#request-known').getByText('上海示例科技有限公司', { exact: true }).last());
    await checkBoth(page, 'cases-20-request-agent', 'request.title');
    await page.getByLabel(zh('request.patentNumber'), { exact: true }).fill('202220123456.7');
    await page.getByLabel(zh('request.patentTitle'), { exact: true }).fill('一种保温杯盖');
    const claims = page.getByLabel(zh('request.claims'), { exact: true });
    await claims.click();
    await claims.pressSequentially('2');
    await claims.press('Enter');
    await page.getByRole('radio', { name: zh('request.subject.individual'), exact: true }).check();
    await expect(page.getByLabel(zh('request.respondentUscc'), { exact: true }).count()).resolves.toBe(0);
    await page.getByLabel(zh('request.respondentName'), { exact: true }).fill('赵六');
    await page.getByLabel(zh('request.respondentAddress'), { exact: true }).fill('上海市黄浦区西藏中路 200 号');
    await pick(page, page.getByLabel(zh('request.infringementDistrict'), { exact: true }), '黄浦区（310101）');
    await page.getByLabel(zh('request.requests'), { exact: true }).fill('责令停止制造、销售。');
    await page.getByLabel(zh('request.facts'), { exact: true }).fill('被请求人在其门店销售侵权产品。');
    await page.getByRole('checkbox', { name: zh('request.noCourtAction'), exact: true }).check();
    await button(page, zh('request.submit')).click();
    await expectPath(page, /^\/cases\/[0-9a-f-]{36}$/, 30_000);
    const detail = await caseOf(page, new URL(page.url()).pathname.split('/').pop()!);
    expect(detail.parties.requester.name).toBe('上海示例科技有限公司');
    expect(detail.parties.submittedBy.displayName).toBe('李代理');
    await visible(page.getByText(zh('case.labelValue', { label: zh('case.submittedBy'), value: '李代理' })));
    expect(problems.pageErrors).toEqual([]);
  }, 120_000);
});
