import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, DOCUMENT_KINDS } from '../src/domains/cases/documents/templates';
import { errorText } from '../src/platform/errors';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/seed';
import { checkPage, freshTotp, useE2E } from './support';
import { apiGet, button, eventually, expectH1, expectPath, navigate, signIn, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * As the administrator, 文书模板: the fourteen documents in Chinese and English with axe; the
 * acceptance notice edited and saved (version 1); an unknown variable refused with the server's
 * message naming it, in both languages; a save over someone else's newer version refused and the
 * latest text loaded; and the default wording restored.
 */

interface TemplateDto {
  kind: string;
  body: string;
  isDefault: boolean;
  version: number | null;
}

const acceptance = DEFAULT_TEMPLATES.acceptance_notice;
const SENTENCE = '当事人可以登录知保平台查询本案的办理进度。';

async function storedAcceptance(page: Page): Promise<TemplateDto> {
  const { items } = await apiGet<{ items: TemplateDto[] }>(page, '/api/document-templates');
  return items.find((d) => d.kind === 'acceptance_notice')!;
}

/** What another administrator does meanwhile: a PUT with the page's session and CSRF token. */
async function saveBehindTheUi(page: Page, body: string, expectedVersion: number | null): Promise<number> {
  const { csrfToken } = await apiGet<{ csrfToken: string }>(page, '/api/auth/me');
  return page.evaluate(
    async ({ body, expectedVersion, csrfToken }) => {
      const res = await fetch('/api/document-templates/acceptance_notice', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ body, expectedVersion }),
      });
      return res.status;
    },
    { body, expectedVersion, csrfToken },
  );
}

describe('document templates (browser)', () => {
  const e2e = useE2E();

  it('an administrator edits the acceptance notice, sees an unknown variable named, loses a race politely and restores the default', async () => {
    const { page, problems } = await e2e.scenario();
    await page.goto('/login');
    await signIn(page, 'zh-CN', { username: 'admin', password: DEMO_PASSWORD, totp: () => freshTotp(DEMO_TOTP_SECRET, 'admin') });
    await expectPath(page, '/account');

    // ── The page in both languages ───────────────────────────────────────────────────────
    let lang: Lang = 'zh-CN';
    const t = (key: Parameters<typeof tr>[1], params?: Record<string, string | number>) => tr(lang, key, params);
    await navigate(page, lang, 'nav.templates');
    await expectPath(page, '/admin/templates');
    await expectH1(page, t('templates.title'));
    const list = () => page.getByRole('table', { name: t('templates.listTitle') });
    await visible(list().getByRole('link', { name: '受理通知书', exact: true }));
    expect(await list().getByRole('link').count()).toBe(DOCUMENT_KINDS.length);
    await visible(list().getByRole('link', { name: '协助执行函', exact: true }));
    await visible(page.getByRole('heading', { level: 2, name: t('templates.editorTitle', { title: '受理通知书' }), exact: true }));
    await visible(page.getByRole('table', { name: t('templates.variablesTitle') }).getByText('案号', { exact: true }));
    await checkPage(page, 'templates-01-list-zh');

    await switchLanguage(page, 'en');
    lang = 'en';
    await expectH1(page, 'Document templates');
    await visible(page.getByRole('heading', { level: 2, name: 'Edit: Notice of acceptance', exact: true }));
    await visible(list().getByRole('link', { name: 'Notice of acceptance', exact: true }));
    await visible(page.getByRole('table', { name: t('templates.variablesTitle') }).getByText('Case number', { exact: true }));
    expect(await page.locator('main').innerText()).not.toMatch(/\b(undefined|NaN)\b/);
    await checkPage(page, 'templates-01-list-en');
    // Another document is one click away (and the address says which).
    await list().getByRole('link', { name: DEFAULT_TEMPLATES.correction_notice.titleEn, exact: true }).click();
    await expectPath(page, '/admin/templates');
    await eventually(() => new URL(page.url()).searchParams.get('kind') === 'correction_notice', 'kind=correction_notice in the address');
    await visible(page.getByRole('heading', { level: 2, name: `Edit: ${DEFAULT_TEMPLATES.correction_notice.titleEn}`, exact: true }));
    await checkPage(page, 'templates-02-correction-en');
    await switchLanguage(page, 'zh-CN');
    lang = 'zh-CN';

    // ── Edit the acceptance notice: add a sentence, save → version 1 ─────────────────────
    await list().getByRole('link', { name: '受理通知书', exact: true }).click();
    await visible(page.getByRole('heading', { level: 2, name: t('templates.editorTitle', { title: '受理通知书' }), exact: true }));
    const body = page.getByLabel(t('templates.body'), { exact: true });
    expect(await body.inputValue()).toBe(acceptance.text);
    expect(await button(page, t('templates.save')).isDisabled(), 'nothing to save yet').toBe(true);
    const edited = acceptance.text.replace('特此通知。', `${SENTENCE}\n\n特此通知。`);
    expect(edited).not.toBe(acceptance.text);
    await body.fill(edited);
    await visible(page.getByText(t('templates.unsaved'), { exact: true }));
    await button(page, t('templates.save')).click();
    await visible(page.getByText(t('templates.saved', { title: '受理通知书', version: 1 }), { exact: true }));
    await visible(list().getByText(t('templates.state.edited', { version: 1 }), { exact: true }));
    expect(await storedAcceptance(page)).toMatchObject({ body: edited, isDefault: false, version: 1 });
    await checkPage(page, 'templates-03-saved-zh');

    // Clicking a variable puts it at the cursor; discarding brings the saved text back.
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await button(page, t('templates.insert', { token: '{{caseNumber}}' })).click();
    expect(await body.inputValue()).toBe(`{{caseNumber}}${edited}`);
    await button(page, t('templates.discard')).click();
    expect(await body.inputValue()).toBe(edited);

    // ── An unknown variable: refused, the message names it and its line ──────────────────
    const withUnknown = edited.replace(SENTENCE, `${SENTENCE}{{nobody}}`);
    await body.fill(withUnknown);
    await button(page, t('templates.save')).click();
    const line = withUnknown.slice(0, withUnknown.indexOf('{{nobody}}')).split('\n').length;
    const params = { variable: 'nobody', line, allowed: Object.keys(acceptance.variables).join(', ') };
    const zhMessage = errorText('document.template_unknown_variable', 'zh-CN', params);
    expect(zhMessage).toContain('“nobody”');
    await visible(page.getByRole('alert').filter({ hasText: zhMessage }));
    await checkPage(page, 'templates-04-unknown-variable-zh');
    await switchLanguage(page, 'en');
    lang = 'en';
    const enMessage = errorText('document.template_unknown_variable', 'en', params);
    expect(enMessage).toContain('"nobody"');
    await visible(page.getByRole('alert').filter({ hasText: enMessage }));
    expect(await page.getByText(zhMessage).count()).toBe(0);
    await checkPage(page, 'templates-04-unknown-variable-en');
    await switchLanguage(page, 'zh-CN');
    lang = 'zh-CN';
    expect(await storedAcceptance(page), 'nothing stored').toMatchObject({ body: edited, version: 1 });

    // ── Someone else saves version 2 meanwhile: this save is refused, theirs is loaded ───
    const theirs = edited.replace(SENTENCE, '本案的办理进度可以在知保平台查询。');
    expect(await saveBehindTheUi(page, theirs, 1)).toBe(200);
    await body.fill(edited.replace(SENTENCE, `${SENTENCE}（已核对）`));
    await button(page, t('templates.save')).click();
    await visible(page.getByRole('alert').filter({ hasText: t('templates.conflictTitle') }));
    await eventually(async () => (await body.inputValue()) === theirs, 'the latest text in the editor');
    expect(await page.getByLabel(t('templates.yourText'), { exact: true }).inputValue()).toContain('（已核对）');
    await visible(list().getByText(t('templates.state.edited', { version: 2 }), { exact: true }));
    await checkPage(page, 'templates-05-conflict-zh');

    // ── Restore the default wording, after a confirmation ────────────────────────────────
    await button(page, t('templates.restore')).click();
    const confirm = page.getByRole('tooltip').filter({ hasText: t('templates.restoreConfirm', { title: '受理通知书' }) });
    await visible(confirm);
    await checkPage(page, 'templates-06-restore-confirm-zh');
    await button(confirm, t('common.confirm')).click();
    await visible(page.getByText(t('templates.restored', { title: '受理通知书' }), { exact: true }));
    await eventually(async () => (await body.inputValue()) === acceptance.text, 'the default text in the editor');
    expect(await storedAcceptance(page)).toMatchObject({ body: acceptance.text, isDefault: true, version: 3 }); // restoring is a version of its own (ours 1, someone else's 2)
    expect(await list().getByText(t('templates.state.edited', { version: 2 })).count()).toBe(0);
    expect(await button(page, t('templates.restore')).count(), 'nothing left to restore').toBe(0);
    await checkPage(page, 'templates-07-restored-zh');
    await switchLanguage(page, 'en');
    lang = 'en';
    await visible(page.getByText(t('templates.restored', { title: 'Notice of acceptance' }), { exact: true }));
    await checkPage(page, 'templates-07-restored-en');
    // On a phone the list comes first and the editor below it.
    await page.setViewportSize({ width: 390, height: 844 });
    await checkPage(page, 'templates-08-narrow-en');

    expect(problems.pageErrors, 'uncaught errors in the page').toEqual([]);
  });
});
