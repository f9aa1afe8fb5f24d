import { describe, expect, it } from 'vitest';
import { normalizeIdentifierText, toHalfWidth } from './normalize';
import { isRealDate, shanghaiToday } from './shanghai-date';

describe('identifier text normalisation', () => {
  it('maps full-width letters, digits, punctuation and the ideographic space to ASCII', () => {
    expect(toHalfWidth('ＺＬ９５１１５６０８．Ｘ／ａ\u3000')).toBe('ZL95115608.X/a ');
  });

  it('leaves Chinese characters and ASCII alone', () => {
    expect(toHalfWidth('第9类 abc')).toBe('第9类 abc');
  });

  it('trims white space of either width and upper-cases, keeping inner spaces', () => {
    expect(normalizeIdentifierText('\u3000 cn 2021 1\t\n')).toBe('CN 2021 1');
  });
});

describe('Shanghai date', () => {
  it('is eight hours ahead of UTC all year round', () => {
    expect(shanghaiToday(new Date('2025-12-31T15:59:59Z'))).toEqual({ year: 2025, month: 12, day: 31 });
    expect(shanghaiToday(new Date('2025-12-31T16:00:00Z'))).toEqual({ year: 2026, month: 1, day: 1 });
  });

  it('knows the Gregorian leap years', () => {
    expect(isRealDate({ year: 2024, month: 2, day: 29 })).toBe(true);
    expect(isRealDate({ year: 2100, month: 2, day: 29 })).toBe(false);
    expect(isRealDate({ year: 1600, month: 2, day: 29 })).toBe(true);
    expect(isRealDate({ year: 2025, month: 4, day: 31 })).toBe(false);
  });
});
