import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, errorSpec, errorText } from '../errors';
import { NOW } from './ids.arbitraries';
import {
  assertIdentifier,
  checkIdentifier,
  computeResidentIdCheckDigit,
  IDENTIFIER_KINDS,
  IdsErrors,
  maskIdentifier,
  residentIdRegionCode,
  usccRegionCode,
} from './index';

describe('checkIdentifier', () => {
  it('checks each kind with its own rules', () => {
    expect(checkIdentifier('uscc', '91350200776049653A')).toMatchObject({ ok: true, normalized: '91350200776049653A' });
    expect(checkIdentifier('id', '11010519491231002X', { now: NOW })).toMatchObject({ ok: true, info: { sex: 'female' } });
    expect(checkIdentifier('patent', 'ZL95115608.X', { now: NOW })).toMatchObject({ ok: true, normalized: '95115608.X' });
    expect(checkIdentifier('trademark', '12345678')).toMatchObject({ ok: true, normalized: '12345678' });
    expect(checkIdentifier('nice', '09')).toMatchObject({ ok: true, normalized: '9' });
  });

  it('types the info by kind', () => {
    const r = checkIdentifier('id', '440524188001010014', { now: NOW });
    // Compiles only because info is narrowed to ResidentIdInfo.
    expect(r.ok ? r.info.birthDate : null).toBe('1880-01-01');
  });

  it('passes the options each kind reads', () => {
    expect(checkIdentifier('trademark', '1234567890', { trademarkMaxLength: 10 }).ok).toBe(true);
    expect(checkIdentifier('patent', 'CN202610123456.X', { now: new Date('2026-03-01T00:00:00+08:00') }).ok).toBe(true);
    expect(checkIdentifier('patent', 'CN202610123456.X', { now: NOW })).toMatchObject({ code: 'ids.patent.year' });
    // 91310115776049654F passes GB 32100 but its organisation-code part should end in 3.
    expect(checkIdentifier('uscc', '91310115776049654F')).toMatchObject({ code: 'ids.uscc.org_code_check' });
    expect(checkIdentifier('uscc', '91310115776049654F', { checkOrganizationCode: false }).ok).toBe(true);
  });

  it('returns a failure with a registered ids code for any string, never throwing', () => {
    const codes = new Set<string>(Object.keys(IdsErrors));
    fc.assert(
      fc.property(fc.constantFrom(...IDENTIFIER_KINDS), fc.string({ maxLength: 24 }), (kind, input) => {
        const r = checkIdentifier(kind, input, { now: NOW });
        if (!r.ok) expect(codes.has(r.code)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('assertIdentifier', () => {
  it('returns the normalized identifier', () => {
    expect(assertIdentifier('patent', 'cn 202110123456.7', { now: NOW })).toBe('202110123456.7');
  });

  it('throws a DomainError with the code, the params and status 400', () => {
    let thrown: unknown;
    try {
      assertIdentifier('uscc', '91350200776049653B');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const err = thrown as DomainError;
    expect(err.code).toBe('ids.uscc.check_char');
    expect(err.params).toEqual({ expected: 'A', actual: 'B' });
    expect(err.status).toBe(400);
    expect(errorText(err.code, 'zh-CN', err.params)).toContain('应为 A，实际为 B');
  });
});

describe('maskIdentifier', () => {
  it('keeps the first and last four characters of an 18-character number', () => {
    expect(maskIdentifier('310101199001011234')).toBe('3101**********1234');
  });

  it('hides at least half of a short value', () => {
    expect(maskIdentifier('12345678')).toBe('12****78');
    expect(maskIdentifier('123')).toBe('***');
    expect(maskIdentifier('')).toBe('');
  });
});

describe('region codes', () => {
  it('gives the Shanghai district code used to route a matter to its district bureau', () => {
    const body = '31010119900101001';
    expect(residentIdRegionCode(body + computeResidentIdCheckDigit(body), { now: NOW })).toBe('310101');
    expect(usccRegionCode('91440101MA5CJQ4N59')).toBe('440101');
  });
});

describe('identifier error texts', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each(Object.keys(IdsErrors))('registers %s as a 400 with zh and en texts using the same placeholders', (code) => {
    const spec = errorSpec(code);
    expect(spec).not.toBe(errorSpec('internal'));
    expect(spec.status).toBe(400);
    expect(spec.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(spec.en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(placeholders(spec.zh)).toEqual(placeholders(spec.en));
  });

  it('tells the user which resident ID check character is expected', () => {
    expect(errorText('ids.id.check_digit', 'zh-CN', { expected: 'X', actual: '1' })).toContain('应为 X，实际为 1');
    expect(errorText('ids.id.check_digit', 'en', { expected: 'X', actual: '1' })).toContain('should be X but is 1');
  });
});

describe('browser safety', () => {
  it('reaches only sibling modules and the platform errors from index.ts, so the web bundle can import it', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const specifiers = [...readFileSync(join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const s of specifiers) {
        expect(s, `${file} imports ${s}`).toMatch(/^(\.\/[\w.-]+|\.\.\/errors)$/);
        if (s.startsWith('./')) visit(`${s.slice(2)}.ts`);
      }
    };
    visit('index.ts');
    expect(seen.size).toBeGreaterThan(5);
  });
});
