import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { decodeEvidenceEntry, LocalDirStorage, type BlobStorage } from '../src/domains/evidence';
import type { Tsa } from '../src/domains/ledger/tsa';
import { verifyCheckpoint } from '../src/domains/ledger/crypto/checkpoint';
import { createNoteVerifier } from '../src/domains/ledger/crypto/note';
import { sm3 } from '../src/domains/ledger/crypto/sm3';
import { parseTlogProof, sha256Hasher, verifyInclusion } from '../src/domains/ledger/merkle';
import { EvidenceReceipt } from '../src/domains/ledger/receipt-format';
import { useTestApp, type Session } from './support/test-app';

/**
 * Evidence preservation end to end through the API (PGlite, or PostgreSQL with DATABASE_URL):
 * provenance first, then the streamed file, digests, RFC 3161 token, ledger entry and receipt;
 * the receipt checked with the ledger's own verifiers and with the OpenSSL CLI.
 */

const MAX = 64 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('evidence', () => {
  const t = useTestApp({ env: { ZHIBAO_EVIDENCE_MAX_BYTES: String(MAX) } });
  let acme: Session;
  let agent: Session;
  let officer: Session;
  let xuhuiOfficer: Session;
  let supervisor: Session;
  let zhang: Session;

  beforeAll(async () => {
    acme = await t.loginAs('acme');
    agent = await t.loginAs('agent.li');
    zhang = await t.loginAs('zhang.san');
    officer = await t.loginAs('officer.huangpu');
    xuhuiOfficer = await t.loginAs('officer.xuhui');
    supervisor = await t.loginAs('supervisor');
  });

  /** PUTs raw bytes (or a stream) as the file of an evidence record. */
  async function putContent(session: Session, id: string, content: Uint8Array | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) {
    const init: RequestInit & { duplex?: 'half' } = {
      method: 'PUT',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/octet-stream', ...headers },
      body: content as BodyInit | null,
    };
    if (content instanceof ReadableStream) init.duplex = 'half';
    const res = await t.app.request(`/api/evidence/${id}/content`, init);
    const text = await res.text();
    const body = text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    if (res.status >= 500) t.serverErrors.push(`PUT content ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, body, headers: res.headers };
  }

  async function record(session: Session, body: Record<string, unknown>) {
    return t.request('POST', '/api/evidence', { session, body: { fileName: 'contract.pdf', method: 'upload', ...body } });
  }

  async function upload(session: Session, content: Uint8Array, body: Record<string, unknown> = {}) {
    const created = await record(session, body);
    expect(created.status, created.text).toBe(201);
    const done = await putContent(session, created.body.id, content);
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    return done.body;
  }

  const rowOf = async (id: string) => (await t.query<Record<string, unknown>>(sql`select * from evidence where id = ${id}`))[0];

  it('records provenance before the file (status receiving), then preserves the uploaded file with digests, trusted time and a ledger index', async () => {
    const created = await record(acme, { fileName: '合同扫描件.pdf', declaredType: 'application/pdf', declaredSize: PDF.length });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'receiving', fileName: '合同扫描件.pdf', sha256: null, method: 'upload', links: { content: `/api/evidence/${created.body.id}/content` } });
    // Provenance is committed (and audited) before a byte of the file exists.
    const before = await rowOf(created.body.id);
    expect(before.status).toBe('receiving');
    expect(new Date(before.recorded_at as string).toISOString()).toBe(created.body.recordedAt);
    const [audit] = await t.query<{ action: string }>(sql`select action from audit_log where target_id = ${created.body.id} order by id`);
    expect(audit.action).toBe('evidence.record');

    const done = await putContent(acme, created.body.id, PDF);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      status: 'preserved',
      sha256: sha256(PDF),
      sm3: sm3(PDF).toString('hex'),
      size: PDF.length,
      mediaType: 'application/pdf',
      submitter: { userId: acme.userId, role: 'applicant', orgId: null },
      principal: null,
    });
    expect(done.body.ledger.index).toEqual(expect.any(Number));
    expect(done.body.timestamp.tsa).toBe('internal');
    expect(Date.parse(done.body.timestamp.genTime)).toBeGreaterThanOrEqual(Date.parse(done.body.recordedAt));
    // The entry in the database is the canonical evidence.preserved entry, without clear text.
    const row = await rowOf(created.body.id);
    const entry = decodeEvidenceEntry(row.entry as Uint8Array);
    expect(entry).toMatchObject({ type: 'evidence.preserved', evidenceId: created.body.id, file: { sha256: sha256(PDF), size: PDF.length, mediaType: 'application/pdf' } });
    expect(Buffer.from(row.entry as Uint8Array).toString('utf8')).not.toContain('合同');
    const actions = await t.query<{ action: string; outcome: string }>(sql`select action, outcome from audit_log where target_id = ${created.body.id} order by id`);
    expect(actions.map((a) => a.action)).toEqual(['evidence.record', 'evidence.preserve']);
    // Stored byte for byte.
    const file = await t.request('GET', `/api/evidence/${created.body.id}/file`, { session: acme });
    expect(file.status).toBe(200);
    expect(Buffer.from(file.bytes).equals(PDF)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%90%88%E5%90%8C");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('issues a receipt that matches the schema, whose inclusion proof and checkpoint verify and whose token OpenSSL accepts', async () => {
    const content = Buffer.from('网页截图说明：商品页面于 2026-03-02 截取。\nscreenshot notes\n', 'utf8');
    const done = await upload(acme, content, { fileName: 'notes.txt', method: 'web_capture', webCapture: { url: 'https://shop.example.com/item/42', captureLog: 'GET https://shop.example.com/item/42 200\nscreenshot saved' } });
    expect(done.mediaType).toBe('text/plain');
    const res = await t.request('GET', `/api/evidence/${done.id}/receipt`, { session: acme });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="zhibao-receipt-${done.id}.json"`);
    const receipt = EvidenceReceipt.parse(res.body);
    expect(receipt.file).toEqual({ name: 'notes.txt', sha256: sha256(content), sm3: sm3(content).toString('hex'), size: content.length, mediaType: 'text/plain' });
    expect(receipt.log.index).toBe(done.ledger.index);

    // The entry: canonical, the right digests; web capture facts only as digests.
    const entryBytes = Buffer.from(receipt.entry, 'base64');
    const entry = decodeEvidenceEntry(entryBytes);
    expect(entry.provenance.method).toBe('web_capture');
    expect(entry.provenance.details.urlSha256).toBe(sha256(Buffer.from('https://shop.example.com/item/42')));
    expect(entryBytes.toString('utf8')).not.toContain('shop.example.com');
    expect(entry.timestamp.tokenSha256).toBe(sha256(Buffer.from(receipt.timestamp.token, 'base64')));

    // Leaf hash, inclusion proof, checkpoint signatures (with the receipt's keys and with the published ones).
    const leafHash = sha256Hasher.hashLeaf(entryBytes);
    expect(Buffer.from(receipt.log.leafHash, 'base64').equals(leafHash)).toBe(true);
    const proof = parseTlogProof(receipt.tlogProof);
    expect(proof.index).toBe(receipt.log.index);
    const published = (await t.request('GET', '/api/ledger/vkeys')).text.trim().split('\n');
    expect(receipt.verifierKeys).toEqual(published);
    const { checkpoint, note } = verifyCheckpoint(proof.checkpoint, published.map((k) => createNoteVerifier(k)), { origin: receipt.log.origin });
    expect(note.signatures).toHaveLength(2);
    expect(verifyInclusion(sha256Hasher, proof.index, checkpoint.size, leafHash, proof.proof, checkpoint.rootHash)).toEqual({ ok: true });

    // OpenSSL as the independent verifier, exactly as docs/evidence.md tells a reader to run it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-evidence-'));
    try {
      fs.writeFileSync(path.join(dir, 'notes.txt'), content);
      fs.writeFileSync(path.join(dir, 'token.tsr'), Buffer.from(receipt.timestamp.token, 'base64'));
      fs.writeFileSync(path.join(dir, 'tsa.pem'), receipt.timestamp.certificates[0]);
      fs.writeFileSync(path.join(dir, 'tsa-ca.pem'), receipt.timestamp.certificates.slice(1).join(''));
      const out = execFileSync('openssl', ['ts', '-verify', '-data', 'notes.txt', '-in', 'token.tsr', '-token_in', '-CAfile', 'tsa-ca.pem', '-untrusted', 'tsa.pem'], { cwd: dir, encoding: 'utf8' });
      expect(out).toContain('Verification: OK');
      // And it fails for other bytes.
      fs.writeFileSync(path.join(dir, 'other.txt'), 'not the evidence');
      const bad = spawnSync('openssl', ['ts', '-verify', '-data', 'other.txt', '-in', 'token.tsr', '-token_in', '-CAfile', 'tsa-ca.pem', '-untrusted', 'tsa.pem'], { cwd: dir, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
      // The file's digests with openssl dgst too.
      expect(execFileSync('openssl', ['dgst', '-sm3', '-r', 'notes.txt'], { cwd: dir, encoding: 'utf8' }).split(' ')[0]).toBe(receipt.file.sm3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await t.query(sql`select 1 from audit_log where action = 'evidence.receipt' and target_id = ${done.id}`)).length).toBe(1);
  });

  it('gives the public receipt only to a caller presenting the file’s SHA-256', async () => {
    const content = Buffer.from('public receipt check\n');
    const done = await upload(acme, content, { fileName: 'p.txt' });
    const ok = await t.request('GET', `/api/public/evidence/${done.id}/receipt?sha256=${sha256(content)}`);
    expect(ok.status).toBe(200);
    expect(EvidenceReceipt.parse(ok.body).receiptId).toBe(done.id);
    expect(done.links.publicReceipt).toBe(`http://zhibao.test/api/public/evidence/${done.id}/receipt?sha256=${sha256(content)}`);
    const wrong = await t.request('GET', `/api/public/evidence/${done.id}/receipt?sha256=${sha256(Buffer.from('other'))}`);
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe('not_found');
    const malformed = await t.request('GET', `/api/public/evidence/${done.id}/receipt?sha256=XYZ`);
    expect(malformed.status).toBe(400);
  });

  it('lets an agent upload for a principal who authorised him; both see it, nobody else does', async () => {
    const content = Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(100), 'latin1');
    const done = await upload(agent, content, { fileName: 'shot.png', actingFor: acme.userId, method: 'device', device: { description: 'iPhone 15 相册导出' } });
    expect(done).toMatchObject({ mediaType: 'image/png', principal: { userId: acme.userId, displayName: '上海示例科技有限公司' }, submitter: { userId: agent.userId } });
    const entry = decodeEvidenceEntry(Buffer.from((await rowOf(done.id)).entry as Uint8Array));
    expect(entry.provenance.details).toEqual({ descriptionSha256: sha256(Buffer.from('iPhone 15 相册导出')), principalId: acme.userId });
    expect((await t.request('GET', `/api/evidence/${done.id}`, { session: acme })).status).toBe(200);
    expect((await t.request('GET', `/api/evidence/${done.id}`, { session: agent })).status).toBe(200);
    const listed = await t.request('GET', '/api/evidence?limit=200', { session: acme });
    expect(listed.body.items.map((e: { id: string }) => e.id)).toContain(done.id);
    // Out of reach: another applicant, and staff (applicants' standalone preservations are private).
    for (const s of [zhang, officer, supervisor]) {
      const res = await t.request('GET', `/api/evidence/${done.id}`, { session: s });
      expect(res.status, s.login).toBe(404);
      expect((await t.request('GET', `/api/evidence/${done.id}/receipt`, { session: s })).status).toBe(404);
      expect((await t.request('GET', `/api/evidence/${done.id}/file`, { session: s })).status).toBe(404);
    }
    const denied = await t.query(sql`select 1 from audit_log where target_id = ${done.id} and outcome = 'denied'`);
    expect(denied.length).toBeGreaterThanOrEqual(9);
    // An applicant who did not authorise him is refused.
    const refused = await record(agent, { actingFor: zhang.userId });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('evidence.principal_not_represented');
  });

  it('lets an officer upload; his organisation’s reach sees it, another district does not', async () => {
    const content = Buffer.from('{"complaint": 1, "items": [1, 2]}\n');
    const done = await upload(officer, content, { fileName: 'complaint.json', method: 'notarised_copy', notarisedCopy: { notaryOffice: '上海市东方公证处', certificateNumber: '(2026)沪东证经字第123号' } });
    expect(done).toMatchObject({ mediaType: 'application/json', submitter: { role: 'case_officer', orgId: await t.orgId('sh-huangpu-ipo') } });
    expect(done.provenance.notarisedCopy.certificateNumber).toBe('(2026)沪东证经字第123号');
    expect((await t.request('GET', `/api/evidence/${done.id}`, { session: supervisor })).status).toBe(200);
    expect((await t.request('GET', `/api/evidence/${done.id}`, { session: xuhuiOfficer })).status).toBe(404);
    expect((await t.request('GET', `/api/evidence/${done.id}`, { session: acme })).status).toBe(404);
    const mine = await t.request('GET', `/api/evidence?status=preserved&sha256=${sha256(content)}`, { session: officer });
    expect(mine.body.items.map((e: { id: string }) => e.id)).toEqual([done.id]);
    const theirs = await t.request('GET', '/api/evidence', { session: xuhuiOfficer });
    expect(theirs.body.items.map((e: { id: string }) => e.id)).not.toContain(done.id);
  });

  it('refuses a file over the limit with 413 while streaming, keeping no bytes and only a failed row', async () => {
    const created = await record(acme, { fileName: 'big.bin' });
    const chunk = new Uint8Array(16 * 1024).fill(7);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= MAX * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await putContent(acme, created.body.id, stream);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('evidence.too_large');
    expect(res.body.messages['zh-CN']).toContain(String(MAX));
    const row = await rowOf(created.body.id);
    expect(row).toMatchObject({ status: 'failed', failure_code: 'evidence.too_large', sha256: null, entry: null });
    expect(fs.existsSync(path.join(t.config.dataDir, 'evidence', created.body.id.slice(0, 2), created.body.id))).toBe(false);
    const leftovers = fs.existsSync(path.join(t.config.dataDir, 'evidence', created.body.id.slice(0, 2)))
      ? fs.readdirSync(path.join(t.config.dataDir, 'evidence', created.body.id.slice(0, 2))).filter((f) => f.includes(created.body.id))
      : [];
    expect(leftovers).toEqual([]);
    // A declared Content-Length over the limit is refused before reading; so is a declared size at step 1.
    const second = await record(acme, { fileName: 'big2.bin' });
    const early = await putContent(acme, second.body.id, new Uint8Array(MAX + 1));
    expect(early.status).toBe(413);
    const declared = await record(acme, { fileName: 'big3.bin', declaredSize: MAX + 1 });
    expect(declared.status).toBe(413);
    // The failed record says why and accepts no second attempt.
    const again = await putContent(acme, created.body.id, Buffer.from('small'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('evidence.upload_failed_before');
    const detail = await t.request('GET', `/api/evidence/${created.body.id}`, { session: acme, headers: { 'accept-language': 'en' } });
    expect(detail.body.failure.messages.en).toContain(`${MAX} bytes`);
  });

  it('refuses an empty file and a second upload of a preserved record', async () => {
    const created = await record(acme, { fileName: 'empty.txt' });
    const res = await putContent(acme, created.body.id, new Uint8Array(0));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('evidence.empty');
    expect((await rowOf(created.body.id)).status).toBe('failed');
    const done = await upload(acme, Buffer.from('once'));
    const twice = await putContent(acme, done.id, Buffer.from('twice'));
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('evidence.already_preserved');
    // Only the submitter uploads: the principal sees the agent's receiving record but cannot fill it.
    const agentRecord = await record(agent, { actingFor: acme.userId });
    const byPrincipal = await putContent(acme, agentRecord.body.id, Buffer.from('x'));
    expect(byPrincipal.status).toBe(409);
    expect(byPrincipal.body.code).toBe('evidence.not_submitter');
    // Provenance goes stale: a file arriving more than an hour later needs a new record.
    const stale = await record(acme, { fileName: 'late.txt' });
    t.clock.advance(61 * 60_000);
    const late = await putContent(acme, stale.body.id, Buffer.from('late'));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('evidence.upload_expired');
    expect((await rowOf(stale.body.id)).status).toBe('failed');
  });

  it('answers wrong provenance fields with a specific 400 in both languages and records nothing', async () => {
    const [{ n: before }] = await t.query<{ n: number }>(sql`select count(*)::int as n from evidence`);
    const missing = await record(acme, { method: 'web_capture' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('evidence.method_fields');
    expect(missing.body.messages['zh-CN']).toContain('webCapture');
    expect(missing.body.messages.en).toContain('needs: webCapture');
    const extra = await record(acme, { method: 'upload', device: { description: 'a phone' } });
    expect(extra.body.code).toBe('evidence.method_fields');
    expect(extra.body.messages.en).toContain('must not have: device');
    const badUrl = await record(acme, { method: 'web_capture', webCapture: { url: 'ftp://x.example.com/a', captureLog: 'log' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.code).toBe('validation.failed');
    const badName = await record(acme, { fileName: '../etc/passwd' });
    expect(badName.status).toBe(400);
    const caseKind = await record(acme, { belongsTo: { kind: 'case', caseId: '7d3c4d1e-6d7e-4a43-9c1d-1b2f3a4b5c6d' } });
    expect(caseKind.status).toBe(400);
    expect(caseKind.body.code).toBe('evidence.case_unavailable');
    expect(caseKind.body.messages.en).toContain('Case filing is not available yet');
    const unknownMethod = await record(acme, { method: 'telepathy' });
    expect(unknownMethod.status).toBe(400);
    const [{ n: after }] = await t.query<{ n: number }>(sql`select count(*)::int as n from evidence`);
    expect(after).toBe(before);
  });

  it('keeps roles without the permission out and answers unknown ids with 404', async () => {
    const auditor = await t.loginAs('auditor');
    expect((await record(auditor, {})).status).toBe(403);
    expect((await t.request('GET', '/api/evidence', { session: auditor })).status).toBe(403);
    expect((await t.request('GET', '/api/evidence/7d3c4d1e-6d7e-4a43-9c1d-1b2f3a4b5c6d', { session: acme })).status).toBe(404);
    expect((await putContent(acme, '7d3c4d1e-6d7e-4a43-9c1d-1b2f3a4b5c6d', Buffer.from('x'))).status).toBe(404);
    expect((await t.request('GET', '/api/evidence/not-a-uuid', { session: acme })).status).toBe(400);
  });

  it('marks the record failed with a clear 503 and removes the stored bytes when time-stamping or storage fails', async () => {
    const storage = new LocalDirStorage(path.join(t.config.dataDir, 'evidence'));
    const downTsa: Tsa = {
      kind: 'external',
      timestamp: async () => {
        throw new Error('TSA unreachable');
      },
      certificatesPem: () => ({ ca: '', tsa: '' }),
    };
    const failingStorage: BlobStorage = {
      kind: 's3',
      put: async (_key, source) => {
        for await (const _chunk of source) throw new (await import('../src/domains/evidence/storage')).StorageError('bucket unreachable');
      },
      get: async () => {
        throw new Error('unused');
      },
      delete: async () => {},
      exists: async () => false,
    };
    for (const [deps, code] of [
      [{ timestamping: downTsa, evidenceStorage: storage }, 'evidence.tsa_unavailable'],
      [{ evidenceStorage: failingStorage }, 'evidence.storage_failed'],
    ] as const) {
      const app = createApp(t.platform, deps);
      const created = await record(acme, { fileName: 'x.txt' });
      const res = await app.request(`/api/evidence/${created.body.id}/content`, {
        method: 'PUT',
        headers: { cookie: acme.cookie, 'x-csrf-token': acme.csrf, 'accept-language': 'en' },
        body: Buffer.from('some evidence'),
      });
      const body = await res.json();
      expect(res.status, code).toBe(503);
      expect(body.code).toBe(code);
      expect(body.messages.en).toMatch(/unavailable/);
      expect(body.messages['zh-CN']).toMatch(/暂时不可用/);
      expect(await rowOf(created.body.id)).toMatchObject({ status: 'failed', failure_code: code, entry: null });
      expect(await storage.exists(created.body.id)).toBe(false);
      const [audit] = await t.query<{ outcome: string }>(sql`select outcome from audit_log where target_id = ${created.body.id} and action = 'evidence.upload'`);
      expect(audit.outcome).toBe('failed');
    }
  });

  it('keeps a preserved record fixed in the database', async () => {
    const done = await upload(acme, Buffer.from('fixed'));
    const failure = (p: Promise<unknown>) => p.then(() => 'succeeded', (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`);
    expect(await failure(t.query(sql`update evidence set sha256 = ${'0'.repeat(64)} where id = ${done.id}`))).toMatch(/is fixed/);
    expect(await failure(t.query(sql`delete from evidence where id = ${done.id}`))).toMatch(/cannot be deleted/);
    // A later case may still claim it (kind and case id are not part of the preserved facts).
    expect(await failure(t.query(sql`update evidence set updated_at = now() where id = ${done.id}`))).toBe('succeeded');
  });

  it('publishes the routes with their schemas in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    for (const p of ['/api/evidence', '/api/evidence/{id}', '/api/evidence/{id}/content', '/api/evidence/{id}/file', '/api/evidence/{id}/receipt', '/api/public/evidence/{id}/receipt']) expect(doc.paths[p], p).toBeDefined();
    expect(doc.components.schemas.EvidenceReceipt).toBeDefined();
    expect(doc.components.schemas.EvidenceCreate).toBeDefined();
  });
});
