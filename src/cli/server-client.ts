import { DomainError } from '../platform/errors';
import { RemoteProblem } from './io';

/**
 * The running server, reached over HTTP when it holds the PGlite data directory. Problem
 * responses become `RemoteProblem`s carrying the server's own zh/en text.
 */
export interface ServerClientOptions {
  baseUrl: string;
  token?: string;
  /** For the "cannot reach" message. */
  dataDir: string;
  holderPid: number;
  fetch?: typeof fetch;
}

export class ServerClient {
  private readonly fetchFn: typeof fetch;

  constructor(readonly opts: ServerClientOptions) {
    this.fetchFn = opts.fetch ?? fetch;
  }

  async getJson<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
    return (await this.request('GET', path, { query })).json() as Promise<T>;
  }

  async postJson<T>(path: string, body: unknown): Promise<T> {
    return (await this.request('POST', path, { body })).json() as Promise<T>;
  }

  /** The response of a successful request (2xx); anything else is thrown. */
  async request(method: 'GET' | 'POST', path: string, opts: { query?: Record<string, string | undefined>; body?: unknown } = {}): Promise<Response> {
    const url = new URL(`${this.opts.baseUrl}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json, text/csv', 'user-agent': 'zhibao-cli' };
    if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchFn(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new DomainError('cli.server_unreachable', {
        baseUrl: this.opts.baseUrl,
        dataDir: this.opts.dataDir,
        pid: this.opts.holderPid,
        reason: cause?.code ?? cause?.message ?? (e as Error).message,
      });
    }
    if (res.ok) return res;
    throw await problemOf(res, this.opts.baseUrl);
  }
}

async function problemOf(res: Response, baseUrl: string): Promise<Error> {
  const text = await res.text().catch(() => '');
  try {
    const p = JSON.parse(text) as { code?: unknown; messages?: { 'zh-CN'?: unknown; en?: unknown } };
    if (typeof p.code === 'string' && typeof p.messages?.['zh-CN'] === 'string' && typeof p.messages.en === 'string') {
      return new RemoteProblem(p.code, res.status, { 'zh-CN': p.messages['zh-CN'], en: p.messages.en });
    }
  } catch {
    /* not a problem document */
  }
  return new DomainError('cli.server_response_invalid', { baseUrl, status: res.status });
}
