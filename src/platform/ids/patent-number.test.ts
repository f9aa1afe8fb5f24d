import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NOW,
  patentAllowedAt,
  present,
  presentation,
  substitute,
  validNewPatentNumber,
  validOldPatentNumber,
  validPatentNumber,
} from './ids.arbitraries';
import { checkPatentNumber, checkPctNumber, computePatentCheckChar, PATENT_KINDS } from './patent-number';

/** Application number with its correct check character, so that only the part under test is wrong. */
function withCheck(digits: string): string {
  return `${digits}.${computePatentCheckChar(digits)}`;
}

describe('Chinese patent application number (ZC 0006-2003)', () => {
  it.each([
    ['ZL95115608.X', '95115608.X'],
    ['ZL2013106997442', '201310699744.2'],
    ['CN202110123456.7', '202110123456.7'],
    ['97101765.4', '97101765.4'],
  ])('accepts the published example %s as %s', (input, normalized) => {
    expect(checkPatentNumber(input, { now: NOW })).toMatchObject({ ok: true, normalized });
  });

  it('reproduces the worked example: 95115608 weighs to 186, 186 mod 11 = 10, so the check is X', () => {
    expect(computePatentCheckChar('95115608')).toBe('X');
  });

  it('describes a 12-digit number by year, kind, serial and its CN and ZL forms', () => {
    expect(checkPatentNumber('CN202110123456.7', { now: NOW })).toEqual({
      ok: true,
      normalized: '202110123456.7',
      info: {
        format: 'new',
        year: 2021,
        kind: { code: '1', label: { zh: '发明', en: 'Invention' } },
        serial: '0123456',
        checkChar: '7',
        prefix: 'CN',
        applicationNumber: '202110123456.7',
        display: 'CN202110123456.7',
        patentNumber: 'ZL202110123456.7',
      },
    });
  });

  it('describes an 8-digit number as the old format with a four-digit year', () => {
    const r = checkPatentNumber('ZL95115608.X', { now: NOW });
    expect(r.ok && r.info).toMatchObject({ format: 'old', year: 1995, serial: '15608', prefix: 'ZL', display: 'CN95115608.X' });
  });

  it.each(Object.entries(PATENT_KINDS))('labels kind digit %s in Chinese and English', (kind, label) => {
    const r = checkPatentNumber(withCheck(`2021${kind}0000001`), { now: NOW });
    expect(r.ok && r.info.format !== 'pct' && r.info.kind).toEqual({ code: kind, label });
  });

  it.each(['0', '4', '5', '6', '7'])('rejects kind digit %s', (kind) => {
    expect(checkPatentNumber(withCheck(`2021${kind}0123456`), { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.kind',
      params: { kind },
    });
  });

  it('rejects 12-digit numbers from before 2003 and from after the current year', () => {
    expect(checkPatentNumber(withCheck('200210123456'), { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.year',
      params: { year: 2002, min: 2003, max: 2025 },
    });
    expect(checkPatentNumber(withCheck('202610123456'), { now: NOW })).toMatchObject({ code: 'ids.patent.year', params: { year: 2026 } });
    expect(checkPatentNumber(withCheck('200310123456'), { now: NOW }).ok).toBe(true);
  });

  it('takes the current year from the Shanghai date of the now option', () => {
    // 2025-12-31T16:30Z is already 2026 in Shanghai.
    expect(checkPatentNumber(withCheck('202610123456'), { now: new Date('2025-12-31T16:30:00Z') }).ok).toBe(true);
  });

  it('accepts 8-digit years 85 to 99 and 00 to 03 and rejects 84 and 04', () => {
    for (const yy of ['85', '99', '00', '03']) expect(checkPatentNumber(withCheck(`${yy}101765`), { now: NOW }).ok).toBe(true);
    expect(checkPatentNumber(withCheck('84101765'), { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.year',
      params: { year: 1984, min: 1985, max: 2003 },
    });
    expect(checkPatentNumber(withCheck('04101765'), { now: NOW })).toMatchObject({ code: 'ids.patent.year', params: { year: 2004 } });
  });

  it('rejects a wrong check character and names the right one', () => {
    expect(checkPatentNumber('CN202110123456.8', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.check_char',
      params: { expected: '7', actual: '8' },
    });
    expect(checkPatentNumber('95115608.1', { now: NOW })).toMatchObject({ params: { expected: 'X', actual: '1' } });
  });

  it('rejects a number without its check character and says which one to add', () => {
    expect(checkPatentNumber('202110123456', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.check_missing',
      params: { expected: '7' },
    });
    expect(checkPatentNumber('ZL95115608.', { now: NOW })).toMatchObject({ code: 'ids.patent.check_missing', params: { expected: 'X' } });
  });

  it('accepts one space after CN, between year and kind, and between kind and serial', () => {
    for (const input of ['CN 202110123456.7', '2021 1 0123456.7', 'CN 2021 10123456.7', '20211 0123456.7', '95 1 15608.X']) {
      expect(checkPatentNumber(input, { now: NOW })).toMatchObject({ ok: true });
    }
  });

  it.each([
    ['two spaces after CN', 'CN  202110123456.7'],
    ['a space after ZL', 'ZL 201310699744.2'],
    ['a space inside the year', '20 2110123456.7'],
    ['a space inside the serial', '20211 012 3456.7'],
    ['two spaces between year and kind', '2021  10123456.7'],
    ['a space before the dot', '202110123456 .7'],
    ['a space after the dot', '202110123456. 7'],
  ])('rejects %s', (_what, input) => {
    expect(checkPatentNumber(input, { now: NOW })).toEqual({ ok: false, code: 'ids.patent.space', params: {} });
  });

  it('normalises lower-case prefixes and check character, full-width characters and white space', () => {
    expect(checkPatentNumber(' zl95115608.x ', { now: NOW })).toMatchObject({ ok: true, normalized: '95115608.X' });
    expect(checkPatentNumber('cn 202110123456.7', { now: NOW })).toMatchObject({ ok: true, normalized: '202110123456.7' });
    expect(checkPatentNumber('ＣＮ２０２１　１　０１２３４５６．７', { now: NOW })).toMatchObject({ ok: true, normalized: '202110123456.7' });
  });

  it('rejects letters other than the prefix and a final X, naming the position in the input', () => {
    expect(checkPatentNumber('CN2021A0123456.7', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.charset',
      params: { position: 7, char: 'A' },
    });
    expect(checkPatentNumber('2021X0123456.7', { now: NOW })).toMatchObject({ code: 'ids.patent.charset', params: { position: 5 } });
    expect(checkPatentNumber('202110123456-7', { now: NOW })).toMatchObject({ code: 'ids.patent.charset', params: { char: '-' } });
  });

  it('rejects numbers of the wrong length or with two dots as malformed', () => {
    for (const input of ['', 'CN', '2021101234567.7', '2021101234.5', '95.115608.X', '9511560.8']) {
      expect(checkPatentNumber(input, { now: NOW })).toMatchObject({ ok: false, code: 'ids.patent.format' });
    }
  });

  it('recognises a publication number and says it is not an application number', () => {
    expect(checkPatentNumber('CN1340998A', { now: NOW })).toEqual({ ok: false, code: 'ids.patent.publication_number', params: {} });
    expect(checkPatentNumber('CN112345678B', { now: NOW })).toMatchObject({ code: 'ids.patent.publication_number' });
  });

  it('still treats CN plus 8 digits plus X as an old application number written without its dot', () => {
    expect(checkPatentNumber('CN95115608X', { now: NOW })).toMatchObject({ ok: true, normalized: '95115608.X' });
  });

  it('refuses to compute a check character for other than 8 or 12 digits', () => {
    expect(() => computePatentCheckChar('9511560')).toThrow(RangeError);
    expect(() => computePatentCheckChar('20211012345X')).toThrow(RangeError);
  });
});

describe('PCT international application number', () => {
  it('accepts PCT/CN2021/123456 and describes it', () => {
    expect(checkPatentNumber('PCT/CN2021/123456', { now: NOW })).toEqual({
      ok: true,
      normalized: 'PCT/CN2021/123456',
      info: { format: 'pct', year: 2021, receivingOffice: 'CN', serial: '123456', display: 'PCT/CN2021/123456' },
    });
  });

  it('normalises lower case and full-width characters', () => {
    expect(checkPctNumber(' pct/cn2021/123456', { now: NOW })).toMatchObject({ ok: true, normalized: 'PCT/CN2021/123456' });
    expect(checkPctNumber('ＰＣＴ／ＣＮ２０２１／１２３４５６', { now: NOW })).toMatchObject({ ok: true });
  });

  it.each(['PCT/CN2021/12345', 'PCT/US2021/123456', 'PCT/CN21/123456', 'PCT/CN1821/123456', 'PCT/CN 2021/123456'])(
    'rejects the malformed number %s',
    (input) => {
      expect(checkPatentNumber(input, { now: NOW })).toEqual({ ok: false, code: 'ids.patent.pct_format', params: {} });
    },
  );

  it('rejects a year after the current one', () => {
    expect(checkPctNumber('PCT/CN2026/123456', { now: NOW })).toEqual({
      ok: false,
      code: 'ids.patent.pct_year',
      params: { year: 2026, max: 2025 },
    });
  });
});

describe('patent number properties', () => {
  const writtenForm = fc.record({
    prefix: fc.constantFrom('', 'CN', 'CN ', 'ZL'),
    spaceAfterYear: fc.boolean(),
    spaceAfterKind: fc.boolean(),
    dot: fc.boolean(),
  });

  it('accepts every generated valid number in any allowed written form and normalises it idempotently', () => {
    fc.assert(
      fc.property(validPatentNumber, writtenForm, presentation, (n, w, p) => {
        const written =
          w.prefix + n.year + (w.spaceAfterYear ? ' ' : '') + n.kind + (w.spaceAfterKind ? ' ' : '') + n.serial + (w.dot ? '.' : '') + n.check;
        const r = checkPatentNumber(present(written, p), { now: NOW });
        expect(r).toMatchObject({ ok: true, normalized: n.canonical });
        expect(checkPatentNumber(n.canonical, { now: NOW })).toMatchObject({ ok: true, normalized: n.canonical });
      }),
    );
  });

  it('rejects every generated valid 12-digit number with one character changed to another allowed character', () => {
    fc.assert(
      // Positions 0–11 are digits, 12 is the dot (which has no alternative), 13 the check character.
      fc.property(validNewPatentNumber, fc.nat(12), fc.nat(), (n, i, pick) => {
        const index = i < 12 ? i : 13;
        const mutated = substitute(n.canonical, index, patentAllowedAt(n.canonical, index), pick);
        expect(checkPatentNumber(mutated, { now: NOW }).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every generated valid 8-digit number with one character changed to another allowed character', () => {
    fc.assert(
      fc.property(validOldPatentNumber, fc.nat(8), fc.nat(), (n, i, pick) => {
        const index = i < 8 ? i : 9;
        const mutated = substitute(n.canonical, index, patentAllowedAt(n.canonical, index), pick);
        expect(checkPatentNumber(mutated, { now: NOW }).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
