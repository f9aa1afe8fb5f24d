import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors';
import { RemoteProblem } from './io';
import { ServerClient } from './server-client';

function client(respond: (url: URL, init: RequestInit) => Response | Promise<Response>, token?: string) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetchFn = (async (url: URL, init: RequestInit) => {
    calls.push({ url, init });
    return respond(url, init);
  }) as unknown as typeof fetch;
  return { server: new ServerClient({ baseUrl: 'http://127.0.0.1:3999', token, dataDir: '/srv/data', holderPid: 77, fetch: fetchFn }), calls };
}

describe('the CLI talking to a running server', () => {
  it('sends the API token as a bearer token and JSON bodies as JSON', async () => {
    const { server, calls } = client(() => Response.json({ created: 1, updated: 0, total: 1 }), 'zb_secret');
    await expect(server.postJson('/api/orgs/import', { format: 'json', content: '[]' })).resolves.toEqual({ created: 1, updated: 0, total: 1 });
    const headers = calls[0].init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer zb_secret');
    expect(headers['content-type']).toBe('application/json');
    expect(calls[0].init.body).toBe('{"format":"json","content":"[]"}');
  });

  it('sends no authorization header without a token and leaves out undefined query values', async () => {
    const { server, calls } = client(() => Response.json({ date: '2025-10-10' }));
    await server.getJson('/api/calendar/add', { start: '2025-09-26', duration: '5wd', extra: undefined });
    expect(calls[0].url.toString()).toBe('http://127.0.0.1:3999/api/calendar/add?start=2025-09-26&duration=5wd');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('turns a problem document into the server’s zh/en text', async () => {
    const problem = { type: 'urn:zhibao:problem:auth.scope_missing', title: 't', status: 403, code: 'auth.scope_missing', detail: 'd', messages: { 'zh-CN': '令牌缺少所需权限范围：audit:read', en: 'The token lacks the required scope: audit:read' } };
    const { server } = client(() => new Response(JSON.stringify(problem), { status: 403, headers: { 'content-type': 'application/problem+json' } }));
    const error = await server.getJson('/api/audit').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteProblem);
    expect(error).toMatchObject({ code: 'auth.scope_missing', status: 403, messages: problem.messages });
  });

  it('says it does not understand a response that is no problem document', async () => {
    const { server } = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await server.getJson('/api/health').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'cli.server_response_invalid', params: { status: 502 } });
  });

  it('names the base URL and the process holding the data directory when the server cannot be reached', async () => {
    const { server } = client(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    const error = await server.getJson('/api/health').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cli.server_unreachable', params: { baseUrl: 'http://127.0.0.1:3999', pid: 77, dataDir: '/srv/data', reason: 'ECONNREFUSED' } });
  });
});
