import { zlibSync } from 'fflate';

/**
 * A minimal PDF 1.7 file writer: numbered objects, streams, a classic cross-reference table.
 *
 * Nothing in the output depends on the clock, the machine or chance, so the same objects give
 * the same bytes. Streams are compressed with fflate (pure JavaScript, version pinned) rather
 * than node:zlib, whose output may differ between Node releases and CPUs; a re-rendered
 * document must hash to the digest recorded in the evidence ledger.
 */
export class PdfWriter {
  private readonly objects: (Uint8Array | undefined)[] = [];

  /** Reserves an object number, to be filled with `object` or `stream`. */
  reserve(): number {
    this.objects.push(undefined);
    return this.objects.length;
  }

  object(ref: number, body: string): void {
    this.objects[ref - 1] = ascii(`${ref} 0 obj\n${body}\nendobj\n`);
  }

  /** A stream object; `dict` holds the entries other than /Length and /Filter. */
  stream(ref: number, dict: string, data: Uint8Array, compress = true): void {
    const content = compress ? zlibSync(data, { level: 9 }) : data;
    const head = ascii(`${ref} 0 obj\n<<${dict}/Length ${content.length}${compress ? '/Filter/FlateDecode' : ''}>>\nstream\n`);
    const tail = ascii('\nendstream\nendobj\n');
    this.objects[ref - 1] = join([head, content, tail]);
  }

  /** The whole file; `id` is the trailer's file identifier (both halves, since the file is never updated). */
  finish(root: number, info: number, id: Uint8Array): Uint8Array {
    // The comment of bytes above 127 tells transfer tools the file is binary (ISO 32000-1, 7.5.2).
    const header = join([ascii('%PDF-1.7\n%'), new Uint8Array([0xe2, 0xe3, 0xcf, 0xd3]), ascii('\n')]);
    const offsets: number[] = [];
    let at = header.length;
    this.objects.forEach((o, i) => {
      if (!o) throw new Error(`PDF object ${i + 1} was reserved but never written`);
      offsets.push(at);
      at += o.length;
    });
    const idHex = hex(id);
    const xref =
      `xref\n0 ${this.objects.length + 1}\n0000000000 65535 f \n` +
      offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
      `trailer\n<</Size ${this.objects.length + 1}/Root ${root} 0 R/Info ${info} 0 R/ID[<${idHex}><${idHex}>]>>\n` +
      `startxref\n${at}\n%%EOF\n`;
    return join([header, ...(this.objects as Uint8Array[]), ascii(xref)]);
  }
}

/** A number as PDF writes it: at most three decimals, no exponent, no trailing zeros. */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const s = (Math.round(n * 1000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** A text string (document information, outlines) as UTF-16BE hex with a byte-order mark. */
export function pdfTextString(s: string): string {
  let out = '<FEFF';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `${out}>`;
}

/** A date in the form of ISO 32000-1, 7.9.4, for `YYYY-MM-DD` at midnight in China Standard Time. */
export function pdfDate(isoDate: string): string {
  return `(D:${isoDate.replaceAll('-', '')}000000+08'00')`;
}

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).toUpperCase().padStart(2, '0');
  return s;
}

export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7e) throw new Error(`non-ASCII character in PDF syntax: U+${c.toString(16)}`);
    out[i] = c;
  }
  return out;
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
