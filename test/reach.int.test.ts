import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, enterpriseRegistration } from './support/factories';
import { useTestApp, type Session } from './support/test-app';

/**
 * Reach: role says whether an action is allowed at all (403), reach says which records
 * (404 outside it, so ids cannot be probed). Demo data: acme is registered in 黄浦 (310101),
 * xuhui-materials and zhang.san in 徐汇 (310104), agent.li in 浦东 (310115) and acts for acme.
 */
describe('reach', () => {
  const t = useTestApp();
  const rng = createRng(0x5eed02);
  let huangpuOfficer: Session;
  let huangpu: string;
  let xuhui: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    huangpuOfficer = await t.loginAs('officer.huangpu');
    huangpu = await t.orgId('sh-huangpu-ipo');
    xuhui = await t.orgId('sh-xuhui-ipo');
    for (const login of ['acme', 'xuhui-materials', 'zhang.san', 'agent.li', 'officer.xuhui', 'officer.huangpu']) ids[login] = await t.userId(login);
    // One more Huangpu enterprise, registered under the superseded 卢湾 code that Huangpu absorbed.
    const luwan = await t.register(enterpriseRegistration(rng, { login: 'luwan.trading', regionCode: '310103' }));
    ids['luwan.trading'] = luwan.account.id;
  });

  it('lists only the applicants of her own district to a Huangpu case officer', async () => {
    const res = await t.request('GET', '/api/applicants?limit=200', { session: huangpuOfficer });
    expect(res.status).toBe(200);
    const logins = res.body.items.map((a: { login: string }) => a.login).sort();
    expect(logins).toEqual(['acme', 'luwan.trading']);
    expect(res.body.total).toBe(2);
    for (const a of res.body.items) expect(a.profile.districtOrgId).toBe(huangpu);
  });

  it('lists both districts to a supervisor of the city office, whose reach is the whole subtree', async () => {
    const supervisor = await t.loginAs('supervisor');
    const res = await t.request('GET', '/api/applicants?limit=200', { session: supervisor });
    expect(res.status).toBe(200);
    const logins = res.body.items.map((a: { login: string }) => a.login);
    expect(logins).toEqual(expect.arrayContaining(['acme', 'xuhui-materials', 'zhang.san', 'agent.li', 'luwan.trading']));
  });

  it('returns 404, not 403, to a Huangpu case officer asking for a Xuhui applicant by id', async () => {
    const res = await t.request('GET', `/api/applicants/${ids['xuhui-materials']}`, { session: huangpuOfficer });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    // Indistinguishable from an id that does not exist.
    const absent = await t.request('GET', `/api/applicants/${rng.uuid()}`, { session: huangpuOfficer });
    expect(absent.status).toBe(404);
    expect(absent.body.code).toBe(res.body.code);
    expect(absent.body.detail).toBe(res.body.detail);
  });

  it('returns her own district’s applicant to a Huangpu case officer', async () => {
    const res = await t.request('GET', `/api/applicants/${ids.acme}`, { session: huangpuOfficer });
    expect(res.status).toBe(200);
    expect(res.body.login).toBe('acme');
    expect(res.body.profile.districtOrgId).toBe(huangpu);
  });

  it('records the refused read in the audit log with outcome denied', async () => {
    const auditor = await t.loginAs('auditor');
    const q = new URLSearchParams({ action: 'applicant.read', targetId: ids['xuhui-materials'], outcome: 'denied' });
    const res = await t.request('GET', `/api/audit?${q}`, { session: auditor });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
    const row = res.body.items[0];
    expect(row).toMatchObject({ action: 'applicant.read', outcome: 'denied', actorLogin: 'officer.huangpu', actorOrgId: huangpu, targetType: 'applicant', targetId: ids['xuhui-materials'], via: 'session' });
    expect(row.actorRoles).toEqual(['case_officer']);
    expect(row.ip).toBeTruthy();
    expect(row.requestId).toBeTruthy();
  });

  it('refuses to reveal the identifiers of an applicant outside reach, as 404, and audits it', async () => {
    const res = await t.request('POST', `/api/applicants/${ids['zhang.san']}/reveal`, { session: huangpuOfficer, body: { reason: '核对身份 checking identity' } });
    expect(res.status).toBe(404);
    const audit = await t.request('GET', `/api/audit?${new URLSearchParams({ targetId: ids['zhang.san'], outcome: 'denied' })}`, { session: await t.loginAs('auditor') });
    expect(audit.body.items.some((r: { actorLogin: string }) => r.actorLogin === 'officer.huangpu')).toBe(true);
    // And the Xuhui officer, whose reach it is, may.
    const xuhuiOfficer = await t.loginAs('officer.xuhui');
    const ok = await t.request('POST', `/api/applicants/${ids['zhang.san']}/reveal`, { session: xuhuiOfficer, body: { reason: '核对身份 checking identity' } });
    expect(ok.status).toBe(200);
    expect(ok.body.idNumber).toMatch(/^310104\d{11}[\dX]$/);
  });

  it('returns 404 to a district supervisor asking for a staff account of another district', async () => {
    const admin = await t.loginAs('admin');
    await t.createStaff(admin, { login: 'supervisor.huangpu', roles: ['supervisor'], orgCode: 'sh-huangpu-ipo' });
    const supervisor = await t.loginAs('supervisor.huangpu');
    expect((await t.request('GET', `/api/users/${ids['officer.xuhui']}`, { session: supervisor })).status).toBe(404);
    expect((await t.request('GET', `/api/users/${ids['officer.huangpu']}`, { session: supervisor })).status).toBe(200);
    const list = await t.request('GET', '/api/users?limit=200', { session: supervisor });
    expect(list.status).toBe(200);
    for (const u of list.body.items) expect(u.orgId).toBe(huangpu);
    expect(list.body.items.map((u: { login: string }) => u.login)).not.toContain('officer.xuhui');
    // Filtering by an organisation outside reach yields nothing rather than that organisation's staff.
    const other = await t.request('GET', `/api/users?orgId=${xuhui}`, { session: supervisor });
    expect(other.body.items).toEqual([]);
  });

  it('refuses an applicant the applicant directory altogether, whichever id he tries', async () => {
    const zhang = await t.loginAs('zhang.san');
    for (const path of ['/api/applicants', `/api/applicants/${ids.acme}`, `/api/applicants/${ids['zhang.san']}`, `/api/users/${ids.acme}`]) {
      const res = await t.request('GET', path, { session: zhang });
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    // What he can read about accounts is his own.
    const me = await t.request('GET', '/api/auth/me', { session: zhang });
    expect(me.body.account.id).toBe(ids['zhang.san']);
  });

  it('returns 404 to an applicant who tries to end another applicant’s authorisation by its id', async () => {
    const acme = await t.loginAs('acme');
    const mine = await t.request('GET', '/api/account/representations', { session: acme });
    const representationId = mine.body.asPrincipal[0].id;
    const zhang = await t.loginAs('zhang.san');
    const res = await t.request('DELETE', `/api/account/representations/${representationId}`, { session: zhang });
    expect(res.status).toBe(404);
    const still = await t.request('GET', '/api/account/representations', { session: acme });
    expect(still.body.asPrincipal.map((r: { id: string }) => r.id)).toContain(representationId);
  });

  it('shows an agent the principals he acts for, and the principal his agent', async () => {
    const agent = await t.loginAs('agent.li');
    const res = await t.request('GET', '/api/account/representations', { session: agent });
    expect(res.status).toBe(200);
    expect(res.body.asAgent).toHaveLength(1);
    expect(res.body.asAgent[0].principal).toMatchObject({ id: ids.acme, login: 'acme', name: '上海示例科技有限公司' });
    expect(res.body.asAgent[0].agent.login).toBe('agent.li');
    expect(res.body.asPrincipal).toEqual([]);
    const acme = await t.loginAs('acme');
    const principal = await t.request('GET', '/api/account/representations', { session: acme });
    expect(principal.body.asPrincipal[0].agent.login).toBe('agent.li');
  });

  it('lets a principal authorise a registered agent, refuses a non-agent, and lets the agent end it', async () => {
    const luwan = await t.loginAs('luwan.trading');
    const refused = await t.request('POST', '/api/account/representations', { session: luwan, body: { agentLogin: 'zhang.san' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('identity.agent_not_found');
    const granted = await t.request('POST', '/api/account/representations', { session: luwan, body: { agentLogin: 'agent.li' } });
    expect(granted.status).toBe(201);
    const twice = await t.request('POST', '/api/account/representations', { session: luwan, body: { agentLogin: 'agent.li' } });
    expect(twice.status).toBe(409);
    const agent = await t.loginAs('agent.li');
    const list = await t.request('GET', '/api/account/representations', { session: agent });
    expect(list.body.asAgent.map((r: { principal: { login: string } }) => r.principal.login).sort()).toEqual(['acme', 'luwan.trading']);
    expect((await t.request('DELETE', `/api/account/representations/${granted.body.id}`, { session: agent })).status).toBe(204);
    const after = await t.request('GET', '/api/account/representations', { session: agent });
    expect(after.body.asAgent.map((r: { principal: { login: string } }) => r.principal.login)).toEqual(['acme']);
  });
});
