import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DEMO_PASSWORD } from '../src/seed';
import { buildReceipt } from '../src/domains/ledger/verify/receipt.test-support';
import { STEP_IDS } from '../src/domains/ledger/verify/verify-receipt';
import { checkPage, useE2E } from './support';
import { button, expectH1, navLabels, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * Verification anyone can do: without signing in, a person opens /verify, gives a receipt and the
 * file, and sees every step pass; a changed file fails at the file step; English; a receipt
 * without its file; the QR-code link with an unknown evidence id. The receipt is made offline
 * (receipt.test-support.ts) with its own keys, so the comparison with this server's published
 * keys must show a warning, not a pass. Axe runs on every state.
 */

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-verify-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function chooseFiles(page: Page, receipt: string | null, file: string | null): Promise<void> {
  if (receipt) await page.getByTestId('verify-receipt-input').locator('input[type=file]').setInputFiles(receipt);
  if (file) await page.getByTestId('verify-file-input').locator('input[type=file]').setInputFiles(file);
}

async function verify(page: Page, lang: Lang, verdict: string): Promise<void> {
  await button(page, tr(lang, 'verify.start')).click();
  await visible(page.locator(`[data-testid=verify-results][data-verdict=${verdict}]`), 30_000);
}

async function stepStatuses(page: Page): Promise<Record<string, string>> {
  return page.locator('[data-step]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-status')])));
}

describe('public receipt verification (browser)', () => {
  const e2e = useE2E();

  it('verifies a genuine receipt and file step by step, catches a changed file, in Chinese and English, with axe on every state', async () => {
    const built = await buildReceipt({ fileName: '侵权网页截图.png', file: Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(300_000, 7)]) });
    const receiptPath = path.join(work, 'receipt.json');
    const filePath = path.join(work, '侵权网页截图.png');
    const tamperedPath = path.join(work, 'tampered.png');
    fs.writeFileSync(receiptPath, built.json);
    fs.writeFileSync(filePath, built.file);
    const tampered = Buffer.from(built.file);
    tampered[tampered.length - 1] ^= 1;
    fs.writeFileSync(tamperedPath, tampered);

    const { page } = await e2e.scenario();
    let lang: Lang = 'zh-CN';

    // ── Public, no sign-in: the nav links to it ─────────────────────────────────────────
    await page.goto('/');
    // The signed-out navigation appears once the session check has answered.
    await expect.poll(() => navLabels(page, lang)).toContain(tr(lang, 'nav.verify'));
    await page.goto('/verify');
    await expectH1(page, tr(lang, 'verify.title'));
    await visible(page.getByRole('heading', { name: tr(lang, 'verify.howto.title') }));
    await expect(button(page, tr(lang, 'verify.start')).isDisabled()).resolves.toBe(true);
    await checkPage(page, 'verify-01-empty-zh');

    // ── A genuine receipt and its file: every step passes ───────────────────────────────
    await chooseFiles(page, receiptPath, filePath);
    await visible(page.getByText(tr(lang, 'verify.chosen', { name: '侵权网页截图.png', size: '293 KiB' })));
    await verify(page, lang, 'verified');
    const statuses = await stepStatuses(page);
    expect(statuses).toEqual(Object.fromEntries(STEP_IDS.map((id) => [id, 'pass'])));
    // Pass is said in words, not colour alone.
    expect(await page.locator('[data-status=pass] .verify-step-status').allInnerTexts()).toEqual(STEP_IDS.map(() => tr(lang, 'verify.status.pass')));
    // The digests computed in the browser are shown.
    await visible(page.locator('[data-step=file]').getByText(built.receipt.file.sha256, { exact: true }));
    await visible(page.locator('[data-step=file]').getByText(built.receipt.file.sm3, { exact: true }));
    await visible(page.locator('[data-step=inclusion]').getByText(String(built.receipt.log.index), { exact: true }));
    await visible(page.locator('[data-step=timestamp]').getByText(built.receipt.timestamp.genTime, { exact: true }));
    // The receipt's own keys are not this server's: a warning, and the overall verdict is a warning too.
    await visible(page.locator('[data-testid=verify-keys][data-match=no]'));
    await visible(page.getByText(tr(lang, 'verify.keys.differ', { issuer: built.receipt.issuer })));
    expect(await page.getByTestId('verify-verdict').getAttribute('class')).toContain('ant-alert-warning');
    await checkPage(page, 'verify-02-pass-zh');

    // ── The same receipt with a changed file: the file step fails ──────────────────────
    await chooseFiles(page, null, tamperedPath);
    await verify(page, lang, 'failed');
    const failed = await stepStatuses(page);
    expect(failed.file).toBe('fail');
    expect(Object.entries(failed).filter(([, s]) => s !== 'pass').map(([id]) => id)).toEqual(['file']);
    await visible(page.locator('[data-step=file] .verify-step-status').getByText(tr(lang, 'verify.status.fail'), { exact: true }));
    await visible(page.locator('[data-step=file]').getByText('文件已被修改或不是同一个文件', { exact: false }));
    await checkPage(page, 'verify-03-tampered-zh');

    // ── English ─────────────────────────────────────────────────────────────────────────
    await switchLanguage(page, 'en');
    lang = 'en';
    await expectH1(page, tr(lang, 'verify.title'));
    await verify(page, lang, 'failed');
    await visible(page.locator('[data-step=file]').getByText('the file was changed or is another file', { exact: false }));
    await visible(page.locator('[data-step=file] .verify-step-status').getByText('failed', { exact: true }));
    await checkPage(page, 'verify-04-tampered-en');

    // ── The receipt alone: it verifies, but the page says the file was not compared ────
    await button(page, tr(lang, 'verify.reset')).click();
    await chooseFiles(page, receiptPath, null);
    await verify(page, lang, 'verified_without_file');
    expect((await stepStatuses(page)).file).toBe('skip');
    await visible(page.getByText(tr(lang, 'verify.verdict.verifiedWithoutFile')));
    await checkPage(page, 'verify-05-no-file-en');

    // ── The QR-code link for an evidence id this server does not know ──────────────────
    const unknown = randomUUID();
    await page.goto(`/verify?id=${unknown}&sha256=${built.receipt.file.sha256}`);
    await visible(page.getByText(tr(lang, 'verify.receiptFetchFailed', { id: unknown, reason: '' }).split('(')[0].trim(), { exact: false }));
    await checkPage(page, 'verify-06-unknown-id-en');
  }, 180_000);

  it('the issue\'s done-criterion: evidence uploaded to this server, opened from the QR-code link by someone not signed in, verifies with this server\'s keys', async () => {
    // The applicant uploads (through the API, as the upload page does).
    const uploader = await e2e.scenario();
    const api = uploader.context.request;
    const login = await api.post('/api/auth/login', { data: { username: 'acme', password: DEMO_PASSWORD } });
    expect(login.status(), await login.text()).toBe(200);
    const csrf = ((await login.json()) as { session: { csrfToken: string } }).session.csrfToken;
    const content = Buffer.from('知保 e2e: evidence verified from the QR-code link\n'.repeat(2000), 'utf8');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const created = await api.post('/api/evidence', { headers: { 'x-csrf-token': csrf }, data: { fileName: '证据说明.txt', method: 'upload' } });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const put = await api.put(`/api/evidence/${id}/content`, { headers: { 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' }, data: content });
    expect(put.status(), await put.text()).toBe(201);
    // The receipt is public once a signed checkpoint covers the entry.
    const anon = await e2e.scenario();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await anon.context.request.get(`/api/public/evidence/${id}/receipt?sha256=${sha256}`)).status();
      if (status !== 200) await new Promise((ok) => setTimeout(ok, 200));
    }
    expect(status).toBe(200);
    const filePath = path.join(work, '证据说明.txt');
    fs.writeFileSync(filePath, content);

    // Someone else, not signed in, scans the QR code: the receipt comes from the server, the file from them.
    const { page } = anon;
    const lang: Lang = 'zh-CN';
    await page.goto(`/verify?id=${id}&sha256=${sha256}`);
    await visible(page.getByText(tr(lang, 'verify.receiptFromServer', { id })));
    await visible(page.getByText(tr(lang, 'verify.receiptFromServerShort', { id })));
    await checkPage(page, 'verify-07-server-receipt-prefilled-zh');
    await chooseFiles(page, null, filePath);
    await verify(page, lang, 'verified');
    expect(await stepStatuses(page)).toEqual(Object.fromEntries(STEP_IDS.map((s) => [s, 'pass'])));
    await visible(page.locator('[data-testid=verify-keys][data-match=yes]'));
    await visible(page.getByText(tr(lang, 'verify.keys.match')));
    expect(await page.getByTestId('verify-verdict').getAttribute('class')).toContain('ant-alert-success');
    await checkPage(page, 'verify-08-server-receipt-verified-zh');
  }, 120_000);
});
