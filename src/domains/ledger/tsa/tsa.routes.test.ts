import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../platform/config';
import type { Platform } from '../../../platform/http/context';
import { createBaseApp } from '../../../platform/http/base-app';
import { routeRegistry } from '../../../platform/http/route';
import { ExternalTsaClient } from './external-client';
import type { TsaSigner } from './signer';
import { parseTimeStampResp } from './token';
import { registerTsaRoutes, TSA_BODY_LIMIT } from './tsa.routes';
import { embeddedSigner, OpensslDir } from './tsa.test-support';

const EVIDENCE = Buffer.from('served over HTTP\n');

let o: OpensslDir;
let signer: TsaSigner;
let app: ReturnType<typeof createBaseApp>;

/** The platform's base app (request id, problem responses) without a database: POST /tsa needs none. */
function baseApp() {
  const platform = { config: parseConfig({}), now: () => new Date() } as unknown as Platform;
  return createBaseApp(platform, { session: async () => null, token: async () => null, sessionCookie: 'zb_session' });
}

beforeAll(async () => {
  o = new OpensslDir();
  let pem;
  ({ signer, pem } = await embeddedSigner());
  o.write('ca.pem', pem.caPem);
  o.write('evidence.bin', EVIDENCE);
  app = baseApp();
  registerTsaRoutes(app, signer);
});
afterAll(() => o.remove());

const post = (body: Uint8Array | string, type = 'application/timestamp-query') =>
  app.request('/tsa', { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });

describe('POST /tsa (RFC 3161 over HTTP)', () => {
  it('answers an openssl ts -query with an application/timestamp-reply that openssl ts -verify -queryfile accepts', async () => {
    o.ok(['ts', '-query', '-data', 'evidence.bin', '-sha256', '-cert', '-out', 'req.tsq']);
    const res = await post(o.read('req.tsq'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
    expect(res.headers.get('cache-control')).toBe('no-store');
    o.write('resp.tsr', Buffer.from(await res.arrayBuffer()));
    const r = o.run(['ts', '-verify', '-queryfile', 'req.tsq', '-in', 'resp.tsr', '-CAfile', 'ca.pem']);
    expect(r.output).toContain('Verification: OK');
  });

  it('answers a malformed query with a rejection reply, not an HTTP error', async () => {
    const res = await post(Buffer.from('garbage'));
    expect(res.status).toBe(200);
    const reply = parseTimeStampResp(Buffer.from(await res.arrayBuffer()));
    expect(reply).toMatchObject({ status: 'rejection', failures: ['badDataFormat'] });
  });

  it('refuses another content type with a 415 problem document', async () => {
    const res = await post('{}', 'application/json');
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'request.unsupported_media_type', status: 415 });
  });

  it(`refuses a body over ${TSA_BODY_LIMIT} bytes with a 413 problem document`, async () => {
    const res = await post(Buffer.alloc(TSA_BODY_LIMIT + 1, 0x30));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'request.too_large' });
  });

  it('is registered as a public route and appears in the OpenAPI document', () => {
    expect(routeRegistry.find((r) => r.path === '/tsa')).toEqual({ method: 'POST', path: '/tsa', permission: 'public', operationId: 'timestamp' });
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '0' } });
    expect(Object.keys(doc.paths?.['/tsa']?.post?.requestBody && 'content' in doc.paths['/tsa'].post.requestBody ? doc.paths['/tsa'].post.requestBody.content : {})).toEqual(['application/timestamp-query']);
  });

  it('registers nothing when the platform uses an external TSA (there is no local signer to serve)', async () => {
    const other = baseApp();
    registerTsaRoutes(other, new ExternalTsaClient({ url: 'https://tsa.example.test/', caPem: '' }));
    const res = await other.request('/tsa', { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: new Uint8Array(createHash('sha256').digest()) });
    expect(res.status).toBe(404);
  });
});
