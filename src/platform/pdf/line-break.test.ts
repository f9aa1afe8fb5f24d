import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakLines, isCjk, segment } from './line-break';

/** Han characters and full-width punctuation one unit wide, Latin half. */
const measure = (s: string) => [...s].reduce((w, ch) => w + (isCjk(ch.codePointAt(0)!) ? 1 : 0.5), 0);
const text = (lines: ReturnType<typeof breakLines>) => lines.map((l) => l.units.join(''));

describe('segment', () => {
  it('splits Han text into characters and keeps Latin words and numbers whole', () => {
    expect(segment('专利号ZL202010123456.7于2026年')).toEqual(['专', '利', '号', 'ZL202010123456.7', '于', '2026', '年']);
  });

  it('glues closing punctuation to the character before and opening brackets to the one after', () => {
    expect(segment('甲，乙。“丙”（丁）')).toEqual(['甲，', '乙。', '“丙”', '（丁）']);
    expect(segment('〔2026〕第 123 号')).toEqual(['〔2026〕', '第', ' ', '123', ' ', '号']);
  });
});

describe('breakLines', () => {
  it('never starts a line with 。，、 — the character before goes down with it', () => {
    // Ten characters fit; the eleventh is 。 and must not open line two.
    expect(text(breakLines('一二三四五六七八九十。甲乙', 10, measure))).toEqual(['一二三四五六七八九', '十。甲乙']);
    expect(text(breakLines('一二三四五六七八九十、甲', 10, measure))).toEqual(['一二三四五六七八九', '十、甲']);
    expect(text(breakLines('一二三四五六七八九十，甲', 10, measure))).toEqual(['一二三四五六七八九', '十，甲']);
  });

  it('shortens the first line by the indent', () => {
    expect(text(breakLines('一二三四五六七八九十甲乙', 10, measure, 2))).toEqual(['一二三四五六七八', '九十甲乙']);
  });

  it('moves a Latin word that does not fit to the next line whole', () => {
    expect(text(breakLines('一二三四五六七八型号HX-2026', 10, measure))).toEqual(['一二三四五六七八型号', 'HX-2026']);
  });

  it('splits a word longer than a line between characters as a last resort', () => {
    const lines = text(breakLines('https://zhibao.example/verify/abcdef', 10, measure));
    expect(lines.join('')).toBe('https://zhibao.example/verify/abcdef');
    expect(lines.length).toBeGreaterThan(1);
  });

  it('marks only the last line of a paragraph as last, and drops spaces at line ends', () => {
    const lines = breakLines('第 1 页 共 2 页 第 1 页 共 2 页', 6, measure);
    expect(lines.map((l) => l.last)).toEqual([...Array(lines.length - 1).fill(false), true]);
    for (const l of lines) {
      expect(l.units[0]).not.toMatch(/^\s/);
      expect(l.units.at(-1)).not.toMatch(/\s$/);
    }
  });

  it('for any text keeps every character, fits the width and honours 避头 and 避尾', () => {
    // Realistic clusters: a Han character with at most one opening bracket before it and two
    // closing marks after it, Latin words and numbers, spaces.
    const han = fc.tuple(fc.constantFrom('', '（', '“', '《'), fc.constantFrom(...'甲乙丙丁戊己庚辛壬癸'), fc.constantFrom('', '。', '，', '、', '；', '：', '）', '”', '》', '）。', '”，'));
    const piece = fc.oneof(han.map((p) => p.join('')), fc.constantFrom(' ', 'ZL2020', '2026', 'HX-1'));
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 80 }), fc.integer({ min: 6, max: 28 }), (parts, width) => {
        const input = parts.join('');
        const lines = breakLines(input, width, measure, 2);
        expect(lines.map((l) => l.units.join('')).join('').replace(/ /g, '')).toBe(input.replace(/ /g, ''));
        lines.forEach((line, i) => {
          expect(line.width).toBeLessThanOrEqual(line.maxWidth + 1e-9);
          const joined = line.units.join('');
          if (i > 0 && joined) expect('。，、；：）”》').not.toContain(joined[0]);
          if (!line.last && joined) expect('（“《').not.toContain(joined.at(-1));
        });
      }),
    );
  });

  it('keeps closing punctuation off line starts even inside an over-long word', () => {
    expect(text(breakLines('abcdefgh,', 4, (s) => s.length))).toEqual(['abcd', 'efg', 'h,']);
  });
});
