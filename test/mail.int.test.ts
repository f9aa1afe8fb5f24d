import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStaff } from '../src/domains/identity/accounts.service';
import type { Platform } from '../src/platform/http/context';
import { closeMailTransport, deliverPendingMail, enqueueMail, listOutbox, MAX_ATTEMPTS } from '../src/platform/mail/mail';
import { systemActor } from '../src/seed';
import { closedPort, startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { startTestApp, TEST_BASE_URL, type Session, type TestApp } from './support/test-app';

/**
 * Mail goes through the outbox: queued in the transaction of the change, then delivered over
 * a real SMTP socket (a tiny responder in this process) by `deliverPendingMail`.
 */

let smtp: TestSmtpServer;
let app: TestApp;
let admin: Session;
const logged: string[] = [];
const log = (line: string) => logged.push(line);

interface OutboxRow {
  id: number | string;
  to: string;
  subject: string;
  sent_at: Date | string | null;
  attempts: number;
  last_error: string | null;
}

const outbox = (to: string) => app.query<OutboxRow>(sql`select id, "to", subject, sent_at, attempts, last_error from mail_outbox where "to" = ${to} order by id`);

/** The same platform pointed at an SMTP port where nothing listens. */
async function unreachable(): Promise<Platform> {
  return { ...app.platform, config: { ...app.platform.config, MAIL_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` } };
}

async function createStaffWithEmail(login: string, email: string, extra: Record<string, unknown> = {}) {
  const res = await app.request('POST', '/api/users', {
    session: admin,
    body: { login, displayName: `测试 ${login}`, email, orgId: await app.orgId('sh-huangpu-ipo'), roles: ['case_officer'], ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return res.body as { account: { id: string; version: number }; initialPassword: string | null };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ env: { MAIL_TRANSPORT: 'smtp', MAIL_SMTP_URL: smtp.url, MAIL_FROM: '知保 Zhibao <noreply@zhibao.test>' } });
  admin = await app.loginAs('admin');
});

afterAll(async () => {
  if (app) closeMailTransport(app.platform);
  await app?.close();
  await smtp?.close();
});

beforeEach(() => {
  smtp.messages.length = 0;
  logged.length = 0;
});

afterEach(() => {
  expect(app.serverErrors.splice(0), 'requests answered with a server error').toEqual([]);
});

describe('mail delivery', () => {
  it('delivers the staff-account mail over SMTP in Chinese then English, without the password, and marks the row sent', async () => {
    const created = await createStaffWithEmail('mail.chen', 'chen@example.cn');
    expect(created.initialPassword).toBeTruthy();
    const [queued] = await outbox('chen@example.cn');
    expect(queued).toMatchObject({ attempts: 0, sent_at: null });

    const result = await deliverPendingMail(app.platform, { limit: 10, log });
    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.from).toBe('noreply@zhibao.test');
    expect(mail.to).toEqual(['chen@example.cn']);
    expect(mail.subject).toBe('知保工作人员账号已开通 / Your Zhibao staff account has been created');
    expect(mail.text).toContain('测试 mail.chen，您好');
    expect(mail.text).toContain('Hello 测试 mail.chen,');
    expect(mail.text.indexOf('您好')).toBeLessThan(mail.text.indexOf('Hello'));
    expect(mail.text).toContain('mail.chen');
    const [org] = await app.query<{ name_zh: string; name_en: string }>(sql`select name_zh, name_en from organisations where code = 'sh-huangpu-ipo'`);
    expect(mail.text).toContain(org.name_zh);
    expect(mail.text).toContain(org.name_en);
    expect(mail.text).toContain(`${TEST_BASE_URL}/login`);
    expect(mail.text).toContain('authenticator app');
    expect(mail.raw).not.toContain(created.initialPassword!);
    expect(mail.text).not.toContain(created.initialPassword!);

    const [row] = await outbox('chen@example.cn');
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBeNull();
    expect(logged).toEqual([]);
  });

  it('sends nothing twice: a second round finds no due mail', async () => {
    await createStaffWithEmail('mail.twice', 'twice@example.cn');
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 1, failed: 0 });
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['twice@example.cn']);
  });

  it('tells the owner when the password is changed and when the account is disabled and enabled again', async () => {
    const password = 'Mail-passw0rd-initial';
    const created = await createStaffWithEmail('mail.wu', 'wu@example.cn', { password });
    app.passwords.set('mail.wu', password);
    const session = await app.loginAs('mail.wu');
    const changed = await app.request('POST', '/api/account/password', { session, body: { currentPassword: password, newPassword: 'Mail-passw0rd-second' } });
    expect(changed.status, changed.text).toBe(204);
    let version = (await app.request('GET', `/api/users/${created.account.id}`, { session: admin })).body.version;
    const disabled = await app.request('PATCH', `/api/users/${created.account.id}`, { session: admin, body: { status: 'disabled', expectedVersion: version } });
    expect(disabled.status, disabled.text).toBe(200);
    version = disabled.body.version;
    const renamed = await app.request('PATCH', `/api/users/${created.account.id}`, { session: admin, body: { displayName: '测试 吴', expectedVersion: version } });
    expect(renamed.status, renamed.text).toBe(200);
    const enabled = await app.request('PATCH', `/api/users/${created.account.id}`, { session: admin, body: { status: 'active', expectedVersion: renamed.body.version } });
    expect(enabled.status, enabled.text).toBe(200);

    await deliverPendingMail(app.platform, { log });
    // Created, password changed, disabled, enabled: a rename alone sends nothing.
    expect(smtp.messages.map((m) => m.subject)).toEqual([
      '知保工作人员账号已开通 / Your Zhibao staff account has been created',
      '知保账号密码已修改 / Your Zhibao password was changed',
      '知保账号已停用 / Your Zhibao account has been disabled',
      '知保账号已重新启用 / Your Zhibao account has been enabled',
    ]);
    const [, passwordMail, disabledMail, enabledMail] = smtp.messages;
    expect(passwordMail.text).toContain('北京时间');
    expect(passwordMail.text).toContain('China Standard Time (UTC+8)');
    expect(passwordMail.text).toContain('如果不是您本人操作');
    expect(passwordMail.text).not.toContain('Mail-passw0rd');
    expect(disabledMail.text).toContain('停用');
    expect(disabledMail.text).toContain('disabled');
    expect(enabledMail.text).toContain(`${TEST_BASE_URL}/login`);
    for (const m of smtp.messages) expect(m.to).toEqual(['wu@example.cn']);
  });

  it('queues nothing for accounts without an e-mail, nor for system accounts that never sign in', async () => {
    const res = await app.request('POST', '/api/users', {
      session: admin,
      body: { login: 'mail.noaddress', displayName: '测试 无邮箱', orgId: await app.orgId('sh-huangpu-ipo'), roles: ['case_officer'] },
    });
    expect(res.status, res.text).toBe(201);
    await createStaffWithEmail('mail.machine', 'machine@example.cn', { kind: 'system', roles: ['judge'] });
    expect(await outbox('machine@example.cn')).toEqual([]);
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a mail the SMTP server refuses, counting the attempt, backing off, and giving up after the last attempt', async () => {
    await app.platform.db.transaction((tx) => enqueueMail(tx, { to: 'refused@example.cn', subject: 's', body: 'b' }));
    const down = await unreachable();

    expect(await deliverPendingMail(down, { log })).toEqual({ sent: 0, failed: 1 });
    let [row] = await outbox('refused@example.cn');
    expect(row.sent_at).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^mail: delivery of outbox row \d+ failed \(attempt 1 of 10\): .*ECONNREFUSED/);
    expect(logged[0]).not.toContain('\n');

    // Backing off: not tried again before its time.
    expect(await deliverPendingMail(down, { log })).toEqual({ sent: 0, failed: 0 });
    [row] = await outbox('refused@example.cn');
    expect(row.attempts).toBe(1);

    app.clock.advance(31_000);
    expect(await deliverPendingMail(down, { log })).toEqual({ sent: 0, failed: 1 });
    [row] = await outbox('refused@example.cn');
    expect(row.attempts).toBe(2);

    // Through the remaining attempts: the last one gives up and the row stays for an operator.
    for (let attempt = 3; attempt <= MAX_ATTEMPTS; attempt++) {
      app.clock.advance(3 * 60 * 60_000);
      expect(await deliverPendingMail(down, { log })).toEqual({ sent: 0, failed: 1 });
    }
    expect(logged.at(-1)).toContain(`attempt ${MAX_ATTEMPTS} of ${MAX_ATTEMPTS}, giving up`);
    app.clock.advance(24 * 60 * 60_000);
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 0, failed: 0 });
    [row] = await outbox('refused@example.cn');
    expect(row).toMatchObject({ attempts: MAX_ATTEMPTS, sent_at: null });
    expect(smtp.messages).toEqual([]);
  });

  it('delivers a mail that failed once when the server is back', async () => {
    await app.platform.db.transaction((tx) => enqueueMail(tx, { to: 'later@example.cn', subject: 'later', body: '稍后 later' }));
    expect(await deliverPendingMail(await unreachable(), { log })).toEqual({ sent: 0, failed: 1 });
    app.clock.advance(60_000);
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 1, failed: 0 });
    const [row] = await outbox('later@example.cn');
    expect(row).toMatchObject({ attempts: 2, last_error: null });
    expect(row.sent_at).not.toBeNull();
    expect(smtp.messages[0].text).toBe('稍后 later');
  });

  it('queues no mail when the change that caused it is rolled back', async () => {
    const ctx = { ...app.platform, actor: systemActor(), locale: 'zh-CN' as const };
    const orgId = await app.orgId('sh-huangpu-ipo');
    let seenInside = 0;
    await expect(
      app.platform.db.transaction(async (tx) => {
        await createStaff({ ...ctx, db: tx }, { login: 'mail.rolledback', displayName: '测试 回滚', email: 'rolledback@example.cn', orgId, roles: ['case_officer'], kind: 'staff' });
        const [inside] = await tx.execute(sql`select count(*)::int as n from mail_outbox where "to" = 'rolledback@example.cn'`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
        seenInside = inside.n;
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(seenInside).toBe(1);
    expect(await outbox('rolledback@example.cn')).toEqual([]);
    expect(await app.query(sql`select id from users where login = 'mail.rolledback'`)).toEqual([]);
    expect(await deliverPendingMail(app.platform, { log })).toEqual({ sent: 0, failed: 0 });
  });

  it('sends each mail once when several rounds run at the same time', async () => {
    await app.platform.db.transaction(async (tx) => {
      for (let i = 0; i < 6; i++) await enqueueMail(tx, { to: `batch${i}@example.cn`, subject: `batch ${i}`, body: `body ${i}` });
    });
    const results = await Promise.all([deliverPendingMail(app.platform, { log }), deliverPendingMail(app.platform, { log }), deliverPendingMail(app.platform, { log })]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(6);
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `batch ${i}`));
    expect(logged).toEqual([]);
  });

  it('stops at the limit and leaves the rest for the next round', async () => {
    await app.platform.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueueMail(tx, { to: `limit${i}@example.cn`, subject: `limit ${i}`, body: 'x' });
    });
    expect(await deliverPendingMail(app.platform, { limit: 2, log })).toEqual({ sent: 2, failed: 0 });
    expect(await deliverPendingMail(app.platform, { limit: 2, log })).toEqual({ sent: 1, failed: 0 });
  });

  it('with MAIL_TRANSPORT=outbox sends nothing and leaves the mail for listOutbox', async () => {
    await app.platform.db.transaction((tx) => enqueueMail(tx, { to: 'dev@example.cn', subject: 'dev', body: 'read me in the outbox' }));
    const outboxOnly = { ...app.platform, config: { ...app.platform.config, MAIL_TRANSPORT: 'outbox' as const } };
    expect(await deliverPendingMail(outboxOnly, { log })).toEqual({ sent: 0, failed: 0 });
    const [latest] = await listOutbox(app.platform.db, { limit: 5 });
    expect(latest).toMatchObject({ to: 'dev@example.cn', subject: 'dev', body: 'read me in the outbox', sentAt: null, attempts: 0, lastError: null });
    expect(smtp.messages).toEqual([]);
    // Leave nothing due for the tests after this one.
    await app.query(sql`update mail_outbox set sent_at = now() where "to" = 'dev@example.cn'`);
  });
});
