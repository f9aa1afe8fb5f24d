import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBrowserPrerequisites, axeReport, currentStep, freshTotp, launchBrowser, newScenario, totpAt } from './support';

/** The harness itself (no server): the browser is there, and the axe check really finds problems. */
describe('e2e harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has Debian Chromium and the Chinese font (fails, never skips, when they are missing)', () => {
    expect(() => assertBrowserPrerequisites()).not.toThrow();
  });

  it('axe reports violations with rule id, impact, target and help, and passes a clean page', async () => {
    const { context, page } = await newScenario(browser, 'http://127.0.0.1:9');
    try {
      await page.setContent('<!doctype html><html><head><title>t</title></head><body><main><input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>');
      const report = await axeReport(page, 'deliberately broken');
      expect(report).toContain('- label [critical]: Form elements must have labels');
      expect(report).toContain('- image-alt [critical]');
      expect(report).toContain('- html-has-lang [serious]');
      expect(report).toMatch(/\["input"\]/);
      expect(report).toContain('https://dequeuniversity.com/rules/axe/');
      await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><label>Name <input type="text"></label></main></body></html>');
      expect(await axeReport(page, 'clean')).toBeNull();
    } finally {
      await context.close();
    }
  });

  it('hands out a distinct, acceptable TOTP code for each sign-in of one account', async () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const a = await freshTotp(secret, 'x');
    const b = await freshTotp(secret, 'x');
    expect(a).not.toBe(b);
    expect([totpAt(secret, currentStep()), totpAt(secret, currentStep() + 1)]).toContain(b);
  });
});
