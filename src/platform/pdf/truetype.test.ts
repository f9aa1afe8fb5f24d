import { describe, expect, it } from 'vitest';
import { documentFonts } from './fonts';
import { parseTrueType } from './truetype';

/** Table offsets of an sfnt. */
function tables(font: Uint8Array): Map<string, { offset: number; length: number }> {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const out = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = 12 + 16 * i;
    out.set(String.fromCharCode(...font.subarray(at, at + 4)), { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return out;
}

function wholeChecksum(font: Uint8Array): number {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  let sum = 0;
  for (let i = 0; i < font.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

/**
 * A five-glyph TrueType font: 0 .notdef, 1 and 2 and 4 one-point outlines, 3 a composite of
 * glyphs 2 (with a scale) and 4; 'A' maps to glyph 3. The shipped font has no composite glyphs,
 * so this is where their renumbering is checked.
 */
function syntheticFont(): Uint8Array {
  const simple = (x: number) => {
    const g = new DataView(new ArrayBuffer(19));
    g.setInt16(0, 1); // one contour
    g.setInt16(2, x);
    g.setInt16(6, x);
    g.setUint16(10, 0); // end point of contour 0
    g.setUint16(12, 0); // no instructions
    g.setUint8(14, 0x01); // on curve, 16-bit coordinates
    g.setInt16(15, x);
    g.setInt16(17, x);
    return new Uint8Array(g.buffer);
  };
  const composite = new DataView(new ArrayBuffer(10 + 2 + 2 + 4 + 2 + 2 + 2 + 4));
  composite.setInt16(0, -1);
  let at = 10;
  composite.setUint16(at, 0x0001 | 0x0002 | 0x0008 | 0x0020); // word args, xy values, scale, more components
  composite.setUint16(at + 2, 2);
  composite.setInt16(at + 4, 10);
  composite.setInt16(at + 6, 20);
  composite.setInt16(at + 8, 0x4000); // scale 1.0 (F2Dot14)
  at += 10;
  composite.setUint16(at, 0x0001 | 0x0002);
  composite.setUint16(at + 2, 4);
  composite.setInt16(at + 4, 30);
  composite.setInt16(at + 6, 40);
  const glyphs = [new Uint8Array(0), simple(1), simple(2), new Uint8Array(composite.buffer), simple(4)];

  const padded = glyphs.map((g) => {
    const p = new Uint8Array((g.length + 3) & ~3);
    p.set(g);
    return p;
  });
  const glyf = new Uint8Array(padded.reduce((n, g) => n + g.length, 0));
  const loca = new DataView(new ArrayBuffer(4 * (glyphs.length + 1)));
  let offset = 0;
  padded.forEach((g, i) => {
    loca.setUint32(4 * i, offset);
    glyf.set(g, offset);
    offset += g.length;
  });
  loca.setUint32(4 * glyphs.length, offset);

  const head = new DataView(new ArrayBuffer(54));
  head.setUint32(0, 0x00010000);
  head.setUint32(12, 0x5f0f3cf5);
  head.setUint16(18, 1000);
  head.setInt16(50, 1);
  const hhea = new DataView(new ArrayBuffer(36));
  hhea.setUint32(0, 0x00010000);
  hhea.setInt16(4, 880);
  hhea.setInt16(6, -120);
  hhea.setUint16(34, glyphs.length);
  const maxp = new DataView(new ArrayBuffer(6));
  maxp.setUint32(0, 0x00005000);
  maxp.setUint16(4, glyphs.length);
  const hmtx = new DataView(new ArrayBuffer(4 * glyphs.length));
  glyphs.forEach((_, i) => hmtx.setUint16(4 * i, 500 + 100 * i));
  const cmap = new DataView(new ArrayBuffer(4 + 8 + 16 + 4 * 2 * 4));
  cmap.setUint16(2, 1);
  cmap.setUint16(4, 3);
  cmap.setUint16(6, 1);
  cmap.setUint32(8, 12);
  const f4 = 12;
  cmap.setUint16(f4, 4);
  cmap.setUint16(f4 + 2, cmap.byteLength - 12);
  cmap.setUint16(f4 + 6, 4); // two segments
  cmap.setUint16(f4 + 14, 0x41);
  cmap.setUint16(f4 + 16, 0xffff);
  cmap.setUint16(f4 + 20, 0x41);
  cmap.setUint16(f4 + 22, 0xffff);
  cmap.setInt16(f4 + 24, 3 - 0x41);
  cmap.setInt16(f4 + 26, 1);

  const parts: [string, Uint8Array][] = [
    ['cmap', new Uint8Array(cmap.buffer)],
    ['glyf', glyf],
    ['head', new Uint8Array(head.buffer)],
    ['hhea', new Uint8Array(hhea.buffer)],
    ['hmtx', new Uint8Array(hmtx.buffer)],
    ['loca', new Uint8Array(loca.buffer)],
    ['maxp', new Uint8Array(maxp.buffer)],
  ];
  let size = 12 + 16 * parts.length;
  const offsets = parts.map(([, d]) => {
    const o = size;
    size += (d.length + 3) & ~3;
    return o;
  });
  const font = new Uint8Array(size);
  const view = new DataView(font.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, parts.length);
  parts.forEach(([name, data], i) => {
    for (let k = 0; k < 4; k++) font[12 + 16 * i + k] = name.charCodeAt(k);
    view.setUint32(12 + 16 * i + 8, offsets[i]);
    view.setUint32(12 + 16 * i + 12, data.length);
    font.set(data, offsets[i]);
  });
  return font;
}

describe('parseTrueType', () => {
  it('maps characters of the shipped font to glyphs and reads their widths', async () => {
    const { regular } = await documentFonts();
    expect(regular.postScriptName).toBe('NotoSerifSC-Regular');
    expect(regular.unitsPerEm).toBe(1000);
    const han = regular.glyphId('裁'.codePointAt(0)!);
    expect(han).toBeGreaterThan(0);
    expect(regular.advanceWidth(han)).toBe(1000);
    expect(regular.advanceWidth(regular.glyphId(0x41))).toBeLessThan(1000);
    expect(regular.glyphId(0x1f600)).toBe(0);
  });

  it('refuses CFF-flavoured OpenType', () => {
    const otto = new Uint8Array(12);
    new DataView(otto.buffer).setUint32(0, 0x4f54544f);
    expect(() => parseTrueType(otto)).toThrow(/CFF/);
  });

  it('subsets the shipped font to .notdef and the requested glyphs, with a valid checksum adjustment', async () => {
    const { regular } = await documentFonts();
    const ids = [...'受理通知书'].map((c) => regular.glyphId(c.codePointAt(0)!));
    const subset = regular.subset(ids);
    expect(subset.oldIds).toEqual([0, ...[...ids].sort((a, b) => a - b)]);
    expect(ids.map((id) => subset.newId.get(id))).toEqual(ids.map((id) => subset.oldIds.indexOf(id)));
    const t = tables(subset.bytes);
    expect([...t.keys()]).toEqual(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']);
    expect(new DataView(subset.bytes.buffer).getUint16(t.get('maxp')!.offset + 4)).toBe(6);
    expect(wholeChecksum(subset.bytes)).toBe(0xb1b0afba);
    expect(subset.bytes.length).toBeLessThan(10_000);
  });

  it('brings the components of a composite glyph along and renumbers them', () => {
    const font = parseTrueType(syntheticFont());
    expect(font.glyphId(0x41)).toBe(3);
    const subset = font.subset([3]);
    expect(subset.oldIds).toEqual([0, 2, 3, 4]);
    const t = tables(subset.bytes);
    const view = new DataView(subset.bytes.buffer);
    const glyph = t.get('glyf')!.offset + view.getUint32(t.get('loca')!.offset + 4 * subset.newId.get(3)!);
    expect(view.getInt16(glyph)).toBe(-1);
    expect(view.getUint16(glyph + 12)).toBe(subset.newId.get(2)); // first component
    expect(view.getUint16(glyph + 22)).toBe(subset.newId.get(4)); // second, after a scaled first
    expect(view.getUint16(t.get('hmtx')!.offset + 4 * 2)).toBe(800); // glyph 3's advance moved with it
  });
});
