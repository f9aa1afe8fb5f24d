/**
 * Test-only fast-check generators of valid identifiers (imported by *.test.ts, never by index.ts).
 *
 * Each generator builds the body at random and computes the check characters with the exported
 * helpers, so a property failure points at either the helper or the check — both are tested
 * against the published vectors separately.
 */
import fc from 'fast-check';
import { computeResidentIdCheckDigit, upgradeResidentId15To18 } from './resident-id';
import { computePatentCheckChar, PATENT_KINDS } from './patent-number';
import { computeOrgCodeCheckChar, computeUsccCheckChar, USCC_CHARSET } from './uscc';

/** Fixed "now" for deterministic year and birth-date limits: 2025-06-30 noon in Shanghai. */
export const NOW = new Date('2025-06-30T12:00:00+08:00');

export const DIGITS = '0123456789';

const digit = fc.constantFrom(...DIGITS);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const usccChars = (n: number) =>
  fc.array(fc.constantFrom(...USCC_CHARSET), { minLength: n, maxLength: n }).map((a) => a.join(''));

export const validUscc = fc
  .tuple(usccChars(2), digits(6), usccChars(8))
  .map(([head, region, org]) => {
    const body = head + region + org + computeOrgCodeCheckChar(org);
    return body + computeUsccCheckChar(body);
  });

/** Characters the USCC allows at a 0-based position. */
export function usccAllowedAt(index: number): string {
  return index >= 2 && index < 8 ? DIGITS : USCC_CHARSET;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const birthDate = (from: Date, to: Date) =>
  fc.integer({ min: Math.ceil(from.getTime() / DAY_MS), max: Math.floor(to.getTime() / DAY_MS) }).map((day) => {
    const d = new Date(day * DAY_MS);
    return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  });

export const validResidentId = fc
  .tuple(digits(6), birthDate(new Date(Date.UTC(1800, 0, 1)), new Date(Date.UTC(2025, 5, 30))), digits(3))
  .map(([region, birth, seq]) => {
    const body = region + birth + seq;
    return body + computeResidentIdCheckDigit(body);
  });

/** Legacy 15-digit numbers of people born 1900–1999 (sequence < 996, so the century is 19). */
export const validLegacyResidentId = fc
  .tuple(digits(6), birthDate(new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(1999, 11, 31))), fc.integer({ min: 0, max: 995 }))
  .map(([region, birth, seq]) => ({
    id15: region + birth.slice(2) + String(seq).padStart(3, '0'),
    id18: upgradeResidentId15To18(region + birth.slice(2) + String(seq).padStart(3, '0')),
  }));

export interface GeneratedPatentNumber {
  year: string;
  kind: string;
  serial: string;
  check: string;
  /** Canonical application number, e.g. 202110123456.7 */
  canonical: string;
}

const patentKind = fc.constantFrom(...Object.keys(PATENT_KINDS));

function patentNumber(year: string, kind: string, serial: string): GeneratedPatentNumber {
  const check = computePatentCheckChar(year + kind + serial);
  return { year, kind, serial, check, canonical: `${year}${kind}${serial}.${check}` };
}

export const validNewPatentNumber = fc
  .tuple(fc.integer({ min: 2003, max: 2025 }), patentKind, digits(7))
  .map(([year, kind, serial]) => patentNumber(String(year), kind, serial));

export const validOldPatentNumber = fc
  .tuple(fc.constantFrom(...[85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 0, 1, 2, 3]), patentKind, digits(5))
  .map(([yy, kind, serial]) => patentNumber(String(yy).padStart(2, '0'), kind, serial));

export const validPatentNumber = fc.oneof(validNewPatentNumber, validOldPatentNumber);

/** Characters allowed at a 0-based digit or check position of a canonical application number. */
export function patentAllowedAt(canonical: string, index: number): string {
  if (canonical[index] === '.') throw new RangeError('the dot has no alternative');
  return index === canonical.length - 1 ? `${DIGITS}X` : DIGITS;
}

/** Replaces the character at `index` with a different one from `allowed` (chosen by `pick`). */
export function substitute(s: string, index: number, allowed: string, pick: number): string {
  const choices = [...allowed].filter((c) => c !== s[index]);
  if (choices.length === 0) throw new RangeError(`no other allowed character at position ${index}`);
  return s.slice(0, index) + choices[pick % choices.length] + s.slice(index + 1);
}

/** ASCII to the full-width forms a Chinese IME produces (space to U+3000). */
export function toFullWidth(s: string): string {
  return [...s]
    .map((c) => (c === ' ' ? '\u3000' : c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c))
    .join('');
}

/** Ways people wrap an identifier that normalisation must undo. */
export const presentation = fc.record({
  lowerCase: fc.boolean(),
  fullWidth: fc.boolean(),
  before: fc.constantFrom('', ' ', '\t', '\u3000', '\n '),
  after: fc.constantFrom('', ' ', '\u3000', '\r\n'),
});

export function present(s: string, p: { lowerCase: boolean; fullWidth: boolean; before: string; after: string }): string {
  const cased = p.lowerCase ? s.toLowerCase() : s;
  return p.before + (p.fullWidth ? toFullWidth(cased) : cased) + p.after;
}
