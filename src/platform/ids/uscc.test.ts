import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { present, presentation, substitute, usccAllowedAt, validUscc } from './ids.arbitraries';
import { checkUscc, computeOrgCodeCheckChar, computeUsccCheckChar, usccRegionCode } from './uscc';

// rules.md §10.1: real enterprise codes that pass both the GB 32100 and the GB 11714 check.
const VALID_VECTORS = [
  '91350200776049653A',
  '91350500798359476R',
  '91350503MA31DKY80A',
  '91350200MA31E12PXF',
  '91440101MA5CJQ4N59',
  '913502000728319549',
  '123502001549897397',
  '913502115628130384',
  '9135021359498494XQ',
  '91350213678251743X',
  '91350200MA2YJ1XR9G',
  '92370102MA3M9AG94X',
];

/** A code with the given head and organisation-code body whose check characters are right. */
function buildUscc(head8: string, org8: string, orgCheck = computeOrgCodeCheckChar(org8)): string {
  const body = head8 + org8 + orgCheck;
  return body + computeUsccCheckChar(body);
}

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(VALID_VECTORS)('accepts the published code %s', (code) => {
    expect(checkUscc(code)).toMatchObject({ ok: true, normalized: code });
  });

  it('computes the check character of every published code from its first 17 characters', () => {
    for (const code of VALID_VECTORS) expect(computeUsccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('describes an enterprise code by department, category, region and organisation code', () => {
    const r = checkUscc('91350200776049653A');
    expect(r.ok && r.info).toEqual({
      department: { code: '9', label: { zh: '工商', en: 'Industry and commerce (market regulation)' } },
      category: { code: '91', label: { zh: '企业', en: 'Enterprise' } },
      regionCode: '350200',
      organizationCode: '77604965-3',
      warnings: [],
    });
  });

  it('describes 123502001549897397 as a public institution registered by the establishment office', () => {
    const r = checkUscc('123502001549897397');
    expect(r.ok && r.info.department.label?.zh).toBe('机构编制');
    expect(r.ok && r.info.category.label?.zh).toBe('事业单位');
  });

  it('describes 92370102MA3M9AG94X as an individual business', () => {
    const r = checkUscc('92370102MA3M9AG94X');
    expect(r.ok && r.info.category).toEqual({ code: '92', label: { zh: '个体工商户', en: 'Individual business' } });
  });

  it('rejects 91350200776049653B and names the expected and actual check character', () => {
    expect(checkUscc('91350200776049653B')).toEqual({
      ok: false,
      code: 'ids.uscc.check_char',
      params: { expected: 'A', actual: 'B' },
    });
  });

  it('rejects 91350203M0001QAY9B although it occurs in real data, because its check character should be 9', () => {
    expect(checkUscc('91350203M0001QAY9B')).toEqual({
      ok: false,
      code: 'ids.uscc.check_char',
      params: { expected: '9', actual: 'B' },
    });
  });

  it('rejects a code whose organisation-code part fails GB 11714 even though the main check passes', () => {
    const code = buildUscc('91310115', '77604965', '4');
    expect(checkUscc(code)).toEqual({
      ok: false,
      code: 'ids.uscc.org_code_check',
      params: { expected: '3', actual: '4' },
    });
  });

  it('accepts that code when the organisation-code check is switched off', () => {
    const code = buildUscc('91310115', '77604965', '4');
    expect(checkUscc(code, { checkOrganizationCode: false }).ok).toBe(true);
  });

  it('computes the GB 11714 check as 0 for remainder 11 and X for remainder 10', () => {
    // 91350213678251743X: body 67825174 → check 3; 9135021359498494XQ: body 59498494 → check X.
    expect(computeOrgCodeCheckChar('67825174')).toBe('3');
    expect(computeOrgCodeCheckChar('59498494')).toBe('X');
    expect(computeOrgCodeCheckChar('07283195')).toBe('4');
    expect(computeOrgCodeCheckChar('00000000')).toBe('0');
  });

  it('accepts a code from an unknown department with a warning rather than an error', () => {
    const code = buildUscc('A1310101', 'MA1FL000');
    const r = checkUscc(code);
    expect(r.ok && r.info.department).toEqual({ code: 'A', label: null });
    expect(r.ok && r.info.warnings).toEqual([{ code: 'ids.uscc.unknown_department', params: { code: 'A' } }]);
  });

  it('accepts a known department with an unknown category with a warning naming the category', () => {
    const code = buildUscc('Y1310101', 'MA1FL000');
    const r = checkUscc(code);
    expect(r.ok && r.info.department.label?.zh).toBe('其他');
    expect(r.ok && r.info.warnings).toEqual([{ code: 'ids.uscc.unknown_category', params: { code: 'Y1' } }]);
  });

  it('rejects codes shorter or longer than 18 characters and says how long they are', () => {
    expect(checkUscc('91350200776049653')).toEqual({ ok: false, code: 'ids.uscc.length', params: { length: 17 } });
    expect(checkUscc('91350200776049653AA')).toEqual({ ok: false, code: 'ids.uscc.length', params: { length: 19 } });
    expect(checkUscc('')).toEqual({ ok: false, code: 'ids.uscc.length', params: { length: 0 } });
  });

  it('suggests the digit when a letter left out of the charset looks like one', () => {
    expect(checkUscc('9135020O776049653A')).toEqual({
      ok: false,
      code: 'ids.uscc.charset_lookalike',
      params: { position: 8, char: 'O', suggestion: '0' },
    });
    expect(checkUscc('91350200776049653I')).toMatchObject({ code: 'ids.uscc.charset_lookalike', params: { suggestion: '1' } });
  });

  it('rejects V, which is outside the charset and looks like no digit', () => {
    expect(checkUscc('91350200V76049653A')).toEqual({
      ok: false,
      code: 'ids.uscc.charset',
      params: { position: 9, char: 'V' },
    });
  });

  it('rejects a letter in the region code at positions 3 to 8', () => {
    expect(checkUscc('9135A200776049653A')).toEqual({ ok: false, code: 'ids.uscc.charset', params: { position: 5, char: 'A' } });
  });

  it('normalises lower case, full-width characters and surrounding white space', () => {
    expect(checkUscc('  91350503ma31dky80a\t')).toMatchObject({ ok: true, normalized: '91350503MA31DKY80A' });
    expect(checkUscc('\u3000９１３５０５０３ＭＡ３１ＤＫＹ８０Ａ')).toMatchObject({ ok: true, normalized: '91350503MA31DKY80A' });
  });

  it('rejects spaces inside the code, which GB 32100 does not allow', () => {
    expect(checkUscc('913502 00776049653A').ok).toBe(false);
  });

  it('gives the region code of a valid code and null for an invalid one', () => {
    expect(usccRegionCode('91440101MA5CJQ4N59')).toBe('440101');
    expect(usccRegionCode(buildUscc('91310101', 'MA1FL000'))).toBe('310101');
    expect(usccRegionCode('91350200776049653B')).toBeNull();
  });

  it('refuses to compute check characters for malformed bodies', () => {
    expect(() => computeUsccCheckChar('9135020077604965')).toThrow(RangeError);
    expect(() => computeUsccCheckChar('9135020077604965O')).toThrow(RangeError);
    expect(() => computeOrgCodeCheckChar('7760496')).toThrow(RangeError);
  });

  describe('properties', () => {
    it('accepts every generated valid code and normalises it idempotently', () => {
      fc.assert(
        fc.property(validUscc, presentation, (code, p) => {
          const r = checkUscc(present(code, p));
          expect(r).toMatchObject({ ok: true, normalized: code });
          expect(checkUscc(code)).toMatchObject({ ok: true, normalized: code });
        }),
      );
    });

    it('rejects every generated valid code with one character changed to another allowed character', () => {
      fc.assert(
        fc.property(validUscc, fc.nat(17), fc.nat(), (code, index, pick) => {
          const mutated = substitute(code, index, usccAllowedAt(index), pick);
          expect(checkUscc(mutated).ok).toBe(false);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
