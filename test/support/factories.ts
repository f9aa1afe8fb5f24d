import { computeOrgCodeCheckChar, computeResidentIdCheckDigit, computeUsccCheckChar } from '../../src/platform/ids';

/**
 * Test data with a seeded PRNG (CONVENTIONS rule 8): the same seed gives the same logins,
 * identifiers and bodies on every run and on both engines, so a failure can be replayed.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  bool(probability?: number): boolean;
  pick<T>(items: readonly T[]): T;
  string(length: number, alphabet?: string): string;
  digits(length: number): string;
  /** An RFC 4122 version-4 UUID drawn from the PRNG (not from the OS). */
  uuid(): string;
}

/** mulberry32: small, fast and good enough to spread test data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const string = (length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789') =>
    Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join('');
  const hex = (n: number) => string(n, '0123456789abcdef');
  return {
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick: (items) => items[int(0, items.length - 1)],
    string,
    digits: (length) => string(length, '0123456789'),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}

/** A valid 统一社会信用代码 of an enterprise (91…) registered in the given GB/T 2260 division. */
export function makeUscc(rng: Rng, regionCode = '310101'): string {
  const orgCode8 = rng.digits(8);
  const first17 = `91${regionCode}${orgCode8}${computeOrgCodeCheckChar(orgCode8)}`;
  return first17 + computeUsccCheckChar(first17);
}

/** A valid 18-character 居民身份证号码 first registered in the given division. */
export function makeResidentId(rng: Rng, regionCode = '310104', birth?: string): string {
  const date = birth ?? `${rng.int(1950, 2000)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const first17 = `${regionCode}${date}${rng.digits(3)}`;
  return first17 + computeResidentIdCheckDigit(first17);
}

/** The same identifier with its last (check) character replaced by a wrong one. */
export function withWrongCheckChar(identifier: string): string {
  const last = identifier.slice(-1);
  const replacement = last === '1' ? '2' : '1';
  return identifier.slice(0, -1) + replacement;
}

export function makeLogin(rng: Rng, prefix = 'user'): string {
  return `${prefix}.${rng.string(8)}`;
}

export const TEST_PASSWORD = 'Test-passw0rd-2026';

export interface RegistrationBody {
  login: string;
  password: string;
  subjectType: 'enterprise' | 'individual';
  name: string;
  actsAsAgent?: boolean;
  uscc?: string;
  idNumber?: string;
  legalRepresentative?: string;
  address?: string;
  email?: string;
  phone?: string;
  locale?: 'zh-CN' | 'en';
  districtOrgId?: string;
}

export function enterpriseRegistration(rng: Rng, overrides: Partial<RegistrationBody> & { regionCode?: string } = {}): RegistrationBody {
  const { regionCode, ...rest } = overrides;
  return {
    login: makeLogin(rng, 'ent'),
    password: TEST_PASSWORD,
    subjectType: 'enterprise',
    name: `测试科技有限公司${rng.digits(4)}`,
    uscc: makeUscc(rng, regionCode ?? '310101'),
    legalRepresentative: '王测试',
    address: '上海市黄浦区测试路 1 号',
    ...rest,
  };
}

export function individualRegistration(rng: Rng, overrides: Partial<RegistrationBody> & { regionCode?: string } = {}): RegistrationBody {
  const { regionCode, ...rest } = overrides;
  return {
    login: makeLogin(rng, 'ind'),
    password: TEST_PASSWORD,
    subjectType: 'individual',
    name: `测试人${rng.digits(3)}`,
    idNumber: makeResidentId(rng, regionCode ?? '310104'),
    address: '上海市徐汇区测试路 2 号',
    ...rest,
  };
}

export interface OrgImportRow {
  code: string;
  parentCode?: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  regionCode?: string;
  regionAliases?: string[];
}

/**
 * Another city's tree: a municipal office with district offices (Hangzhou's GB/T 2260 codes
 * by default), plus a court that hangs off nothing.
 */
export function makeCityTree(
  rng: Rng,
  city = { prefix: 'hz', nameZh: '杭州市', nameEn: 'Hangzhou', region: '330100', districts: [['shangcheng', '上城区', 'Shangcheng', '330102'], ['gongshu', '拱墅区', 'Gongshu', '330105'], ['xihu', '西湖区', 'Xihu', '330106']] as [string, string, string, string][] },
): OrgImportRow[] {
  const tag = rng.string(4);
  const root = `${city.prefix}-${tag}-ipa`;
  return [
    { code: root, nameZh: `${city.nameZh}知识产权局`, nameEn: `${city.nameEn} Intellectual Property Administration`, kind: 'ip_office', regionCode: city.region },
    ...city.districts.map(([slug, zh, en, region]) => ({
      code: `${city.prefix}-${tag}-${slug}-ipo`,
      parentCode: root,
      nameZh: `${zh}知识产权局`,
      nameEn: `${en} District Intellectual Property Office`,
      kind: 'district_ip_office',
      regionCode: region,
      regionAliases: [],
    })),
    { code: `${city.prefix}-${tag}-court`, nameZh: `${city.nameZh}中级人民法院`, nameEn: `${city.nameEn} Intermediate People's Court`, kind: 'court', regionCode: city.region },
  ];
}

/** The same rows as a CSV file with a header, BOM and CRLF line ends, quoting where needed. */
export function toOrgCsv(rows: OrgImportRow[]): string {
  const header = ['code', 'parentCode', 'nameZh', 'nameEn', 'kind', 'regionCode', 'regionAliases'];
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r) =>
    [r.code, r.parentCode ?? '', r.nameZh, r.nameEn, r.kind, r.regionCode ?? '', (r.regionAliases ?? []).join('|')].map(cell).join(','),
  );
  return `\ufeff${header.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

/** A valid patent-infringement adjudication request (专利侵权纠纷处理请求书) against an individual in Huangpu. */
export function patentRequest(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    patentNumber: 'ZL202110123456.7',
    patentTitle: '一种缝合线',
    requesterStanding: 'patentee',
    respondent: { subjectType: 'individual', name: '王五', address: '上海市黄浦区南京东路 1 号', regionCode: '310101' },
    claims: [1],
    requests: '责令停止侵权',
    facts: '被请求人销售侵权产品。',
    evidenceIds: [],
    noCourtAction: true,
    ...over,
  };
}
