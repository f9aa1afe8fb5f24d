import { describe, expect, it } from 'vitest';
import { searchDocument, searchQuery } from './search-tokens';

/** Mirrors the database: every query token must be in the document (prefix for Latin words). */
function matches(doc: string, query: string): boolean {
  const have = doc.split(' ');
  const q = searchQuery(query);
  if (!q) return false;
  return q.split(' & ').every((t) => (t.endsWith(':*') ? have.some((h) => h.startsWith(t.slice(0, -2))) : have.includes(t)));
}

describe('case search tokens', () => {
  const doc = searchDocument(['上海某某医疗器械有限公司', '华为技术有限公司', 'ZL202310123456.7', 'ZB-2026-000123']);

  it('finds a company by any part of its Chinese name', () => {
    expect(matches(doc, '医疗器械')).toBe(true);
    expect(matches(doc, '华为')).toBe(true);
    expect(matches(doc, '为技')).toBe(true);
    expect(matches(doc, '医')).toBe(true);
  });

  it('does not find words that only share characters out of order', () => {
    expect(matches(doc, '械器')).toBe(false);
    expect(matches(doc, '腾讯')).toBe(false);
  });

  it('finds patent and tracking numbers by prefix, ignoring case and full-width forms', () => {
    expect(matches(doc, 'zl2023101')).toBe(true);
    expect(matches(doc, 'ＺＢ－２０２６')).toBe(true);
    expect(matches(doc, '000123')).toBe(true);
  });

  it('yields no query for punctuation only, and only safe characters otherwise', () => {
    expect(searchQuery('  !!! ')).toBeNull();
    expect(searchQuery("x' | y & !z")).toBe('x:* & y:* & z:*');
  });
});
