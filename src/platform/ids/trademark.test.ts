import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIGITS, present, presentation } from './ids.arbitraries';
import { checkTrademarkNumber } from './trademark';

const validTrademarkNumber = fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 1, maxLength: 8 });

describe('trademark registration number', () => {
  it('accepts one to eight digits by default', () => {
    expect(checkTrademarkNumber('1')).toEqual({ ok: true, normalized: '1', info: { digits: 1 } });
    expect(checkTrademarkNumber('12345678')).toMatchObject({ ok: true, normalized: '12345678' });
  });

  it('rejects nine digits by default and names the limit', () => {
    expect(checkTrademarkNumber('123456789')).toEqual({
      ok: false,
      code: 'ids.trademark.length',
      params: { length: 9, maxLength: 8 },
    });
  });

  it('accepts longer numbers when the maximum length is raised', () => {
    expect(checkTrademarkNumber('1234567890', { maxLength: 10 })).toMatchObject({ ok: true, normalized: '1234567890' });
    expect(checkTrademarkNumber('12345', { maxLength: 4 })).toMatchObject({ code: 'ids.trademark.length', params: { maxLength: 4 } });
  });

  it('rejects an empty number', () => {
    expect(checkTrademarkNumber('  ')).toEqual({ ok: false, code: 'ids.trademark.length', params: { length: 0, maxLength: 8 } });
  });

  it('rejects letters, spaces and the 第…号 wording, naming the position', () => {
    expect(checkTrademarkNumber('1234A678')).toEqual({ ok: false, code: 'ids.trademark.charset', params: { position: 5, char: 'A' } });
    expect(checkTrademarkNumber('1234 5678')).toMatchObject({ code: 'ids.trademark.charset', params: { position: 5 } });
    expect(checkTrademarkNumber('第1234567号')).toMatchObject({ code: 'ids.trademark.charset', params: { position: 1, char: '第' } });
  });

  it('normalises full-width digits and surrounding white space and keeps leading zeros', () => {
    expect(checkTrademarkNumber(' ００１２３４ ')).toMatchObject({ ok: true, normalized: '001234' });
  });

  it('refuses a maximum length that is not a positive whole number', () => {
    expect(() => checkTrademarkNumber('1', { maxLength: 0 })).toThrow(RangeError);
    expect(() => checkTrademarkNumber('1', { maxLength: 2.5 })).toThrow(RangeError);
  });

  describe('properties', () => {
    it('accepts every generated number and normalises it idempotently', () => {
      fc.assert(
        fc.property(validTrademarkNumber, presentation, (n, p) => {
          expect(checkTrademarkNumber(present(n, p))).toMatchObject({ ok: true, normalized: n });
          expect(checkTrademarkNumber(n)).toMatchObject({ ok: true, normalized: n });
        }),
      );
    });

    // Without a check character a changed digit is another valid number (rules.md §10.4), so the
    // single-change property is stated for characters outside the allowed set instead.
    it('rejects every generated number with one digit replaced by a character that is not a digit', () => {
      // Not white space: at either end it is trimmed, which is normalisation, not a change.
      const nonDigit = fc.constantFrom('A', 'x', '-', '.', '_', '号', '零', '/');
      fc.assert(
        fc.property(validTrademarkNumber, fc.nat(), nonDigit, (n, i, ch) => {
          const index = i % n.length;
          const mutated = n.slice(0, index) + ch + n.slice(index + 1);
          expect(checkTrademarkNumber(mutated).ok).toBe(false);
        }),
      );
    });

    it('rejects every number longer than the maximum length', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 1, maxLength: 20 }), (max, n) => {
          expect(checkTrademarkNumber(n, { maxLength: max }).ok).toBe(n.length <= max);
        }),
      );
    });
  });
});
