/**
 * Data-IP registration numbers (数据知识产权登记号) and certificate numbers (证书编号) —
 * domain/rules.md §1.5 and §10.5.
 *
 * The national certificate format since 2024-09-09 (CNIPA 规发〔2024〕79号, [S]) gives the
 * structure; the check algorithm of the registration number is not published ([NF]), so this
 * platform uses ISO/IEC 7064 MOD 37,36 (the hybrid system over 0–9 and A–Z, as in the GRid music
 * identifier). It detects every single-character substitution; adjacent transpositions are
 * detected except some swaps of neighbouring digits that differ by one (about 1 % of random
 * transpositions in this format, measured in dataip-number.test.ts).
 *
 *   登记号 (16): application year (4) · data-source code (1) · holder-type code (1) · serial (9) · check (1)
 *     data source: 1 self-collected 自行采集, 2 authorised 授权获取, 3 purchased 购买,
 *                  4 public-data operation 公共数据授权运营, 9 other 其他
 *     holder type: 1 legal person 法人, 2 natural person 自然人, 3 unincorporated organisation 非法人组织
 *   证书编号 (17): year (4) · month (2) · registration authority code (4, e.g. 3100 Shanghai) · serial (7)
 *
 * The source and holder codes are this platform's choice (the notice names the fields, not their codes).
 */
import { fail, type BilingualLabel, type CheckResult } from './check-result';
import { IdsErrors } from './ids.errors';
import { firstDisallowedChar, isDigit, normalizeIdentifierText } from './normalize';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const M = 36;

/** ISO/IEC 7064 MOD 37,36 check character of `body` (characters 0–9, A–Z). */
export function mod3736Check(body: string): string {
  let p = M;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`not a MOD 37,36 character: ${ch}`);
    let s = (p + v) % M;
    if (s === 0) s = M;
    p = (2 * s) % (M + 1);
  }
  return ALPHABET[(M + 1 - p) % M];
}

export const DATA_SOURCES = {
  '1': { zh: '自行采集', en: 'self-collected' },
  '2': { zh: '授权获取', en: 'authorised (licensed)' },
  '3': { zh: '购买', en: 'purchased' },
  '4': { zh: '公共数据授权运营', en: 'public-data operation' },
  '9': { zh: '其他', en: 'other' },
} as const satisfies Record<string, BilingualLabel>;

export const HOLDER_TYPES = {
  '1': { zh: '法人', en: 'legal person' },
  '2': { zh: '自然人', en: 'natural person' },
  '3': { zh: '非法人组织', en: 'unincorporated organisation' },
} as const satisfies Record<string, BilingualLabel>;

export type DataSourceCode = keyof typeof DATA_SOURCES;
export type HolderTypeCode = keyof typeof HOLDER_TYPES;

/** The pilots began in November 2022 (rules.md §1.2): no registration is older. */
export const FIRST_DATAIP_YEAR = 2022;

export interface DataIpOptions {
  /** Reference time for the latest acceptable year; defaults to the current time. */
  now?: Date;
}

export interface DataIpRegistrationInfo {
  year: number;
  source: { code: DataSourceCode; label: BilingualLabel };
  holder: { code: HolderTypeCode; label: BilingualLabel };
  serial: string;
  checkChar: string;
}

export interface DataIpCertificateInfo {
  year: number;
  month: number;
  authorityCode: string;
  serial: string;
}

const yearNow = (opts: DataIpOptions) => (opts.now ?? new Date()).getUTCFullYear();

/** Builds a registration number from its parts (the serial is zero-padded to 9 digits). */
export function formatDataIpRegistration(parts: { year: number; source: DataSourceCode; holder: HolderTypeCode; serial: number }): string {
  if (!Number.isInteger(parts.serial) || parts.serial < 1 || parts.serial > 999_999_999) throw new RangeError('serial must be 1–999999999');
  const body = `${parts.year}${parts.source}${parts.holder}${String(parts.serial).padStart(9, '0')}`;
  return body + mod3736Check(body);
}

export function checkDataIpRegistration(input: string, opts: DataIpOptions = {}): CheckResult<DataIpRegistrationInfo> {
  const text = normalizeIdentifierText(input).replace(/[\s-]/g, '');
  const chars = Array.from(text);
  if (chars.length !== 16) return fail(IdsErrors['ids.dataip.length'], { length: chars.length });
  const bad = firstDisallowedChar(text, (ch, i) => isDigit(ch) || (i === 15 && /^[A-Z]$/.test(ch)));
  if (bad) return fail(IdsErrors['ids.dataip.charset'], bad);
  const year = Number(text.slice(0, 4));
  if (year < FIRST_DATAIP_YEAR || year > yearNow(opts)) return fail(IdsErrors['ids.dataip.year'], { year, first: FIRST_DATAIP_YEAR, last: yearNow(opts) });
  const source = text[4] as DataSourceCode;
  if (!(source in DATA_SOURCES)) return fail(IdsErrors['ids.dataip.source'], { code: text[4] });
  const holder = text[5] as HolderTypeCode;
  if (!(holder in HOLDER_TYPES)) return fail(IdsErrors['ids.dataip.holder'], { code: text[5] });
  const expected = mod3736Check(text.slice(0, 15));
  if (expected !== text[15]) return fail(IdsErrors['ids.dataip.check_char'], { expected, actual: text[15] });
  return {
    ok: true,
    normalized: text,
    info: {
      year,
      source: { code: source, label: DATA_SOURCES[source] },
      holder: { code: holder, label: HOLDER_TYPES[holder] },
      serial: text.slice(6, 15),
      checkChar: text[15],
    },
  };
}

// GB/T 2260 province-level codes (first two digits): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82.
const PROVINCES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);

export function checkDataIpCertificate(input: string, opts: DataIpOptions = {}): CheckResult<DataIpCertificateInfo> {
  const text = normalizeIdentifierText(input).replace(/[\s-]/g, '');
  const chars = Array.from(text);
  if (chars.length !== 17) return fail(IdsErrors['ids.dataip_cert.length'], { length: chars.length });
  const bad = firstDisallowedChar(text, isDigit);
  if (bad) return fail(IdsErrors['ids.dataip_cert.charset'], bad);
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  if (year < FIRST_DATAIP_YEAR || year > yearNow(opts)) return fail(IdsErrors['ids.dataip.year'], { year, first: FIRST_DATAIP_YEAR, last: yearNow(opts) });
  if (month < 1 || month > 12) return fail(IdsErrors['ids.dataip_cert.month'], { month: text.slice(4, 6) });
  const authorityCode = text.slice(6, 10);
  if (!PROVINCES.has(authorityCode.slice(0, 2))) return fail(IdsErrors['ids.dataip_cert.authority'], { code: authorityCode });
  return { ok: true, normalized: text, info: { year, month, authorityCode, serial: text.slice(10) } };
}
