import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpAt, currentStep } from '../src/platform/security/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../src/seed';
import { createRng, enterpriseRegistration, individualRegistration, makeResidentId, makeUscc, withWrongCheckChar } from './support/factories';
import { TEST_BASE_URL, useTestApp, type Session } from './support/test-app';

const MAX_FAILURES = 4;
const WINDOW_MINUTES = 10;

// One platform for the file; throttling is configured tighter than the default to show it is read from the configuration.
const t = useTestApp({ env: { ZHIBAO_LOGIN_MAX_FAILURES: String(MAX_FAILURES), ZHIBAO_LOGIN_WINDOW_MINUTES: String(WINDOW_MINUTES) } });

describe('registration', () => {
  const rng = createRng(0x5eed03);

  it('registers an enterprise by its unified social credit code and signs it in', async () => {
    const body = enterpriseRegistration(rng, { regionCode: '310104' });
    const { account, response, session } = await t.register(body);
    expect(account).toMatchObject({ login: body.login, kind: 'applicant', roles: ['applicant'], status: 'active' });
    expect(account.profile).toMatchObject({ subjectType: 'enterprise', uscc: body.uscc, regionCode: '310104', districtOrgId: await t.orgId('sh-xuhui-ipo'), idNumberMasked: null });
    expect(response.body.permissions).toEqual(expect.arrayContaining(['account.self', 'representation.manage']));
    const cookie = response.setCookies.find((c) => c.startsWith('zb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const me = await t.request('GET', '/api/auth/me', { session });
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(account.id);
  });

  it('registers an individual by resident ID number and shows it only masked', async () => {
    const idNumber = makeResidentId(rng, '310101', '19880214');
    const body = individualRegistration(rng, { idNumber, phone: '13912345678' });
    const { account, response } = await t.register(body);
    const masked = `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
    expect(masked).toMatch(/^3101\*{10}[\dX]{4}$/);
    expect(account.profile.idNumberMasked).toBe(masked);
    expect(account.profile.phoneMasked).toBe('13*******78');
    expect(account.profile.districtOrgId).toBe(await t.orgId('sh-huangpu-ipo'));
    expect(response.text).not.toContain(idNumber);
    expect(response.text).not.toContain('13912345678');
  });

  it('refuses a second account for the same unified social credit code with 409 identity.uscc_taken', async () => {
    const first = enterpriseRegistration(rng);
    await t.register(first);
    const res = await t.request('POST', '/api/auth/register', { body: enterpriseRegistration(rng, { uscc: first.uscc }) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('identity.uscc_taken');
  });

  it('refuses a second account for the same resident ID number with 409 identity.id_number_taken', async () => {
    const first = individualRegistration(rng);
    await t.register(first);
    const res = await t.request('POST', '/api/auth/register', { body: individualRegistration(rng, { idNumber: first.idNumber }) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('identity.id_number_taken');
    // The same number typed with full-width digits (as some input methods produce) is the same person.
    const fullWidth = first.idNumber!.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const again = await t.request('POST', '/api/auth/register', { body: individualRegistration(rng, { idNumber: fullWidth }) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('identity.id_number_taken');
    const [{ n }] = await t.query<{ n: number }>(sql`select count(*)::int as n from applicant_profiles where id_number_index is not null and name like '测试人%'`);
    expect(n).toBe(2);
  });

  it('refuses a taken login with 409 identity.login_taken', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: enterpriseRegistration(rng, { login: 'acme' }) });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('identity.login_taken');
  });

  it('refuses a unified social credit code with a wrong check character, naming the expected one in both languages', async () => {
    const good = makeUscc(rng);
    const res = await t.request('POST', '/api/auth/register', { body: enterpriseRegistration(rng, { uscc: withWrongCheckChar(good) }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ids.uscc.check_char');
    expect(res.body.messages['zh-CN']).toContain(`应为 ${good.slice(-1)}`);
    expect(res.body.messages.en).toContain(`should be ${good.slice(-1)}`);
  });

  it('refuses a unified social credit code of the wrong length with ids.uscc.length', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: enterpriseRegistration(rng, { uscc: '91310101MA1K000' }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ids.uscc.length');
    expect(res.body.messages['zh-CN']).toContain('15 位');
    expect(res.body.messages.en).toContain('this one has 15');
  });

  it('refuses a resident ID number with a wrong check digit with ids.id.check_digit', async () => {
    const good = makeResidentId(rng);
    const res = await t.request('POST', '/api/auth/register', { body: individualRegistration(rng, { idNumber: withWrongCheckChar(good) }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ids.id.check_digit');
    expect(res.body.messages['zh-CN']).toMatch(/校验位/);
    expect(res.body.messages.en).toMatch(/check character/);
    // The problem never echoes the whole personal identifier.
    expect(res.text).not.toContain(good.slice(0, 17));
  });

  it('refuses a resident ID number with an impossible birth date with ids.id.birth_date', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: individualRegistration(rng, { idNumber: makeResidentId(rng, '310104', '19900230') }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ids.id.birth_date');
    expect(res.body.messages.en).toContain('1990-02-30');
  });

  it('refuses a resident ID number born after today (the test clock) with ids.id.birth_date_future', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: individualRegistration(rng, { idNumber: makeResidentId(rng, '310104', '20260401') }) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ids.id.birth_date_future');
  });

  it('refuses a weak password with identity.password_weak and creates nothing', async () => {
    const body = enterpriseRegistration(rng, { password: 'short1' });
    const res = await t.request('POST', '/api/auth/register', { body });
    expect(res.status).toBe(400);
    const weak = await t.request('POST', '/api/auth/register', { body: { ...body, password: 'onlyletterslong' } });
    expect(weak.body.code).toBe('identity.password_weak');
    expect(await t.query(sql`select 1 from users where login = ${body.login}`)).toEqual([]);
  });
});

describe('staff sign-in', () => {

  it('refuses a staff password without the authenticator code with auth.totp_required', async () => {
    t.clock.advance(30_000);
    const res = await t.request('POST', '/api/auth/login', { body: { username: 'officer.huangpu', password: DEMO_PASSWORD } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.totp_required');
    expect(t.sessionCookieOf(res)).toBeUndefined();
  });

  it('refuses a wrong authenticator code with auth.totp_invalid', async () => {
    t.clock.advance(30_000);
    const right = t.totpFor('officer.huangpu');
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await t.request('POST', '/api/auth/login', { body: { username: 'officer.huangpu', password: DEMO_PASSWORD, totp: wrong } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.totp_invalid');
  });

  it('refuses a replayed authenticator code, and the step before it', async () => {
    t.clock.advance(30_000);
    const step = currentStep(t.clock.now());
    const code = totpAt(DEMO_TOTP_SECRET, step);
    const first = await t.request('POST', '/api/auth/login', { body: { username: 'reviewer', password: DEMO_PASSWORD, totp: code } });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('ok');
    const replay = await t.request('POST', '/api/auth/login', { body: { username: 'reviewer', password: DEMO_PASSWORD, totp: code } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.totp_invalid');
    // The previous step is inside the drift window but older than the code already used.
    const older = await t.request('POST', '/api/auth/login', { body: { username: 'reviewer', password: DEMO_PASSWORD, totp: totpAt(DEMO_TOTP_SECRET, step - 1) } });
    expect(older.status).toBe(401);
    t.clock.advance(30_000);
    const next = await t.request('POST', '/api/auth/login', { body: { username: 'reviewer', password: DEMO_PASSWORD, totp: totpAt(DEMO_TOTP_SECRET, step + 1) } });
    expect(next.status).toBe(200);
  });

  it('enrols a new staff member’s authenticator at first sign-in and allows nothing else until then', async () => {
    const admin = await t.loginAs('admin');
    await t.createStaff(admin, { login: 'new.officer', roles: ['case_officer'], orgCode: 'sh-jingan-ipo' });
    const password = t.passwords.get('new.officer')!;
    t.clock.advance(30_000);
    const login = await t.request('POST', '/api/auth/login', { body: { username: 'new.officer', password } });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe('totp_enrolment_required');
    expect(login.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(login.body.otpauthUri).toContain(`secret=${login.body.secret}`);
    expect(login.body.qrSvg).toContain('<svg');
    const pending = { cookie: t.sessionCookieOf(login)!, csrf: login.body.csrfToken };

    for (const [method, path] of [['GET', '/api/auth/me'], ['GET', '/api/applicants'], ['GET', '/api/orgs']] as const) {
      const res = await t.request(method, path, pending);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('auth.totp_enrolment_pending');
    }
    // Public routes stay public.
    expect((await t.request('GET', '/api/health', pending)).status).toBe(200);

    const wrong = await t.request('POST', '/api/auth/totp/enrol', { ...pending, body: { totp: totpAt(login.body.secret, currentStep(t.clock.now()) + 5) } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('auth.totp_invalid');

    const code = totpAt(login.body.secret, currentStep(t.clock.now()));
    const enrol = await t.request('POST', '/api/auth/totp/enrol', { ...pending, body: { totp: code } });
    expect(enrol.status).toBe(200);
    expect(enrol.body.account).toMatchObject({ login: 'new.officer', totpEnrolled: true, roles: ['case_officer'] });
    const full = { cookie: t.sessionCookieOf(enrol)!, csrf: enrol.body.csrfToken };
    expect(full.cookie).not.toBe(pending.cookie);
    expect((await t.request('GET', '/api/applicants', full)).status).toBe(200);
    // The enrolment session is replaced, not upgraded.
    expect((await t.request('GET', '/api/auth/me', pending)).status).toBe(401);

    // The code used for enrolment cannot sign in again; the next step can, without enrolment.
    const replay = await t.request('POST', '/api/auth/login', { body: { username: 'new.officer', password, totp: code } });
    expect(replay.status).toBe(401);
    t.clock.advance(30_000);
    const next = await t.request('POST', '/api/auth/login', { body: { username: 'new.officer', password, totp: totpAt(login.body.secret, currentStep(t.clock.now())) } });
    expect(next.status).toBe(200);
    expect(next.body.status).toBe('ok');
  });

  it('makes a staff member enrol again after an administrator resets the second factor, ending the sessions', async () => {
    const admin = await t.loginAs('admin');
    const account = await t.createStaff(admin, { login: 'reset.me', roles: ['mediator'], orgCode: 'sh-ip-mediation' });
    const session = await t.loginAs('reset.me');
    const reset = await t.request('POST', `/api/users/${account.id}/totp-reset`, { session: admin });
    expect(reset.status).toBe(200);
    expect(reset.body.totpEnrolled).toBe(false);
    expect((await t.request('GET', '/api/auth/me', { session })).status).toBe(401);
    t.totpSecrets.delete('reset.me');
    t.clock.advance(30_000);
    const again = await t.request('POST', '/api/auth/login', { body: { username: 'reset.me', password: t.passwords.get('reset.me') } });
    expect(again.body.status).toBe('totp_enrolment_required');
  });

  it('signs an applicant in with the password alone, whatever the case of the user name', async () => {
    const res = await t.request('POST', '/api/auth/login', { body: { username: 'ACME', password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.session.account.login).toBe('acme');
  });
});

describe('throttling', () => {
  const rng = createRng(0x5eed04);

  it(`answers 429 with retry-after after ${MAX_FAILURES} failed sign-ins, even to the right password, until the window passes`, async () => {
    expect(t.config.ZHIBAO_LOGIN_MAX_FAILURES).toBe(MAX_FAILURES);
    const body = enterpriseRegistration(rng);
    await t.register(body);
    t.clock.advance(1000);
    // All at one instant: the limit counts failures inside a sliding window, so the lock then lasts one whole window.
    for (let i = 0; i < MAX_FAILURES; i++) {
      const res = await t.request('POST', '/api/auth/login', { body: { username: body.login, password: `wrong-password-${i}` } });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.invalid_credentials');
    }
    const locked = await t.request('POST', '/api/auth/login', { body: { username: body.login, password: body.password } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('rate_limited');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBe(WINDOW_MINUTES * 60);
    expect(locked.body.retryAfterSeconds).toBe(retryAfter);
    expect(locked.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Other accounts are not affected by one account's lock.
    expect((await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: DEMO_PASSWORD } })).status).toBe(200);
    // The lock ends when the window has passed since the last failure.
    t.clock.advance(retryAfter * 1000 - 2000);
    expect((await t.request('POST', '/api/auth/login', { body: { username: body.login, password: body.password } })).status).toBe(429);
    t.clock.advance(3000);
    expect((await t.request('POST', '/api/auth/login', { body: { username: body.login, password: body.password } })).status).toBe(200);
    const audit = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'auth.login' and target_id = ${body.login} and outcome = 'denied'`);
    expect(audit[0].n).toBe(2);
  });

  it(`throttles a client address after ${MAX_FAILURES * 4} failures across any user names`, async () => {
    t.clock.advance(WINDOW_MINUTES * 60_000);
    for (let i = 0; i < MAX_FAILURES * 4; i++) {
      const res = await t.request('POST', '/api/auth/login', { body: { username: `nobody.${i}`, password: 'whatever-1234' } });
      expect(res.status).toBe(401);
    }
    const res = await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: DEMO_PASSWORD } });
    expect(res.status).toBe(429);
    t.clock.advance(WINDOW_MINUTES * 60_000 + 1000);
    expect((await t.request('POST', '/api/auth/login', { body: { username: 'acme', password: DEMO_PASSWORD } })).status).toBe(200);
  });
});

describe('sessions and CSRF', () => {
  const rng = createRng(0x5eed05);

  it('refuses a state change with the session cookie but no X-CSRF-Token, and changes nothing', async () => {
    const acme = await t.loginAs('acme');
    const before = await t.request('GET', '/api/auth/me', { session: acme });
    const res = await t.request('PATCH', '/api/account', { cookie: acme.cookie, body: { displayName: '被篡改 Tampered', expectedVersion: before.body.account.version } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.csrf_invalid');
    const after = await t.request('GET', '/api/auth/me', { session: acme });
    expect(after.body.account).toEqual(before.body.account);
    expect(await t.query(sql`select 1 from audit_log where action = 'account.update' and actor_login = 'acme'`)).toEqual([]);
  });

  it('refuses a state change with a wrong X-CSRF-Token, and changes nothing', async () => {
    const acme = await t.loginAs('acme');
    const other = await t.loginAs('zhang.san');
    const before = await t.request('GET', '/api/auth/me', { session: acme });
    for (const csrf of ['wrong', other.csrf]) {
      const res = await t.request('PATCH', '/api/account', { cookie: acme.cookie, csrf, body: { displayName: '被篡改 Tampered', expectedVersion: before.body.account.version } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.csrf_invalid');
    }
    // Signing out is a state change too.
    expect((await t.request('POST', '/api/auth/logout', { cookie: acme.cookie })).status).toBe(403);
    const after = await t.request('GET', '/api/auth/me', { session: acme });
    expect(after.status).toBe(200);
    expect(after.body.account).toEqual(before.body.account);
    // With the right token the same change goes through.
    const ok = await t.request('PATCH', '/api/account', { session: acme, body: { displayName: '上海示例科技有限公司', expectedVersion: before.body.account.version } });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(before.body.account.version + 1);
  });

  it('gives the CSRF token to the signed-in browser through /api/auth/me', async () => {
    const acme = await t.loginAs('acme');
    const me = await t.request('GET', '/api/auth/me', { cookie: acme.cookie });
    expect(me.body.csrfToken).toBe(acme.csrf);
  });

  it('refuses a cross-origin sign-in POST and accepts a same-origin one', async () => {
    const evil = await t.request('POST', '/api/auth/login', { headers: { origin: 'https://evil.example' }, body: { username: 'acme', password: DEMO_PASSWORD } });
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('auth.csrf_invalid');
    expect(t.sessionCookieOf(evil)).toBeUndefined();
    const opaque = await t.request('POST', '/api/auth/login', { headers: { origin: 'null' }, body: { username: 'acme', password: DEMO_PASSWORD } });
    expect(opaque.status).toBe(403);
    const register = await t.request('POST', '/api/auth/register', { headers: { origin: 'https://evil.example' }, body: enterpriseRegistration(rng) });
    expect(register.status).toBe(403);
    const same = await t.request('POST', '/api/auth/login', { headers: { origin: TEST_BASE_URL }, body: { username: 'acme', password: DEMO_PASSWORD } });
    expect(same.status).toBe(200);
  });

  it('ends the session on sign-out', async () => {
    const acme = await t.loginAs('acme');
    const other = await t.loginAs('acme');
    const res = await t.request('POST', '/api/auth/logout', { session: acme });
    expect(res.status).toBe(204);
    expect(res.setCookies.some((c) => /^zb_session=;/.test(c) && /Max-Age=0/i.test(c))).toBe(true);
    const me = await t.request('GET', '/api/auth/me', { session: acme });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('auth.required');
    // Only that session: the same account's other session goes on.
    expect((await t.request('GET', '/api/auth/me', { session: other })).status).toBe(200);
  });

  it('ends a session when its lifetime has passed', async () => {
    const acme = await t.loginAs('acme');
    t.clock.advance(t.config.ZHIBAO_SESSION_HOURS * 3600_000 + 1000);
    expect((await t.request('GET', '/api/auth/me', { session: acme })).status).toBe(401);
  });

  it('ends all of a user’s sessions when an administrator disables the account, and refuses sign-in', async () => {
    const admin = await t.loginAs('admin');
    const account = await t.createStaff(admin, { login: 'leaving.officer', roles: ['case_officer'], orgCode: 'sh-putuo-ipo' });
    const one = await t.loginAs('leaving.officer');
    const two = await t.loginAs('leaving.officer');
    const res = await t.request('PATCH', `/api/users/${account.id}`, { session: admin, body: { status: 'disabled', expectedVersion: account.version } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('disabled');
    for (const s of [one, two]) expect((await t.request('GET', '/api/auth/me', { session: s })).status).toBe(401);
    const [{ n }] = await t.query<{ n: number }>(sql`select count(*)::int as n from sessions where user_id = ${account.id} and revoked_at is null`);
    expect(n).toBe(0);
    t.clock.advance(30_000);
    const login = await t.request('POST', '/api/auth/login', { body: { username: 'leaving.officer', password: t.passwords.get('leaving.officer'), totp: t.totpFor('leaving.officer') } });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('auth.account_disabled');
  });

  it('refuses to disable the last active administrator', async () => {
    const admin = await t.loginAs('admin');
    const me = await t.request('GET', '/api/auth/me', { session: admin });
    const res = await t.request('PATCH', `/api/users/${admin.userId}`, { session: admin, body: { status: 'disabled', expectedVersion: me.body.account.version } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('identity.last_administrator');
    expect((await t.request('GET', '/api/auth/me', { session: admin })).status).toBe(200);
  });

  it('signs out the other sessions when the password changes', async () => {
    const body = enterpriseRegistration(rng);
    const { session: first } = await t.register(body);
    const second = await t.loginAs(body.login);
    const wrong = await t.request('POST', '/api/account/password', { session: second, body: { currentPassword: 'not-the-password-1', newPassword: 'Another-passw0rd' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('identity.password_wrong');
    const res = await t.request('POST', '/api/account/password', { session: second, body: { currentPassword: body.password, newPassword: 'Another-passw0rd' } });
    expect(res.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { session: first })).status).toBe(401);
    expect((await t.request('GET', '/api/auth/me', { session: second })).status).toBe(200);
    t.passwords.set(body.login, 'Another-passw0rd');
    await t.loginAs(body.login);
  });
});

/** Personal identifiers: encrypted at rest, masked in every answer, in clear only through an audited reveal. */
describe('personal identifiers', () => {
  const rng = createRng(0x5eed06);
  const idNumber = makeResidentId(rng, '310101', '19790923');
  const phone = '13787654321';
  let applicantId: string;

  beforeAll(async () => {
    const { account } = await t.register(individualRegistration(rng, { login: 'wang.wu', idNumber, phone, name: '王五' }));
    applicantId = account.id;
  });

  it('stores the resident ID number and phone encrypted: no column of any table holds them in clear', async () => {
    const [profile] = await t.query<Record<string, unknown>>(sql`select * from applicant_profiles where user_id = ${applicantId}`);
    expect(profile.id_number_enc).toMatch(/^v1\./);
    expect(profile.phone_enc).toMatch(/^v1\./);
    for (const [column, value] of Object.entries(profile)) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      expect(text ?? '', column).not.toContain(idNumber);
      expect(text ?? '', column).not.toContain(idNumber.slice(6, 14)); // not even the birth date part
      expect(text ?? '', column).not.toContain(phone);
    }
    // Nor anywhere else the registration wrote.
    for (const table of ['users', 'sessions', 'audit_log', 'login_attempts']) {
      const rows = await t.query(sql.raw(`select * from ${table}`));
      const dump = JSON.stringify(rows);
      expect(dump, table).not.toContain(idNumber);
      expect(dump, table).not.toContain(phone);
    }
  });

  it('shows the identifiers masked to a case officer in reach', async () => {
    const officer = await t.loginAs('officer.huangpu');
    const res = await t.request('GET', `/api/applicants/${applicantId}`, { session: officer });
    expect(res.status).toBe(200);
    expect(res.body.profile.idNumberMasked).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(res.body.profile.phoneMasked).toBe('13*******21');
    expect(res.text).not.toContain(idNumber);
    const list = await t.request('GET', '/api/applicants?q=wang.wu', { session: officer });
    expect(list.body.items).toHaveLength(1);
    expect(list.text).not.toContain(idNumber);
  });

  it('reveals the identifiers in clear to a case officer in reach, stating why, and audits the reveal', async () => {
    const officer = await t.loginAs('officer.huangpu');
    const reason = '受理侵权投诉，核对申请人身份 verifying the complainant';
    const res = await t.request('POST', `/api/applicants/${applicantId}/reveal`, { session: officer, body: { reason } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ idNumber, phone });
    const rows = await t.query<{ action: string; actor_login: string; target_id: string; outcome: string; details: { fields: string[]; reason: string } }>(
      sql`select * from audit_log where action = 'pii.reveal' and target_id = ${applicantId}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_login: 'officer.huangpu', outcome: 'success' });
    expect(rows[0].details).toEqual({ fields: ['idNumber', 'phone'], reason });
    // The audit row says what was shown, never the value.
    expect(JSON.stringify(rows[0])).not.toContain(idNumber);
  });

  it('refuses a reveal without a reason', async () => {
    const officer = await t.loginAs('officer.huangpu');
    const res = await t.request('POST', `/api/applicants/${applicantId}/reveal`, { session: officer, body: { reason: '' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect(res.body.errors[0].path).toBe('reason');
  });

  it('refuses the reveal to roles that see applicants but do not need identifiers in clear', async () => {
    const admin = await t.loginAs('admin');
    // In the applicant's district, so that reach is not what refuses them.
    await t.createStaff(admin, { login: 'reviewer.huangpu', roles: ['reviewer'], orgCode: 'sh-huangpu-ipo' });
    await t.createStaff(admin, { login: 'mediator.huangpu', roles: ['mediator'], orgCode: 'sh-huangpu-ipo' });
    for (const login of ['reviewer.huangpu', 'supervisor', 'mediator.huangpu']) {
      const session = await t.loginAs(login);
      expect((await t.request('GET', `/api/applicants/${applicantId}`, { session })).status, login).toBe(200);
      const res = await t.request('POST', `/api/applicants/${applicantId}/reveal`, { session, body: { reason: 'curious about it' } });
      expect(res.status, login).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    const [{ n }] = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'pii.reveal'`);
    expect(n).toBe(1);
  });

  it('shows the applicant his own identifiers only masked', async () => {
    const self = await t.loginAs('wang.wu');
    const me = await t.request('GET', '/api/auth/me', { session: self });
    expect(me.body.account.profile.idNumberMasked).toMatch(/^3101\*{10}/);
    expect(me.text).not.toContain(idNumber);
  });

  it('keeps a changed phone number encrypted too', async () => {
    const self = await t.loginAs('wang.wu');
    const me = await t.request('GET', '/api/auth/me', { session: self });
    const res = await t.request('PATCH', '/api/account', { session: self, body: { phone: '021-63211234', expectedVersion: me.body.account.version } });
    expect(res.status).toBe(200);
    expect(res.body.profile.phoneMasked).not.toContain('6321');
    const rows = await t.query(sql`select * from applicant_profiles where user_id = ${applicantId}`);
    expect(JSON.stringify(rows)).not.toContain('63211234');
  });
});

/** API tokens for system clients: `Authorization: Bearer <token>` within the token's scopes. */
describe('API tokens', () => {
  let admin: Session;
  let client: { id: string; version: number };
  let token: string;
  let tokenId: string;

  beforeAll(async () => {
    admin = await t.loginAs('admin');
    client = await t.createStaff(admin, { login: 'court.system', roles: ['auditor', 'supervisor'], orgCode: 'sh-ip-court', kind: 'system' });
    const res = await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: '法院对接 court feed', scopes: ['audit:read', 'users:read'] } });
    expect(res.status).toBe(201);
    token = res.body.token;
    tokenId = res.body.info.id;
  });

  it('issues a token shown once, listed afterwards only by its prefix', async () => {
    expect(token).toMatch(/^zb_[A-Za-z0-9_-]{40,}$/);
    const list = await t.request('GET', '/api/tokens', { session: admin });
    const info = list.body.items.find((i: { id: string }) => i.id === tokenId);
    expect(info).toMatchObject({ userLogin: 'court.system', scopes: ['audit:read', 'users:read'], prefix: token.slice(0, 10), revokedAt: null });
    expect(list.text).not.toContain(token);
  });

  it('accepts the bearer token on routes within its scopes', async () => {
    const audit = await t.request('GET', '/api/audit?limit=5', { token });
    expect(audit.status).toBe(200);
    const users = await t.request('GET', '/api/users', { token });
    expect(users.status).toBe(200);
    // Public routes need no scope.
    expect((await t.request('GET', '/api/health', { token })).status).toBe(200);
  });

  it('needs no CSRF token with a bearer token, even for state changes', async () => {
    const writer = (await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: 'writer', scopes: ['account:read'] } })).body.token;
    const me = await t.request('GET', '/api/auth/me', { token: writer });
    expect(me.status).toBe(200);
    const res = await t.request('PATCH', '/api/account', { token: writer, body: { displayName: '知识产权法院系统', expectedVersion: me.body.account.version } });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('知识产权法院系统');
  });

  it('refuses a route outside the token’s scopes with auth.scope_missing, naming the scope', async () => {
    const res = await t.request('GET', '/api/applicants', { token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.scope_missing');
    expect(res.body.messages.en).toContain('applicants:read');
    expect(res.body.messages['zh-CN']).toContain('applicants:read');
  });

  it('refuses a route its user’s roles do not allow even when the scope would', async () => {
    const orgWriter = (await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: 'orgs', scopes: ['orgs:write'] } })).body.token;
    const res = await t.request('POST', '/api/orgs', { token: orgWriter, body: { code: 'x-org', nameZh: '某机构', nameEn: 'Some body', kind: 'other' } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
  });

  it('refuses browser-only routes to any token with auth.token_not_allowed', async () => {
    const adminClient = await t.createStaff(admin, { login: 'ops.system', roles: ['administrator'], orgCode: 'sh-ipa', kind: 'system' });
    const all = await t.request('GET', '/api/tokens', { session: admin });
    expect(all.status).toBe(200);
    const issued = await t.request('POST', '/api/tokens', { session: admin, body: { userId: adminClient.id, name: 'ops', scopes: ['users:write', 'orgs:write', 'calendar:write'] } });
    const res = await t.request('GET', '/api/tokens', { token: issued.body.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.token_not_allowed');
  });

  it('refuses an unknown scope when issuing', async () => {
    const res = await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: 'bad', scopes: ['everything'] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('identity.scope_unknown');
  });

  it('refuses an invalid or malformed bearer token with 401 auth.token_invalid, also on public routes', async () => {
    for (const auth of [`Bearer zb_${'x'.repeat(43)}`, 'Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${token}x`]) {
      const res = await t.request('GET', '/api/health', { headers: { authorization: auth } });
      expect(res.status, auth).toBe(401);
      expect(res.body.code).toBe('auth.token_invalid');
    }
  });

  it('records who used a token, via token, in the audit log', async () => {
    const supervisorToken = (await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: 'applicants', scopes: ['applicants:read'] } })).body.token;
    expect((await t.request('GET', '/api/applicants', { token: supervisorToken })).status).toBe(200);
    const audit = await t.request('GET', '/api/audit?action=applicant.list&limit=1', { token });
    expect(audit.body.items[0]).toMatchObject({ actorLogin: 'court.system', via: 'token', action: 'applicant.list' });
  });

  it('answers 401 auth.token_invalid once the token is revoked', async () => {
    expect((await t.request('GET', '/api/audit?limit=1', { token })).status).toBe(200);
    const revoke = await t.request('DELETE', `/api/tokens/${tokenId}`, { session: admin });
    expect(revoke.status).toBe(204);
    const res = await t.request('GET', '/api/audit?limit=1', { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.token_invalid');
    const list = await t.request('GET', '/api/tokens', { session: admin });
    expect(list.body.items.find((i: { id: string }) => i.id === tokenId).revokedAt).not.toBeNull();
  });

  it('answers 401 auth.token_invalid for the tokens of a disabled account', async () => {
    const fresh = (await t.request('POST', '/api/tokens', { session: admin, body: { userId: client.id, name: 'again', scopes: ['audit:read'] } })).body.token;
    expect((await t.request('GET', '/api/audit?limit=1', { token: fresh })).status).toBe(200);
    const current = await t.request('GET', `/api/users/${client.id}`, { session: admin });
    const disable = await t.request('PATCH', `/api/users/${client.id}`, { session: admin, body: { status: 'disabled', expectedVersion: current.body.version } });
    expect(disable.status).toBe(200);
    expect((await t.request('GET', '/api/audit?limit=1', { token: fresh })).status).toBe(401);
  });

  it('refuses a system account a browser sign-in', async () => {
    const res = await t.request('POST', '/api/auth/login', { body: { username: 'ops.system', password: t.passwords.get('ops.system') } });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.system_account_no_login');
  });

  it('answers 401 auth.token_invalid after the token’s expiry', async () => {
    const auditorClient = await t.createStaff(admin, { login: 'archive.system', roles: ['auditor'], orgCode: 'sh-ipa', kind: 'system' });
    const res = await t.request('POST', '/api/tokens', { session: admin, body: { userId: auditorClient.id, name: 'short', scopes: ['audit:read'], expiresInDays: 1 } });
    expect(res.body.info.expiresAt).toBe(new Date(t.clock.now().getTime() + 86_400_000).toISOString());
    expect((await t.request('GET', '/api/audit?limit=1', { token: res.body.token })).status).toBe(200);
    t.clock.advance(86_400_000 + 1000);
    const late = await t.request('GET', '/api/audit?limit=1', { token: res.body.token });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('auth.token_invalid');
  });
});
