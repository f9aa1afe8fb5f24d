/**
 * An RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; rows end at
 * CRLF, LF or CR; a leading BOM is dropped and rows with only blank fields are skipped.
 */
export function readCsv(content: string): { rows: string[][]; unterminatedQuote: boolean } {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  const text = content.replace(/^\ufeff/, '');
  const endRow = () => {
    row.push(field);
    field = '';
    if (row.some((f) => f.trim() !== '')) rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  endRow();
  return { rows, unterminatedQuote: quoted };
}
