import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './paths';

const AXE_PATH = path.join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Every page checked so far, with its language, for the run summary. */
export const axeLog: { label: string; url: string; lang: string | null; violations: number }[] = [];

async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')) return;
  try {
    await page.addScriptTag({ path: AXE_PATH });
  } catch {
    // A Content-Security-Policy that forbids inline scripts blocks the tag; evaluating is not subject to it.
    await page.evaluate(fs.readFileSync(AXE_PATH, 'utf8'));
  }
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined'))) {
    await page.evaluate(fs.readFileSync(AXE_PATH, 'utf8'));
  }
}

/** Lets CSS transitions and animations (antd fades, drawers) finish so colours are final. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  // Jump finite animations (antd's 2-s click wave, fades, zooms) to their end state rather than wait.
  await page
    .evaluate(async () => {
      for (const a of document.getAnimations()) {
        const iterations = a.effect?.getTiming().iterations;
        if (iterations !== Infinity) {
          try {
            a.finish();
          } catch {
            /* an animation that cannot finish is left to run */
          }
        }
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    })
    .catch(() => undefined);
}

export function formatViolations(label: string, url: string, violations: AxeViolation[]): string {
  const lines = [`axe found ${violations.length} WCAG 2.1 A/AA violation(s) on "${label}" (${url}):`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'n/a'}]: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 8)) {
      const summary = (n.failureSummary ?? '').split('\n').slice(1, 3).map((s) => s.trim()).join(' / ');
      lines.push(`    ${JSON.stringify(n.target)}  ${n.html.slice(0, 140).replace(/\s+/g, ' ')}${summary ? `\n      → ${summary}` : ''}`);
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more node(s)`);
  }
  return lines.join('\n');
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the whole document; null when clean, else a readable list. */
export async function axeReport(page: Page, label: string, opts: { include?: string } = {}): Promise<string | null> {
  await settle(page);
  await injectAxe(page);
  const violations = (await page.evaluate(
    async ({ tags, include }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
      const result = await axe.run(include ? { include: [include] } : document, { runOnly: tags, resultTypes: ['violations'] });
      return result.violations;
    },
    { tags: AXE_TAGS, include: opts.include ?? null },
  )) as AxeViolation[];
  const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
  axeLog.push({ label, url: page.url(), lang, violations: violations.length });
  return violations.length ? formatViolations(label, page.url(), violations) : null;
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the whole document; throws a readable list on violations. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const report = await axeReport(page, label);
  if (report) throw new Error(report);
}
