/**
 * Chinese word search without a segmenter or a database extension (PGlite and PostgreSQL alike):
 * Chinese runs are indexed as overlapping character bigrams (and lone characters), Latin letters
 * and digits as words, into a `simple` tsvector. A query is tokenised the same way and all of its
 * tokens must match, so "华为技术" finds "华为技术有限公司" and "为技" finds it too, while single
 * unrelated characters do not. Tokens contain only letters, digits and CJK characters, so they
 * are always safe inside `to_tsquery`.
 */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;
const WORD = /[a-z0-9]+/g;

function tokensOf(text: string): string[] {
  const lower = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  for (const run of lower.match(CJK) ?? []) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  for (const w of lower.match(WORD) ?? []) out.push(w);
  return out;
}

/** The text stored in `cases.search_text` (a space-separated token list). */
export function searchDocument(parts: readonly (string | null | undefined)[]): string {
  const tokens = new Set<string>();
  for (const p of parts) if (p) for (const t of tokensOf(p)) tokens.add(t);
  // A lone character of a query must also find it inside a longer run.
  for (const p of parts) if (p) for (const run of p.normalize('NFKC').match(CJK) ?? []) for (const ch of Array.from(run)) tokens.add(ch);
  return [...tokens].join(' ');
}

/** The `to_tsquery('simple', …)` text for what the user typed, or null when it has no token. */
export function searchQuery(input: string): string | null {
  const tokens = [...new Set(tokensOf(input))];
  if (!tokens.length) return null;
  return tokens.map((t) => (/^[a-z0-9]+$/.test(t) ? `${t}:*` : t)).join(' & ');
}
