/**
 * Resident identity number (公民身份号码), GB 11643-1999 — domain/rules.md §10.2.
 *
 * Layout: 6-digit address code (GB/T 2260) + birth date YYYYMMDD + 3-digit sequence (odd = male,
 * even = female) + check character (ISO 7064 MOD 11-2). The 15-digit numbers issued before 1999
 * (`dddddd yymmdd xxx`, no check character) are still met on old documents and are upgraded.
 */
import { fail, type CheckResult } from './check-result';
import { IdsErrors } from './ids.errors';
import { firstDisallowedChar, isDigit, normalizeIdentifierText } from './normalize';
import { compareCalendarDates, formatCalendarDate, isRealDate, shanghaiToday } from './shanghai-date';

// ISO 7064 MOD 11-2 weights 2^(17−i) mod 11 for positions 1–17; check = CHECK_CHARS[Σ mod 11].
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

// Legacy 15-digit numbers omit the century. People born in the 1800s were given sequence numbers
// 996–999 so they could be told apart (rules.md §10.2).
const CENTENARIAN_SEQUENCE_FROM = 996;

export interface ResidentIdOptions {
  /** Reference time for refusing future birth dates; defaults to the current time. */
  now?: Date;
}

export interface ResidentIdInfo {
  /** GB/T 2260 address code of the place of first registration, e.g. 310101 黄浦区. */
  regionCode: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
  /** The input was a 15-digit number; `normalized` is its 18-digit form. */
  upgradedFrom15: boolean;
}

export function checkResidentId(input: string, opts: ResidentIdOptions = {}): CheckResult<ResidentIdInfo> {
  const text = normalizeIdentifierText(input);
  const length = Array.from(text).length;

  if (length === 15) {
    const bad = firstDisallowedChar(text, isDigit);
    if (bad) return fail(IdsErrors['ids.id.charset'], bad);
    return checkEighteen(upgrade(text), opts, true);
  }
  if (length !== 18) return fail(IdsErrors['ids.id.length'], { length });

  const bad = firstDisallowedChar(text, (ch, i) => isDigit(ch) || (i === 17 && ch === 'X'));
  if (bad) return fail(IdsErrors['ids.id.charset'], bad);
  return checkEighteen(text, opts, false);
}

/** GB/T 2260 address code (positions 1–6) of a valid number, or null when the input is not valid. */
export function residentIdRegionCode(input: string, opts: ResidentIdOptions = {}): string | null {
  const r = checkResidentId(input, opts);
  return r.ok ? r.info.regionCode : null;
}

/**
 * ISO 7064 MOD 11-2 check character for the first 17 digits (GB 11643-1999).
 * A building block for callers that already hold 17 digits; use `checkResidentId` for input.
 */
export function computeResidentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('computeResidentIdCheckDigit needs exactly 17 digits');
  return checkDigitOf(first17);
}

/**
 * 18-digit form of a legacy 15-digit number: insert the century (19, or 18 for sequences 996–999)
 * and append the check character. Does not validate the birth date; `checkResidentId` does.
 */
export function upgradeResidentId15To18(id15: string): string {
  if (!/^\d{15}$/.test(id15)) throw new RangeError('upgradeResidentId15To18 needs exactly 15 digits');
  return upgrade(id15);
}

function upgrade(id15: string): string {
  const century = Number(id15.slice(12, 15)) >= CENTENARIAN_SEQUENCE_FROM ? '18' : '19';
  const body = id15.slice(0, 6) + century + id15.slice(6);
  return body + checkDigitOf(body);
}

function checkDigitOf(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function checkEighteen(id: string, opts: ResidentIdOptions, upgradedFrom15: boolean): CheckResult<ResidentIdInfo> {
  const birth = { year: Number(id.slice(6, 10)), month: Number(id.slice(10, 12)), day: Number(id.slice(12, 14)) };
  const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  // No lower bound on the year: the standard's own example 440524188001010014 is born in 1880.
  if (!isRealDate(birth)) return fail(IdsErrors['ids.id.birth_date'], { date });
  const today = shanghaiToday(opts.now);
  if (compareCalendarDates(birth, today) > 0) {
    return fail(IdsErrors['ids.id.birth_date_future'], { date, today: formatCalendarDate(today) });
  }

  const expected = checkDigitOf(id.slice(0, 17));
  if (id[17] !== expected) return fail(IdsErrors['ids.id.check_digit'], { expected, actual: id[17] });

  return {
    ok: true,
    normalized: id,
    info: {
      regionCode: id.slice(0, 6),
      birthDate: date,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
      upgradedFrom15,
    },
  };
}
