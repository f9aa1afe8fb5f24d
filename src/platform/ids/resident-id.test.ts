import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIGITS, NOW, present, presentation, substitute, validLegacyResidentId, validResidentId } from './ids.arbitraries';
import {
  checkResidentId,
  computeResidentIdCheckDigit,
  residentIdRegionCode,
  upgradeResidentId15To18,
} from './resident-id';

/** 17 digits plus their correct check character, so that only the part under test is wrong. */
function withCheck(body17: string): string {
  return body17 + computeResidentIdCheckDigit(body17);
}

describe('resident identity number (GB 11643-1999)', () => {
  it('accepts the standard example 11010519491231002X as a woman born on 1949-12-31 in Chaoyang, Beijing', () => {
    expect(checkResidentId('11010519491231002X', { now: NOW })).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      info: { regionCode: '110105', birthDate: '1949-12-31', sex: 'female', upgradedFrom15: false },
    });
  });

  it('accepts the standard example 440524188001010014 as a man born in 1880, with no lower bound on the year', () => {
    expect(checkResidentId('440524188001010014', { now: NOW })).toEqual({
      ok: true,
      normalized: '440524188001010014',
      info: { regionCode: '440524', birthDate: '1880-01-01', sex: 'male', upgradedFrom15: false },
    });
  });

  it('rejects 110105194912310021 and names the expected check character X', () => {
    expect(checkResidentId('110105194912310021', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.id.check_digit',
      params: { expected: 'X', actual: '1' },
    });
  });

  it('accepts a lower-case x as check character and normalises it to X', () => {
    expect(checkResidentId('11010519491231002x', { now: NOW })).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('accepts full-width digits and surrounding white space', () => {
    expect(checkResidentId(' １１０１０５１９４９１２３１００２ｘ\u3000', { now: NOW })).toMatchObject({
      ok: true,
      normalized: '11010519491231002X',
    });
  });

  it('upgrades the 15-digit number 110105491231002 to 11010519491231002X', () => {
    expect(upgradeResidentId15To18('110105491231002')).toBe('11010519491231002X');
    expect(checkResidentId('110105491231002', { now: NOW })).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      info: { regionCode: '110105', birthDate: '1949-12-31', sex: 'female', upgradedFrom15: true },
    });
  });

  it('upgrades a 15-digit number with sequence 996 to 999 into the 1800s', () => {
    const upgraded = upgradeResidentId15To18('440524800101996');
    expect(upgraded).toBe(withCheck('44052418800101996'));
    expect(checkResidentId('440524800101996', { now: NOW })).toMatchObject({ ok: true, info: { birthDate: '1880-01-01' } });
  });

  it('rejects a 15-digit number with an impossible birth date', () => {
    expect(checkResidentId('110105491331002', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.id.birth_date',
      params: { date: '1949-13-31' },
    });
  });

  it('rejects 30 February even when the check character is right', () => {
    expect(checkResidentId(withCheck('11010519490230002'), { now: NOW })).toEqual({
      ok: false,
      code: 'ids.id.birth_date',
      params: { date: '1949-02-30' },
    });
  });

  it('rejects 29 February 1900, which was not a leap year, and accepts 29 February 2000', () => {
    expect(checkResidentId(withCheck('31010119000229001'), { now: NOW })).toMatchObject({ code: 'ids.id.birth_date' });
    expect(checkResidentId(withCheck('31010120000229001'), { now: NOW }).ok).toBe(true);
  });

  it('rejects month 00 and day 00', () => {
    expect(checkResidentId(withCheck('31010119900001001'), { now: NOW })).toMatchObject({ code: 'ids.id.birth_date' });
    expect(checkResidentId(withCheck('31010119900100001'), { now: NOW })).toMatchObject({ code: 'ids.id.birth_date' });
  });

  it('rejects a birth date after today in Shanghai and accepts one born today', () => {
    expect(checkResidentId(withCheck('31010120250701001'), { now: NOW })).toEqual({
      ok: false,
      code: 'ids.id.birth_date_future',
      params: { date: '2025-07-01', today: '2025-06-30' },
    });
    expect(checkResidentId(withCheck('31010120250630001'), { now: NOW }).ok).toBe(true);
  });

  it('uses the Shanghai date, not UTC, to decide what today is', () => {
    // 2025-06-30T16:30Z is already 00:30 on 1 July in Shanghai.
    const justAfterMidnight = new Date('2025-06-30T16:30:00Z');
    expect(checkResidentId(withCheck('31010120250701001'), { now: justAfterMidnight }).ok).toBe(true);
  });

  it('rejects numbers that are neither 15 nor 18 characters long and says how long they are', () => {
    expect(checkResidentId('1101051949123100', { now: NOW })).toEqual({ ok: false, code: 'ids.id.length', params: { length: 16 } });
    expect(checkResidentId('', { now: NOW })).toEqual({ ok: false, code: 'ids.id.length', params: { length: 0 } });
  });

  it('rejects X anywhere but the last position, and X in a 15-digit number', () => {
    expect(checkResidentId('1101X519491231002X', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.id.charset',
      params: { position: 5, char: 'X' },
    });
    expect(checkResidentId('11010549123100X', { now: NOW })).toMatchObject({ code: 'ids.id.charset', params: { position: 15 } });
  });

  it('rejects spaces inside the number, which GB 11643 does not allow', () => {
    expect(checkResidentId('110105 19491231002X', { now: NOW })).toMatchObject({ ok: false, code: 'ids.id.length' });
    expect(checkResidentId('110105 9491231002X', { now: NOW })).toMatchObject({ ok: false, code: 'ids.id.charset', params: { position: 7 } });
  });

  it('gives the GB/T 2260 region code of a valid number and null for an invalid one', () => {
    expect(residentIdRegionCode(withCheck('31010119900101001'), { now: NOW })).toBe('310101');
    expect(residentIdRegionCode('110105491231002', { now: NOW })).toBe('110105');
    expect(residentIdRegionCode('110105194912310021', { now: NOW })).toBeNull();
  });

  it('refuses to compute or upgrade from malformed input', () => {
    expect(() => computeResidentIdCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => upgradeResidentId15To18('11010549123100X')).toThrow(RangeError);
  });

  describe('properties', () => {
    it('accepts every generated valid number and normalises it idempotently', () => {
      fc.assert(
        fc.property(validResidentId, presentation, (id, p) => {
          expect(checkResidentId(present(id, p), { now: NOW })).toMatchObject({ ok: true, normalized: id });
          expect(checkResidentId(id, { now: NOW })).toMatchObject({ ok: true, normalized: id });
        }),
      );
    });

    it('rejects every generated valid number with one character changed to another allowed character', () => {
      fc.assert(
        fc.property(validResidentId, fc.nat(17), fc.nat(), (id, index, pick) => {
          const mutated = substitute(id, index, index === 17 ? `${DIGITS}X` : DIGITS, pick);
          expect(checkResidentId(mutated, { now: NOW }).ok).toBe(false);
        }),
        { numRuns: 1000 },
      );
    });

    it('upgrades every generated 15-digit number to a valid 18-digit number with the same birth date', () => {
      fc.assert(
        fc.property(validLegacyResidentId, ({ id15, id18 }) => {
          const r = checkResidentId(id15, { now: NOW });
          expect(r).toMatchObject({ ok: true, normalized: id18, info: { upgradedFrom15: true } });
          expect(r.ok && r.info.birthDate.slice(2).replace(/-/g, '')).toBe(id15.slice(6, 12));
          expect(checkResidentId(id18, { now: NOW })).toMatchObject({ ok: true, normalized: id18, info: { upgradedFrom15: false } });
        }),
      );
    });
  });
});
