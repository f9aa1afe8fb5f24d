import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_HINT = 'Chromium is not installed: run  apt-get install -y chromium fonts-wqy-microhei';

/** Fails (never skips) when Debian's Chromium or the Chinese font is missing. */
export function assertBrowserPrerequisites(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(INSTALL_HINT);
  let fonts = '';
  try {
    fonts = execFileSync('fc-list', { encoding: 'utf8' });
  } catch {
    throw new Error(`${INSTALL_HINT} (fc-list, from fontconfig, did not run)`);
  }
  if (!/wqy/i.test(fonts)) throw new Error(`${INSTALL_HINT} (the Chinese font WenQuanYi Micro Hei is missing)`);
}

export async function launchBrowser(): Promise<Browser> {
  assertBrowserPrerequisites();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What went wrong inside a page that no assertion looks at: uncaught errors and console errors. */
export interface PageProblems {
  pageErrors: string[];
  consoleErrors: string[];
}

/** A fresh context (no cookies, zh-CN browser language) for one scenario. */
export async function newScenario(browser: Browser, baseUrl: string, opts: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems: PageProblems = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (e) => problems.pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  return { context, page, problems };
}
