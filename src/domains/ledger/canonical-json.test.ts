import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonBytes, parseCanonicalJson } from './canonical-json';

const refused = (value: unknown) => {
  try {
    canonicalJson(value);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return 'accepted';
};

describe('canonical JSON (RFC 8785 subset)', () => {
  it('sorts members by UTF-16 code units and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], A: { d: 0, c: -5 } })).toBe('{"A":{"c":-5,"d":0},"a":[true,null,"x"],"b":1}');
    // JCS §3.2.3: UTF-16 code units, so U+20AC (0x20AC) sorts before U+1F600 (0xD83D 0xDE00).
    const keys = { '\u20ac': 1, '\ud83d\ude00': 2, '\r': 3, '1': 4, '\u00f6': 5 };
    expect(canonicalJson(keys)).toBe('{"\\r":3,"1":4,"ö":5,"€":1,"😀":2}');
  });

  it('escapes strings as JSON.stringify does and keeps other characters as they are', () => {
    expect(canonicalJson('a"b\\c\u0001\u001f\n\t\b\f\r/é中')).toBe('"a\\"b\\\\c\\u0001\\u001f\\n\\t\\b\\f\\r/é中"');
  });

  it('writes integers in decimal and -0 as 0', () => {
    expect(canonicalJson([0, -0, 1, -1, 9007199254740991, -9007199254740991])).toBe('[0,0,1,-1,9007199254740991,-9007199254740991]');
  });

  it('refuses what has no single canonical form', () => {
    for (const v of [1.5, NaN, Infinity, 2 ** 53, undefined, () => 1, Symbol('x'), 1n, new Date(0), new Map(), { a: undefined }, '\ud800', { '\udc00': 1 }]) {
      expect(refused(v), String(typeof v)).toBe('ledger.canonical_json');
    }
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(refused(deep)).toBe('ledger.canonical_json');
  });

  it('parses only bytes that are already canonical', () => {
    expect(parseCanonicalJson(Buffer.from('{"a":1,"b":[2]}'))).toEqual({ a: 1, b: [2] });
    for (const text of ['{"b":1,"a":2}', '{"a": 1}', '{"a":1.0}', '{"a":1,"a":2}', '"\\u0041"', '[1e2]', 'nope']) {
      expect(() => parseCanonicalJson(Buffer.from(text)), text).toThrow(expect.objectContaining({ code: 'ledger.canonical_json' }));
    }
    expect(() => parseCanonicalJson(Buffer.from([0x22, 0xff, 0x22]))).toThrow(expect.objectContaining({ code: 'ledger.canonical_json' }));
  });

  it('round-trips any JSON value of the subset, and writing is idempotent (property)', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.maxSafeInteger(),
        fc.string({ unit: 'grapheme' }),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'grapheme' }), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = canonicalJsonBytes(v);
        const back = parseCanonicalJson(bytes);
        expect(canonicalJsonBytes(back).equals(bytes)).toBe(true);
        expect(JSON.parse(bytes.toString('utf8'))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
