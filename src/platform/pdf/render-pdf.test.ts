import { createHash } from 'node:crypto';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { formatDocumentDate } from './document-date';
import { renderPdf, type OfficialDocument } from './render-pdf';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const squash = (s: string) => s.replace(/\s+/g, '');

/** The text of each page, line by line, as PDF.js (an independent reader) extracts it. */
async function extractLines(pdf: Uint8Array): Promise<string[][]> {
  const doc = await getDocumentProxy(pdf.slice());
  try {
    const pages: string[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      const rows = new Map<number, { x: number; text: string }[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const y = Math.round(item.transform[5]);
        rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4], text: item.str }]);
      }
      pages.push(
        [...rows.entries()]
          .sort(([a], [b]) => b - a)
          .map(([, parts]) => parts.sort((a, b) => a.x - b.x).map((part) => part.text).join('')),
      );
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

const base: OfficialDocument = {
  orgName: '上海市知识产权局',
  title: '受理通知书',
  documentNumber: '沪知裁受字〔2026〕第 123 号',
  addressee: '上海甲医疗器械有限公司',
  paragraphs: [
    '你方于2026年11月2日提交的请求处理江苏乙生物科技有限公司侵犯专利号为ZL202010123456.7、名称为“一种可吸收医用缝合线及其制备方法”的发明专利权纠纷的请求书及有关材料收悉。经审查，该请求符合受理条件，本部门决定予以受理。',
    '本案由张某某、李某某、王某某组成合议组审理。',
    '特此通知。',
  ],
  issuedDate: '2026-11-25',
  verificationHint: '本文书的 SHA-256 摘要已记入证据账本，可在 https://zhibao.example.gov.cn/verify 核验。',
};

/** Sentences whose punctuation falls on every column of a 28-character line. */
const staggered = Array.from({ length: 30 }, (_, i) => `${'知识产权保护'.repeat(5).slice(0, (i % 27) + 1)}，依法处理、及时公开。`).join('');

describe('renderPdf', () => {
  it('embeds subsets of the Chinese font as TrueType programs with ToUnicode maps', async () => {
    const text = latin1(await renderPdf(base));
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toMatch(/\/BaseFont\/[A-Z]{6}\+NotoSerifSC-Regular/);
    expect(text).toMatch(/\/BaseFont\/[A-Z]{6}\+NotoSerifSC-Bold/);
    expect(text.match(/\/FontFile2 \d+ 0 R/g)).toHaveLength(2);
    expect(text.match(/\/ToUnicode \d+ 0 R/g)).toHaveLength(2);
    expect(text).toContain('/Encoding/Identity-H');
  });

  it('writes a cross-reference table whose offsets point at the objects', async () => {
    const pdf = await renderPdf(base);
    const text = latin1(pdf);
    const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(start, start + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(start))!;
    expect(Number(first)).toBe(0);
    const entries = text.slice(start).split('\n').slice(3, 2 + Number(count));
    entries.forEach((entry, i) => expect(text.slice(Number(entry.slice(0, 10)), Number(entry.slice(0, 10)) + 12)).toMatch(new RegExp(`^${i + 1} 0 obj\n`)));
  });

  it('gives back every Chinese character when another reader extracts the text', async () => {
    const pages = await extractLines(await renderPdf(base));
    const all = squash(pages.flat().join(''));
    for (const expected of [base.orgName, base.title, base.documentNumber!, `${base.addressee}：`, ...base.paragraphs, '2026年11月25日', base.verificationHint!]) {
      expect(all).toContain(squash(expected));
    }
    expect(pages[0][0]).toBe('上海市知识产权局');
    expect(pages[0]).toContain('第 1 页 共 1 页');
  });

  it('starts no line with 。，、 or other closing punctuation', async () => {
    const pages = await extractLines(await renderPdf({ ...base, paragraphs: [staggered, staggered.slice(7)] }));
    const lines = pages.flat();
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(line[0], line).not.toMatch(/[。，、；：）”》]/);
    // and every line of body text is filled: 27 or 28 characters unless it ends a paragraph
    const body = lines.filter((l) => l.startsWith('知') || l.startsWith('识') || l.startsWith('产'));
    expect(body.some((l) => [...l].length >= 27)).toBe(true);
  });

  it('breaks a long body into pages numbered 第 n 页 共 N 页, with the closing block on the last page', async () => {
    const paragraphs = Array.from({ length: 18 }, (_, i) => `第${i + 1}段。${staggered.slice(0, 80)}`);
    const pages = await extractLines(await renderPdf({ ...base, paragraphs }));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const footer = (line: string) => /^第 \d+ 页 共 \d+ 页$/.test(line) || squash(line) === squash(base.verificationHint!);
    pages.forEach((lines, i) => {
      expect(lines.filter(footer)).toEqual([`第 ${i + 1} 页 共 ${pages.length} 页`, base.verificationHint]);
    });
    expect(pages.at(-1)).toContain('2026年11月25日');
    expect(pages.slice(0, -1).flat()).not.toContain('2026年11月25日');
    const body = squash(pages.flat().filter((line) => !footer(line)).join(''));
    expect(body).toContain(squash(paragraphs.join('')));
  });

  it('renders the same document to the same bytes, with dates taken from the document', async () => {
    const [a, b] = [await renderPdf(base), await renderPdf({ ...base, paragraphs: [...base.paragraphs] })];
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    expect(latin1(a)).toContain("/CreationDate(D:20261125000000+08'00')/ModDate(D:20261125000000+08'00')");
    const other = await renderPdf({ ...base, issuedDate: '2026-11-26' });
    expect(Buffer.from(other).equals(Buffer.from(a))).toBe(false);
  });

  it('renders a two-page document in well under a second once the font is loaded', async () => {
    await renderPdf(base);
    const doc = { ...base, paragraphs: Array.from({ length: 8 }, () => staggered.slice(0, 100)) };
    const started = performance.now();
    const pdf = await renderPdf(doc);
    const elapsed = performance.now() - started;
    expect((await extractLines(pdf)).length).toBe(2);
    expect(elapsed).toBeLessThan(1000);
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('refuses a character the embedded font cannot show, naming it', async () => {
    await expect(renderPdf({ ...base, paragraphs: ['请求人：张😀'] })).rejects.toMatchObject({
      code: 'document.unsupported_character',
      params: { character: '😀', codePoint: 'U+1F600' },
    });
  });

  it('refuses an issue date that is not a real date', async () => {
    await expect(renderPdf({ ...base, issuedDate: '2026-02-30' })).rejects.toMatchObject({ code: 'document.invalid_date' });
  });
});

describe('formatDocumentDate', () => {
  it('writes dates with Arabic numerals and no leading zeros', () => {
    expect(formatDocumentDate('2026-11-25')).toBe('2026年11月25日');
    expect(formatDocumentDate('2027-01-05')).toBe('2027年1月5日');
  });
});
