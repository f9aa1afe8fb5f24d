import { createHash } from 'node:crypto';
import { DomainError } from '../errors';
import { formatDocumentDate } from './document-date';
import { documentFonts } from './fonts';
import { breakLines, type Line } from './line-break';
import { PdfWriter, pdfDate, pdfNumber, pdfTextString } from './pdf-writer';
import { DocumentErrors } from './pdf.errors';
import type { TrueTypeFont } from './truetype';

/** What an official document (文书) says; the layout is fixed. */
export interface OfficialDocument {
  /** Issuing organisation (发文机关), printed as the red heading and above the date. */
  readonly orgName: string;
  /** Document title, e.g. 受理通知书. */
  readonly title: string;
  /** Document number (文号), e.g. 沪知裁受字〔2026〕第 123 号. */
  readonly documentNumber?: string;
  /** Addressee (主送), e.g. 上海某某科技有限公司; a full-width colon is added. */
  readonly addressee?: string;
  /** Body paragraphs; a newline inside one forces a line break. */
  readonly paragraphs: readonly string[];
  /** Date of issue, `YYYY-MM-DD`: printed in the closing block and used as the PDF's dates. */
  readonly issuedDate: string;
  /** Small print at the foot of every page, e.g. where the document's digest can be checked. Keep it to a line or two. */
  readonly verificationHint?: string;
}

const MM = 72 / 25.4;
// A4 with the type area of GB/T 9704-2012 (党政机关公文格式) 5.2: 156 mm × 225 mm, top margin
// 37 mm, left margin 28 mm; 22 lines of 28 characters.
const PAGE_WIDTH = 210 * MM;
const PAGE_HEIGHT = 297 * MM;
const LEFT = 28 * MM;
const TEXT_WIDTH = 156 * MM;
const RIGHT = LEFT + TEXT_WIDTH;
const TOP = PAGE_HEIGHT - 37 * MM;
const BOTTOM = TOP - 225 * MM;
const BODY_SIZE = 15.75; // 28 characters fill the 156 mm line
const LEADING = (225 * MM) / 22;
const HEADING_SIZE = 26;
const TITLE_SIZE = 22;
const PAGE_NUMBER_SIZE = 10.5;
const HINT_SIZE = 8;
const RED = '0.8 0.05 0.05';
const GREY = '0.35 0.35 0.35';
/** Centre of the ideographic em box above the baseline, as a fraction of the size (Noto CJK: 880/−120). */
const EM_CENTRE = 0.38;
/** Justification never stretches a gap by more than this share of the font size. */
const MAX_JUSTIFY_GAP = 0.5;

type FontKey = 'regular' | 'bold';

interface Run {
  readonly glyphs: readonly number[];
  /** Extra space after the run, in points. */
  readonly gapAfter: number;
}

type Op =
  | { kind: 'text'; font: FontKey; size: number; x: number; y: number; color?: string; runs: readonly Run[] }
  | { kind: 'rule'; x1: number; x2: number; y: number; width: number; color: string };

/** Glyph lookup and widths for one font, remembering which glyphs (and characters) a document uses. */
class FontUse {
  readonly used = new Map<number, string>();
  private readonly widths = new Map<string, number>();

  constructor(readonly font: TrueTypeFont) {}

  glyphs(text: string): number[] {
    const out: number[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      const gid = this.font.glyphId(cp);
      if (gid === 0) {
        throw new DomainError(DocumentErrors['document.unsupported_character'], {
          character: ch,
          codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
        });
      }
      if (!this.used.has(gid)) this.used.set(gid, ch);
      out.push(gid);
    }
    return out;
  }

  /** Width of `text` at `size` points. */
  width(text: string, size: number): number {
    let units = this.widths.get(text);
    if (units === undefined) {
      units = this.glyphs(text).reduce((sum, gid) => sum + this.font.advanceWidth(gid), 0);
      this.widths.set(text, units);
    }
    return (units * size) / this.font.unitsPerEm;
  }
}

/** Renders an official document as an A4 PDF with its Chinese font embedded (subset). */
export async function renderPdf(doc: OfficialDocument): Promise<Uint8Array> {
  const dateText = formatDocumentDate(doc.issuedDate);
  const fonts = await documentFonts();
  const use: Record<FontKey, FontUse> = { regular: new FontUse(fonts.regular), bold: new FontUse(fonts.bold) };
  const pages = layout(doc, dateText, use);
  return writePdf(doc, pages, use);
}

function clean(text: string): string {
  // Tabs become spaces; zero-width characters and other controls are dropped (no font draws them).
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(/[\u0000-\u0009\u000b-\u001f\u007f\u200b-\u200d\u2060\ufeff]/g, '');
}

function layout(doc: OfficialDocument, dateText: string, use: Record<FontKey, FontUse>): Op[][] {
  const pages: Op[][] = [[]];
  let y = TOP;
  const page = () => pages.at(-1)!;
  const measure = (font: FontKey, size: number) => (s: string) => use[font].width(s, size);
  const baseline = (lineTop: number, height: number, size: number) => lineTop - height / 2 - EM_CENTRE * size;

  const textOp = (font: FontKey, size: number, x: number, yy: number, line: Line, justify: boolean, color?: string): Op => {
    const gaps = line.units.length - 1;
    const extra = justify && !line.last && gaps > 0 ? (line.maxWidth - line.width) / gaps : 0;
    const gap = extra > 0 && extra <= MAX_JUSTIFY_GAP * size ? extra : 0;
    return {
      kind: 'text',
      font,
      size,
      x,
      y: yy,
      color,
      runs: line.units.map((u, i) => ({ glyphs: use[font].glyphs(u), gapAfter: i < gaps ? gap : 0 })),
    };
  };

  /** One block of lines laid out at the cursor, breaking pages as needed. */
  const lines = (text: string, o: { font: FontKey; size: number; height: number; align: 'justify' | 'center' | 'right'; indent?: number; color?: string }) => {
    const segments = clean(text).split('\n');
    segments.forEach((segment, s) => {
      const indent = s === 0 ? (o.indent ?? 0) : 0;
      for (const [i, line] of breakLines(segment, TEXT_WIDTH, measure(o.font, o.size), indent).entries()) {
        if (y - o.height < BOTTOM - 0.01) {
          pages.push([]);
          y = TOP;
        }
        const x =
          o.align === 'center' ? LEFT + (TEXT_WIDTH - line.width) / 2 : o.align === 'right' ? RIGHT - line.width : LEFT + (i === 0 ? indent : 0);
        page().push(textOp(o.font, o.size, x, baseline(y, o.height, o.size), line, o.align === 'justify', o.color));
        y -= o.height;
      }
    });
  };

  // Heading: organisation in red over a red rule, then title and number.
  lines(doc.orgName, { font: 'bold', size: HEADING_SIZE, height: HEADING_SIZE * 1.45, align: 'center', color: RED });
  y -= 3 * MM;
  page().push({ kind: 'rule', x1: LEFT, x2: RIGHT, y, width: 1.5, color: RED });
  y -= 8 * MM;
  lines(doc.title, { font: 'bold', size: TITLE_SIZE, height: TITLE_SIZE * 1.6, align: 'center' });
  if (doc.documentNumber) lines(doc.documentNumber, { font: 'regular', size: BODY_SIZE, height: LEADING, align: 'right' });
  y -= LEADING / 2;

  const body = { font: 'regular', size: BODY_SIZE, height: LEADING } as const;
  if (doc.addressee) {
    const addressee = doc.addressee.trim();
    lines(/[：:]$/.test(addressee) ? addressee : `${addressee}：`, { ...body, align: 'justify' });
  }
  for (const paragraph of doc.paragraphs) {
    lines(paragraph, { ...body, align: 'justify', indent: 2 * BODY_SIZE });
  }

  // Closing block (发文机关署名 and 成文日期), kept together: one empty line, then the
  // organisation centred over the date, the date four characters in from the right (GB/T 9704 7.3.5.1).
  if (y - 3 * LEADING < BOTTOM - 0.01) {
    pages.push([]);
    y = TOP;
  } else {
    y -= LEADING;
  }
  const dateWidth = use.regular.width(dateText, BODY_SIZE);
  const dateRight = RIGHT - 4 * BODY_SIZE;
  const dateCentre = dateRight - dateWidth / 2;
  const closing = [clean(doc.orgName), dateText].flatMap((text) => breakLines(text, TEXT_WIDTH, measure('regular', BODY_SIZE)));
  for (const line of closing) {
    const x = Math.min(Math.max(dateCentre - line.width / 2, LEFT), RIGHT - line.width);
    page().push(textOp('regular', BODY_SIZE, x, baseline(y, LEADING, BODY_SIZE), { ...line, last: true }, false));
    y -= LEADING;
  }

  // Foot of every page: page number 7 mm under the type area (GB/T 9704 7.5), hint below it.
  const total = pages.length;
  const hintLines = doc.verificationHint ? breakLines(clean(doc.verificationHint).replace(/\n/g, ' '), TEXT_WIDTH, measure('regular', HINT_SIZE)) : [];
  pages.forEach((ops, p) => {
    const numberText = `第 ${p + 1} 页 共 ${total} 页`;
    const numberLine = breakLines(numberText, TEXT_WIDTH, measure('regular', PAGE_NUMBER_SIZE))[0];
    ops.push(textOp('regular', PAGE_NUMBER_SIZE, LEFT + (TEXT_WIDTH - numberLine.width) / 2, BOTTOM - 7 * MM - PAGE_NUMBER_SIZE, numberLine, false));
    hintLines.forEach((line, i) => {
      const yy = 10 * MM + (hintLines.length - 1 - i) * HINT_SIZE * 1.4;
      ops.push(textOp('regular', HINT_SIZE, LEFT + (TEXT_WIDTH - line.width) / 2, yy, line, false, GREY));
    });
  });
  return pages;
}

const FONT_RESOURCE: Record<FontKey, string> = { regular: 'F1', bold: 'F2' };

function writePdf(doc: OfficialDocument, pages: Op[][], use: Record<FontKey, FontUse>): Uint8Array {
  const pdf = new PdfWriter();
  const catalog = pdf.reserve();
  const pagesRef = pdf.reserve();
  const info = pdf.reserve();

  const fontKeys = (['regular', 'bold'] as const).filter((k) => use[k].used.size > 0);
  const subsets = new Map(fontKeys.map((k) => [k, use[k].font.subset([...use[k].used.keys()].sort((a, b) => a - b))] as const));
  const fontRefs = new Map<FontKey, number>();
  for (const key of fontKeys) fontRefs.set(key, writeFont(pdf, use[key], subsets.get(key)!));
  const fontDict = `<<${fontKeys.map((k) => `/${FONT_RESOURCE[k]} ${fontRefs.get(k)} 0 R`).join('')}>>`;

  const pageRefs = pages.map((ops) => {
    const ref = pdf.reserve();
    const contents = pdf.reserve();
    pdf.stream(contents, '', new TextEncoder().encode(content(ops, subsets)));
    pdf.object(
      ref,
      `<</Type/Page/Parent ${pagesRef} 0 R/MediaBox[0 0 ${pdfNumber(PAGE_WIDTH)} ${pdfNumber(PAGE_HEIGHT)}]` +
        `/Resources<</Font ${fontDict}>>/Contents ${contents} 0 R>>`,
    );
    return ref;
  });
  pdf.object(pagesRef, `<</Type/Pages/Kids[${pageRefs.map((r) => `${r} 0 R`).join(' ')}]/Count ${pageRefs.length}>>`);
  pdf.object(catalog, `<</Type/Catalog/Pages ${pagesRef} 0 R/Lang(zh-CN)/ViewerPreferences<</DisplayDocTitle true>>>>`);
  const date = pdfDate(doc.issuedDate);
  pdf.object(
    info,
    `<</Title${pdfTextString(doc.title)}/Author${pdfTextString(doc.orgName)}` +
      (doc.documentNumber ? `/Subject${pdfTextString(doc.documentNumber)}` : '') +
      `/Producer(Zhibao)/CreationDate${date}/ModDate${date}>>`,
  );
  // The file identifier comes from the content, so re-rendering the same document gives the same file.
  const id = createHash('sha256').update(JSON.stringify(canonical(doc))).digest().subarray(0, 16);
  return pdf.finish(catalog, info, id);
}

function canonical(doc: OfficialDocument): unknown[] {
  return [doc.orgName, doc.title, doc.documentNumber ?? null, doc.addressee ?? null, [...doc.paragraphs], doc.issuedDate, doc.verificationHint ?? null];
}

function content(ops: Op[], subsets: ReadonlyMap<FontKey, { newId: ReadonlyMap<number, number> }>): string {
  const out: string[] = [];
  for (const op of ops) {
    if (op.kind === 'rule') {
      out.push(`${op.color} RG ${pdfNumber(op.width)} w ${pdfNumber(op.x1)} ${pdfNumber(op.y)} m ${pdfNumber(op.x2)} ${pdfNumber(op.y)} l S`);
      continue;
    }
    const ids = subsets.get(op.font)!.newId;
    const parts: string[] = [];
    for (const run of op.runs) {
      parts.push(`<${run.glyphs.map((g) => ids.get(g)!.toString(16).toUpperCase().padStart(4, '0')).join('')}>`);
      // TJ offsets are thousandths of the font size, negative to move right.
      if (run.gapAfter > 0) parts.push(pdfNumber((-run.gapAfter * 1000) / op.size));
    }
    out.push(
      `${op.color ?? '0 0 0'} rg BT /${FONT_RESOURCE[op.font]} ${pdfNumber(op.size)} Tf ${pdfNumber(op.x)} ${pdfNumber(op.y)} Td [${parts.join(' ')}] TJ ET`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Type 0 font with an Identity-H CIDFontType2 descendant, its subset program and a ToUnicode map. */
function writeFont(pdf: PdfWriter, use: FontUse, subset: { bytes: Uint8Array; oldIds: readonly number[]; newId: ReadonlyMap<number, number> }): number {
  const font = use.font;
  const type0 = pdf.reserve();
  const cidFont = pdf.reserve();
  const descriptor = pdf.reserve();
  const program = pdf.reserve();
  const toUnicode = pdf.reserve();
  const scale = 1000 / font.unitsPerEm;

  // Subset tag (ISO 32000-1, 9.6.4): six capitals, here derived from the glyphs so it is stable.
  const digest = createHash('sha256').update(font.postScriptName).update(subset.oldIds.join(',')).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  const name = `${tag}+${font.postScriptName}`;

  const widths = subset.oldIds.map((old) => Math.round(font.advanceWidth(old) * scale));
  pdf.object(type0, `<</Type/Font/Subtype/Type0/BaseFont/${name}/Encoding/Identity-H/DescendantFonts[${cidFont} 0 R]/ToUnicode ${toUnicode} 0 R>>`);
  pdf.object(
    cidFont,
    `<</Type/Font/Subtype/CIDFontType2/BaseFont/${name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>` +
      `/FontDescriptor ${descriptor} 0 R/DW 1000/W[0[${widths.join(' ')}]]/CIDToGIDMap/Identity>>`,
  );
  const [x0, y0, x1, y1] = font.bbox.map((v) => Math.round(v * scale));
  pdf.object(
    descriptor,
    `<</Type/FontDescriptor/FontName/${name}/Flags 6/FontBBox[${x0} ${y0} ${x1} ${y1}]/ItalicAngle ${pdfNumber(font.italicAngle)}` +
      `/Ascent ${Math.round(font.ascender * scale)}/Descent ${Math.round(font.descender * scale)}/CapHeight ${Math.round(font.capHeight * scale)}` +
      `/StemV 80/FontFile2 ${program} 0 R>>`,
  );
  pdf.stream(program, `/Length1 ${subset.bytes.length}`, subset.bytes);

  const entries = subset.oldIds
    .map((old, i) => [i, use.used.get(old)] as const)
    .filter((e): e is readonly [number, string] => e[1] !== undefined)
    .map(([cid, text]) => `<${cid.toString(16).toUpperCase().padStart(4, '0')}> <${utf16Hex(text)}>`);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    chunks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  const cmap =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n' +
    '/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n' +
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n' +
    `${chunks.join('\n')}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n`;
  pdf.stream(toUnicode, '', new TextEncoder().encode(cmap));
  return type0;
}

function utf16Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return out;
}
