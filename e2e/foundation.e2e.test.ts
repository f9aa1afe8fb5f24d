import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoResidentId, demoUscc } from '../src/seed';
import { checkPage, freshTotp, useE2E } from './support';
import { apiGet, button, chooseOption, eventually, expectH1, expectPath, htmlLang, navigate, navLabels, signIn, signOut, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * The foundation scenario: register an enterprise applicant, log in as an administrator with
 * TOTP, create a district officer, check that the officer cannot see another district's data,
 * switch to English, and run axe on every page visited (in each language visited).
 */

const ENTERPRISE = {
  name: '上海徐汇端到端测试科技有限公司',
  uscc: demoUscc('310104', 'MA1K9999'), // registered in Xuhui (310104)
  login: 'e2e-xuhui-tech',
  password: 'E2e-Passw0rd-2026',
  legalRepresentative: '王测试',
};
const OFFICER = { login: 'officer.e2e.huangpu', name: '黄浦办案员 端到端' };
const HUANGPU_OFFICE = '黄浦区知识产权局';
const HUANGPU_APPLICANT = '上海示例科技有限公司'; // demo applicant `acme`
const XUHUI_APPLICANT = '上海徐汇新材料有限公司'; // demo applicant `xuhui-materials`

/** The USCC with a wrong check character (position 18), which the live check must catch. */
function withWrongCheckChar(uscc: string): string {
  const last = uscc.at(-1)!;
  return uscc.slice(0, 17) + (last === '0' ? '1' : '0');
}

/** The account menu's "sign out" means to take the visitor home (AppLayout's UserMenu navigates to `/`). */
async function expectHomeAfterSignOut(page: Page, lang: Lang): Promise<void> {
  const here = () => new URL(page.url()).pathname + new URL(page.url()).search;
  await eventually(() => here() === '/', 'the home page after signing out', 3_000).catch(() => undefined);
  expect.soft(here(), 'where signing out from a signed-in-only page leads').toBe('/');
  if (new URL(page.url()).pathname !== '/') await navigate(page, lang, 'nav.home');
}

/** Fills and submits the home page's working-day calculator. */
async function computeDeadline(page: Page, lang: Lang, v: { start: string; amount: number; unit: 'wd' | 'd' }): Promise<void> {
  const start = page.getByLabel(tr(lang, 'calc.start'), { exact: true });
  await start.click();
  await start.press('ControlOrMeta+a');
  await start.pressSequentially(v.start);
  await start.press('Enter');
  await page.getByLabel(tr(lang, 'calc.amount'), { exact: true }).fill(String(v.amount));
  await page.getByRole('radio', { name: tr(lang, v.unit === 'wd' ? 'calc.unitWd' : 'calc.unitD'), exact: true }).check();
  await button(page, tr(lang, 'calc.submit')).click();
  await visible(page.locator('.deadline-result'));
}

interface ApplicantSummary {
  id: string;
  login: string;
  profile: { name: string; districtOrgId: string | null };
}

describe('foundation scenario (browser)', () => {
  const e2e = useE2E();

  it('register an enterprise, admin with TOTP creates a Huangpu officer, the officer sees only Huangpu, English, axe everywhere', async () => {
    const { page, problems } = await e2e.scenario();
    let lang: Lang = 'zh-CN';
    const t = (key: Parameters<typeof tr>[1], params?: Record<string, string | number>) => tr(lang, key, params);

    // ── Public home, in Chinese by default ───────────────────────────────────────────────
    await page.goto('/');
    await expectH1(page, t('home.title'));
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await navLabels(page, lang)).toContain('首页');
    await visible(page.getByRole('heading', { name: t('calc.title') }));
    await checkPage(page, 'foundation-01-home-zh');

    // The public deadline calculator: 5 working days from 30 September 2026 skip the National Day week.
    await computeDeadline(page, lang, { start: '2026-09-30', amount: 5, unit: 'wd' });
    const wd = await apiGet<{ date: string }>(page, '/api/calendar/add?start=2026-09-30&duration=5wd');
    expect(wd.date).toBe('2026-10-13');
    await visible(page.locator('.deadline-date').filter({ hasText: '2026年10月13日' }));
    await checkPage(page, 'foundation-01b-home-deadline-zh');

    // ── Register an enterprise applicant with live identifier checks ─────────────────────
    await page.getByRole('banner').getByRole('link', { name: t('header.register'), exact: true }).click();
    await expectPath(page, '/register');
    await expectH1(page, t('register.title'));
    await checkPage(page, 'foundation-02-register-zh');

    await page.getByLabel(t('register.enterpriseName'), { exact: true }).fill(ENTERPRISE.name);
    const uscc = page.getByLabel(t('register.uscc'), { exact: true });
    const bad = withWrongCheckChar(ENTERPRISE.uscc);
    await uscc.pressSequentially(bad, { delay: 5 });
    // The check runs as the user types: the wrong check character is named, with the right one.
    const checkMessage = page.getByText(`统一社会信用代码校验位（第 18 位）应为 ${ENTERPRISE.uscc.at(-1)}，实际为 ${bad.at(-1)}`);
    await visible(checkMessage);
    await checkPage(page, 'foundation-03-register-invalid-uscc-zh');

    await uscc.fill(ENTERPRISE.uscc);
    await expect.poll(() => checkMessage.count()).toBe(0);
    await visible(page.getByText(/代码有效：.*310104.*徐汇区知识产权局/));
    await page.getByLabel(`${t('register.legalRepresentative')}${t('common.optionalSuffix')}`, { exact: true }).fill(ENTERPRISE.legalRepresentative);
    await page.getByLabel(t('register.login'), { exact: true }).fill(ENTERPRISE.login);
    await page.getByLabel(t('register.password'), { exact: true }).fill(ENTERPRISE.password);
    await page.getByLabel(t('register.confirm'), { exact: true }).fill(ENTERPRISE.password);
    await checkPage(page, 'foundation-04-register-filled-zh');
    await button(page, t('register.submit')).click();

    // ── Signed in on My account, showing the enterprise ──────────────────────────────────
    await expectPath(page, '/account');
    await expectH1(page, t('account.title'));
    const profile = page.getByRole('region', { name: t('account.profileTitle') });
    await visible(profile.getByText(ENTERPRISE.name, { exact: true }));
    await visible(profile.getByText(ENTERPRISE.uscc, { exact: true }));
    await visible(profile.getByText('徐汇区知识产权局', { exact: true }));
    await checkPage(page, 'foundation-05-account-enterprise-zh');

    // An applicant typing an administration address is refused, and an unknown address is a 404 page.
    await page.goto('/admin/users');
    await expectH1(page, t('forbidden.title'));
    expect(await navLabels(page, lang)).not.toContain(t('nav.users'));
    await checkPage(page, 'foundation-05b-forbidden-zh');
    await page.goto('/no/such/page');
    await expectH1(page, t('notFound.title'));
    await checkPage(page, 'foundation-05c-not-found-zh');
    await page.getByRole('link', { name: t('notFound.home'), exact: true }).click();
    await expectPath(page, '/');
    await navigate(page, lang, 'nav.account');

    await signOut(page, lang, ENTERPRISE.name);
    await expectHomeAfterSignOut(page, lang);

    // ── Administrator: password, then the authenticator code ─────────────────────────────
    await page.getByRole('banner').getByRole('link', { name: t('header.login'), exact: true }).click();
    await expectPath(page, '/login');
    await checkPage(page, 'foundation-06-login-zh');
    await page.getByLabel(t('login.username'), { exact: true }).fill('admin');
    await page.getByLabel(t('login.password'), { exact: true }).fill(DEMO_PASSWORD);
    await button(page, t('login.submit')).click();
    const totpField = page.getByLabel(t('login.totp'), { exact: true });
    await visible(totpField);
    await visible(page.getByRole('heading', { name: t('login.totpStepTitle') }));
    await checkPage(page, 'foundation-07-login-totp-zh');
    await totpField.fill(await freshTotp(DEMO_TOTP_SECRET, 'admin'));
    await button(page, t('login.submit')).click();
    await expectPath(page, '/account');
    await checkPage(page, 'foundation-08-account-admin-zh');

    // The Xuhui applicants' ids, as the administrator (who reaches every district) sees them.
    const all = await apiGet<{ items: ApplicantSummary[] }>(page, '/api/applicants?limit=200');
    const byName = (name: string) => {
      const a = all.items.find((x) => x.profile.name === name);
      if (!a) throw new Error(`applicant ${name} not in ${all.items.map((x) => x.profile.name).join(', ')}`);
      return a;
    };
    const xuhuiDemo = byName(XUHUI_APPLICANT);
    const xuhuiNew = byName(ENTERPRISE.name);
    const huangpuDemo = byName(HUANGPU_APPLICANT);
    expect(xuhuiNew.profile.districtOrgId).toBe(xuhuiDemo.profile.districtOrgId);

    // ── Users: create a case officer in the Huangpu district office ──────────────────────
    await navigate(page, lang, 'nav.users');
    await expectPath(page, '/admin/users');
    await expectH1(page, t('users.title'));
    await visible(page.getByRole('cell', { name: 'officer.huangpu', exact: true }));
    await checkPage(page, 'foundation-09-users-zh');

    await button(page, t('users.create')).click();
    const dialog = page.getByRole('dialog', { name: t('users.createTitle') });
    await visible(dialog);
    await dialog.getByLabel(t('users.login'), { exact: true }).fill(OFFICER.login);
    await dialog.getByLabel(t('users.displayName'), { exact: true }).fill(OFFICER.name);
    const org = dialog.getByLabel(t('users.org'), { exact: true });
    await chooseOption(page, org, HUANGPU_OFFICE);
    await dialog.getByRole('checkbox', { name: t('role.case_officer'), exact: true }).check();
    await checkPage(page, 'foundation-10-users-create-zh');
    await button(dialog, t('users.createSubmit')).click();
    await visible(page.getByText(t('users.created', { login: OFFICER.login })));
    const initialPassword = await page.getByLabel(t('users.initialPasswordLabel'), { exact: true }).inputValue();
    expect(initialPassword.length).toBeGreaterThanOrEqual(10);
    await visible(page.getByRole('cell', { name: OFFICER.login, exact: true }));
    await checkPage(page, 'foundation-11-users-created-zh');

    await signOut(page, lang, '系统管理员 Admin');

    // ── The new officer: first sign-in enrols the authenticator ──────────────────────────
    await signIn(page, lang, { username: OFFICER.login, password: initialPassword });
    await visible(page.getByRole('heading', { name: t('login.enrolTitle') }));
    await visible(page.getByRole('img', { name: t('login.qrAlt') }));
    const secret = ((await page.locator('.secret-text').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await checkPage(page, 'foundation-12-enrol-zh');
    await page.getByLabel(t('login.totp'), { exact: true }).fill(await freshTotp(secret, OFFICER.login));
    await button(page, t('login.enrolSubmit')).click();
    await expectPath(page, '/account');
    await visible(page.getByRole('region', { name: t('account.profileTitle') }).getByText(HUANGPU_OFFICE, { exact: true }));
    await checkPage(page, 'foundation-13-account-officer-zh');

    // ── Applicants directory: Huangpu only ───────────────────────────────────────────────
    await navigate(page, lang, 'nav.applicants');
    await expectPath(page, '/applicants');
    const list = page.getByRole('table', { name: t('applicants.listTitle') });
    await visible(list.getByRole('link', { name: HUANGPU_APPLICANT, exact: true }));
    expect(await list.getByText(XUHUI_APPLICANT).count()).toBe(0);
    expect(await list.getByText(ENTERPRISE.name).count()).toBe(0);
    await checkPage(page, 'foundation-14-applicants-zh');

    // Searching by name does not find the other district's applicant either.
    await page.getByLabel(t('applicants.q'), { exact: true }).fill('徐汇');
    await button(page, t('common.search')).click();
    await visible(page.getByText(t('applicants.none')));
    await button(page, t('common.reset')).click();

    await list.getByRole('link', { name: HUANGPU_APPLICANT, exact: true }).click();
    await expectPath(page, `/applicants/${huangpuDemo.id}`);
    await expectH1(page, HUANGPU_APPLICANT);
    await checkPage(page, 'foundation-15-applicant-detail-zh');

    // The other district's applicants, by URL: as unknown as an id that does not exist.
    for (const [i, other] of [xuhuiDemo, xuhuiNew].entries()) {
      await page.goto(`/applicants/${other.id}`);
      await expectH1(page, t('applicant.notFoundTitle'));
      expect(await page.getByText(other.profile.name).count()).toBe(0);
      if (i === 0) await checkPage(page, 'foundation-16-applicant-out-of-reach-zh');
    }

    // ── English ──────────────────────────────────────────────────────────────────────────
    await switchLanguage(page, 'en');
    lang = 'en';
    expect(await htmlLang(page)).toBe('en');
    await expectH1(page, 'Applicant not found');
    const labels = await navLabels(page, lang);
    expect(labels).toEqual(expect.arrayContaining(['Home', 'My account', 'Applicants', 'Working-day calendar']));
    expect(labels.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
    await checkPage(page, 'foundation-17-applicant-out-of-reach-en');

    await page.getByRole('link', { name: t('applicant.backToList'), exact: true }).click();
    await expectPath(page, '/applicants');
    await expectH1(page, 'Applicants');
    await visible(page.getByRole('columnheader', { name: t('applicants.district') }));
    await visible(page.getByRole('table', { name: t('applicants.listTitle') }).getByRole('link', { name: HUANGPU_APPLICANT, exact: true }));
    await visible(page.getByText('Huangpu District Intellectual Property Office'));
    await checkPage(page, 'foundation-18-applicants-en');

    await page.getByRole('link', { name: HUANGPU_APPLICANT, exact: true }).click();
    await expectH1(page, HUANGPU_APPLICANT);
    await visible(page.getByRole('heading', { name: 'Details' }));
    await checkPage(page, 'foundation-19-applicant-detail-en');

    await navigate(page, lang, 'nav.account');
    await expectH1(page, 'My account');
    await checkPage(page, 'foundation-20-account-officer-en');

    // The language survives a reload (cookie), and the signed-out pages are English too.
    await page.reload();
    await expectH1(page, 'My account');
    expect(await htmlLang(page)).toBe('en');
    await signOut(page, lang, OFFICER.name);
    await expectHomeAfterSignOut(page, lang);
    await expectH1(page, tr(lang, 'home.title'));
    await visible(page.getByRole('heading', { name: 'Working-day deadline calculator' }));
    await checkPage(page, 'foundation-21-home-en');
    // 3 calendar days from 28 September 2026 end on 1 October, a holiday: the deadline moves on.
    await computeDeadline(page, lang, { start: '2026-09-28', amount: 3, unit: 'd' });
    expect((await apiGet<{ date: string }>(page, '/api/calendar/add?start=2026-09-28&duration=3d')).date).toBe('2026-10-08');
    await visible(page.locator('.deadline-date').filter({ hasText: '8 October 2026' }));
    await visible(page.getByText(/would have ended on Thursday,? 1 October 2026/));
    await checkPage(page, 'foundation-21b-home-deadline-en');

    await page.getByRole('banner').getByRole('link', { name: 'Register', exact: true }).click();
    await expectH1(page, t('register.title'));
    await page.getByLabel(t('register.uscc'), { exact: true }).pressSequentially(bad, { delay: 5 });
    await visible(page.getByText(`The check character (character 18) of the unified social credit code should be ${ENTERPRISE.uscc.at(-1)} but is ${bad.at(-1)}`, { exact: false }));
    await checkPage(page, 'foundation-22-register-invalid-uscc-en');
    // An individual registers with a resident ID number, checked as typed too.
    await page.getByRole('radio', { name: t('register.kindIndividual'), exact: true }).check();
    const idNumber = page.getByLabel(t('register.idNumber'), { exact: true });
    await visible(idNumber);
    expect(await page.getByLabel(t('register.uscc'), { exact: true }).count()).toBe(0);
    const goodId = demoResidentId('310101', '19900101', '123');
    const badId = goodId.slice(0, 17) + (goodId.at(-1) === '0' ? '1' : '0');
    await idNumber.pressSequentially(badId, { delay: 5 });
    await visible(page.getByText(`The check character (character 18) of the resident ID number should be ${goodId.at(-1)} but is ${badId.at(-1)}`, { exact: false }));
    await idNumber.fill(goodId);
    await visible(page.getByText(/born 1990-01-01.*310101.*Huangpu District Intellectual Property Office/));
    await checkPage(page, 'foundation-22b-register-individual-en');
    // An agent chooses whether it is an agency or a person.
    await page.getByRole('radio', { name: t('register.kindAgent'), exact: true }).check();
    await visible(page.getByRole('radiogroup', { name: t('register.agentType') }));
    await checkPage(page, 'foundation-22c-register-agent-en');

    await page.getByRole('banner').getByRole('link', { name: 'Log in', exact: true }).click();
    await expectH1(page, t('login.title'));
    await checkPage(page, 'foundation-23-login-en');
    await page.goto('/no/such/page');
    await expectH1(page, 'Page not found');
    await checkPage(page, 'foundation-24-not-found-en');

    expect(problems.pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
