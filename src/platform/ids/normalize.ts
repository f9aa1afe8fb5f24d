/**
 * Text clean-up shared by all identifier checks.
 *
 * People paste numbers from Word documents and type them with a Chinese IME switched to
 * full-width mode, so ＣＮ２０２１… and ９１３５… are common; they mean the same characters.
 */

// Full-width forms block (U+FF01–U+FF5E) maps one-to-one onto ASCII U+0021–U+007E; U+3000 is
// the ideographic space.
const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = 0x3000;

export function toHalfWidth(input: string): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0)!;
    if (cp >= FULL_WIDTH_FIRST && cp <= FULL_WIDTH_LAST) out += String.fromCodePoint(cp - FULL_WIDTH_OFFSET);
    else if (cp === IDEOGRAPHIC_SPACE) out += ' ';
    else out += ch;
  }
  return out;
}

/** Half-width, trimmed, upper case: the form every check starts from. Inner spaces are kept. */
export function normalizeIdentifierText(input: string): string {
  return toHalfWidth(input).trim().toUpperCase();
}

/** First character (1-based position) for which `allowed(char, index)` is false, if any. */
export function firstDisallowedChar(
  text: string,
  allowed: (char: string, index: number) => boolean,
): { position: number; char: string } | undefined {
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    if (!allowed(chars[i], i)) return { position: i + 1, char: chars[i] };
  }
  return undefined;
}

export function isDigit(ch: string): boolean {
  return ch.length === 1 && ch >= '0' && ch <= '9';
}
