/**
 * Trademark registration numbers (商标注册号) — domain/rules.md §10.4.
 *
 * The registration number is the application number given at filing. No official format or check
 * character was found ([NF]); in practice they are sequential digits, currently at most 8, so the
 * maximum length is an option rather than a constant. The Nice class is validated separately
 * (nice-class.ts).
 */
import { fail, type CheckResult } from './check-result';
import { IdsErrors } from './ids.errors';
import { firstDisallowedChar, isDigit, normalizeIdentifierText } from './normalize';

export const DEFAULT_TRADEMARK_MAX_LENGTH = 8;

export interface TrademarkOptions {
  /** Longest accepted number of digits; default 8. */
  maxLength?: number;
}

export interface TrademarkInfo {
  digits: number;
}

export function checkTrademarkNumber(input: string, opts: TrademarkOptions = {}): CheckResult<TrademarkInfo> {
  const maxLength = opts.maxLength ?? DEFAULT_TRADEMARK_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError('trademark maxLength must be a positive integer');

  const text = normalizeIdentifierText(input);
  const bad = firstDisallowedChar(text, isDigit);
  if (bad) return fail(IdsErrors['ids.trademark.charset'], bad);
  // Leading zeros are kept: without an official format we cannot tell that 0123 and 123 are one number.
  if (text.length < 1 || text.length > maxLength) {
    return fail(IdsErrors['ids.trademark.length'], { length: text.length, maxLength });
  }
  return { ok: true, normalized: text, info: { digits: text.length } };
}
