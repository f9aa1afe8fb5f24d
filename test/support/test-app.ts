import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/app';
import { createPlatform } from '../../src/platform/bootstrap';
import { parseConfig, type Config } from '../../src/platform/config';
import { rowsOf } from '../../src/platform/db/client';
import type { Platform } from '../../src/platform/http/context';
import { currentStep, totpAt } from '../../src/platform/security/totp';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET, ensureBaseData, seedDemo } from '../../src/seed';
import type { RegistrationBody } from './factories';

/**
 * One platform per test file: PGlite in memory by default; with `DATABASE_URL` set, a fresh
 * database `zhibao_t_<random>` on that server, dropped again in teardown. The app is driven
 * through `app.request()` (no socket), with a clock the tests control so that TOTP codes are
 * never replayed and throttling windows can be passed without waiting.
 */

/** 2026-03-02 09:00 in Shanghai: a Monday covered by the shipped holiday notices. */
export const DEFAULT_START = new Date('2026-03-02T01:00:00.000Z');
export const TEST_BASE_URL = 'http://zhibao.test';
export const TEST_SECRET_KEY = '5a'.repeat(32);

export class TestClock {
  private t: number;
  constructor(start: Date = DEFAULT_START) {
    this.t = start.getTime();
  }
  readonly now = (): Date => new Date(this.t);
  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
  set(date: Date): void {
    this.t = date.getTime();
  }
}

export interface Session {
  login: string;
  /** `zb_session=…`, ready for the Cookie header. */
  cookie: string;
  csrf: string;
  userId: string;
  roles: string[];
}

export interface RequestOptions {
  /** Sent as JSON (`content-type: application/json`); a string is sent as-is (still labelled JSON). */
  body?: unknown;
  cookie?: string;
  csrf?: string;
  token?: string;
  /** Shorthand for `cookie` + `csrf` of a session. */
  session?: Session;
  headers?: Record<string, string>;
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON (including problem+json), else the text. */
  body: T;
  /** Decoded without stripping a byte-order mark. */
  text: string;
  bytes: Uint8Array;
  setCookies: string[];
}

export interface TestAppOptions {
  /** Start of the controllable clock. */
  now?: Date;
  /** Extra configuration variables (as in the environment). */
  env?: Record<string, string>;
  /** Load the demo accounts (default true). */
  demo?: boolean;
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function startTestApp(opts: TestAppOptions = {}) {
  const clock = new TestClock(opts.now);
  const serverUrl = process.env.DATABASE_URL;
  let databaseName: string | undefined;
  let databaseUrl: string | undefined;
  if (serverUrl) {
    databaseName = `zhibao_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${databaseName}`);
    const u = new URL(serverUrl);
    u.pathname = `/${databaseName}`;
    databaseUrl = u.toString();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhibao-int-'));
  const dropDatabase = async () => {
    if (databaseName) await adminQuery(serverUrl!, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let config: Config;
  let opened: Platform | undefined;
  let app: ReturnType<typeof createApp>;
  try {
    config = parseConfig({
      ZHIBAO_DATA_DIR: dataDir,
      ZHIBAO_SECRET_KEY: TEST_SECRET_KEY,
      ZHIBAO_BASE_URL: TEST_BASE_URL,
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      ...opts.env,
    });
    opened = await createPlatform(config, { inMemory: !databaseUrl, now: clock.now });
    await ensureBaseData(opened);
    if (opts.demo !== false) await seedDemo(opened);
    app = createApp(opened);
  } catch (e) {
    // A failed start must not leave a database behind on the shared server.
    await opened?.database.close().catch(() => {});
    await dropDatabase();
    throw e;
  }
  const platform = opened;

  const passwords = new Map<string, string>();
  const totpSecrets = new Map<string, string>();
  for (const s of DEMO_STAFF) totpSecrets.set(s.login, DEMO_TOTP_SECRET);
  /** Every 5xx answered, with the request that caused it: no test input may produce one. */
  const serverErrors: string[] = [];

  async function request<T = any>(method: string, urlPath: string, o: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = {};
    const cookie = o.cookie ?? o.session?.cookie;
    const csrf = o.csrf ?? o.session?.csrf;
    if (cookie) headers.cookie = cookie;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, o.headers);
    const res = await app.request(urlPath, { method, headers, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const type = res.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (/json/.test(type) && text) parsed = JSON.parse(text);
    if (res.status >= 500) serverErrors.push(`${method} ${urlPath} ${body?.slice(0, 300) ?? ''} → ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, headers: res.headers, body: parsed as T, text, bytes, setCookies: res.headers.getSetCookie() };
  }

  function sessionCookieOf(res: TestResponse): string | undefined {
    for (const c of res.setCookies) {
      const m = /^zb_session=([^;]*)/.exec(c);
      if (m && m[1]) return `zb_session=${m[1]}`;
    }
    return undefined;
  }

  /** The current code of a known TOTP secret, at the test clock. */
  function totpFor(login: string): string {
    const secret = totpSecrets.get(login);
    if (!secret) throw new Error(`no TOTP secret known for ${login}`);
    return totpAt(secret, currentStep(clock.now()));
  }

  /**
   * Signs in through the API. Staff: the clock moves on one TOTP step first (so a code is never
   * replayed) and a first sign-in completes the enrolment with the secret it is given.
   */
  async function loginAs(login: string, o: { password?: string } = {}): Promise<Session> {
    clock.advance(30_000);
    const password = o.password ?? passwords.get(login) ?? DEMO_PASSWORD;
    const known = totpSecrets.get(login);
    const res = await request('POST', '/api/auth/login', {
      body: { username: login, password, ...(known ? { totp: totpFor(login) } : {}) },
    });
    if (res.status !== 200) throw new Error(`login ${login} answered ${res.status}: ${res.text}`);
    let cookie = sessionCookieOf(res);
    if (!cookie) throw new Error(`login ${login} set no session cookie`);
    if (res.body.status === 'totp_enrolment_required') {
      totpSecrets.set(login, res.body.secret);
      const enrol = await request('POST', '/api/auth/totp/enrol', { cookie, csrf: res.body.csrfToken, body: { totp: totpFor(login) } });
      if (enrol.status !== 200) throw new Error(`TOTP enrolment of ${login} answered ${enrol.status}: ${enrol.text}`);
      cookie = sessionCookieOf(enrol)!;
      return { login, cookie, csrf: enrol.body.csrfToken, userId: enrol.body.account.id, roles: enrol.body.account.roles };
    }
    const s = res.body.session;
    return { login, cookie, csrf: s.csrfToken, userId: s.account.id, roles: s.account.roles };
  }

  async function query<T = Record<string, unknown>>(statement: SQL): Promise<T[]> {
    return rowsOf<T>(await platform.db.execute(statement));
  }

  async function orgId(code: string): Promise<string> {
    const [row] = await query<{ id: string }>(sql`select id from organisations where code = ${code}`);
    if (!row) throw new Error(`no organisation ${code}`);
    return row.id;
  }

  async function userId(login: string): Promise<string> {
    const [row] = await query<{ id: string }>(sql`select id from users where login = ${login}`);
    if (!row) throw new Error(`no user ${login}`);
    return row.id;
  }

  /** Creates a staff (or system) account through the API as `admin`; its password is remembered for `loginAs`. */
  async function createStaff(admin: Session, input: { login: string; roles: string[]; orgCode: string; kind?: 'staff' | 'system'; displayName?: string }) {
    const password = `Staff-passw0rd-${input.login.length}x`;
    const res = await request('POST', '/api/users', {
      session: admin,
      body: { login: input.login, displayName: input.displayName ?? `测试 ${input.login}`, orgId: await orgId(input.orgCode), roles: input.roles, password, kind: input.kind ?? 'staff' },
    });
    if (res.status !== 201) throw new Error(`creating ${input.login} answered ${res.status}: ${res.text}`);
    passwords.set(input.login, password);
    return res.body.account as { id: string; login: string; version: number; roles: string[] };
  }

  /** Self-registration through the API; returns the signed-in session. */
  async function register(body: RegistrationBody) {
    const res = await request('POST', '/api/auth/register', { body });
    if (res.status !== 201) throw new Error(`registering ${body.login} answered ${res.status}: ${res.text}`);
    passwords.set(body.login, body.password);
    const session: Session = { login: body.login, cookie: sessionCookieOf(res)!, csrf: res.body.csrfToken, userId: res.body.account.id, roles: ['applicant'] };
    return { session, account: res.body.account, response: res };
  }

  async function close() {
    await platform.database.close();
    await dropDatabase();
  }

  return {
    platform,
    app,
    config,
    clock,
    engine: platform.database.engine,
    databaseName,
    passwords,
    totpSecrets,
    serverErrors,
    request,
    loginAs,
    totpFor,
    sessionCookieOf,
    query,
    orgId,
    userId,
    createStaff,
    register,
    close,
  };
}

/**
 * Registers the file's hooks: start in `beforeAll`, close in `afterAll`, and after each test
 * check that nothing answered 5xx. The returned object forwards to the running app.
 */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(opts);
  });
  afterAll(async () => {
    await current?.close();
  });
  afterEach(() => {
    if (!current) return;
    const errors = current.serverErrors.splice(0);
    expect(errors, 'requests answered with a server error').toEqual([]);
  });
  return new Proxy({} as TestApp, {
    get(_target, prop) {
      if (!current) throw new Error('the test app is not started yet (use it inside tests or hooks)');
      return current[prop as keyof TestApp];
    },
  });
}

/** Whether the tier runs against PostgreSQL (`DATABASE_URL` set). */
export const onPostgres = Boolean(process.env.DATABASE_URL);
