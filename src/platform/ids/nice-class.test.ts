import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { present, presentation } from './ids.arbitraries';
import { checkNiceClass, isNiceClass } from './nice-class';

describe('Nice class', () => {
  it('accepts every class from 1 to 45', () => {
    for (let n = 1; n <= 45; n++) expect(checkNiceClass(String(n))).toMatchObject({ ok: true, normalized: String(n) });
  });

  it('accepts the two-digit form printed on certificates and drops the leading zero', () => {
    expect(checkNiceClass('09')).toEqual({ ok: true, normalized: '9', info: { classNumber: 9, type: 'goods' } });
  });

  it('tells goods classes 1 to 34 from service classes 35 to 45', () => {
    expect(checkNiceClass('34')).toMatchObject({ info: { type: 'goods' } });
    expect(checkNiceClass('35')).toMatchObject({ info: { type: 'services' } });
    expect(checkNiceClass('45')).toMatchObject({ info: { type: 'services' } });
  });

  it('rejects class 0 and class 46 as out of range', () => {
    expect(checkNiceClass('0')).toEqual({ ok: false, code: 'ids.nice.range', params: { value: 0 } });
    expect(checkNiceClass('46')).toEqual({ ok: false, code: 'ids.nice.range', params: { value: 46 } });
  });

  it.each(['', 'abc', '9.5', '-1', '100', '009', '第9类', '3 5'])('rejects %j as not a class number', (input) => {
    expect(checkNiceClass(input)).toEqual({ ok: false, code: 'ids.nice.format', params: {} });
  });

  it('normalises full-width digits and surrounding white space', () => {
    expect(checkNiceClass(' ３５\u3000')).toMatchObject({ ok: true, normalized: '35' });
  });

  it('knows which numbers are classes', () => {
    expect(isNiceClass(1)).toBe(true);
    expect(isNiceClass(45)).toBe(true);
    expect(isNiceClass(46)).toBe(false);
    expect(isNiceClass(9.5)).toBe(false);
  });

  describe('properties', () => {
    it('accepts every class with or without a leading zero and normalises it idempotently', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 45 }), fc.boolean(), presentation, (n, padded, p) => {
          const written = padded ? String(n).padStart(2, '0') : String(n);
          expect(checkNiceClass(present(written, p))).toMatchObject({ ok: true, normalized: String(n) });
          expect(checkNiceClass(String(n))).toMatchObject({ ok: true, normalized: String(n) });
        }),
      );
    });

    it('rejects every class with one digit replaced by a character that is not a digit', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 45 }), fc.nat(), fc.constantFrom('A', 'o', 'l', '.', '-', '类'), (n, i, ch) => {
          const written = String(n);
          const index = i % written.length;
          expect(checkNiceClass(written.slice(0, index) + ch + written.slice(index + 1)).ok).toBe(false);
        }),
      );
    });

    it('rejects every whole number outside 1 to 45', () => {
      fc.assert(
        fc.property(fc.oneof(fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 46, max: 100000 })), (n) => {
          expect(checkNiceClass(String(n)).ok).toBe(false);
        }),
      );
    });
  });
});
