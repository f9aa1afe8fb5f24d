import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';

describe('readCsv', () => {
  it('reads quoted commas, doubled quotes and line breaks inside quotes', () => {
    expect(readCsv('a,"b,c","say ""hi""","two\r\nlines"\r\nx,y,z,w\r\n').rows).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\r\nlines'],
      ['x', 'y', 'z', 'w'],
    ]);
  });
  it('drops a leading BOM and blank rows, and ends rows at LF or CR too', () => {
    expect(readCsv('\ufeffa,b\n\n,\rc,d').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  it('reports a quote that is never closed', () => {
    expect(readCsv('a,"b\n').unterminatedQuote).toBe(true);
    expect(readCsv('a,"b"\n').unterminatedQuote).toBe(false);
  });
});
