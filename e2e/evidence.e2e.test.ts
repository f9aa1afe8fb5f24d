import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceReceipt } from '../src/domains/ledger/receipt-format';
import { DEMO_PASSWORD } from '../src/seed';
import { checkPage, useE2E } from './support';
import { button, expectH1, expectPath, navigate, signIn, switchLanguage, tr, visible, type Lang } from './support/ui';

/**
 * The definition of done, in the browser: the demo applicant uploads a file through the
 * upload page (web capture, with URL and capture log), sees the printable receipt page, downloads
 * the receipt JSON, the RFC 3161 token and the TSA certificates; then, with the server out of the
 * picture, OpenSSL verifies the token against the file and the receipt matches the file's digests.
 * Axe runs on every page visited.
 */

const FILE_NAME = '侵权商品网页截图说明.pdf';
const FILE = Buffer.concat([
  Buffer.from('%PDF-1.4\n% Zhibao e2e evidence\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n', 'latin1'),
  Buffer.from('2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
]);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-e2e-evidence-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function save(page: Page, linkName: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName, exact: true }).click()]);
  const target = path.join(work, (download as Download).suggestedFilename());
  await (download as Download).saveAs(target);
  return target;
}

describe('evidence upload and receipt (browser)', () => {
  const e2e = useE2E();

  it('an applicant uploads evidence, downloads the receipt, and OpenSSL verifies it without the server', async () => {
    const { page, problems } = await e2e.scenario();
    let lang: Lang = 'zh-CN';
    const t = (key: Parameters<typeof tr>[1], params?: Record<string, string | number>) => tr(lang, key, params);

    await signIn(page, lang, { username: 'acme', password: DEMO_PASSWORD });
    await expectPath(page, '/account');
    await navigate(page, lang, 'nav.evidence');
    await expectPath(page, '/evidence');
    await expectH1(page, t('evidence.list.title'));
    await checkPage(page, 'evidence-01-list-empty-zh');

    // ── Upload: provenance first, then the file ─────────────────────────────────────────
    await page.getByRole('link', { name: t('evidence.list.new'), exact: true }).click();
    await expectPath(page, '/evidence/new');
    await expectH1(page, t('evidence.new.title'));
    await checkPage(page, 'evidence-02-upload-zh');

    // Submitting without a file says so.
    await button(page, t('evidence.new.submit')).click();
    await visible(page.getByRole('alert').filter({ hasText: t('evidence.new.fileRequired') }));

    await page.locator('.ant-upload input[type=file]').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: FILE });
    await visible(page.getByText(t('evidence.new.chosen', { name: FILE_NAME, size: `${FILE.length} B` })));
    await page.getByRole('radio', { name: t('evidence.method.web_capture'), exact: true }).check();
    await page.getByLabel(t('evidence.new.url'), { exact: true }).fill('https://shop.example.com/item/20260302');
    await page.getByLabel(t('evidence.new.captureLog'), { exact: true }).fill('2026-03-02 09:00:01 打开 https://shop.example.com/item/20260302\n2026-03-02 09:00:05 整页截图，导出 PDF');
    // The case option is shown but not available yet.
    await expect(page.getByRole('radio', { name: t('evidence.new.belongsCase'), exact: true }).isDisabled()).resolves.toBe(true);
    await checkPage(page, 'evidence-03-upload-filled-zh');
    await button(page, t('evidence.new.submit')).click();

    // ── The receipt page ─────────────────────────────────────────────────────────────────
    await expectPath(page, /^\/evidence\/[0-9a-f-]{36}$/, 30_000);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await expectH1(page, t('evidence.receipt.title'));
    await visible(page.getByText(sha256(FILE), { exact: true }));
    await visible(page.getByRole('link', { name: t('evidence.receipt.downloadToken'), exact: true }), 20_000);
    await visible(page.getByRole('img', { name: t('evidence.receipt.qrAlt', { url: `${e2e.server.baseUrl}/verify?id=${id}&sha256=${sha256(FILE)}` }) }));
    await visible(page.getByText('application/pdf', { exact: true }));
    await checkPage(page, 'evidence-04-receipt-zh');

    const receiptFile = await save(page, t('evidence.receipt.downloadReceipt'));
    expect(path.basename(receiptFile)).toBe(`zhibao-receipt-${id}.json`);
    const tokenFile = await save(page, t('evidence.receipt.downloadToken'));
    const tsaCertFile = await save(page, t('evidence.receipt.downloadTsaCert'));
    const caCertFile = await save(page, t('evidence.receipt.downloadCaCert'));
    const downloadedFile = await save(page, t('evidence.receipt.downloadFile'));
    expect(path.basename(downloadedFile)).toBe(FILE_NAME);
    expect(fs.readFileSync(downloadedFile).equals(FILE)).toBe(true);

    // Printing shows the receipt without the site's navigation.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: t('nav.label') }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(process.cwd(), '.test-results/e2e/evidence-05-receipt-print-zh.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // ── Offline: the server's answers no longer matter, only the files on disk ──────────
    const evidenceFile = path.join(work, 'evidence.pdf');
    fs.writeFileSync(evidenceFile, FILE);
    const receipt = EvidenceReceipt.parse(JSON.parse(fs.readFileSync(receiptFile, 'utf8')));
    expect(receipt.receiptId).toBe(id);
    expect(receipt.file).toMatchObject({ name: FILE_NAME, sha256: sha256(FILE), size: FILE.length, mediaType: 'application/pdf' });
    expect(fs.readFileSync(tokenFile).equals(Buffer.from(receipt.timestamp.token, 'base64'))).toBe(true);
    const verify = execFileSync('openssl', ['ts', '-verify', '-data', evidenceFile, '-in', tokenFile, '-token_in', '-CAfile', caCertFile, '-untrusted', tsaCertFile], { encoding: 'utf8' });
    expect(verify).toContain('Verification: OK');
    fs.writeFileSync(path.join(work, 'tampered.pdf'), Buffer.concat([FILE, Buffer.from(' ')]));
    const tampered = spawnSync('openssl', ['ts', '-verify', '-data', path.join(work, 'tampered.pdf'), '-in', tokenFile, '-token_in', '-CAfile', caCertFile, '-untrusted', tsaCertFile], { encoding: 'utf8' });
    expect(tampered.status).not.toBe(0);
    expect(execFileSync('openssl', ['dgst', '-sm3', '-r', evidenceFile], { encoding: 'utf8' }).split(' ')[0]).toBe(receipt.file.sm3);
    // And the CLI checks everything else (entry, inclusion proof, checkpoint signatures, token binding) offline.
    const cli = spawnSync('npx', ['zhibao', 'ledger', 'verify-receipt', receiptFile, evidenceFile], { encoding: 'utf8', cwd: process.cwd(), env: { ...process.env, ZHIBAO_DATA_DIR: work } });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    const cliTampered = spawnSync('npx', ['zhibao', 'ledger', 'verify-receipt', receiptFile, path.join(work, 'tampered.pdf')], { encoding: 'utf8', cwd: process.cwd(), env: { ...process.env, ZHIBAO_DATA_DIR: work } });
    expect(cliTampered.status).not.toBe(0);

    // ── The list shows it; English pages too ────────────────────────────────────────────
    await switchLanguage(page, 'en');
    lang = 'en';
    await expectH1(page, t('evidence.receipt.title'));
    await visible(page.getByRole('link', { name: t('evidence.receipt.downloadReceipt'), exact: true }));
    await checkPage(page, 'evidence-06-receipt-en');
    await page.getByRole('link', { name: t('evidence.receipt.back'), exact: true }).click();
    await expectPath(page, '/evidence');
    await visible(page.getByRole('link', { name: FILE_NAME, exact: true }));
    await visible(page.getByText(t('evidence.status.preserved'), { exact: true }));
    await checkPage(page, 'evidence-07-list-en');
    await page.getByRole('link', { name: t('evidence.list.new'), exact: true }).click();
    await expectH1(page, t('evidence.new.title'));
    await page.getByRole('radio', { name: t('evidence.method.notarised_copy'), exact: true }).check();
    await visible(page.getByLabel(t('evidence.new.certificateNumber'), { exact: true }));
    await checkPage(page, 'evidence-08-upload-notarised-en');

    expect(problems.pageErrors).toEqual([]);
  });
});
