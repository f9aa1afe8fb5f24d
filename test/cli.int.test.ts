import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { totpAt } from '../src/platform/security/totp';
import { DEMO_TOTP_SECRET } from '../src/seed';

/**
 * The real `zhibao` command (bin/zhibao.mjs) run as a child process: against a temporary PGlite
 * data directory, or — when DATABASE_URL is set — against a fresh PostgreSQL database created
 * for this file and dropped afterwards.
 *
 * Every CLI start costs a second or more (and opening PGlite as much again), so independent
 * sequences of commands run side by side in the background, started in `beforeAll`; each test
 * awaits the run it checks. Commands within a sequence run in order.
 */

// A test waits for its command and for those queued before it in its sequence; on a busy machine that adds up.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/zhibao.mjs');
const PG_URL = process.env.DATABASE_URL;
const onPostgres = PG_URL !== undefined && PG_URL !== '';
const HTTP_SCOPES = 'orgs:write,orgs:read,users:write,calendar:write,audit:read';
// The CLI names the operating-system account in the audit log.
const OS_USER = os.userInfo().username;
const MIGRATIONS = (JSON.parse(await readFile(path.join(ROOT, 'migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

type Env = Record<string, string>;

/** The child's environment: none of this process's Zhibao settings, only those given. */
function childEnv(env: Env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(ZHIBAO_|DATABASE_URL$|PORT$|HOST$|MAIL_|LOG_LEVEL$)/.test(k)) continue;
    clean[k] = v;
  }
  return { ...clean, TZ: 'Asia/Shanghai', USER: OS_USER, LOG_LEVEL: 'warn', ...env };
}

function run(command: string, args: string[], env: Env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const zhibao = (args: string[], env: Env) => run(process.execPath, [BIN, ...args], env);

/** Runs the steps one after another once `after` settles; each step's promise is handed out at once. */
function sequence<K extends string>(after: Promise<unknown>, steps: [K, () => Promise<Run>][]): Record<K, Promise<Run>> {
  const results = {} as Record<K, Promise<Run>>;
  let previous: Promise<unknown> = after;
  for (const [key, step] of steps) {
    const result = previous.then(step);
    result.catch(() => {}); // awaited (and reported) by its test
    results[key] = result;
    previous = result.catch(() => {});
  }
  return results;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface RunningServer {
  baseUrl: string;
  child: ChildProcess;
  pid: number;
  output: () => string;
}

async function startServer(env: Env): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Its own process group, so stopping it reaches npx, tsx and the server alike.
  const child = spawn('npx', ['tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1', ZHIBAO_DEMO: 'false' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, child, pid: child.pid!, output: () => output };
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  process.kill(-server.pid, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (server.child.exitCode === null) process.kill(-server.pid, 'SIGKILL');
}

/** A notice for 2027 for tests only — invented dates, not the real arrangement. */
const NOTICE_2027 = {
  year: 2027,
  noticeTitle: '国务院办公厅关于2027年部分节假日安排的通知',
  sourceUrl: 'https://www.gov.cn/zhengce/content/202611/content_0000000.htm',
  publishedOn: null,
  holidays: [{ name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
};

let root: string;
let files: Record<'orgsJson' | 'orgsCsv' | 'badParent' | 'notice' | 'auditCsv', string>;
let pgAdmin: pg.Client | undefined;
let database: string | undefined;
let base: Record<'migrate' | 'seed', Promise<Run>>;
let tokenIssued: Promise<Run>;
let again: Record<'seed', Promise<Run>>;
let direct: Record<'addWd' | 'addD' | 'orgImport' | 'userCreate' | 'userDuplicate' | 'tokenUnknownUser' | 'calendarImport' | 'auditExport', Promise<Run>>;
let beside: Record<string, Promise<Run>>;
let noDb: Record<string, Promise<Run>>;
let serverStarted: Promise<RunningServer>;
let noDbDir: string;
const totpWindow: { from: number; to: number } = { from: 0, to: 0 };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'zhibao-cli-int-'));
  const dirs = { base: path.join(root, 'base'), calendar: path.join(root, 'calendar'), accounts: path.join(root, 'accounts'), served: path.join(root, 'served') };
  noDbDir = path.join(root, 'never-created');
  files = {
    orgsJson: path.join(root, 'orgs.json'),
    orgsCsv: path.join(root, 'orgs.csv'),
    badParent: path.join(root, 'bad-parent.json'),
    notice: path.join(root, 'notice-2027.json'),
    auditCsv: path.join(root, 'audit.csv'),
  };
  await Promise.all([
    writeFile(files.orgsJson, JSON.stringify([{ code: 'sh-minhang-ws', parentCode: 'sh-minhang-ipo', nameZh: '闵行区知识产权工作站', nameEn: 'Minhang IP Workstation', kind: 'other' }])),
    writeFile(files.orgsCsv, 'code,parentCode,nameZh,nameEn,kind,regionCode,regionAliases\nsh-arbitration,,上海仲裁委员会,Shanghai Arbitration Commission,other,310000,\n'),
    writeFile(files.badParent, JSON.stringify({ organisations: [{ code: 'sh-orphan', parentCode: 'sh-nowhere', nameZh: '无上级机构', nameEn: 'Orphan office', kind: 'other' }] })),
    writeFile(files.notice, JSON.stringify(NOTICE_2027)),
  ]);

  // Where each sequence keeps its data: copies of one seeded PGlite directory, or one PostgreSQL database.
  let envs: Record<'base' | 'calendar' | 'accounts' | 'served', Env>;
  if (onPostgres) {
    pgAdmin = new pg.Client({ connectionString: PG_URL });
    await pgAdmin.connect();
    database = `zhibao_cli_${Math.random().toString(36).slice(2, 10)}`;
    await pgAdmin.query(`create database ${database}`);
    const url = new URL(PG_URL!);
    url.pathname = `/${database}`;
    // One data directory for the generated encryption key, shared like a cluster shares ZHIBAO_SECRET_KEY.
    const shared = { DATABASE_URL: url.toString(), ZHIBAO_DATA_DIR: dirs.base };
    envs = { base: shared, calendar: shared, accounts: shared, served: shared };
  } else {
    envs = { base: { ZHIBAO_DATA_DIR: dirs.base }, calendar: { ZHIBAO_DATA_DIR: dirs.calendar }, accounts: { ZHIBAO_DATA_DIR: dirs.accounts }, served: { ZHIBAO_DATA_DIR: dirs.served } };
  }

  base = sequence(Promise.resolve(), [
    ['migrate', () => zhibao(['migrate'], envs.base)],
    ['seed', () => zhibao(['seed', '--demo'], envs.base)],
  ]);
  const seeded = base.seed.then(async () => {
    if (!onPostgres) await Promise.all([dirs.calendar, dirs.accounts, dirs.served].map((d) => cp(dirs.base, d, { recursive: true })));
  });

  again = sequence(seeded, [['seed', () => zhibao(['seed', '--demo'], envs.base)]]);

  // Two sequences of direct commands, so both processor cores stay busy.
  direct = {
    ...sequence(seeded, [
      ['addWd', () => zhibao(['calendar', 'add', '2025-09-26', '5wd'], envs.calendar)],
      ['addD', () => zhibao(['calendar', 'add', '2025-09-20', '15d'], envs.calendar)],
      ['calendarImport', () => zhibao(['calendar', 'import', files.notice], envs.calendar)],
      ['tokenUnknownUser', () => zhibao(['token', 'create', '--user', 'nobody.here', '--scopes', 'audit:read'], envs.calendar)],
    ]),
    ...sequence(seeded, [
      ['orgImport', () => zhibao(['org', 'import', files.orgsJson], envs.accounts)],
      ['userCreate', () => zhibao(['user', 'create', '--login', 'officer.minhang', '--name', '闵行办案员 韩梅', '--org', 'sh-minhang-ws', '--roles', 'case_officer,reviewer'], envs.accounts)],
      ['userDuplicate', () => zhibao(['user', 'create', '--login', 'officer.minhang', '--name', '另一位 韩梅', '--org', 'sh-minhang-ipo', '--roles', 'case_officer'], envs.accounts)],
      ['auditExport', () => zhibao(['audit', 'export', '--actor', `cli:${OS_USER}`, '--action', 'org.', '-o', files.auditCsv], envs.accounts)],
    ]),
  };

  // A server beside the CLI: it holds the PGlite directory (HTTP fallback), or shares PostgreSQL with it.
  // The token for calling it is issued first, while nothing holds the directory.
  tokenIssued = sequence(seeded, [['token', () => zhibao(['token', 'create', '--user', 'admin', '--scopes', HTTP_SCOPES, '--name', 'CLI over HTTP'], envs.served)]]).token;
  serverStarted = tokenIssued.then(() => startServer(envs.served));
  serverStarted.catch(() => {});
  const token = tokenIssued.then((r) => r.stdout.trim());
  const http = async (extra: Env = {}) => ({ ...envs.served, ZHIBAO_BASE_URL: (await serverStarted).baseUrl, ...extra });
  const withToken = async () => http({ ZHIBAO_API_TOKEN: await token });
  beside = onPostgres
    ? sequence(serverStarted, [
        ['seed', () => zhibao(['seed', '--demo'], envs.served)],
        ['addWd', () => zhibao(['calendar', 'add', '2025-09-26', '5wd'], envs.served)],
        ['orgImport', () => zhibao(['org', 'import', files.orgsCsv], envs.served)],
      ])
    : sequence(serverStarted, [
        ['addWd', async () => zhibao(['calendar', 'add', '2025-09-26', '5wd'], await http())],
        // A stale token must not matter to the public endpoint.
        ['addD', async () => zhibao(['calendar', 'add', '2025-09-20', '15d'], await http({ ZHIBAO_API_TOKEN: 'zb_revoked-long-ago' }))],
        ['outOfRange', async () => zhibao(['calendar', 'add', '2026-12-28', '5wd'], await http())],
        ['seed', async () => zhibao(['seed', '--demo'], await http())],
        ['migrate', async () => zhibao(['migrate'], await http())],
        ['orgNoToken', async () => zhibao(['org', 'import', files.orgsCsv], await http())],
        ['orgBadToken', async () => zhibao(['org', 'import', files.orgsCsv], await http({ ZHIBAO_API_TOKEN: 'zb_not-a-real-token' }))],
        ['orgImport', async () => zhibao(['org', 'import', files.orgsCsv], await withToken())],
        ['orgBadParent', async () => zhibao(['org', 'import', files.badParent], await withToken())],
        ['userCreate', async () => zhibao(['user', 'create', '--login', 'arbiter.liu', '--name', '仲裁联络员 刘', '--org', 'sh-arbitration', '--roles', 'mediator'], await withToken())],
        ['calendarImport', async () => zhibao(['calendar', 'import', files.notice], await withToken())],
        ['auditExport', async () => zhibao(['audit', 'export', '--action', 'org.import', '--from', '2020-01-01'], await withToken())],
        ['unreachable', async () => zhibao(['calendar', 'add', '2025-09-26', '5wd'], { ...(await http()), ZHIBAO_BASE_URL: `http://127.0.0.1:${await freePort()}` })],
      ]);

  // Commands that never open the database: the data directory they are given must stay absent.
  const none = { ZHIBAO_DATA_DIR: noDbDir };
  noDb = sequence(Promise.resolve(), [
    ['help', () => zhibao(['--help'], none)],
    ['unknown', () => zhibao(['frobnicate'], none)],
    ['validateOk', () => zhibao(['validate', 'patent', 'ZL2013106997442'], none)],
    ['validateBad', () => zhibao(['validate', 'uscc', '91350200776049653B'], none)],
    [
      'totp',
      async () => {
        totpWindow.from = Date.now();
        const r = await zhibao(['totp', 'code', '--secret', DEMO_TOTP_SECRET], none);
        totpWindow.to = Date.now();
        return r;
      },
    ],
    ['totpBad', () => zhibao(['totp', 'code', '--secret', 'not base32!'], none)],
    ['badDuration', () => zhibao(['calendar', 'add', '2025-09-26', '3m'], none)],
    ['orgMissing', () => zhibao(['org', 'import', path.join(root, 'missing.json')], none)],
    ['userBadInput', () => zhibao(['user', 'create', '--login', 'Wang Wu', '--name', '王五', '--org', 'sh-ipa', '--roles', 'case_officer,emperor'], none)],
    ['tokenBadScope', () => zhibao(['token', 'create', '--user', 'admin', '--scopes', 'audit:read,nuke:all'], none)],
    ['auditBadFrom', () => zhibao(['audit', 'export', '--from', 'last tuesday'], none)],
    ['postgresDown', () => zhibao(['calendar', 'add', '2025-09-26', '5wd'], { ...none, DATABASE_URL: 'postgres://127.0.0.1:1/zhibao' })],
    ['npx', () => run('npx', ['zhibao', 'validate', 'nice', '09'], none)],
  ]);
});

afterAll(async () => {
  // Let every started command finish before removing its files.
  await Promise.allSettled([tokenIssued, ...[base, again, direct, beside, noDb].flatMap((s) => (s ? Object.values(s) : []))]);
  const server = await serverStarted?.catch(() => undefined);
  if (server) await stopServer(server);
  if (pgAdmin && database) {
    await pgAdmin.query(`drop database if exists ${database} with (force)`);
    await pgAdmin.end();
  }
  if (root) await rm(root, { recursive: true, force: true });
});

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('zhibao migrate and seed', () => {
  it('migrates a new database and prints the migration level', async () => {
    const r = await base.migrate;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^数据库已迁移至第 ${MIGRATIONS} 级（共 ${MIGRATIONS} 级；${onPostgres ? 'PostgreSQL' : 'PGlite'} `)),
      expect.stringMatching(new RegExp(`^Database migrated to level ${MIGRATIONS} of ${MIGRATIONS} \\(${onPostgres ? 'PostgreSQL' : 'PGlite'} `)),
    ]);
  });

  it('loads the holiday notices, the Shanghai organisations and the demo accounts into a new database', async () => {
    const r = await base.seed;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Loaded the public-holiday notices of \d+ year\(s\)/);
    expect(r.stdout).toMatch(/已载入机构 \d+ 个\nLoaded \d+ organisation\(s\)/);
    expect(r.stdout).toContain('已载入演示账号');
    expect(r.stdout).toContain('Loaded the demo accounts');
  });

  it('says nothing was loaded when seeding again', async () => {
    const r = await again.seed;
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['无需载入：基础数据和演示账号均已存在', 'Nothing to load: the base data and the demo accounts are already there']);
  });
});

describe('zhibao token create', () => {
  it('prints only the bearer token on stdout and the rest on stderr', async () => {
    const r = await tokenIssued;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zb_[A-Za-z0-9_-]{20,}\n$/);
    expect(r.stderr).toContain('令牌只显示这一次');
    expect(r.stderr).toContain('Issued an API token for admin (scopes audit:read, calendar:write, orgs:read, orgs:write, users:write); it is shown only this once');
  });

  it('refuses an account that does not exist, printing no token', async () => {
    const r = await direct.tokenUnknownUser;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual(['没有用户名为 nobody.here 的账号', 'There is no account with the user name nobody.here']);
  });

  it('refuses an unknown scope before opening the database', async () => {
    const r = await noDb.tokenBadScope;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未知的权限范围：nuke:all');
    expect(r.stderr).toContain('Unknown scope: nuke:all');
  });
});

describe('zhibao calendar', () => {
  it('computes 5 working days after 2025-09-26 across the National Day holiday: 2025-10-10', async () => {
    const r = await direct.addWd;
    expect(r).toEqual({ code: 0, stdout: '2025-10-10\n', stderr: '' });
  });

  it('moves 15 calendar days after 2025-09-20 from the holiday 2025-10-05 to 2025-10-09 and explains why on stderr', async () => {
    const r = await direct.addD;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2025-10-09\n');
    expect(r.stderr).toContain('2025-10-05 是法定休假日（国庆节、中秋节）');
    expect(r.stderr).toContain('art. 85 of the Civil Procedure Law');
  });

  it('imports a year’s holiday notice into the database', async () => {
    const r = await direct.calendarImport;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['已导入 2027 年节假日安排（国务院办公厅关于2027年部分节假日安排的通知），共 3 天', 'Imported the 2027 public-holiday arrangement (3 days)']);
  });

  it('refuses a duration in months before opening the database', async () => {
    const r = await noDb.badDuration;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('只支持“N个工作日”');
    expect(r.stderr).toContain('only N working days (e.g. 5wd) or N calendar days (e.g. 15d)');
  });
});

describe('zhibao org import', () => {
  it('creates organisations from a JSON file, under a parent that already exists', async () => {
    const r = await direct.orgImport;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['已导入机构：新建 1 个，更新 0 个，共 1 个', 'Imported organisations: 1 created, 0 updated, 1 in total']);
  });

  it('refuses a file that does not exist', async () => {
    const r = await noDb.orgMissing;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/无法读取文件 .*missing\.json：ENOENT\nCannot read the file .*missing\.json: ENOENT/);
  });

});

describe('zhibao user create', () => {
  it('creates a staff account in an organisation imported before and prints the generated password once', async () => {
    const r = await direct.userCreate;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[1]).toBe('Created the staff account officer.minhang (organisation sh-minhang-ws, roles case_officer, reviewer); an authenticator is set up at first sign-in');
    expect(out[3]).toMatch(/^Initial password \(shown only this once\): \S{10,}$/);
    expect(out[2].split('：')[1]).toBe(out[3].split(': ')[1]);
  });

  it('refuses a user name that is taken, with exit code 1', async () => {
    const r = await direct.userDuplicate;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual(['用户名 officer.minhang 已被使用', 'The user name officer.minhang is already taken']);
  });

  it('names the offending options when the input is invalid', async () => {
    const r = await noDb.userBadInput;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('提交的内容有误：--login 用户名为 3-64 位小写字母');
    expect(r.stderr).toContain('--roles.1 must be one of: case_officer');
  });
});

describe('zhibao audit export', () => {
  it('writes the CLI’s own actions, audited as the CLI actor, to a CSV file', async () => {
    const r = await direct.auditExport;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Audit log exported to');
    const csv = await readFile(files.auditCsv, 'utf8');
    expect(csv.startsWith('\ufeffid,at,actor_login,actor_user_id,actor_roles,actor_org_id,via,ip,action,')).toBe(true);
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(row).toMatch(new RegExp(`^\\d+,[^,]+,cli:${OS_USER},,administrator,,cli,,org\\.`));
    expect(rows.some((row) => row.includes(',org.import,') && row.includes('sh-minhang-ws'))).toBe(true);
  });

  it('refuses a --from that is neither a date nor a time with offset, as a usage error', async () => {
    const r = await noDb.auditBadFrom;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('命令用法有误');
    expect(r.stderr).toContain("option '--from <time>' argument 'last tuesday' is invalid");
  });
});

describe.skipIf(onPostgres)('while a server holds the PGlite data directory', () => {
  it('computes a deadline through the server’s public endpoint without a token', async () => {
    expect(await beside.addWd).toEqual({ code: 0, stdout: '2025-10-10\n', stderr: '' });
  });

  it('explains a roll-over with the holiday name the server reports, sending no token to the public endpoint', async () => {
    const r = await beside.addD;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2025-10-09\n');
    expect(r.stderr).toContain('法定休假日（国庆节、中秋节）');
    expect(r.stderr).toContain('a statutory rest day (National Day and Mid-Autumn Festival)');
  });

  it('shows the server’s refusal of a date beyond the loaded years in both languages', async () => {
    const r = await beside.outOfRange;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('请管理员先导入《国务院办公厅关于2027年部分节假日安排的通知》');
    expect(r.stderr).toContain('An administrator must first import the State Council notice on the 2027 public holidays');
  });

  it.each(['seed', 'migrate'] as const)('refuses `%s`, which needs the database itself, telling to stop the server or use DATABASE_URL', async (step) => {
    const r = await beside[step];
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [zh, en] = lines(r.stderr);
    expect(zh).toContain('请先停止服务器再运行，或设置 DATABASE_URL');
    expect(en).toContain('Stop the server first, or set DATABASE_URL to use PostgreSQL');
    expect(en).toMatch(/is held by process \d+ \(a running Zhibao server or another zhibao command\)/);
    expect(zh).toMatch(/正被进程 \d+（运行中的知保服务器或另一个 zhibao 命令）使用/);
  });

  it('asks for ZHIBAO_API_TOKEN, naming zhibao token create and the scope, when importing without one', async () => {
    const r = await beside.orgNoToken;
    expect(r.code).toBe(1);
    const [zh, en] = lines(r.stderr);
    expect(zh).toContain('未设置 ZHIBAO_API_TOKEN');
    expect(zh).toContain('zhibao token create --user <用户名> --scopes orgs:write');
    expect(en).toContain('ZHIBAO_API_TOKEN is not set');
    expect(en).toContain('zhibao token create --user <login> --scopes orgs:write');
  });

  it('shows the server’s refusal of an invalid token', async () => {
    const r = await beside.orgBadToken;
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual(['API 令牌无效、已过期或已吊销', 'The API token is invalid, expired or revoked']);
  });

  it('imports organisations from CSV through the API with the token', async () => {
    const r = await beside.orgImport;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported organisations: 1 created, 0 updated, 1 in total');
  });

  it('shows the server’s refusal of an organisation whose parent does not exist', async () => {
    const r = await beside.orgBadParent;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('机构文件第 1 条有误：上级机构 sh-nowhere 不存在');
    expect(r.stderr).toContain('Organisation file, entry 1: parent sh-nowhere not found');
  });

  it('creates an account through the API, resolving the organisation code', async () => {
    const r = await beside.userCreate;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created the staff account arbiter.liu (organisation sh-arbitration, roles mediator)');
    expect(r.stdout).toMatch(/Initial password \(shown only this once\): \S{10,}/);
  });

  it('imports a holiday notice through the API', async () => {
    const r = await beside.calendarImport;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported the 2027 public-holiday arrangement (3 days)');
  });

  it('streams the audit export from the API to stdout, showing the token’s actions', async () => {
    const r = await beside.auditExport;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\ufeffid,at,actor_login,')).toBe(true);
    const rows = r.stdout.trim().split('\r\n').slice(1);
    expect(rows.some((row) => /,admin,[^,]+,administrator,[^,]*,token,/.test(row) && row.includes(',org.import,'))).toBe(true);
    expect(rows.every((row) => row.includes(',org.import,'))).toBe(true);
  });

  it('says it cannot reach the server, with exit code 2, when ZHIBAO_BASE_URL points elsewhere', async () => {
    const r = await beside.unreachable;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('但无法连接服务器 http://127.0.0.1:');
    expect(r.stderr).toContain('Set ZHIBAO_BASE_URL if the server listens elsewhere');
  });
});

describe.runIf(onPostgres)('with DATABASE_URL while a server runs', () => {
  it('seeds without refusing, since several processes may use PostgreSQL', async () => {
    const r = await beside.seed;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to load');
  });

  it('computes a deadline from the database directly', async () => {
    expect(await beside.addWd).toEqual({ code: 0, stdout: '2025-10-10\n', stderr: '' });
  });

  it('imports organisations directly', async () => {
    const r = await beside.orgImport;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported organisations: 1 created, 0 updated, 1 in total');
  });
});

describe('commands that need no database', () => {
  it('lists every command in --help and exits 0', async () => {
    const r = await noDb.help;
    expect(r.code).toBe(0);
    for (const command of ['migrate', 'seed', 'org', 'user', 'token', 'calendar', 'validate', 'audit', 'totp']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('reports an unknown command as a usage error with exit code 1', async () => {
    const r = await noDb.unknown;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('命令用法有误，请参阅 zhibao --help / usage error:');
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('prints the normalized patent application number', async () => {
    expect(await noDb.validateOk).toEqual({ code: 0, stdout: '201310699744.2\n', stderr: '' });
  });

  it('explains a wrong check character in both languages with exit code 1', async () => {
    const r = await noDb.validateBad;
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(2);
    expect(r.stderr).toContain('统一社会信用代码校验位（第 18 位）应为 A，实际为 B');
  });

  it('prints the current authenticator code of the demo secret', async () => {
    const r = await noDb.totp;
    expect(r.code).toBe(0);
    const step = (t: number) => Math.floor(t / 30_000);
    const valid = new Set([totpAt(DEMO_TOTP_SECRET, step(totpWindow.from)), totpAt(DEMO_TOTP_SECRET, step(totpWindow.to))]);
    expect(valid).toContain(r.stdout.trim());
    expect(r.stderr).toMatch(/valid for another \d+ s/);
  });

  it('refuses a secret that is not Base32', async () => {
    const r = await noDb.totpBad;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The secret is not a valid Base32 string');
  });

  it('reports an unreachable PostgreSQL in both languages with exit code 2', async () => {
    const r = await noDb.postgresDown;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('无法连接 PostgreSQL 数据库 / cannot reach the PostgreSQL database at postgres://127.0.0.1:1/zhibao');
  });

  it('never created the data directory it was given', async () => {
    await Promise.allSettled(Object.values(noDb));
    expect(existsSync(noDbDir)).toBe(false);
  });

  it('runs as `npx zhibao` inside the repository', async () => {
    expect(await noDb.npx).toEqual({ code: 0, stdout: '9\n', stderr: '' });
  });
});
