import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorText } from '../src/platform/errors';
import type { MessageKey } from '../web/src/i18n/zh-CN';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/seed';
import { axeReport, checkPage, currentStep, freshTotp, totpAt, useE2E } from './support';
import { button, chooseOption, expectH1, expectPath, htmlLang, navigate, navLabels, signIn, signOut, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * As the administrator, every administration page — organisations, users, API tokens, audit
 * search with its CSV export, the working-day calendar — in Chinese and in English, with axe on
 * each; and the login failure message in both languages.
 */

const ADMIN_NAME = '系统管理员 Admin';
/** What the administrator's main navigation offers, in order. */
const ADMIN_NAV: MessageKey[] = ['nav.home', 'nav.account', 'nav.applicants', 'nav.orgs', 'nav.users', 'nav.tokens', 'nav.templates', 'nav.audit', 'nav.calendar'];

/** A year's State Council notice as an administrator would upload it (synthetic, for the next year). */
const NOTICE_2027 = {
  year: 2027,
  noticeTitle: '国务院办公厅关于2027年部分节假日安排的通知（端到端测试）',
  sourceUrl: 'https://www.gov.cn/zhengce/content/2026-11/e2e-test.htm',
  publishedOn: '2026-11-10',
  holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
};

describe('administration pages (browser)', () => {
  const e2e = useE2E();

  it('shows the login failure message in Chinese and in English', async () => {
    const { page, problems } = await e2e.scenario();
    await page.goto('/login');
    let lang: Lang = 'zh-CN';
    await expectH1(page, tr(lang, 'login.title'));
    await page.getByLabel(tr(lang, 'login.username'), { exact: true }).fill('admin');
    await page.getByLabel(tr(lang, 'login.password'), { exact: true }).fill('not-the-password-1');
    await button(page, tr(lang, 'login.submit')).click();
    const zhMessage = errorText('auth.invalid_credentials', 'zh-CN');
    expect(zhMessage).toBe('用户名或密码错误');
    await visible(page.getByRole('alert').filter({ hasText: zhMessage }));
    // Still on the first step: a wrong password never reveals whether a code would be asked.
    expect(await page.getByLabel(tr(lang, 'login.totp'), { exact: true }).count()).toBe(0);
    await checkPage(page, 'admin-00-login-failed-zh');

    await switchLanguage(page, 'en');
    lang = 'en';
    const enMessage = errorText('auth.invalid_credentials', 'en');
    expect(enMessage).toBe('Wrong user name or password');
    await expectH1(page, 'Log in');
    await page.getByLabel(tr(lang, 'login.password'), { exact: true }).fill('still-not-the-password-2');
    await button(page, tr(lang, 'login.submit')).click();
    await visible(page.getByRole('alert').filter({ hasText: enMessage }));
    expect(await page.getByText(zhMessage).count()).toBe(0);
    await checkPage(page, 'admin-00-login-failed-en');

    // The code step, in English, and a wrong code refused in English.
    await page.getByLabel(tr(lang, 'login.username'), { exact: true }).fill('officer.huangpu');
    await page.getByLabel(tr(lang, 'login.password'), { exact: true }).fill(DEMO_PASSWORD);
    await button(page, tr(lang, 'login.submit')).click();
    const code = page.getByLabel(tr(lang, 'login.totp'), { exact: true });
    await visible(code);
    await visible(page.getByRole('heading', { name: 'Enter your code' }));
    expect(await page.getByText(enMessage).count(), 'the old failure is gone once the password is right').toBe(0);
    await checkPage(page, 'admin-00-login-totp-en');
    const acceptable = [-1, 0, 1].map((d) => totpAt(DEMO_TOTP_SECRET, currentStep() + d));
    await code.fill(['000000', '111111', '222222', '333333'].find((c) => !acceptable.includes(c))!);
    await button(page, tr(lang, 'login.submit')).click();
    await visible(page.getByRole('alert').filter({ hasText: errorText('auth.totp_invalid', 'en') }));
    await checkPage(page, 'admin-00-login-totp-wrong-en');
    expect(problems.pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  it('every administration page in Chinese and English passes axe and works', async () => {
    const { page, problems } = await e2e.scenario();
    await page.goto('/login');
    await signIn(page, 'zh-CN', { username: 'admin', password: DEMO_PASSWORD, totp: () => freshTotp(DEMO_TOTP_SECRET, 'admin') });
    await expectPath(page, '/account');

    for (const lang of ['zh-CN', 'en'] as const) {
      const t = (key: Parameters<typeof tr>[1], params?: Record<string, string | number>) => tr(lang, key, params);
      const shot = (n: string) => `admin-${n}-${lang === 'en' ? 'en' : 'zh'}`;
      if (lang === 'en') await switchLanguage(page, 'en');
      expect(await htmlLang(page)).toBe(lang);
      const labels = await navLabels(page, lang);
      expect(labels).toEqual(ADMIN_NAV.map((k) => t(k)));
      if (lang === 'en') expect(labels.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
      else expect(labels).toContain('用户管理');
      await navigate(page, lang, 'nav.account');
      await expectH1(page, t('account.title'));
      await checkPage(page, shot('01-account'));

      // ── Organisations ──────────────────────────────────────────────────────────────────
      await navigate(page, lang, 'nav.orgs');
      await expectPath(page, '/admin/orgs');
      await expectH1(page, t('orgs.title'));
      const tree = page.getByRole('tree', { name: t('orgs.treeTitle') });
      await visible(tree);
      await checkPage(page, shot('02-orgs'));
      const huangpu = lang === 'en' ? 'Huangpu District Intellectual Property Office' : '黄浦区知识产权局';
      await page.getByRole('searchbox', { name: t('orgs.filter') }).or(page.getByLabel(t('orgs.filter'), { exact: true })).first().fill(lang === 'en' ? 'Huangpu' : '黄浦');
      await tree.getByText(huangpu).click();
      await visible(page.getByRole('heading', { level: 2, name: huangpu, exact: true }));
      await visible(page.getByText('sh-huangpu-ipo', { exact: true }).last());
      await checkPage(page, shot('03-orgs-detail'));
      await button(page, t('orgs.create')).click();
      const orgDialog = page.getByRole('dialog', { name: t('orgs.createTitle') });
      await visible(orgDialog);
      await checkPage(page, shot('04-orgs-create-dialog'));
      await button(orgDialog, t('common.cancel')).click();
      await orgDialog.waitFor({ state: 'hidden' });

      // ── Users ──────────────────────────────────────────────────────────────────────────
      await navigate(page, lang, 'nav.users');
      await expectPath(page, '/admin/users');
      await expectH1(page, t('users.title'));
      const users = page.getByRole('table', { name: t('users.listTitle') });
      await visible(users.getByRole('cell', { name: 'officer.xuhui', exact: true }));
      await checkPage(page, shot('05-users'));
      await button(page, t('users.rolesOf', { login: 'officer.xuhui' })).click();
      const rolesDialog = page.getByRole('dialog', { name: t('users.rolesTitle', { login: 'officer.xuhui' }) });
      await visible(rolesDialog);
      expect(await rolesDialog.getByRole('checkbox', { name: t('role.case_officer'), exact: true }).isChecked()).toBe(true);
      await checkPage(page, shot('06-users-roles-dialog'));
      await button(rolesDialog, t('common.cancel')).click();
      await rolesDialog.waitFor({ state: 'hidden' });
      await button(page, t('users.create')).click();
      const createDialog = page.getByRole('dialog', { name: t('users.createTitle') });
      await visible(createDialog);
      // Submitting empty shows every required field's message.
      await button(createDialog, t('users.createSubmit')).click();
      await visible(createDialog.getByText(t('users.orgRequired'), { exact: true }));
      await visible(createDialog.getByText(t('users.rolesRequired'), { exact: true }));
      await checkPage(page, shot('07-users-create-dialog-errors'));
      await button(createDialog, t('common.cancel')).click();
      await createDialog.waitFor({ state: 'hidden' });

      // ── API tokens: issue one, use it, revoke it ───────────────────────────────────────
      await navigate(page, lang, 'nav.tokens');
      await expectPath(page, '/admin/tokens');
      await expectH1(page, t('tokens.title'));
      await checkPage(page, shot('08-tokens'));
      const tokenName = lang === 'en' ? 'e2e audit reader (en)' : 'e2e 审计读取（中文）';
      const account = page.getByLabel(t('tokens.account'), { exact: true });
      await chooseOption(page, account, 'auditor · ');
      await page.getByLabel(t('tokens.name'), { exact: true }).fill(tokenName);
      await page.getByRole('checkbox', { name: /audit:read/ }).check();
      await button(page, t('tokens.issue')).click();
      await visible(page.getByText(t('tokens.issued', { name: tokenName }), { exact: true }));
      const token = await page.getByLabel(t('tokens.secretLabel'), { exact: true }).inputValue();
      expect(token).toMatch(/^zb_/);
      await visible(page.getByRole('table', { name: t('tokens.listTitle') }).getByRole('cell', { name: tokenName, exact: true }));
      await checkPage(page, shot('09-tokens-issued'));
      const useToken = () => fetch(`${e2e.server.baseUrl}/api/audit?limit=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      expect(await useToken()).toBe(200);
      await button(page, t('tokens.revokeOf', { name: tokenName })).click();
      const confirm = page.getByRole('tooltip').filter({ hasText: t('tokens.revokeConfirm', { name: tokenName }) });
      await visible(confirm);
      await checkPage(page, shot('10-tokens-revoke-confirm'));
      await button(confirm, t('common.confirm')).click();
      await visible(page.getByText(t('tokens.revoked', { name: tokenName }), { exact: true }));
      expect(await useToken()).toBe(401);
      if (lang === 'zh-CN') {
        // A notice shown before a language switch follows the switch.
        await switchLanguage(page, 'en');
        await visible(page.getByText(tr('en', 'tokens.revoked', { name: tokenName }), { exact: true }));
        await switchLanguage(page, 'zh-CN');
        await visible(page.getByText(t('tokens.revoked', { name: tokenName }), { exact: true }));
      }

      // ── Audit: search, then export what was searched ───────────────────────────────────
      await navigate(page, lang, 'nav.audit');
      await expectPath(page, '/audit');
      await expectH1(page, t('audit.title'));
      const results = page.getByRole('table', { name: t('audit.resultsTitle') });
      await visible(results.getByText('auth.login', { exact: true }));
      await checkPage(page, shot('11-audit'));
      await page.getByLabel(t('audit.action'), { exact: true }).fill('token.');
      await button(page, t('common.search')).click();
      await visible(results.getByText('token.revoke', { exact: true }));
      await expect.poll(() => results.getByText('auth.login', { exact: true }).count()).toBe(0);
      await checkPage(page, shot('12-audit-filtered'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t('audit.export') }).click()]);
      expect(download.suggestedFilename()).toMatch(/^zhibao-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      const lines = csv.replace(/^\ufeff/, '').trim().split(/\r\n/);
      expect(lines[0].split(',').slice(0, 3)).toEqual(['id', 'at', 'actor_login']);
      const actions = lines.slice(1).map((l) => l.split(',')[8]);
      expect(actions).toEqual(expect.arrayContaining(['token.create', 'token.revoke']));
      expect(actions.every((a) => a.startsWith('token.')), `only the filtered actions are exported: ${actions.join(' ')}`).toBe(true);

      // ── Working-day calendar, with a notice import in the first pass ───────────────────
      await navigate(page, lang, 'nav.calendar');
      await expectPath(page, '/calendar');
      await expectH1(page, t('calendar.title'));
      const yearsTable = page.getByRole('table', { name: t('calendar.yearsTitle') });
      await visible(yearsTable.getByRole('cell', { name: '2026', exact: true }));
      await visible(page.getByRole('heading', { name: t('calendar.specialTitle') }));
      await checkPage(page, shot('13-calendar'));
      if (lang === 'zh-CN') {
        await page.getByLabel(t('calendar.importFile')).setInputFiles({ name: 'notice-2027.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NOTICE_2027)) });
        await visible(page.getByText('notice-2027.json', { exact: true }));
        await button(page, t('calendar.importSubmit')).click();
        await visible(page.getByText(/已导入 2027 年的节假日安排/));
        await visible(yearsTable.getByRole('cell', { name: '2027', exact: true }));
        await checkPage(page, shot('14-calendar-imported'));
      }

      // Header controls keep their contrast while hovered (the pointer rests on them after a click).
      for (const control of [page.locator('.lang-switch'), page.locator('.user-menu')]) {
        await control.hover();
        const report = await axeReport(page, `header control hovered (${lang})`, { include: '.app-header' });
        expect.soft(report === null, report ?? '').toBe(true);
      }
      await page.mouse.move(1, 1);
    }

    // ── In English: a new staff account's first sign-in (authenticator enrolment) ──────
    const lang: Lang = 'en';
    await navigate(page, lang, 'nav.users');
    await button(page, tr(lang, 'users.create')).click();
    const dialog = page.getByRole('dialog', { name: tr(lang, 'users.createTitle') });
    await dialog.getByLabel(tr(lang, 'users.login'), { exact: true }).fill('reviewer.e2e');
    await dialog.getByLabel(tr(lang, 'users.displayName'), { exact: true }).fill('Reviewer E2E');
    const org = dialog.getByLabel(tr(lang, 'users.org'), { exact: true });
    await chooseOption(page, org, 'Shanghai Intellectual Property Protection Center');
    await dialog.getByRole('checkbox', { name: tr(lang, 'role.reviewer'), exact: true }).check();
    await dialog.getByLabel(`${tr(lang, 'users.initialPassword')}${tr(lang, 'common.optionalSuffix')}`, { exact: true }).fill('Reviewer-e2e-2026');
    await button(dialog, tr(lang, 'users.createSubmit')).click();
    await visible(page.getByText(tr(lang, 'users.created', { login: 'reviewer.e2e' }), { exact: true }));
    await visible(page.getByText(tr(lang, 'users.passwordChosen'), { exact: true }));
    await signOut(page, lang, ADMIN_NAME);
    await signIn(page, lang, { username: 'reviewer.e2e', password: 'Reviewer-e2e-2026' });
    await visible(page.getByRole('heading', { name: 'Set up your authenticator' }));
    const secret = ((await page.locator('.secret-text').textContent()) ?? '').replace(/\s+/g, '');
    await checkPage(page, 'admin-15-enrol-en');
    // A wrong code is refused with a message in English, and the field is there to try again.
    const acceptable = [-1, 0, 1, 2].map((d) => totpAt(secret, currentStep() + d));
    const wrong = ['000000', '111111', '222222', '333333', '444444'].find((c) => !acceptable.includes(c))!;
    await page.getByLabel(tr(lang, 'login.totp'), { exact: true }).fill(wrong);
    await button(page, tr(lang, 'login.enrolSubmit')).click();
    await visible(page.getByText(errorText('auth.totp_invalid', 'en')).first());
    await checkPage(page, 'admin-16-enrol-wrong-code-en');
    await page.getByLabel(tr(lang, 'login.totp'), { exact: true }).fill(await freshTotp(secret, 'reviewer.e2e'));
    await button(page, tr(lang, 'login.enrolSubmit')).click();
    await expectPath(page, '/account');
    await expectH1(page, 'My account');
    await visible(page.getByRole('region', { name: tr(lang, 'account.profileTitle') }).getByText(tr(lang, 'account.totpOn'), { exact: true }));
    await checkPage(page, 'admin-17-account-reviewer-en');

    expect(problems.pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
