import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, makeCityTree, toOrgCsv, type OrgImportRow } from './support/factories';
import { useTestApp, type Session } from './support/test-app';

interface Org {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  parentId: string | null;
  regionCode: string | null;
  regionAliases: string[];
  active: boolean;
  version: number;
}

const SHANGHAI_DISTRICTS: [string, string][] = [
  ['黄浦', '310101'], ['徐汇', '310104'], ['长宁', '310105'], ['静安', '310106'], ['普陀', '310107'], ['虹口', '310109'],
  ['杨浦', '310110'], ['闵行', '310112'], ['宝山', '310113'], ['嘉定', '310114'], ['浦东新', '310115'], ['金山', '310116'],
  ['松江', '310117'], ['青浦', '310118'], ['奉贤', '310120'], ['崇明', '310151'],
];

describe('organisations', () => {
  const t = useTestApp();
  const rng = createRng(0x5eed08);
  let admin: Session;

  beforeAll(async () => {
    admin = await t.loginAs('admin');
  });

  async function orgs(): Promise<Org[]> {
    const res = await t.request('GET', '/api/orgs', { session: admin });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function importOrgs(format: 'json' | 'csv', content: string) {
    return t.request('POST', '/api/orgs/import', { session: admin, body: { format, content } });
  }

  describe('the Shanghai tree', () => {
    it('has 上海市知识产权局 at the root with the 16 district bureaus below it, each with its division code', async () => {
      const all = await orgs();
      const root = all.find((o) => o.nameZh === '上海市知识产权局')!;
      expect(root).toMatchObject({ parentId: null, kind: 'ip_office', regionCode: '310000', active: true });
      const districts = all.filter((o) => o.kind === 'district_ip_office');
      expect(districts).toHaveLength(16);
      for (const [name, region] of SHANGHAI_DISTRICTS) {
        const d = districts.find((o) => o.nameZh === `${name}区知识产权局`);
        expect(d, name).toBeDefined();
        expect(d).toMatchObject({ parentId: root.id, regionCode: region });
      }
    });

    it('has the other bodies of the issue: protection centres, mediation committee, court, police, procuratorate, market regulator', async () => {
      const all = await orgs();
      const byName = (zh: string) => all.find((o) => o.nameZh.replace(/[（）]/g, (p) => (p === '（' ? '(' : ')')) === zh);
      expect(byName('上海市知识产权保护中心')).toMatchObject({ kind: 'protection_centre' });
      expect(byName('中国(浦东)知识产权保护中心')).toMatchObject({ kind: 'protection_centre', parentId: all.find((o) => o.code === 'sh-pudong-ipo')!.id });
      expect(all.find((o) => o.kind === 'mediation_committee')?.nameZh).toMatch(/知识产权.*人民调解委员会/);
      expect(byName('上海知识产权法院')).toMatchObject({ kind: 'court' });
      expect(all.find((o) => o.kind === 'police')?.nameZh).toBe('上海市公安局');
      expect(all.find((o) => o.kind === 'procuratorate')?.nameZh).toBe('上海市人民检察院');
      expect(all.find((o) => o.kind === 'market_regulator')?.nameZh).toBe('上海市市场监督管理局');
      expect(all).toHaveLength(24);
      for (const o of all) expect(o.nameEn.length).toBeGreaterThan(3);
    });

    it('keeps superseded division codes as aliases, so old identifiers find their district', async () => {
      const all = await orgs();
      expect(all.find((o) => o.code === 'sh-jingan-ipo')!.regionAliases).toContain('310108'); // 闸北 merged into 静安 in 2015
      expect(all.find((o) => o.code === 'sh-huangpu-ipo')!.regionAliases).toContain('310103'); // 卢湾
    });

    it('lists the district bureaus and the city office publicly, for the registration form', async () => {
      const res = await t.request('GET', '/api/public/districts');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(17);
      expect(res.body.items.map((o: Org) => o.kind).sort()[16]).toBe('ip_office');
    });
  });

  describe('import', () => {
    it('creates another city’s tree from JSON', async () => {
      const rows = makeCityTree(rng);
      const res = await importOrgs('json', JSON.stringify({ organisations: rows }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ created: rows.length, updated: 0, total: rows.length });
      const all = await orgs();
      const root = all.find((o) => o.code === rows[0].code)!;
      expect(root).toMatchObject({ parentId: null, nameZh: '杭州市知识产权局', regionCode: '330100' });
      for (const row of rows.slice(1, 4)) expect(all.find((o) => o.code === row.code)).toMatchObject({ parentId: root.id, kind: 'district_ip_office', regionCode: row.regionCode });
      expect(all.find((o) => o.code === rows[4].code)).toMatchObject({ parentId: null, kind: 'court' });
      const [audit] = await t.query<{ details: { created: number } }>(sql`select details from audit_log where action = 'org.import' order by id desc limit 1`);
      expect(audit.details.created).toBe(rows.length);
    });

    it('creates another city’s tree from CSV with a BOM, quoted fields and aliases, parents listed after children', async () => {
      const city = {
        prefix: 'nj',
        nameZh: '南京市',
        nameEn: 'Nanjing',
        region: '320100',
        districts: [['xuanwu', '玄武区', 'Xuanwu, "central"', '320102'], ['qinhuai', '秦淮区', 'Qinhuai', '320104']] as [string, string, string, string][],
      };
      const rows = makeCityTree(rng, city);
      rows[2].regionAliases = ['320103', '320106'];
      const csv = toOrgCsv([...rows.slice(1), rows[0]]);
      const res = await importOrgs('csv', csv);
      expect(res.status, res.text).toBe(200);
      expect(res.body.created).toBe(rows.length);
      const all = await orgs();
      const root = all.find((o) => o.code === rows[0].code)!;
      const xuanwu = all.find((o) => o.code === rows[1].code)!;
      expect(xuanwu).toMatchObject({ parentId: root.id, nameEn: 'Xuanwu, "central" District Intellectual Property Office' });
      expect(all.find((o) => o.code === rows[2].code)!.regionAliases).toEqual(['320103', '320106']);
    });

    it('updates organisations that already exist by code', async () => {
      const rows = makeCityTree(rng);
      await importOrgs('json', JSON.stringify(rows));
      rows[1].nameEn = 'Renamed District Office';
      const res = await importOrgs('json', JSON.stringify(rows));
      expect(res.body).toEqual({ created: 0, updated: rows.length, total: rows.length });
      expect((await orgs()).find((o) => o.code === rows[1].code)!.nameEn).toBe('Renamed District Office');
    });

    async function expectNothingChanged(before: Org[]) {
      const after = await orgs();
      expect(after).toEqual(before);
    }

    it('refuses a JSON file with a bad row, naming the row in both languages, and changes nothing', async () => {
      const before = await orgs();
      const rows: OrgImportRow[] = makeCityTree(rng);
      (rows[2] as { kind: string }).kind = 'ministry';
      const res = await importOrgs('json', JSON.stringify(rows));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('orgs.import_invalid');
      expect(res.body.messages['zh-CN']).toContain('第 3 条');
      expect(res.body.messages.en).toContain('entry 3');
      expect(res.body.messages.en).toContain('kind');
      await expectNothingChanged(before);
    });

    it('refuses a CSV file whose fourth row names an unknown parent, after earlier rows were inserted, and changes nothing', async () => {
      const before = await orgs();
      const rows = makeCityTree(rng);
      rows[3].parentCode = 'no-such-org';
      const res = await importOrgs('csv', toOrgCsv(rows));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('orgs.import_invalid');
      expect(res.body.messages.en).toMatch(/entry 4: parent no-such-org not found/);
      await expectNothingChanged(before);
    });

    it('refuses a CSV file with a bad division code, naming the row', async () => {
      const before = await orgs();
      const rows = makeCityTree(rng);
      rows[1].regionCode = '33010';
      const res = await importOrgs('csv', toOrgCsv(rows));
      expect(res.status).toBe(400);
      expect(res.body.messages.en).toContain('entry 2');
      expect(res.body.messages['zh-CN']).toContain('行政区划代码应为 6 位数字');
      await expectNothingChanged(before);
    });

    it('refuses duplicate codes, missing columns, unreadable and empty files', async () => {
      const before = await orgs();
      const rows = makeCityTree(rng);
      const dup = await importOrgs('json', JSON.stringify([...rows, rows[1]]));
      expect(dup.body.code).toBe('orgs.import_invalid');
      expect(dup.body.messages.en).toContain(`entry ${rows.length + 1}: duplicate code`);
      const noKind = await importOrgs('csv', 'code,nameZh,nameEn\r\nx-1,某机构,Some body\r\n');
      expect(noKind.body.code).toBe('orgs.import_format');
      expect(noKind.body.messages.en).toContain('missing column kind');
      expect((await importOrgs('json', '{"organisations": [')).body.code).toBe('orgs.import_format');
      expect((await importOrgs('json', '{"city": "nowhere"}')).body.code).toBe('orgs.import_format');
      expect((await importOrgs('json', '[]')).body.code).toBe('orgs.import_empty');
      expect((await importOrgs('csv', 'code,nameZh,nameEn,kind\r\n')).body.code).toBe('orgs.import_empty');
      expect((await importOrgs('csv', 'code,nameZh,nameEn,kind\r\n"x-1,某机构,Some body,other\r\n')).body.code).toBe('orgs.import_format');
      await expectNothingChanged(before);
    });

    it('refuses a file whose parent links form a cycle, and changes nothing', async () => {
      const before = await orgs();
      const rows = makeCityTree(rng);
      rows[0].parentCode = rows[1].code;
      const res = await importOrgs('json', JSON.stringify(rows));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('orgs.cycle');
      await expectNothingChanged(before);
    });
  });

  describe('changes', () => {
    it('refuses to make an organisation its own ancestor', async () => {
      const all = await orgs();
      const root = all.find((o) => o.code === 'sh-ipa')!;
      const pudong = all.find((o) => o.code === 'sh-pudong-ipo')!;
      const centre = all.find((o) => o.code === 'pudong-ippc')!;
      for (const parentId of [centre.id, pudong.id, root.id]) {
        const res = await t.request('PATCH', `/api/orgs/${root.id}`, { session: admin, body: { parentId, expectedVersion: root.version } });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('orgs.cycle');
      }
      expect((await orgs()).find((o) => o.code === 'sh-ipa')).toEqual(root);
    });

    it('answers 409 conflict.version to a change based on a stale version, and keeps the newer one', async () => {
      const created = await t.request('POST', '/api/orgs', { session: admin, body: { code: 'versioned-body', nameZh: '版本测试机构', nameEn: 'Versioned body', kind: 'other' } });
      expect(created.status).toBe(201);
      expect(created.body.version).toBe(1);
      const first = await t.request('PATCH', `/api/orgs/${created.body.id}`, { session: admin, body: { nameEn: 'First edit', expectedVersion: 1 } });
      expect(first.status).toBe(200);
      expect(first.body.version).toBe(2);
      const stale = await t.request('PATCH', `/api/orgs/${created.body.id}`, { session: admin, body: { nameEn: 'Second edit', expectedVersion: 1 } });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('conflict.version');
      expect(stale.body.messages.en).toMatch(/changed by someone else/);
      const now = await t.request('GET', `/api/orgs/${created.body.id}`, { session: admin });
      expect(now.body).toMatchObject({ nameEn: 'First edit', version: 2 });
    });

    it('refuses a second organisation with a taken code with 409', async () => {
      const res = await t.request('POST', '/api/orgs', { session: admin, body: { code: 'sh-ipa', nameZh: '重复机构', nameEn: 'Duplicate', kind: 'other' } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('orgs.code_taken');
    });

    it('refuses to deactivate an organisation that still has active staff, and allows it once empty', async () => {
      const all = await orgs();
      const xuhui = all.find((o) => o.code === 'sh-xuhui-ipo')!;
      const res = await t.request('PATCH', `/api/orgs/${xuhui.id}`, { session: admin, body: { active: false, expectedVersion: xuhui.version } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('orgs.has_active_members');
      const empty = await t.request('POST', '/api/orgs', { session: admin, body: { code: 'short-lived', nameZh: '临时机构', nameEn: 'Short-lived body', kind: 'other', parentId: xuhui.id } });
      const off = await t.request('PATCH', `/api/orgs/${empty.body.id}`, { session: admin, body: { active: false, expectedVersion: 1 } });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
    });
  });
});
