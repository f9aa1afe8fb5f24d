import { sha256 } from '@noble/hashes/sha2.js';
import { BASE64_PATTERN, bytesEqual, concatBytes, fromBase64, readUint32BE, utf8, utf8Length } from './bytes';
import { cryptoError } from './crypto.errors';

/**
 * The browser-safe half of the signed-note module (no `node:` imports, no Buffer): parsing notes
 * and verifier keys, key IDs, and the c2sp.org/signed-note verification policy. `note.ts` builds
 * the server's signers and OpenSSL verifiers on it; the receipt verifier uses it in the browser
 * with WebCrypto Ed25519 and the pure SM2 maths. See note.ts for the formats.
 */

/** Verifiers must accept at least 16 signatures (spec); Go x/mod stops at 100, and so do we. */
export const NOTE_MAX_SIGNATURES = 100;

/** The identifier that follows 0xff in an SM2 note key. */
export const SM2_NOTE_TYPE_IDENTIFIER = 'zhibao-sm2-sm3/1234567812345678';

export const TYPE_ED25519 = 0x01;
export const TYPE_ECDSA = 0x02;
export const TYPE_COSIGNATURE_V1 = 0x04;
export const TYPE_RFC6962_STH = 0x05;
export const TYPE_EXTENDED = 0xff;

/** The bytes that precede the public or private key in an SM2 note key: 0xff || identifier. */
export const SM2_NOTE_TYPE_PREFIX_BYTES: Uint8Array = concatBytes(Uint8Array.of(TYPE_EXTENDED), utf8(SM2_NOTE_TYPE_IDENTIFIER));

export type SignerAlgorithm = 'ed25519' | 'sm2';
export type NoteKeyType = SignerAlgorithm | 'ecdsa' | 'ed25519-cosignature-v1' | 'rfc6962-sth';

export interface NoteSignatureBytes {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

export interface ParsedNoteBytes {
  text: string;
  signatures: NoteSignatureBytes[];
}

/** A verifier key string taken apart and checked (key ID matches), but not loaded into any crypto library. */
export interface VerifierKeyParts {
  name: string;
  keyId: number;
  type: NoteKeyType;
  typePrefix: Uint8Array;
  key: Uint8Array;
}

export const EM_DASH_SPACE = '\u2014 ';
// Unicode White_Space, which is Go's unicode.IsSpace.
const WHITE_SPACE = /\p{White_Space}/u;
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;

/** Key names are non-empty and hold no Unicode white space and no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !WHITE_SPACE.test(name) && !name.includes('+') && !LONE_SURROGATE.test(name);
}

/** Whether `text` may be signed: well-formed UTF-16 (so UTF-8 on output), ends in \n, no control characters but \n. */
export function isValidNoteText(text: string): boolean {
  return text.endsWith('\n') && !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

export function checkKeyName(name: string): void {
  if (!isValidKeyName(name)) throw cryptoError('crypto.key.invalid_name');
}

/** Standard base64, canonical only (padding present, unused bits zero), else null. */
export function decodeCanonicalBase64(text: string): Uint8Array | null {
  if (!BASE64_PATTERN.test(text)) return null;
  return fromBase64(text) ?? null;
}

/** SHA-256(name || 0x0A || type || public key)[:4] as a uint32. */
export function noteKeyId(name: string, typeAndKey: Uint8Array): number {
  return readUint32BE(sha256(concatBytes(utf8(name), Uint8Array.of(0x0a), typeAndKey)), 0);
}

export function formatKeyId(keyId: number): string {
  return (keyId >>> 0).toString(16).padStart(8, '0');
}

/** Splits on the first `parts − 1` '+' (the base64 part may itself contain '+'). */
export function splitKey(key: string, parts: number): string[] | null {
  const out: string[] = [];
  let rest = key;
  for (let i = 0; i < parts - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return null;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

/**
 * Parses a verifier key string and checks its key ID against the key, without loading the key.
 * Ed25519 keys must be 32 bytes and SM2 points 65 bytes starting 0x04; the callers load the key
 * (and so check it is a valid point).
 */
export function parseVerifierKeyParts(vkey: string): VerifierKeyParts {
  const parts = splitKey(vkey, 3);
  if (!parts) throw cryptoError('crypto.key.malformed', { what: 'expected <name>+<key ID>+<base64 key>' });
  const [name, hexId, key64] = parts;
  checkKeyName(name);
  if (!HEX_KEY_ID.test(hexId)) throw cryptoError('crypto.key.malformed', { what: 'the key ID must be 8 hexadecimal digits' });
  const bytes = decodeCanonicalBase64(key64);
  if (!bytes || bytes.length < 2) throw cryptoError('crypto.key.malformed', { what: 'the key must be standard base64 of a type byte and a key' });
  const stated = parseInt(hexId, 16);

  let info: VerifierKeyParts;
  const typeByte = bytes[0];
  const typePrefix = bytes.subarray(0, 1);
  const key = bytes.subarray(1);
  if (typeByte === TYPE_ED25519 || typeByte === TYPE_COSIGNATURE_V1) {
    if (key.length !== 32) throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'Ed25519' });
    const type = typeByte === TYPE_ED25519 ? 'ed25519' : 'ed25519-cosignature-v1';
    info = { name, keyId: noteKeyId(name, bytes), type, typePrefix, key };
  } else if (typeByte === TYPE_ECDSA) {
    // transparency-dev/witness (and Rekor): the key ID is SHA-256 of the SPKI alone.
    info = { name, keyId: readUint32BE(sha256(key), 0), type: 'ecdsa', typePrefix, key };
  } else if (typeByte === TYPE_RFC6962_STH) {
    // static-ct-api: the key ID hashes the RFC 6962 log ID, SHA-256(SPKI), in place of the key.
    info = { name, keyId: noteKeyId(name, concatBytes(typePrefix, sha256(key))), type: 'rfc6962-sth', typePrefix, key };
  } else if (bytesEqual(bytes.subarray(0, SM2_NOTE_TYPE_PREFIX_BYTES.length), SM2_NOTE_TYPE_PREFIX_BYTES)) {
    const point = bytes.subarray(SM2_NOTE_TYPE_PREFIX_BYTES.length);
    if (point.length !== 65 || point[0] !== 0x04) throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
    info = { name, keyId: noteKeyId(name, bytes), type: 'sm2', typePrefix: bytes.subarray(0, SM2_NOTE_TYPE_PREFIX_BYTES.length), key: point };
  } else {
    throw cryptoError('crypto.key.unsupported_type', { type: '0x' + typeByte.toString(16).padStart(2, '0') });
  }
  if (info.keyId !== stated) {
    throw cryptoError('crypto.key.id_mismatch', { name, stated: formatKeyId(stated), computed: formatKeyId(info.keyId) });
  }
  return info;
}

/** Offset of the first byte that is not part of valid UTF-8 (decoding with replacement, re-encoding, comparing). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const roundTrip = utf8(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  let i = 0;
  while (i < bytes.length && bytes[i] === roundTrip[i]) i++;
  return i;
}

/** The note as text: well-formed UTF-8 / UTF-16 without control characters other than \n. */
export function decodeNote(note: string | Uint8Array): string {
  let text: string;
  if (typeof note === 'string') {
    if (LONE_SURROGATE.test(note)) throw cryptoError('crypto.note.malformed.encoding', { position: utf8Length(note.slice(0, note.search(LONE_SURROGATE))) });
    text = note;
  } else {
    try {
      // ignoreBOM keeps a leading U+FEFF: it is part of the signed bytes.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw cryptoError('crypto.note.malformed.encoding', { position: firstInvalidUtf8(note) });
    }
  }
  const control = text.search(CONTROL);
  if (control >= 0) throw cryptoError('crypto.note.malformed.encoding', { position: utf8Length(text.slice(0, control)) });
  return text;
}

/**
 * Splits a signed note into text and signature lines and checks their form, without verifying.
 * The text ends at the LAST blank line (the text itself may hold blank lines).
 */
export function parseNoteBytes(note: string | Uint8Array): ParsedNoteBytes {
  const whole = decodeNote(note);
  const split = whole.lastIndexOf('\n\n');
  if (split < 0) throw cryptoError('crypto.note.malformed.no_signatures');
  const text = whole.slice(0, split + 1);
  const block = whole.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw cryptoError('crypto.note.malformed.no_signatures');
  const lines = block.slice(0, -1).split('\n');
  // Checked before parsing so that a huge note costs no base64 decoding.
  if (lines.length > NOTE_MAX_SIGNATURES) throw cryptoError('crypto.note.malformed.too_many_signatures', { limit: NOTE_MAX_SIGNATURES });
  const signatures = lines.map((line, i) => {
    const bad = () => cryptoError('crypto.note.malformed.signature_line', { line: i + 1 });
    if (!line.startsWith(EM_DASH_SPACE)) throw bad();
    const rest = line.slice(EM_DASH_SPACE.length);
    const space = rest.indexOf(' ');
    if (space < 0) throw bad();
    const name = rest.slice(0, space);
    const bytes = decodeCanonicalBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !bytes || bytes.length < 5) throw bad();
    return { name, keyId: readUint32BE(bytes, 0), signature: bytes.slice(4) };
  });
  return { text, signatures };
}

/** What the policy needs to know of a verifier. */
export interface KnownKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
}

/** The signatures of a note to check, each paired with the known key that must have made it. */
export interface NoteVerificationPlan<K extends KnownKey> {
  text: string;
  textBytes: Uint8Array;
  checks: { signature: NoteSignatureBytes; key: K }[];
  /** Signatures by keys not in the verifier list (ignored, as the spec requires), one per distinct line. */
  unverified: NoteSignatureBytes[];
}

function lineId(sig: NoteSignatureBytes): string {
  // Two signatures are the same line when name, key ID and bytes are equal.
  let hex = '';
  for (const b of sig.signature) hex += b.toString(16).padStart(2, '0');
  return `${sig.name}+${sig.keyId}+${hex}`;
}

/**
 * c2sp.org/signed-note "Signatures", step 1: parses the note and pairs every signature with its
 * known key (by name and key ID); unknown keys are set aside. The caller verifies each check
 * (synchronously on the server, with WebCrypto in the browser) and passes the results to
 * `finishNoteVerification`, so the policy is the same everywhere.
 */
export function planNoteVerification<K extends KnownKey>(note: string | Uint8Array, keys: readonly K[]): NoteVerificationPlan<K> {
  const known = new Map<string, K>();
  for (const v of keys) {
    const id = `${v.name}+${v.keyId}`;
    if (known.has(id)) throw cryptoError('crypto.note.ambiguous_key', { name: v.name, keyId: formatKeyId(v.keyId) });
    known.set(id, v);
  }
  const parsed = parseNoteBytes(note);
  const checks: NoteVerificationPlan<K>['checks'] = [];
  const unverified: NoteSignatureBytes[] = [];
  const seenUnverified = new Set<string>();
  for (const sig of parsed.signatures) {
    const key = known.get(`${sig.name}+${sig.keyId}`);
    if (!key) {
      const line = lineId(sig);
      if (!seenUnverified.has(line)) unverified.push(sig);
      seenUnverified.add(line);
      continue;
    }
    // Unlike Go, a repeated signature by a known key is verified too: the spec says verifiers MUST.
    checks.push({ signature: sig, key });
  }
  return { text: parsed.text, textBytes: utf8(parsed.text), checks, unverified };
}

export interface VerifiedSignatureOf<K extends KnownKey> extends NoteSignatureBytes {
  key: K;
}

/**
 * Step 2: every signature by a known key must verify (else the whole note is rejected,
 * `crypto.note.invalid_signature`), at least one must (`crypto.note.no_verifiable_signature`).
 * Returns the verified signatures, one per key, in note order.
 */
export function finishNoteVerification<K extends KnownKey>(plan: NoteVerificationPlan<K>, results: readonly boolean[]): VerifiedSignatureOf<K>[] {
  const verified: VerifiedSignatureOf<K>[] = [];
  const seen = new Set<string>();
  plan.checks.forEach(({ signature, key }, i) => {
    if (results[i] !== true) throw cryptoError('crypto.note.invalid_signature', { name: signature.name, keyId: formatKeyId(signature.keyId) });
    const id = `${key.name}+${key.keyId}`;
    if (seen.has(id)) return;
    seen.add(id);
    verified.push({ ...signature, key });
  });
  if (verified.length === 0) throw cryptoError('crypto.note.no_verifiable_signature', {}, { unverified: plan.unverified });
  return verified;
}
