import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { journalLength } from '../src/platform/db/client';
import { errorSpec, errorText, registeredErrorCodes } from '../src/platform/errors';
import { routeRegistry } from '../src/platform/http/route';
import { DEMO_PASSWORD } from '../src/seed';
import { createRng } from './support/factories';
import { BodyFuzzer, type OpenApiDoc } from './support/fuzz';
import { onPostgres, useTestApp, type TestResponse } from './support/test-app';

/** Every error answer is an RFC 9457 problem document with a stable code and both languages. */
function expectProblem(res: TestResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:zhibao:problem:${code}`, status, code });
  expect(typeof res.body.title).toBe('string');
  expect(res.body.title.length).toBeGreaterThan(0);
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(res.body.messages.en).toMatch(/^[\x20-\x7e\u2018-\u201d\u2013\u2014…]+$/);
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
}

describe('HTTP API', () => {
  const t = useTestApp({ env: { ZHIBAO_BODY_LIMIT_BYTES: '8192' } });

  describe('problems', () => {
    it('answers an unknown /api route with 404 route.not_found as a problem document', async () => {
      const res = await t.request('GET', '/api/x');
      expectProblem(res, 404, 'route.not_found');
      expect(res.body.instance).toBe('/api/x');
      expect(res.body.messages.en).toBe('No such endpoint: GET /api/x');
      expect(res.body.detail).toBe(res.body.messages['zh-CN']);
      expectProblem(await t.request('DELETE', '/api/health'), 404, 'route.not_found');
    });

    it('answers in English with Accept-Language: en, and in Chinese by default', async () => {
      const en = await t.request('GET', '/api/x', { headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } });
      expect(en.body.detail).toBe('No such endpoint: GET /api/x');
      expect(en.body.title).toBe('No such endpoint');
      const zh = await t.request('GET', '/api/x', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
      expect(zh.body.detail).toBe('没有这个接口：GET /api/x');
      expect((await t.request('GET', '/api/x?lang=en')).body.detail).toBe(en.body.detail);
      expect((await t.request('GET', '/api/x', { headers: { cookie: 'zb_lang=en' } })).body.detail).toBe(en.body.detail);
    });

    it('keeps the client’s request id', async () => {
      const res = await t.request('GET', '/api/x', { headers: { 'x-request-id': 'trace-4711' } });
      expect(res.headers.get('x-request-id')).toBe('trace-4711');
      expect(res.body.requestId).toBe('trace-4711');
    });

    it('answers malformed JSON with 400 request.malformed_json', async () => {
      const res = await t.request('POST', '/api/auth/login', { body: '{"username": "acme", "password": ' });
      expectProblem(res, 400, 'request.malformed_json');
      expect(res.body.messages.en).toBe('The request body is not valid JSON');
    });

    it('answers invalid fields with 400 validation.failed naming each field in both languages', async () => {
      const res = await t.request('POST', '/api/auth/login', { body: { username: '', totp: '12ab' } });
      expectProblem(res, 400, 'validation.failed');
      const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['password', 'totp', 'username']);
      const totp = res.body.errors.find((e: { path: string }) => e.path === 'totp');
      expect(totp.messages).toEqual({ 'zh-CN': '动态码为 6 位数字', en: 'the code has 6 digits' });
      expect(res.body.messages.en).toContain('totp the code has 6 digits');
    });

    it(`refuses a body larger than ZHIBAO_BODY_LIMIT_BYTES with 413 request.too_large`, async () => {
      expect(t.config.ZHIBAO_BODY_LIMIT_BYTES).toBe(8192);
      const res = await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: 'x'.repeat(9000) } });
      expectProblem(res, 413, 'request.too_large');
      expect(res.body.messages.en).toContain('8192');
      // Declared length or not, the limit holds; just under it the request is read.
      const under = await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: 'x'.repeat(150) } });
      expect(under.status).toBe(401);
    });

    it('refuses a body that is not JSON on a JSON route with 415 request.unsupported_media_type', async () => {
      const res = await t.request('POST', '/api/auth/login', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
      expectProblem(res, 415, 'request.unsupported_media_type');
      expect(res.body.messages.en).toBe('Unsupported content type: text/plain');
      const form = await t.request('POST', '/api/auth/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expectProblem(form, 415, 'request.unsupported_media_type');
    });

    it('defines every problem code in both languages', () => {
      const codes = registeredErrorCodes();
      expect(codes).toEqual(expect.arrayContaining(['route.not_found', 'request.malformed_json', 'request.too_large', 'request.unsupported_media_type', 'auth.csrf_invalid', 'calendar.out_of_range', 'ids.uscc.check_char']));
      for (const code of codes) {
        expect(errorText(code, 'zh-CN'), code).toMatch(/[\u4e00-\u9fff]/);
        expect(errorText(code, 'en'), code).toMatch(/[A-Za-z]{3}/);
        expect(errorSpec(code).status, code).toBeGreaterThanOrEqual(400);
      }
    });
  });

  describe('health and documentation', () => {
    it('reports the database engine and a migration level equal to the migrations shipped', async () => {
      const res = await t.request('GET', '/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'ok', engine: onPostgres ? 'postgres' : 'pglite' });
      expect(res.body.migrationLevel).toBe(res.body.migrationsExpected);
      expect(res.body.migrationsExpected).toBe(journalLength());
      expect(res.body.migrationsExpected).toBeGreaterThanOrEqual(2);
      expect(res.body.time).toBe(t.clock.now().toISOString());
    });

    it('lists every registered route in /api/openapi.json with its permission', async () => {
      const res = await t.request('GET', '/api/openapi.json');
      expect(res.status).toBe(200);
      const doc = res.body as OpenApiDoc & { openapi: string };
      expect(doc.openapi).toBe('3.1.0');
      const missing = routeRegistry.filter((r) => !doc.paths[r.path]?.[r.method.toLowerCase()]);
      expect(missing).toEqual([]);
      for (const r of routeRegistry) {
        const op = doc.paths[r.path][r.method.toLowerCase()] as { description?: string; operationId?: string };
        expect(op.description, `${r.method} ${r.path}`).toContain(`Permission: \`${r.permission}\``);
        expect(op.operationId).toBe(r.operationId);
      }
      const operations = Object.values(doc.paths).flatMap((p) => Object.keys(p));
      expect(operations).toHaveLength(routeRegistry.length);
    });

    it('keeps one registry entry per route when a second app is built in the same process', () => {
      const before = routeRegistry.map((r) => `${r.method} ${r.path} ${r.permission}`);
      createApp(t.platform);
      expect(routeRegistry.map((r) => `${r.method} ${r.path} ${r.permission}`)).toEqual(before);
    });

    it('serves a readable reference page', async () => {
      const res = await t.request('GET', '/api/docs');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toContain('/api/auth/login');
    });
  });

  describe('robustness', () => {
    it('never answers 5xx to random bodies on any POST, PATCH or PUT route, nor to random queries on GET routes, as administrator', async () => {
      const rng = createRng(0x5eed09);
      const admin = await t.loginAs('admin');
      // Records the fuzzer may change freely: a staff member and an organisation of its own.
      const victim = await t.createStaff(admin, { login: 'fuzz.victim', roles: ['case_officer'], orgCode: 'sh-huangpu-ipo' });
      const org = (await t.request('POST', '/api/orgs', { session: admin, body: { code: 'fuzz-body', nameZh: '模糊测试机构', nameEn: 'Fuzz body', kind: 'other' } })).body;
      const spare = await t.loginAs('admin');
      const doc = (await t.request('GET', '/api/openapi.json')).body as OpenApiDoc;
      const fuzzer = new BodyFuzzer(rng, doc, [victim.id, org.id]);

      const bodiesPerRoute = 30;
      let sent = 0;
      const malformedProblems: string[] = [];
      for (const r of routeRegistry) {
        const op = doc.paths[r.path][r.method.toLowerCase()];
        const schema = op.requestBody?.content['application/json']?.schema;
        const writes = ['POST', 'PATCH', 'PUT'].includes(r.method);
        const runs = writes ? bodiesPerRoute : r.method === 'GET' ? 10 : 3;
        for (let i = 0; i < runs; i++) {
          const path = r.path.replace(/\{(\w+)\}/g, (_, name: string) => fuzzer.pathParam(name)) + (r.method === 'GET' ? fuzzer.query(op.parameters) : '');
          // Signing out as the administrator would end the fuzzing session: the spare one signs out.
          const session = r.path === '/api/auth/logout' ? spare : admin;
          const res = await t.request(r.method, path, { session, body: writes ? fuzzer.body(schema) : undefined });
          sent++;
          if (res.status >= 400 && (!/problem\+json/.test(res.headers.get('content-type') ?? '') || !res.body?.code || !res.body?.messages?.en))
            malformedProblems.push(`${r.method} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
      expect(sent).toBeGreaterThan(500);
      expect(t.serverErrors).toEqual([]);
      expect(malformedProblems).toEqual([]);
      // The session the fuzzer used is intact (no input signed it out or disabled it).
      expect((await t.request('GET', '/api/auth/me', { session: admin })).status).toBe(200);
    });

    it('still signs in after the fuzzing', async () => {
      t.clock.advance(t.config.ZHIBAO_LOGIN_WINDOW_MINUTES * 60_000 + 1000);
      const res = await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: DEMO_PASSWORD } });
      expect(res.status).toBe(200);
    });
  });
});
