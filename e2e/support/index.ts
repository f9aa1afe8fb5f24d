import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeReport, settle } from './axe';
import { launchBrowser, newScenario, type PageProblems } from './browser';
import { ensureWebBuilt } from './build';
import { startServer, type RunningServer } from './server';
import { screenshot } from './shots';

export { axeLog, axeReport, expectNoAxeViolations, settle } from './axe';
export { assertBrowserPrerequisites, launchBrowser, newScenario } from './browser';
export { ensureWebBuilt } from './build';
export { startServer } from './server';
export { screenshot } from './shots';
export { currentStep, freshTotp, totpAt } from './totp';

export interface E2E {
  server: RunningServer;
  browser: Browser;
  /** A fresh browser context and page; closed in teardown. */
  scenario(opts?: { locale?: string }): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }>;
}

/**
 * Per test file: the bundle built once, a real server on a free port with a fresh data
 * directory and the demo accounts, one Chromium; all stopped in teardown.
 */
export function useE2E(): E2E {
  const state: Partial<E2E> & { contexts: BrowserContext[]; problems: PageProblems[] } = { contexts: [], problems: [] };
  beforeAll(async () => {
    ensureWebBuilt();
    state.server = await startServer();
    try {
      state.browser = await launchBrowser();
    } catch (e) {
      await state.server.stop();
      throw e;
    }
  });
  afterEach(async (ctx) => {
    const contexts = state.contexts.splice(0);
    const consoleErrors = [...new Set(state.problems.splice(0).flatMap((p) => p.consoleErrors))];
    if (consoleErrors.length) console.warn(`[e2e] console errors during "${ctx.task.name}":\n  ${consoleErrors.join('\n  ')}`);
    if (ctx.task.result?.state === 'fail') {
      // Leave a picture of where each page stood when the test failed.
      let n = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          n += 1;
          const file = await screenshot(p, `FAILED-${ctx.task.name.slice(0, 60)}-${n}`).catch(() => null);
          console.error(`[e2e] failed test left a page at ${p.url()}${file ? ` (screenshot ${file})` : ''}`);
        }
      }
      if (state.server) console.error(`[e2e] server output (last lines):\n${state.server.output().slice(-3_000)}`);
    }
    for (const c of contexts) await c.close().catch(() => undefined);
  });
  afterAll(async () => {
    await state.browser?.close().catch(() => undefined);
    await state.server?.stop();
  });
  return {
    get server() {
      if (!state.server) throw new Error('the e2e server is not running (beforeAll failed)');
      return state.server;
    },
    get browser() {
      if (!state.browser) throw new Error('the browser is not running (beforeAll failed)');
      return state.browser;
    },
    async scenario(opts) {
      const s = await newScenario(this.browser, this.server.baseUrl, opts);
      state.contexts.push(s.context);
      state.problems.push(s.problems);
      return s;
    },
  };
}

/**
 * Ids used more than once. Those that a label, an ARIA reference or a same-page link points at
 * are errors (the reference resolves to the wrong element); the rest are reported only.
 */
export async function duplicateIds(page: Page): Promise<{ referenced: string[]; unreferenced: string[] }> {
  return page.evaluate(() => {
    const counts = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
    const refs = new Set<string>();
    for (const el of document.querySelectorAll('label[for]')) refs.add(el.getAttribute('for')!);
    for (const attr of ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-activedescendant', 'aria-details', 'aria-errormessage']) {
      for (const el of document.querySelectorAll(`[${attr}]`)) for (const id of el.getAttribute(attr)!.split(/\s+/)) if (id) refs.add(id);
    }
    for (const a of document.querySelectorAll('a[href^="#"]')) refs.add(a.getAttribute('href')!.slice(1));
    const dupes = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    return { referenced: dupes.filter((id) => refs.has(id)), unreferenced: dupes.filter((id) => !refs.has(id)) };
  });
}

/**
 * The check made on every page visited: screenshot to `.test-results/e2e/<name>.png`, then axe.
 * Axe violations are soft failures, so one page's problems do not hide the next page's.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  // Park the pointer off every control so hover styles do not depend on the last click.
  await page.mouse.move(1, 1);
  const t0 = Date.now();
  await settle(page);
  const t1 = Date.now();
  await screenshot(page, name);
  const t2 = Date.now();
  const report = await axeReport(page, name);
  const ids = await duplicateIds(page);
  if (ids.unreferenced.length) console.warn(`[e2e] ${name}: duplicate id(s) ${ids.unreferenced.join(', ')} (${page.url()})`);
  expect.soft(ids.referenced, `${name}: duplicate ids that labels or ARIA attributes point at (${page.url()})`).toEqual([]);
  if (process.env.E2E_TIMING) console.log(`[e2e] ${name}: settle ${t1 - t0} ms, screenshot ${t2 - t1} ms, axe ${Date.now() - t2} ms`);
  if (report) console.error(report);
  expect.soft(report === null, report ?? '').toBe(true);
}
