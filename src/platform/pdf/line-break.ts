/**
 * Line breaking for Chinese official text (a small part of UAX #14 and of the Chinese layout
 * rules, W3C clreq): a line may break between any two Han characters, Latin words and numbers
 * stay whole, closing punctuation never starts a line (避头) and opening brackets never end one
 * (避尾). A character that may not start a line is glued to the one before it, so when it does
 * not fit it takes that character to the next line with it (推出).
 */

/** Punctuation that must not start a line. */
const NO_LINE_START = new Set([...'。，、；：？！）》」』】〕〉〗”’…—·％‰℃!),.:;?]}%']);
/** Punctuation that must not end a line. */
const NO_LINE_END = new Set([...'（《「『【〔〈〖“‘([{']);

export interface Line {
  /** Pieces that are never split; breaks and justification space fall between them. */
  readonly units: readonly string[];
  /** Natural width (sum of the units' widths). */
  readonly width: number;
  /** The width the line was filled to. */
  readonly maxWidth: number;
  /** The last line of its paragraph (left aligned, not justified). */
  readonly last: boolean;
}

export function isCjk(codePoint: number): boolean {
  return (
    (codePoint >= 0x2e80 && codePoint <= 0x9fff) || // radicals, CJK punctuation, kana, Han
    (codePoint >= 0xf900 && codePoint <= 0xfaff) || // compatibility ideographs
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) || // compatibility forms
    (codePoint >= 0xff00 && codePoint <= 0xffef) || // full-width forms
    (codePoint >= 0x20000 && codePoint <= 0x3ffff) || // Han extensions B–H
    codePoint === 0x2014 || // — (used doubled in Chinese as 破折号)
    codePoint === 0x2026 || // …
    codePoint === 0x201c ||
    codePoint === 0x201d ||
    codePoint === 0x2018 ||
    codePoint === 0x2019 ||
    codePoint === 0x00b7
  );
}

type Atom = { text: string; space: boolean };

/** Splits text into unbreakable units: Han characters one by one, Latin runs whole, spaces alone. */
export function segment(text: string): string[] {
  const atoms: Atom[] = [];
  let word = '';
  let spaces = '';
  const flushWord = () => {
    if (word) atoms.push({ text: word, space: false });
    word = '';
  };
  const flushSpaces = () => {
    if (spaces) atoms.push({ text: spaces, space: true });
    spaces = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === ' ') {
      flushWord();
      spaces += ch;
    } else if (isCjk(cp)) {
      flushWord();
      flushSpaces();
      atoms.push({ text: ch, space: false });
    } else {
      flushSpaces();
      word += ch;
    }
  }
  flushWord();
  flushSpaces();

  // Glue: a no-start atom joins the one before it, a no-end atom the one after it.
  const units: Atom[] = [];
  let open = '';
  for (const atom of atoms) {
    if (atom.space) {
      if (open) units.push({ text: open, space: false });
      open = '';
      units.push(atom);
      continue;
    }
    const previous = units.at(-1);
    if (!open && previous && !previous.space && NO_LINE_START.has([...atom.text][0])) {
      previous.text += atom.text;
    } else if ([...atom.text].every((c) => NO_LINE_END.has(c))) {
      open += atom.text;
    } else {
      units.push({ text: open + atom.text, space: false });
      open = '';
    }
  }
  if (open) units.push({ text: open, space: false });
  return units.map((u) => u.text);
}

/**
 * Fills lines greedily. `indent` shortens the first line (首行缩进). A unit wider than a whole
 * line (a long URL) is split between characters as a last resort.
 */
export function breakLines(text: string, maxWidth: number, measure: (s: string) => number, indent = 0): Line[] {
  const lines: Line[] = [];
  let units: string[] = [];
  let width = 0;
  let room = maxWidth - indent;
  const epsilon = 1e-6;

  const close = (last: boolean) => {
    while (units.length > 0 && units.at(-1)!.trim() === '') width -= measure(units.pop()!);
    lines.push({ units, width, maxWidth: room, last });
    units = [];
    width = 0;
    room = maxWidth;
  };

  const place = (unit: string) => {
    const w = measure(unit);
    const isSpace = unit.trim() === '';
    if (isSpace && units.length === 0) return;
    if (width + w <= room + epsilon) {
      units.push(unit);
      width += w;
      return;
    }
    if (isSpace) {
      close(false);
      return;
    }
    if (units.length > 0) close(false);
    if (w <= room + epsilon) {
      units.push(unit);
      width += w;
      return;
    }
    // Wider than a whole line: split between characters, still not starting a line with closing punctuation.
    let piece: string[] = [];
    for (const ch of unit) {
      if (piece.length === 0 || measure(piece.join('') + ch) <= room + epsilon) {
        piece.push(ch);
        continue;
      }
      const carry = NO_LINE_START.has(ch) && piece.length > 1 ? [piece.pop()!] : [];
      units.push(piece.join(''));
      width = measure(piece.join(''));
      close(false);
      piece = [...carry, ch];
    }
    units.push(piece.join(''));
    width = measure(piece.join(''));
  };

  for (const unit of segment(text)) place(unit);
  close(true);
  return lines;
}
