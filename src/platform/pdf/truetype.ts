/**
 * The part of a TrueType (glyf-outline) font a PDF writer needs: character → glyph lookup,
 * advance widths, the metrics of the font descriptor, and a subset holding only the glyphs a
 * document uses.
 *
 * Written here rather than taken from a font library because it is small, and because the
 * subset must be byte-for-byte the same for the same glyphs (the document's digest goes into
 * the evidence ledger). CFF-flavoured OpenType (`OTTO`) is refused: its subsetting is a different
 * and much larger job, and the font we ship is TrueType.
 */

export interface TrueTypeFont {
  /** PostScript name from the `name` table (nameID 6), used as the PDF BaseFont. */
  readonly postScriptName: string;
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: readonly [number, number, number, number];
  /** Glyph id of a Unicode code point; 0 (.notdef) when the font has none. */
  glyphId(codePoint: number): number;
  /** Advance width in font units. */
  advanceWidth(glyphId: number): number;
  /** A font program holding glyph 0 and `glyphIds` (plus their composite components), renumbered in ascending order of the original ids. */
  subset(glyphIds: Iterable<number>): TrueTypeSubset;
}

export interface TrueTypeSubset {
  readonly bytes: Uint8Array;
  /** Original glyph id → glyph id in the subset. */
  readonly newId: ReadonlyMap<number, number>;
  /** Glyph id in the subset → original glyph id. */
  readonly oldIds: readonly number[];
}

interface TableRecord {
  offset: number;
  length: number;
}

// Tables a PDF viewer reads from an embedded TrueType program (ISO 32000-1, 9.9); the
// character map is not among them, as the PDF maps codes to glyphs itself (CIDToGIDMap).
const SUBSET_COPIED_TABLES = ['cvt ', 'fpgm', 'prep'] as const;

export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0);
  if (version === 0x4f54544f) throw new Error('CFF-based OpenType fonts (OTTO) are not supported; use a TrueType (glyf) font');
  if (version !== 0x00010000 && version !== 0x74727565) throw new Error(`not a TrueType font (sfnt version 0x${version.toString(16)})`);

  const tables = new Map<string, TableRecord>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    tables.set(tag(bytes, at), { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const table = (name: string): TableRecord => {
    const t = tables.get(name);
    if (!t) throw new Error(`TrueType font has no '${name}' table`);
    return t;
  };

  const head = table('head');
  const unitsPerEm = view.getUint16(head.offset + 18);
  const bbox = [
    view.getInt16(head.offset + 36),
    view.getInt16(head.offset + 38),
    view.getInt16(head.offset + 40),
    view.getInt16(head.offset + 42),
  ] as const;
  const longLoca = view.getInt16(head.offset + 50) === 1;

  const hhea = table('hhea');
  const ascender = view.getInt16(hhea.offset + 4);
  const descender = view.getInt16(hhea.offset + 6);
  const numberOfHMetrics = view.getUint16(hhea.offset + 34);
  const numGlyphs = view.getUint16(table('maxp').offset + 4);

  const os2 = tables.get('OS/2');
  const capHeight = os2 && view.getUint16(os2.offset) >= 2 ? view.getInt16(os2.offset + 88) : Math.round(ascender * 0.7);
  const post = tables.get('post');
  const italicAngle = post ? view.getInt32(post.offset + 4) / 65536 : 0;

  const hmtx = table('hmtx');
  const loca = table('loca');
  const glyf = table('glyf');
  const glyphRange = (gid: number): [number, number] => {
    if (gid < 0 || gid >= numGlyphs) throw new Error(`glyph id ${gid} out of range`);
    const start = longLoca ? view.getUint32(loca.offset + 4 * gid) : view.getUint16(loca.offset + 2 * gid) * 2;
    const end = longLoca ? view.getUint32(loca.offset + 4 * gid + 4) : view.getUint16(loca.offset + 2 * gid + 2) * 2;
    return [glyf.offset + start, glyf.offset + end];
  };
  const metrics = (gid: number): [advance: number, lsb: number] => {
    if (gid < numberOfHMetrics) return [view.getUint16(hmtx.offset + 4 * gid), view.getInt16(hmtx.offset + 4 * gid + 2)];
    const advance = view.getUint16(hmtx.offset + 4 * (numberOfHMetrics - 1));
    return [advance, view.getInt16(hmtx.offset + 4 * numberOfHMetrics + 2 * (gid - numberOfHMetrics))];
  };

  const glyphId = readCmap(view, table('cmap'));
  const postScriptName = readPostScriptName(view, bytes, tables.get('name')) ?? 'Font';

  function subset(glyphIds: Iterable<number>): TrueTypeSubset {
    const wanted = new Set<number>();
    const queue = [0, ...glyphIds];
    for (const gid of queue) {
      if (wanted.has(gid)) continue;
      wanted.add(gid);
      queue.push(...compositeComponents(view, ...glyphRange(gid)));
    }
    const oldIds = [...wanted].sort((a, b) => a - b);
    const newId = new Map(oldIds.map((old, i) => [old, i] as const));
    const n = oldIds.length;

    // glyf + loca (long offsets, every glyph padded to 4 bytes)
    const pieces: Uint8Array[] = [];
    const locaOut = new DataView(new ArrayBuffer(4 * (n + 1)));
    let glyfLength = 0;
    oldIds.forEach((old, i) => {
      locaOut.setUint32(4 * i, glyfLength);
      const [start, end] = glyphRange(old);
      const data = bytes.slice(start, end);
      if (data.length >= 10 && new DataView(data.buffer).getInt16(0) < 0) remapComponents(data, newId);
      const padded = (data.length + 3) & ~3;
      const out = new Uint8Array(padded);
      out.set(data);
      pieces.push(out);
      glyfLength += padded;
    });
    locaOut.setUint32(4 * n, glyfLength);

    const hmtxOut = new DataView(new ArrayBuffer(4 * n));
    oldIds.forEach((old, i) => {
      const [advance, lsb] = metrics(old);
      hmtxOut.setUint16(4 * i, advance);
      hmtxOut.setInt16(4 * i + 2, lsb);
    });

    const headOut = bytes.slice(head.offset, head.offset + head.length);
    const headView = new DataView(headOut.buffer);
    headView.setUint32(8, 0); // checkSumAdjustment, set below
    headView.setInt16(50, 1); // indexToLocFormat: long
    const hheaOut = bytes.slice(hhea.offset, hhea.offset + hhea.length);
    new DataView(hheaOut.buffer).setUint16(34, n);
    const maxp = table('maxp');
    const maxpOut = bytes.slice(maxp.offset, maxp.offset + maxp.length);
    new DataView(maxpOut.buffer).setUint16(4, n);

    const out: [string, Uint8Array][] = [
      ['glyf', concat(pieces, glyfLength)],
      ['head', headOut],
      ['hhea', hheaOut],
      ['hmtx', new Uint8Array(hmtxOut.buffer)],
      ['loca', new Uint8Array(locaOut.buffer)],
      ['maxp', maxpOut],
    ];
    for (const name of SUBSET_COPIED_TABLES) {
      const t = tables.get(name);
      if (t) out.push([name, bytes.slice(t.offset, t.offset + t.length)]);
    }
    const font = writeSfnt(out);
    const fontView = new DataView(font.buffer);
    const headAt = findTable(fontView, 'head');
    fontView.setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
    return { bytes: font, newId, oldIds };
  }

  return {
    postScriptName,
    unitsPerEm,
    numGlyphs,
    ascender,
    descender,
    capHeight,
    italicAngle,
    bbox,
    glyphId,
    advanceWidth: (gid) => metrics(gid)[0],
    subset,
  };
}

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/** Builds the code point → glyph lookup from the best Unicode subtable (format 12, else 4). */
function readCmap(view: DataView, cmap: TableRecord): (codePoint: number) => number {
  const count = view.getUint16(cmap.offset + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const at = cmap.offset + 4 + 8 * i;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const sub = cmap.offset + view.getUint32(at + 4);
    const format = view.getUint16(sub);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12) format12 ??= sub;
    if (format === 4) format4 ??= sub;
  }
  if (format12 !== undefined) {
    const sub = format12;
    const groups = view.getUint32(sub + 12);
    const starts = new Uint32Array(groups);
    const ends = new Uint32Array(groups);
    const glyphs = new Uint32Array(groups);
    for (let g = 0; g < groups; g++) {
      const at = sub + 16 + 12 * g;
      starts[g] = view.getUint32(at);
      ends[g] = view.getUint32(at + 4);
      glyphs[g] = view.getUint32(at + 8);
    }
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cp < starts[mid]) hi = mid - 1;
        else if (cp > ends[mid]) lo = mid + 1;
        else return glyphs[mid] + (cp - starts[mid]);
      }
      return 0;
    };
  }
  if (format4 !== undefined) {
    const sub = format4;
    const segX2 = view.getUint16(sub + 6);
    const endsAt = sub + 14;
    const startsAt = endsAt + segX2 + 2;
    const deltasAt = startsAt + segX2;
    const rangesAt = deltasAt + segX2;
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let s = 0; s < segX2; s += 2) {
        if (cp > view.getUint16(endsAt + s)) continue;
        const start = view.getUint16(startsAt + s);
        if (cp < start) return 0;
        const delta = view.getInt16(deltasAt + s);
        const rangeOffset = view.getUint16(rangesAt + s);
        if (rangeOffset === 0) return (cp + delta) & 0xffff;
        const g = view.getUint16(rangesAt + s + rangeOffset + 2 * (cp - start));
        return g === 0 ? 0 : (g + delta) & 0xffff;
      }
      return 0;
    };
  }
  throw new Error('TrueType font has no Unicode cmap subtable');
}

function readPostScriptName(view: DataView, bytes: Uint8Array, name: TableRecord | undefined): string | undefined {
  if (!name) return undefined;
  const count = view.getUint16(name.offset + 2);
  const strings = name.offset + view.getUint16(name.offset + 4);
  for (let i = 0; i < count; i++) {
    const at = name.offset + 6 + 12 * i;
    const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => view.getUint16(at + o));
    if (nameId !== 6) continue;
    const raw = bytes.subarray(strings + offset, strings + offset + length);
    const text =
      platform === 3 || platform === 0
        ? String.fromCharCode(...Array.from({ length: length >> 1 }, (_, k) => (raw[2 * k] << 8) | raw[2 * k + 1]))
        : String.fromCharCode(...raw);
    // A PDF name must not carry delimiters or spaces.
    const clean = text.replace(/[^A-Za-z0-9_.-]/g, '');
    if (clean) return clean;
  }
  return undefined;
}

// Composite glyph flags (OpenType spec, 'glyf' table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Offsets (relative to the glyph start) of the glyph-index fields of a composite glyph. */
function componentIndexOffsets(view: DataView, start: number, end: number): number[] {
  if (end - start < 10 || view.getInt16(start) >= 0) return [];
  const offsets: number[] = [];
  let at = start + 10;
  for (;;) {
    const flags = view.getUint16(at);
    offsets.push(at + 2 - start);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS) || at >= end) return offsets;
  }
}

function compositeComponents(view: DataView, start: number, end: number): number[] {
  return componentIndexOffsets(view, start, end).map((o) => view.getUint16(start + o));
}

function remapComponents(glyph: Uint8Array, newId: ReadonlyMap<number, number>): void {
  const view = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  for (const o of componentIndexOffsets(view, 0, glyph.length)) {
    view.setUint16(o, newId.get(view.getUint16(o))!);
  }
}

function concat(pieces: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function checksum(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < data.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < data.length ? data[i] : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Writes an sfnt with tables in tag order, each 4-byte aligned and checksummed. */
function writeSfnt(tablesIn: [string, Uint8Array][]): Uint8Array {
  const tables = [...tablesIn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  let size = 12 + 16 * n;
  const offsets = tables.map(([, data]) => {
    const at = size;
    size += (data.length + 3) & ~3;
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00010000);
  view.setUint16(4, n);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, n * 16 - searchRange);
  tables.forEach(([name, data], i) => {
    const at = 12 + 16 * i;
    for (let k = 0; k < 4; k++) out[at + k] = name.charCodeAt(k);
    view.setUint32(at + 4, checksum(data));
    view.setUint32(at + 8, offsets[i]);
    view.setUint32(at + 12, data.length);
    out.set(data, offsets[i]);
  });
  return out;
}

function findTable(view: DataView, name: string): number {
  const n = view.getUint16(4);
  for (let i = 0; i < n; i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...[0, 1, 2, 3].map((k) => view.getUint8(at + k))) === name) return view.getUint32(at + 8);
  }
  throw new Error(`table ${name} missing`);
}
