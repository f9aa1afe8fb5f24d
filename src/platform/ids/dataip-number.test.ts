import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdentifier } from './index';
import { checkDataIpCertificate, checkDataIpRegistration, formatDataIpRegistration, mod3736Check, type DataSourceCode, type HolderTypeCode } from './dataip-number';

const NOW = new Date('2026-11-25T00:00:00Z');
const registration = fc
  .record({
    year: fc.integer({ min: 2022, max: 2026 }),
    source: fc.constantFrom<DataSourceCode>('1', '2', '3', '4', '9'),
    holder: fc.constantFrom<HolderTypeCode>('1', '2', '3'),
    serial: fc.integer({ min: 1, max: 999_999_999 }),
  })
  .map(formatDataIpRegistration);

describe('data-IP registration numbers (ISO/IEC 7064 MOD 37,36)', () => {
  it('computes the check character of the GRid example the standard is known by', () => {
    // GRid A1-2425G-ABC1234002-M uses the same MOD 37,36 system.
    expect(mod3736Check('A12425GABC1234002')).toBe('M');
  });

  it('accepts every number it formats and reads its parts back', () => {
    fc.assert(
      fc.property(registration, (n) => {
        const r = checkDataIpRegistration(n, { now: NOW });
        return r.ok && r.normalized === n && r.info.serial === n.slice(6, 15);
      }),
    );
    const r = checkDataIpRegistration(formatDataIpRegistration({ year: 2025, source: '2', holder: '1', serial: 123 }), { now: NOW });
    expect(r).toMatchObject({ ok: true, info: { year: 2025, source: { code: '2', label: { zh: '授权获取' } }, holder: { code: '1', label: { zh: '法人' } }, serial: '000000123' } });
  });

  it('detects every single mistyped character', () => {
    fc.assert(
      fc.property(registration, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 35 }), (n, i, shift) => {
        const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
        const pool = i === 15 ? alphabet : '0123456789';
        const replacement = pool[(pool.indexOf(n[i]) + (shift % pool.length || 1)) % pool.length];
        const typo = n.slice(0, i) + replacement + n.slice(i + 1);
        return typo === n || !checkDataIpRegistration(typo, { now: NOW }).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('detects about 99 % of swapped neighbours (the documented weakness: some digits that differ by one)', () => {
    let swaps = 0;
    let missed = 0;
    fc.assert(
      fc.property(registration, (n) => {
        for (let i = 0; i < 14; i++) {
          if (n[i] === n[i + 1]) continue;
          swaps++;
          const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
          const r = checkDataIpRegistration(swapped, { now: NOW });
          if (r.ok) {
            missed++;
            if (Math.abs(Number(n[i]) - Number(n[i + 1])) !== 1) return false;
          }
        }
        return true;
      }),
      { numRuns: 500 },
    );
    expect(missed / swaps).toBeLessThan(0.03);
  });

  it('names what is wrong, in both languages', () => {
    expect(checkDataIpRegistration('2026111', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip.length', params: { length: 7 } });
    expect(checkDataIpRegistration('2021110000000017', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip.year' });
    expect(checkDataIpRegistration('2026510000000017', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip.source', params: { code: '5' } });
    expect(checkDataIpRegistration('2026140000000017', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip.holder', params: { code: '4' } });
    const good = formatDataIpRegistration({ year: 2026, source: '1', holder: '1', serial: 1 });
    const wrong = good.slice(0, 15) + (good[15] === '0' ? '1' : '0');
    expect(checkDataIpRegistration(wrong, { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip.check_char', params: { expected: good[15] } });
    expect(checkDataIpRegistration(` ${good.slice(0, 8)}-${good.slice(8).toLowerCase()} `, { now: NOW })).toMatchObject({ ok: true, normalized: good });
  });

  it('is one of the identifier kinds (API and CLI)', () => {
    const good = formatDataIpRegistration({ year: 2024, source: '4', holder: '3', serial: 42 });
    expect(checkIdentifier('dataip', good, { now: NOW })).toMatchObject({ ok: true });
  });
});

describe('data-IP certificate numbers', () => {
  it('reads year, month, authority and serial', () => {
    expect(checkDataIpCertificate('20261131000000123', { now: NOW })).toEqual({ ok: true, normalized: '20261131000000123', info: { year: 2026, month: 11, authorityCode: '3100', serial: '0000123' } });
    expect(checkIdentifier('dataipcert', '20240944000000001', { now: NOW }).ok).toBe(true);
  });

  it('refuses a wrong length, letters, a month 13 and an authority code outside China’s provinces', () => {
    expect(checkDataIpCertificate('2026113100000012', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip_cert.length' });
    expect(checkDataIpCertificate('2026113100000012A', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip_cert.charset', params: { position: 17 } });
    expect(checkDataIpCertificate('20261331000000123', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip_cert.month' });
    expect(checkDataIpCertificate('20261199000000123', { now: NOW })).toMatchObject({ ok: false, code: 'ids.dataip_cert.authority' });
  });
});
