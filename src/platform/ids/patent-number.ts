/**
 * Chinese patent application numbers (专利申请号) — domain/rules.md §10.3.
 *
 * ZC 0006-2003 《专利申请号标准》 (from 2003-10-01): 4-digit year + kind digit + 7-digit serial,
 * then "." and a check character, e.g. 202110123456.7. Before that: 2-digit year + kind digit +
 * 5-digit serial, e.g. 97101765.4. A granted patent is cited as ZL + application number; CN may
 * precede an application number. PCT international applications filed with CNIPA as receiving
 * office have their own form, PCT/CN2021/123456.
 */
import { fail, type BilingualLabel, type CheckResult } from './check-result';
import { IdsErrors } from './ids.errors';
import { firstDisallowedChar, isDigit, normalizeIdentifierText } from './normalize';
import { shanghaiToday } from './shanghai-date';

export type PatentKindCode = '1' | '2' | '3' | '8' | '9';

/** 申请种类号 (rules.md §10.3): the fifth digit of a 12-digit number, the third of an 8-digit one. */
export const PATENT_KINDS: Readonly<Record<PatentKindCode, BilingualLabel>> = {
  '1': { zh: '发明', en: 'Invention' },
  '2': { zh: '实用新型', en: 'Utility model' },
  '3': { zh: '外观设计', en: 'Design' },
  '8': { zh: 'PCT 发明（进入中国国家阶段）', en: 'PCT invention (Chinese national phase)' },
  '9': { zh: 'PCT 实用新型（进入中国国家阶段）', en: 'PCT utility model (Chinese national phase)' },
};

// The Patent Law took effect on 1985-04-01; 8-digit numbers were issued until ZC 0006-2003
// replaced them on 2003-10-01, so 2003 is valid in both formats.
const OLD_FORMAT_FIRST_YEAR = 1985;
const OLD_FORMAT_LAST_YEAR = 2003;
const NEW_FORMAT_FIRST_YEAR = 2003;

// One optional space between year and kind and between kind and serial; the dot before the check
// character may be left out (ZL2013106997442 is written that way). A missing check character is
// matched here so that the user can be told which one to add.
const NEW_FORMAT = /^(\d{4}) ?(\d) ?(\d{7})(\.?)([0-9X]?)$/;
const OLD_FORMAT = /^(\d{2}) ?(\d) ?(\d{5})(\.?)([0-9X]?)$/;
// 公开号 / 授权公告号 such as CN1340998A or CN112345678B (kind letters A B C D S U Y; not X,
// which ends an application number written without its dot).
const PUBLICATION_NUMBER = /^CN\d{7,9}[ABCDSUY]\d?$/;
// rules.md §10.3, from PatentValidationUtil.java.
const PCT_NUMBER = /^PCT\/CN((?:19|20)\d{2})\/(\d{6})$/;

// Weights 2–9 repeating left to right; check = Σ mod 11 with 10 → X (not 11 − r).
const CHECK_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9];

export interface PatentOptions {
  /** Reference time for the latest acceptable filing year; defaults to the current time. */
  now?: Date;
}

export interface PatentApplicationInfo {
  format: 'new' | 'old';
  /** Filing year, four digits also for the old format. */
  year: number;
  kind: { code: PatentKindCode; label: BilingualLabel };
  serial: string;
  checkChar: string;
  /** Prefix the input carried, if any. */
  prefix: 'CN' | 'ZL' | null;
  /** e.g. 202110123456.7 (same as `normalized`). */
  applicationNumber: string;
  /** e.g. CN202110123456.7 */
  display: string;
  /** The patent number of the grant, e.g. ZL202110123456.7 */
  patentNumber: string;
}

export interface PctApplicationInfo {
  format: 'pct';
  year: number;
  receivingOffice: 'CN';
  serial: string;
  /** e.g. PCT/CN2021/123456 (same as `normalized`). */
  display: string;
}

export type PatentInfo = PatentApplicationInfo | PctApplicationInfo;

/** Checks a CN application number (either format, optional CN/ZL prefix) or a PCT/CN number. */
export function checkPatentNumber(input: string, opts: PatentOptions = {}): CheckResult<PatentInfo> {
  const text = normalizeIdentifierText(input);
  if (text.startsWith('PCT')) return checkPctNumber(text, opts);
  if (PUBLICATION_NUMBER.test(text.replace(/ /g, ''))) return fail(IdsErrors['ids.patent.publication_number']);

  let prefix: 'CN' | 'ZL' | null = null;
  let rest = text;
  if (text.startsWith('CN')) {
    prefix = 'CN';
    rest = text.slice(2);
    if (rest.startsWith(' ')) rest = rest.slice(1);
  } else if (text.startsWith('ZL')) {
    prefix = 'ZL';
    rest = text.slice(2);
  }
  const offset = text.length - rest.length; // the prefix is ASCII, so code units = characters

  const lastIndex = Array.from(rest).length - 1;
  const bad = firstDisallowedChar(rest, (ch, i) => isDigit(ch) || ch === ' ' || ch === '.' || (ch === 'X' && i === lastIndex));
  if (bad) return fail(IdsErrors['ids.patent.charset'], { position: bad.position + offset, char: bad.char });

  const format = NEW_FORMAT.test(rest) ? 'new' : OLD_FORMAT.test(rest) ? 'old' : null;
  if (!format) {
    const compact = rest.replace(/ /g, '');
    if (compact !== rest && (NEW_FORMAT.test(compact) || OLD_FORMAT.test(compact))) {
      return fail(IdsErrors['ids.patent.space']);
    }
    return fail(IdsErrors['ids.patent.format']);
  }
  const [, yearDigits, kind, serial, , actualCheck] = (format === 'new' ? NEW_FORMAT : OLD_FORMAT).exec(rest)!;

  const maxYear = format === 'new' ? shanghaiToday(opts.now).year : OLD_FORMAT_LAST_YEAR;
  const minYear = format === 'new' ? NEW_FORMAT_FIRST_YEAR : OLD_FORMAT_FIRST_YEAR;
  const year = format === 'new' ? Number(yearDigits) : expandTwoDigitYear(Number(yearDigits));
  if (year < minYear || year > maxYear) return fail(IdsErrors['ids.patent.year'], { year, min: minYear, max: maxYear });

  if (!isPatentKind(kind)) return fail(IdsErrors['ids.patent.kind'], { kind });

  const digits = yearDigits + kind + serial;
  const expected = patentCheckCharOf(digits);
  if (actualCheck === '') return fail(IdsErrors['ids.patent.check_missing'], { expected });
  if (actualCheck !== expected) return fail(IdsErrors['ids.patent.check_char'], { expected, actual: actualCheck });

  const applicationNumber = `${digits}.${expected}`;
  return {
    ok: true,
    normalized: applicationNumber,
    info: {
      format,
      year,
      kind: { code: kind, label: PATENT_KINDS[kind] },
      serial,
      checkChar: expected,
      prefix,
      applicationNumber,
      display: `CN${applicationNumber}`,
      patentNumber: `ZL${applicationNumber}`,
    },
  };
}

/** Checks a PCT international application number with CNIPA as receiving office, PCT/CN2021/123456. */
export function checkPctNumber(input: string, opts: PatentOptions = {}): CheckResult<PctApplicationInfo> {
  const text = normalizeIdentifierText(input);
  const m = PCT_NUMBER.exec(text);
  if (!m) return fail(IdsErrors['ids.patent.pct_format']);
  const year = Number(m[1]);
  const maxYear = shanghaiToday(opts.now).year;
  if (year > maxYear) return fail(IdsErrors['ids.patent.pct_year'], { year, max: maxYear });
  return { ok: true, normalized: text, info: { format: 'pct', year, receivingOffice: 'CN', serial: m[2], display: text } };
}

/**
 * Check character of an 8- or 12-digit application number (digits only, no dot).
 * A building block for callers that already hold the digits; use `checkPatentNumber` for input.
 */
export function computePatentCheckChar(digits: string): string {
  if (!/^(?:\d{8}|\d{12})$/.test(digits)) throw new RangeError('computePatentCheckChar needs 8 or 12 digits');
  return patentCheckCharOf(digits);
}

function patentCheckCharOf(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * CHECK_WEIGHTS[i % CHECK_WEIGHTS.length];
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

function isPatentKind(kind: string): kind is PatentKindCode {
  return Object.hasOwn(PATENT_KINDS, kind);
}

// Two-digit years of the old format: 85–99 are 1985–1999, 00–03 are 2000–2003. Splitting at 50
// makes an out-of-range year read naturally in the error (84 → 1984, 04 → 2004).
function expandTwoDigitYear(yy: number): number {
  return yy >= 50 ? 1900 + yy : 2000 + yy;
}
