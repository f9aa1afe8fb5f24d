import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../src/domains/orgs/orgs.service';
import { readCsv } from '../src/platform/csv';
import { systemActor } from '../src/seed';
import { createRng, makeCityTree } from './support/factories';
import { onPostgres, useTestApp, type Session } from './support/test-app';

/** The export read the way a spreadsheet would (RFC 4180). */
const parseCsv = (text: string): string[][] => readCsv(text).rows;

/** The messages of a rejected promise's error and its causes (drizzle wraps the driver's error). */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    const messages: string[] = [];
    for (let err = e as { message?: string; cause?: unknown } | undefined; err; err = err.cause as typeof err) messages.push(String(err.message));
    return messages.join(' ← ');
  }
  throw new Error('expected the statement to fail');
}

describe('audit log', () => {
  const t = useTestApp();
  const rng = createRng(0x5eed07);
  let auditor: Session;
  let admin: Session;

  beforeAll(async () => {
    auditor = await t.loginAs('auditor');
    admin = await t.loginAs('admin');
  });

  async function count(action: string): Promise<number> {
    const [{ n }] = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`);
    return n;
  }

  it('writes the audit row of a change in the change’s transaction', async () => {
    const before = await count('org.create');
    const res = await t.request('POST', '/api/orgs', { session: admin, body: { code: 'audit-probe-1', nameZh: '审计探针一', nameEn: 'Audit probe 1', kind: 'other' } });
    expect(res.status).toBe(201);
    expect(await count('org.create')).toBe(before + 1);
    const [row] = await t.query<{ target_id: string; actor_login: string; details: { code: string } }>(sql`select * from audit_log where action = 'org.create' order by id desc limit 1`);
    expect(row).toMatchObject({ target_id: res.body.id, actor_login: 'admin', details: { code: 'audit-probe-1' } });
  });

  it('leaves neither the change nor an audit row when a change fails part-way', async () => {
    // Rows 1–4 are valid and inserted before row 5's unknown parent is found.
    const rows = makeCityTree(rng);
    rows.push({ code: `${rows[0].code}-x`, parentCode: 'no-such-parent', nameZh: '无上级机构', nameEn: 'Orphan', kind: 'other' });
    const [{ n: orgsBefore }] = await t.query<{ n: number }>(sql`select count(*)::int as n from organisations`);
    const importsBefore = await count('org.import');
    const res = await t.request('POST', '/api/orgs/import', { session: admin, body: { format: 'json', content: JSON.stringify(rows) } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('orgs.import_invalid');
    const [{ n: orgsAfter }] = await t.query<{ n: number }>(sql`select count(*)::int as n from organisations`);
    expect(orgsAfter).toBe(orgsBefore);
    expect(await count('org.import')).toBe(importsBefore);
  });

  it('rolls the change back when its audit row cannot be written', async () => {
    // Make the audit insert of one action fail, then attempt that action.
    await t.platform.db.execute(sql`alter table audit_log add constraint audit_probe_refuse check (action <> 'org.create') not valid`);
    try {
      const ctx = { ...t.platform, actor: systemActor(), locale: 'en' as const };
      await expect(createOrganisation(ctx, { code: 'audit-probe-2', nameZh: '审计探针二', nameEn: 'Audit probe 2', kind: 'other' })).rejects.toThrow();
    } finally {
      await t.platform.db.execute(sql`alter table audit_log drop constraint audit_probe_refuse`);
    }
    expect(await t.query(sql`select 1 from organisations where code = 'audit-probe-2'`)).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const [last] = await t.query<{ id: number; action: string }>(sql`select id, action from audit_log order by id desc limit 1`);
    expect(await failureOf(t.platform.db.execute(sql`update audit_log set action = 'tampered' where id = ${last.id}`))).toMatch(/audit_log is insert-only \(UPDATE refused\)/);
    expect(await failureOf(t.platform.db.execute(sql`delete from audit_log where id = ${last.id}`))).toMatch(/audit_log is insert-only \(DELETE refused\)/);
    expect(await failureOf(t.platform.db.execute(sql`truncate audit_log`))).toMatch(/audit_log is insert-only \(TRUNCATE refused\)/);
    const [again] = await t.query<{ id: number; action: string }>(sql`select id, action from audit_log where id = ${last.id}`);
    expect(again).toEqual(last);
  });

  it.runIf(onPostgres)('grants the application role SELECT and INSERT on audit_log but not UPDATE, DELETE or TRUNCATE', async () => {
    const [p] = await t.query<Record<string, boolean>>(sql`
      select has_table_privilege('zhibao_app', 'audit_log', 'SELECT') as "select",
             has_table_privilege('zhibao_app', 'audit_log', 'INSERT') as "insert",
             has_table_privilege('zhibao_app', 'audit_log', 'UPDATE') as "update",
             has_table_privilege('zhibao_app', 'audit_log', 'DELETE') as "delete",
             has_table_privilege('zhibao_app', 'audit_log', 'TRUNCATE') as "truncate",
             has_table_privilege('zhibao_app', 'organisations', 'UPDATE') as "orgs_update"`);
    expect(p).toEqual({ select: true, insert: true, update: false, delete: false, truncate: false, orgs_update: true });
  });

  it.runIf(onPostgres)('lets the application role insert audit rows but refuses it an update before any trigger runs', async () => {
    const inserted = await t.platform.db.transaction(async (tx) => {
      await tx.execute(sql`set local role zhibao_app`);
      const r = await tx.execute(sql`insert into audit_log (via, action, outcome) values ('system', 'probe.as_app_role', 'success') returning id`);
      return (r as unknown as { rows: { id: number }[] }).rows[0].id;
    });
    expect(Number(inserted)).toBeGreaterThan(0);
    const refusal = await failureOf(
      t.platform.db.transaction(async (tx) => {
        await tx.execute(sql`set local role zhibao_app`);
        await tx.execute(sql`update audit_log set action = 'tampered' where id = ${inserted}`);
      }),
    );
    expect(refusal).toMatch(/permission denied for table audit_log/);
  });

  describe('search', () => {
    let probeLogin: string;
    beforeAll(async () => {
      probeLogin = `probe.${rng.string(6)}`;
      // Three failed sign-ins for one user name, a success for another, an org change.
      for (let i = 0; i < 3; i++) await t.request('POST', '/api/auth/login', { body: { username: probeLogin, password: `nope-${i}-123456` } });
      await t.loginAs('acme');
      await t.request('POST', '/api/orgs', { session: admin, body: { code: 'audit-search-org', nameZh: '检索测试机构', nameEn: 'Search probe body', kind: 'other' } });
    });

    async function search(params: Record<string, string>) {
      const res = await t.request('GET', `/api/audit?${new URLSearchParams(params)}`, { session: auditor });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as { items: { id: number; at: string; action: string; actorLogin: string | null; targetType: string | null; targetId: string | null; outcome: string; details: Record<string, unknown> }[]; nextBefore: number | null };
    }

    it('filters by target and outcome', async () => {
      const page = await search({ targetId: probeLogin, outcome: 'failed' });
      expect(page.items).toHaveLength(3);
      for (const r of page.items) expect(r).toMatchObject({ action: 'auth.login', targetType: 'login', targetId: probeLogin, outcome: 'failed', details: { reason: 'unknown_user' } });
      expect((await search({ targetId: probeLogin, outcome: 'success' })).items).toEqual([]);
    });

    it('filters by action prefix, without treating % and _ as wildcards', async () => {
      const page = await search({ action: 'auth.', limit: '500' });
      expect(page.items.length).toBeGreaterThan(3);
      for (const r of page.items) expect(r.action.startsWith('auth.')).toBe(true);
      expect((await search({ action: '%' })).items).toEqual([]);
      expect((await search({ action: 'auth_' })).items).toEqual([]);
    });

    it('filters by actor login or id', async () => {
      const byLogin = await search({ actor: 'ADMIN', limit: '500' });
      expect(byLogin.items.length).toBeGreaterThan(0);
      for (const r of byLogin.items) expect(r.actorLogin).toBe('admin');
      const byId = await search({ actor: admin.userId, limit: '500' });
      expect(byId.items.map((r) => r.id)).toEqual(byLogin.items.map((r) => r.id));
    });

    it('filters by target type and free text in the details', async () => {
      const page = await search({ targetType: 'organisation', text: 'audit-search-org' });
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({ action: 'org.create', details: { code: 'audit-search-org' } });
    });

    it('filters by time and pages with before', async () => {
      const all = await search({ limit: '500' });
      expect(all.items.length).toBeGreaterThan(6);
      const pivot = all.items[3];
      const from = await search({ from: pivot.at, limit: '500' });
      for (const r of from.items) expect(r.at >= pivot.at).toBe(true);
      expect(from.items.map((r) => r.id)).toContain(pivot.id);
      const to = await search({ to: pivot.at, limit: '500' });
      for (const r of to.items) expect(r.at < pivot.at).toBe(true);

      const first = await search({ limit: '2' });
      expect(first.items).toHaveLength(2);
      expect(first.nextBefore).toBe(first.items[1].id);
      const second = await search({ limit: '2', before: String(first.nextBefore) });
      // Searching is itself audited, so the newest rows move on; the page is the two rows just below.
      const below = await t.query<{ id: number }>(sql`select id from audit_log where id < ${first.nextBefore} order by id desc limit 2`);
      expect(second.items.map((r) => r.id)).toEqual(below.map((r) => Number(r.id)));
    });

    it('refuses a malformed time filter with the field named', async () => {
      const res = await t.request('GET', '/api/audit?from=yesterday', { session: auditor });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('from');
    });
  });

  describe('CSV export', () => {
    const hostile = '=cmd|"/c calc",x';

    beforeAll(async () => {
      // A failed sign-in records the typed user name as the target: attacker-controlled text.
      await t.request('POST', '/api/auth/login', { body: { username: hostile, password: 'irrelevant-123' } });
    });

    async function exportCsv(params: Record<string, string> = {}) {
      const res = await t.request('GET', `/api/audit/export.csv?${new URLSearchParams(params)}`, { session: auditor });
      expect(res.status).toBe(200);
      return res;
    }

    it('exports UTF-8 with a byte-order mark and a header row', async () => {
      const res = await exportCsv();
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="zhibao-audit-\d{4}-\d{2}-\d{2}\.csv"/);
      expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(res.text.slice(1));
      expect(rows[0]).toEqual(['id', 'at', 'actor_login', 'actor_user_id', 'actor_roles', 'actor_org_id', 'via', 'ip', 'action', 'target_type', 'target_id', 'outcome', 'request_id', 'details']);
      const [{ n }] = await t.query<{ n: number }>(sql`select count(*)::int as n from audit_log`);
      // Every row (the export's own audit row was written before the rows were read).
      expect(rows.length - 1).toBe(n);
      for (const r of rows) expect(r).toHaveLength(14);
    });

    it('quotes commas and quotes, and neutralises formula injection', async () => {
      const res = await exportCsv({ targetType: 'login', outcome: 'failed' });
      const line = res.text.split('\r\n').find((l) => l.includes('cmd'))!;
      expect(line).toContain(`"'=cmd|""/c calc"",x"`);
      const rows = parseCsv(res.text.slice(1));
      const row = rows.find((r) => r[10]?.includes('cmd'))!;
      expect(row[10]).toBe(`'${hostile}`);
      expect(JSON.parse(row[13])).toEqual({ reason: 'unknown_user' });
      for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@]/);
    });

    it('exports only the filtered rows and audits the export itself', async () => {
      const before = await count('audit.export');
      const res = await exportCsv({ action: 'org.' });
      const rows = parseCsv(res.text.slice(1)).slice(1);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r[8].startsWith('org.')).toBe(true);
      expect(await count('audit.export')).toBe(before + 1);
    });

    it('refuses the export to a case officer', async () => {
      const officer = await t.loginAs('officer.huangpu');
      const res = await t.request('GET', '/api/audit/export.csv', { session: officer });
      expect(res.status).toBe(403);
    });
  });
});
