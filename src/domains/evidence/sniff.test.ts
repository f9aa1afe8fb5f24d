import { describe, expect, it } from 'vitest';
import { MediaSniffer, sniffMediaType } from './sniff';

/** A stored (uncompressed) ZIP local file header followed by its data. */
function zipMember(name: string, data: string | Buffer = '', flags = 0): Buffer {
  const nameBytes = Buffer.from(name);
  const body = Buffer.isBuffer(data) ? data : Buffer.from(data);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(flags, 6);
  h.writeUInt16LE(0, 8);
  h.writeUInt32LE(body.length, 18);
  h.writeUInt32LE(body.length, 22);
  h.writeUInt16LE(nameBytes.length, 26);
  return Buffer.concat([h, nameBytes, body]);
}

function sniff(...chunks: (string | Buffer)[]): string {
  const s = new MediaSniffer();
  for (const c of chunks) s.update(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return s.result();
}

describe('media type sniffing (from the bytes, never the name)', () => {
  it.each([
    ['%PDF-1.7\n...', 'application/pdf'],
    ['\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'image/png'],
    ['\xff\xd8\xff\xe0\0\x10JFIF', 'image/jpeg'],
    ['GIF89a\x01\0\x01\0', 'image/gif'],
    ['RIFF\x24\0\0\0WEBPVP8 ', 'image/webp'],
    ['RIFF\x24\0\0\0WAVEfmt ', 'audio/wav'],
    ['\0\0\0\x18ftypisom\0\0\x02\0', 'video/mp4'],
    ['\0\0\0\x14ftypqt  \0\0\0\0', 'video/quicktime'],
    ['\0\0\0\x1cftypM4A \0\0\0\0', 'audio/mp4'],
    ['ID3\x04\0\0\0\0\0\0', 'audio/mpeg'],
    ['\xff\xfb\x90\x64\0\0', 'audio/mpeg'],
  ])('recognises %j as %s', (bytes, type) => {
    expect(sniff(bytes)).toBe(type);
  });

  it('tells OOXML documents apart by their members, and OpenDocument by its mimetype member', () => {
    const docx = Buffer.concat([zipMember('[Content_Types].xml', '<Types/>'), zipMember('_rels/.rels', '<r/>'), zipMember('word/document.xml', '<w/>')]);
    expect(sniff(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniff(Buffer.concat([zipMember('[Content_Types].xml'), zipMember('xl/workbook.xml')]))).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniff(Buffer.concat([zipMember('[Content_Types].xml'), zipMember('ppt/presentation.xml')]))).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(sniff(zipMember('mimetype', 'application/vnd.oasis.opendocument.text'))).toBe('application/vnd.oasis.opendocument.text');
    expect(sniff(Buffer.concat([zipMember('photos/1.jpg', 'x'), zipMember('readme.txt', 'y')]))).toBe('application/zip');
    // A data descriptor hides the size: stop walking, still a ZIP.
    expect(sniff(Buffer.concat([zipMember('a.bin', 'zzz', 0x08), zipMember('word/document.xml')]))).toBe('application/zip');
  });

  it('calls UTF-8 text text, and HTML, JSON and XML by their shape', () => {
    expect(sniff(Buffer.from('第一行\n第二行\n', 'utf8'))).toBe('text/plain');
    expect(sniff(Buffer.from('  <!DOCTYPE html><html><body>证据</body></html>', 'utf8'))).toBe('text/html');
    expect(sniff(Buffer.from('{"a": [1, 2]', 'utf8'), Buffer.from(', "b": "证"}\n\n', 'utf8'))).toBe('application/json');
    expect(sniff(Buffer.from('[1, 2]', 'utf8'))).toBe('application/json');
    expect(sniff(Buffer.from('{ not closed', 'utf8'))).toBe('text/plain');
    expect(sniff(Buffer.from('<?xml version="1.0"?><root/>', 'utf8'))).toBe('application/xml');
    expect(sniff(Buffer.from('\ufeffBOM text', 'utf8'))).toBe('text/plain');
  });

  it('keeps text across chunk boundaries that split a character', () => {
    const bytes = Buffer.from('证据保全', 'utf8');
    expect(sniff(bytes.subarray(0, 4), bytes.subarray(4))).toBe('text/plain');
  });

  it('calls anything else application/octet-stream: invalid UTF-8, binary controls, a truncated character at the end', () => {
    expect(sniff(Buffer.from([0x68, 0x69, 0xc3, 0x28]))).toBe('application/octet-stream');
    expect(sniff(Buffer.from('text\0with nul'))).toBe('application/octet-stream');
    expect(sniff(Buffer.from('ok'), Buffer.from([0xe8, 0xaf]))).toBe('application/octet-stream');
    expect(sniff(Buffer.from([1, 2, 3, 4, 5]))).toBe('application/octet-stream');
    // Text at the start, binary far beyond the head: still not text.
    expect(sniff(Buffer.alloc(100_000, 0x61), Buffer.from([0, 1, 2]))).toBe('application/octet-stream');
  });

  it('sniffs only the head it is given', () => {
    expect(sniffMediaType(new Uint8Array(0), { isText: true, lastNonSpace: '' })).toBe('application/octet-stream');
  });
});
