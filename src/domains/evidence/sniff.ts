/**
 * Media type from the content, never from the client's name or header (a file called
 * `contract.pdf` that is a ZIP is recorded as a ZIP). Magic numbers for the formats evidence
 * usually comes in; text is recognised only when the whole file is valid UTF-8 without binary
 * control characters, which `MediaSniffer` tracks while the file streams past.
 */

/** How much of the start of a file is kept for sniffing (ZIP member names sit in the first headers). */
export const SNIFF_HEAD_BYTES = 64 * 1024;

export interface TextFacts {
  /** The whole file is UTF-8 without NUL or other binary control characters. */
  isText: boolean;
  /** The last character that is not white space (for JSON: `}` or `]`). */
  lastNonSpace: string;
}

const ascii = (b: Uint8Array, at: number, s: string) => {
  if (b.length < at + s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

const OOXML: [prefix: string, type: string][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

/** Names of the ZIP local file headers in `head` (an OOXML package's first members say what it is). */
function zipMemberNames(head: Uint8Array): { names: string[]; odfType?: string } {
  const names: string[] = [];
  let odfType: string | undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  for (let at = 0; at + 30 <= head.length && names.length < 64; ) {
    if (view.getUint32(at, true) !== 0x04034b50) break;
    const flags = view.getUint16(at + 6, true);
    const method = view.getUint16(at + 8, true);
    const compressed = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const nameEnd = at + 30 + nameLength;
    if (nameEnd > head.length) break;
    const name = new TextDecoder().decode(head.subarray(at + 30, nameEnd));
    names.push(name);
    const dataStart = nameEnd + extraLength;
    // OpenDocument: the first member is an uncompressed `mimetype` holding the media type.
    if (names.length === 1 && name === 'mimetype' && method === 0 && compressed > 0 && compressed < 100 && dataStart + compressed <= head.length) {
      const value = new TextDecoder().decode(head.subarray(dataStart, dataStart + compressed));
      if (/^application\/vnd\.oasis\.opendocument\.[a-z.-]+$/.test(value)) odfType = value;
    }
    // With a data descriptor (bit 3) the size is only known after the data: stop walking.
    if (flags & 0x08) break;
    at = dataStart + compressed;
  }
  return { names, odfType };
}

function sniffZip(head: Uint8Array): string {
  const { names, odfType } = zipMemberNames(head);
  if (odfType) return odfType;
  for (const [prefix, type] of OOXML) if (names.some((n) => n.startsWith(prefix))) return type;
  return 'application/zip';
}

function sniffIsoMedia(head: Uint8Array): string {
  const brand = String.fromCharCode(...head.subarray(8, 12));
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand === 'M4A ' || brand === 'M4B ') return 'audio/mp4';
  if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  return 'video/mp4';
}

/** MPEG audio frame header: 11 sync bits, a defined version, layer III. */
function isMp3Frame(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
  const version = (b[1] >> 3) & 0x03;
  const layer = (b[1] >> 1) & 0x03;
  const bitrate = b[2] >> 4;
  return version !== 0x01 && layer === 0x01 && bitrate !== 0x0f && bitrate !== 0 && ((b[2] >> 2) & 0x03) !== 0x03;
}

function sniffText(head: Uint8Array, facts: TextFacts): string {
  let text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(head.subarray(0, 1024));
  text = text.replace(/^\s+/, '');
  const lower = text.slice(0, 64).toLowerCase();
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || lower.startsWith('<head') || lower.startsWith('<body')) return 'text/html';
  if (lower.startsWith('<?xml')) return /<svg[\s>]/i.test(text) ? 'image/svg+xml' : 'application/xml';
  if (lower.startsWith('<svg')) return 'image/svg+xml';
  if ((text.startsWith('{') && facts.lastNonSpace === '}') || (text.startsWith('[') && facts.lastNonSpace === ']')) return 'application/json';
  return 'text/plain';
}

/** The media type of a file that starts with `head` (at most SNIFF_HEAD_BYTES kept). */
export function sniffMediaType(head: Uint8Array, facts: TextFacts): string {
  const b = head;
  if (ascii(b, 0, '%PDF-')) return 'application/pdf';
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'image/gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'audio/wav';
  if (ascii(b, 0, 'PK\x03\x04') || ascii(b, 0, 'PK\x05\x06')) return sniffZip(b);
  if (ascii(b, 4, 'ftyp')) return sniffIsoMedia(b);
  if (ascii(b, 0, 'ID3') || isMp3Frame(b)) return 'audio/mpeg';
  if (b.length > 0 && facts.isText) return sniffText(b, facts);
  return 'application/octet-stream';
}

// C0 controls other than TAB, LF, FF, CR (and ESC, which ANSI-coloured logs carry), and DEL.
const BINARY_CONTROLS = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;

/** Keeps the head of a streamed file and whether it is text, chunk by chunk. */
export class MediaSniffer {
  private readonly headChunks: Uint8Array[] = [];
  private headLength = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private isText = true;
  private lastNonSpace = '';

  update(chunk: Uint8Array): void {
    if (this.headLength < SNIFF_HEAD_BYTES) {
      const part = chunk.subarray(0, SNIFF_HEAD_BYTES - this.headLength);
      this.headChunks.push(Uint8Array.from(part));
      this.headLength += part.length;
    }
    if (this.isText) this.text(() => this.decoder.decode(chunk, { stream: true }));
  }

  private text(decode: () => string): void {
    try {
      const s = decode();
      if (BINARY_CONTROLS.test(s)) this.isText = false;
      const trimmed = s.trimEnd();
      if (trimmed) this.lastNonSpace = trimmed.at(-1)!;
    } catch {
      this.isText = false; // not UTF-8
    }
  }

  /** The media type, once the whole file went through `update`. */
  result(): string {
    if (this.isText) this.text(() => this.decoder.decode()); // a truncated sequence at the end throws
    const head = Buffer.concat(this.headChunks);
    return sniffMediaType(head, { isText: this.isText, lastNonSpace: this.lastNonSpace });
  }
}
