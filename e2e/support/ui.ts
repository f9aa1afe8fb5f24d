import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en';
import { zhCN, type MessageKey } from '../../web/src/i18n/zh-CN';

/**
 * The web UI's own message catalogues give the accessible names the tests look for, so a
 * reworded label does not break a test; literal strings are asserted separately where the
 * language itself is the point.
 */
export type Lang = 'zh-CN' | 'en';
const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function tr(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Polls a condition (Playwright's auto-waiting covers locators; this covers everything else). */
export async function eventually<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== false && v !== undefined && v !== null) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function expectPath(page: Page, path: string | RegExp, timeout = 15_000): Promise<void> {
  await page.waitForURL((u) => (typeof path === 'string' ? u.pathname === path : path.test(u.pathname)), { timeout });
}

/** The page's one <h1>. */
export function h1(page: Page): Locator {
  return page.getByRole('heading', { level: 1 });
}

export async function expectH1(page: Page, text: string): Promise<void> {
  await visible(page.getByRole('heading', { level: 1, name: text, exact: true }));
}

export function mainNav(page: Page, lang: Lang): Locator {
  return page.getByRole('navigation', { name: tr(lang, 'nav.label') });
}

export async function navigate(page: Page, lang: Lang, key: MessageKey): Promise<void> {
  await mainNav(page, lang).getByRole('link', { name: tr(lang, key), exact: true }).click();
}

/** Signs in through the login form; staff get the code step (`totp` is then required). */
export async function signIn(page: Page, lang: Lang, creds: { username: string; password: string; totp?: () => Promise<string> }): Promise<void> {
  const here = new URL(page.url());
  if (here.pathname !== '/login' || here.search) await page.goto('/login');
  await expectH1(page, tr(lang, 'login.title'));
  await page.getByLabel(tr(lang, 'login.username'), { exact: true }).fill(creds.username);
  await page.getByLabel(tr(lang, 'login.password'), { exact: true }).fill(creds.password);
  await button(page, tr(lang, 'login.submit')).click();
  if (creds.totp) {
    const code = page.getByLabel(tr(lang, 'login.totp'), { exact: true });
    await visible(code);
    await code.fill(await creds.totp());
    await button(page, tr(lang, 'login.submit')).click();
  }
}

/** Signs out through the account menu in the header. */
export async function signOut(page: Page, lang: Lang, displayName: string): Promise<void> {
  await button(page, tr(lang, 'header.userMenu', { name: displayName })).click();
  await page.getByRole('menuitem', { name: tr(lang, 'header.logout'), exact: true }).click();
  await visible(page.getByRole('banner').getByRole('link', { name: tr(lang, 'header.login'), exact: true }));
}

/** Clicks the header's language switch and waits until the document says it is in `to`. */
export async function switchLanguage(page: Page, to: Lang): Promise<void> {
  const from: Lang = to === 'en' ? 'zh-CN' : 'en';
  await button(page, tr(from, 'lang.switchTo')).click();
  await eventually(async () => (await page.evaluate(() => document.documentElement.lang)) === to, `<html lang="${to}">`);
}

export async function htmlLang(page: Page): Promise<string | null> {
  return page.evaluate(() => document.documentElement.getAttribute('lang'));
}

/** Visible text of the main navigation, e.g. ['Home', 'My account']. */
export async function navLabels(page: Page, lang: Lang): Promise<string[]> {
  return (await mainNav(page, lang).getByRole('link').allInnerTexts()).map((s) => s.trim());
}

/** GET a JSON API with the page's own session (GETs need no CSRF token). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const r = await page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { accept: 'application/json' } });
    return { status: res.status, body: await res.text() };
  }, path);
  expect(r.status, `GET ${path}: ${r.body}`).toBe(200);
  return JSON.parse(r.body) as T;
}

/**
 * Picks an option of an antd Select (a combobox with search) the way a keyboard user does:
 * type to filter, wait for the option, press Enter; then checks the choice shows.
 */
export async function chooseOption(page: Page, combobox: Locator, text: string): Promise<void> {
  await combobox.click();
  await combobox.pressSequentially(text);
  await visible(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }));
  await combobox.press('Enter');
  const select = combobox.locator('xpath=ancestor::*[contains(concat(" ", @class, " "), " ant-select ")][1]');
  await eventually(async () => (await select.innerText()).includes(text.trim()), `"${text}" chosen in the select`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A button by its exact name, also while (or after) antd shows its loading icon: that icon's
 * label "loading" joins the name, and after a very fast request antd sometimes leaves the
 * invisible icon behind (see the e2e report), which would otherwise make the button unfindable.
 */
export function button(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('button', { name: new RegExp(`^(loading\\s+)?${escapeRegExp(name)}$`) });
}
