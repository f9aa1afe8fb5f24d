import { bytesEqual, utf8 } from './crypto/bytes';
import { ledgerError } from './ledger.errors';

/**
 * Canonical JSON for ledger entries: the subset of RFC 8785 (JSON Canonicalization Scheme) that
 * needs no floating-point formatting, so any JCS implementation produces the same bytes.
 *
 * Values: null, true, false, strings of well-formed Unicode, integers in ±(2^53 − 1) (−0 is
 * written 0), arrays, and plain objects. Refused: other numbers, undefined (also as a member
 * value: nothing is dropped silently), functions, symbols, bigint, Date and other class instances,
 * nesting deeper than 32.
 *
 * Form: no white space; object members sorted by key, comparing UTF-16 code units (JCS §3.2.3);
 * strings escaped as ECMAScript JSON.stringify does (JCS §3.2.2.2): `"` and `\` with a backslash,
 * U+0008/09/0A/0C/0D as \b \t \n \f \r, other controls below U+0020 as \u00xx (lower-case hex),
 * everything else as itself; integers in decimal without exponent or leading zeros; UTF-8 bytes.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(reason: string): never {
  throw ledgerError('ledger.canonical_json', { reason });
}

function writeString(s: string, at: string): string {
  if (LONE_SURROGATE.test(s)) fail(`${at} holds an unpaired surrogate`);
  return JSON.stringify(s);
}

function write(value: unknown, at: string, depth: number): string {
  if (depth > MAX_DEPTH) fail(`${at} is nested more than ${MAX_DEPTH} levels deep`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return writeString(value, at);
    case 'number':
      if (!Number.isSafeInteger(value)) fail(`${at} is ${String(value)}, not an integer within ±(2^53 − 1)`);
      return value === 0 ? '0' : String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${at}[${i}]`, depth + 1)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) fail(`${at} is a ${proto?.constructor?.name ?? 'class instance'}, not a plain object`);
      const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const members = keys.map((k) => {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) fail(`${at}.${k} is undefined`);
        return `${writeString(k, `${at} key ${k}`)}:${write(v, `${at}.${k}`, depth + 1)}`;
      });
      return `{${members.join(',')}}`;
    }
    default:
      return fail(`${at} is a ${typeof value}`);
  }
}

/** The canonical JSON text of `value`. */
export function canonicalJson(value: unknown): string {
  return write(value, '$', 0);
}

/** The canonical JSON of `value` as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/**
 * Parses bytes that must be canonical JSON: valid UTF-8, valid JSON, and byte for byte what
 * `canonicalJsonBytes` writes for the parsed value.
 */
export function parseCanonicalJson(bytes: Uint8Array): JsonValue {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('the bytes are not UTF-8');
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return fail('the bytes are not JSON');
  }
  // Compared without Buffer: the browser's receipt verifier parses entries with this too.
  if (!bytesEqual(utf8(canonicalJson(value)), bytes)) fail('the JSON is not in canonical form');
  return value;
}
