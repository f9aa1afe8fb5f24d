import { createHash, createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { cryptoError } from './crypto.errors';
import {
  generateSm2KeyPair,
  sm2PrivateKeyFromRaw,
  sm2PrivateKeyToRaw,
  sm2PublicKeyFromRaw,
  sm2PublicKeyToRaw,
  sm2Sign,
  sm2Verify,
  SM2_PRIVATE_KEY_SIZE,
} from './sm2';

/**
 * C2SP signed notes (c2sp.org/signed-note, golang.org/x/mod/sumdb/note) and the Go note key strings.
 *
 *   <text ending in \n>\n— <key name> base64(uint32 key ID, big-endian || signature)\n…
 *
 * Signer key  PRIVATE+KEY+<name>+<hex key ID>+base64(type || private key)
 * Verifier key          <name>+<hex key ID>+base64(type || public key)
 * Key ID      SHA-256(name || 0x0A || type || public key)[:4]
 *
 * Types we sign with: 0x01 Ed25519 (byte-identical to Go, Ed25519 being deterministic) and SM2
 * under the type 0xff followed by the identifier `zhibao-sm2-sm3/1234567812345678`, as the spec
 * reserves 0xff for types it has not assigned "followed by a longer identifier that is unlikely to
 * collide". The identifier names the hash and the distinguishing ID, because both change the
 * signature: an SM2 note signature is the DER SEQUENCE { r, s } over the note text with
 * e = SM3(Z_A || text) and Z_A computed for ID `1234567812345678` (GB/T 35276-2017 §10). The key
 * ID hashes the whole type prefix: SHA-256(name || 0x0A || 0xff || identifier || 65-byte point)[:4].
 *
 * Types we verify as well: 0x02 ECDSA (Sigstore Rekor, transparency-dev witness) and 0x04 Ed25519
 * cosignature/v1 (c2sp.org/tlog-cosignature). 0x05 (RFC 6962 tree head, static-ct-api) keys parse,
 * with their key ID checked, but cannot verify.
 */

/** Verifiers must accept at least 16 signatures (spec); Go x/mod stops at 100, and so do we. */
export const NOTE_MAX_SIGNATURES = 100;

/** The identifier that follows 0xff in an SM2 note key. */
export const SM2_NOTE_TYPE_IDENTIFIER = 'zhibao-sm2-sm3/1234567812345678';

const TYPE_ED25519 = 0x01;
const TYPE_ECDSA = 0x02;
const TYPE_COSIGNATURE_V1 = 0x04;
const TYPE_RFC6962_STH = 0x05;
const TYPE_EXTENDED = 0xff;

/** The bytes that precede the public or private key in an SM2 note key: 0xff || identifier. */
export const SM2_NOTE_TYPE_PREFIX: Buffer = Buffer.concat([Buffer.from([TYPE_EXTENDED]), Buffer.from(SM2_NOTE_TYPE_IDENTIFIER, 'ascii')]);

export type SignerAlgorithm = 'ed25519' | 'sm2';
export type NoteKeyType = SignerAlgorithm | 'ecdsa' | 'ed25519-cosignature-v1' | 'rfc6962-sth';

export interface NoteSignature {
  /** Key name as written on the signature line. */
  name: string;
  /** uint32 key ID from the first four bytes. */
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Buffer;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

export interface VerifiedSignature extends NoteSignature {
  type: NoteKeyType;
  /** Seconds since the epoch, for an Ed25519 cosignature/v1. */
  timestamp?: number;
}

export interface OpenedNote {
  text: string;
  /** Signatures by known keys, all verified, one per key. */
  signatures: VerifiedSignature[];
  /** Signatures by keys not in the verifier list (ignored, as the spec requires). */
  unverified: NoteSignature[];
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly type: SignerAlgorithm;
  /** The matching verifier key string. */
  readonly verifierKey: string;
  sign(text: Uint8Array): Buffer;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly publicKey: KeyObject;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export interface VerifierKeyInfo {
  name: string;
  keyId: number;
  type: NoteKeyType;
  /** The type byte(s) in front of the key: one byte, or 0xff || identifier. */
  typePrefix: Buffer;
  /** The public key after the type prefix (raw Ed25519 or SM2 point, or DER SPKI for ECDSA and RFC 6962). */
  key: Buffer;
  /** The same key, loaded (so a key that parses is a key OpenSSL accepts). */
  publicKey: KeyObject;
}

// ── small helpers ──

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const EM_DASH_SPACE = '\u2014 ';
const ECDSA_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
// Unicode White_Space, which is Go's unicode.IsSpace.
const WHITE_SPACE = /\p{White_Space}/u;
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;

/** Key names are non-empty and hold no Unicode white space and no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !WHITE_SPACE.test(name) && !name.includes('+') && !LONE_SURROGATE.test(name);
}

/** Standard base64, canonical only (padding present, unused bits zero), else null. */
function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SHA-256(name || 0x0A || type || public key)[:4] as a uint32. */
export function noteKeyId(name: string, typeAndKey: Uint8Array): number {
  return sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a]), typeAndKey).readUInt32BE(0);
}

export function formatKeyId(keyId: number): string {
  return (keyId >>> 0).toString(16).padStart(8, '0');
}

function checkName(name: string): void {
  if (!isValidKeyName(name)) throw cryptoError('crypto.key.invalid_name');
}

function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function ed25519RawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).subarray(ED25519_SPKI_PREFIX.length);
}

function ed25519Verify(key: KeyObject, text: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  try {
    return nodeVerify(null, text, key, signature);
  } catch {
    return false;
  }
}

/** The message an Ed25519 cosignature/v1 signs (c2sp.org/tlog-cosignature): a header, then the checkpoint text. */
export function cosignatureV1Message(timestamp: number, text: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${timestamp}\n`, 'utf8'), typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);
}

/** A cosignature/v1 signature is uint64 timestamp || 64-byte Ed25519 signature; null for any other shape. */
export function parseCosignatureV1(signature: Uint8Array): { timestamp: number; signature: Buffer } | null {
  if (signature.length !== 72) return null;
  const buf = Buffer.from(signature);
  const timestamp = buf.readBigUInt64BE(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { timestamp: Number(timestamp), signature: buf.subarray(8) };
}

// ── keys ──

function splitKey(key: string, parts: number): string[] | null {
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

/** Parses and checks a verifier key string; the key ID must match the key. Does not need the type to be verifiable. */
export function parseVerifierKey(vkey: string): VerifierKeyInfo {
  // The base64 part may itself contain '+', so split on the first two only.
  const parts = splitKey(vkey, 3);
  if (!parts) throw cryptoError('crypto.key.malformed', { what: 'expected <name>+<key ID>+<base64 key>' });
  const [name, hexId, key64] = parts;
  checkName(name);
  if (!HEX_KEY_ID.test(hexId)) throw cryptoError('crypto.key.malformed', { what: 'the key ID must be 8 hexadecimal digits' });
  const bytes = decodeBase64(key64);
  if (!bytes || bytes.length < 2) throw cryptoError('crypto.key.malformed', { what: 'the key must be standard base64 of a type byte and a key' });
  const stated = parseInt(hexId, 16);

  let info: VerifierKeyInfo;
  const typeByte = bytes[0];
  const typePrefix = bytes.subarray(0, 1);
  const key = bytes.subarray(1);
  if (typeByte === TYPE_ED25519 || typeByte === TYPE_COSIGNATURE_V1) {
    if (key.length !== 32) throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'Ed25519' });
    const type = typeByte === TYPE_ED25519 ? 'ed25519' : 'ed25519-cosignature-v1';
    info = { name, keyId: noteKeyId(name, bytes), type, typePrefix, key, publicKey: ed25519Key(key) };
  } else if (typeByte === TYPE_ECDSA) {
    // transparency-dev/witness (and Rekor): the key ID is SHA-256 of the SPKI alone.
    info = { name, keyId: sha256(key).readUInt32BE(0), type: 'ecdsa', typePrefix, key, publicKey: ecdsaPublicKey(key) };
  } else if (typeByte === TYPE_RFC6962_STH) {
    // static-ct-api: the key ID hashes the RFC 6962 log ID, SHA-256(SPKI), in place of the key.
    const keyId = noteKeyId(name, Buffer.concat([typePrefix, sha256(key)]));
    info = { name, keyId, type: 'rfc6962-sth', typePrefix, key, publicKey: spkiPublicKey(key, 'RFC 6962') };
  } else if (bytes.subarray(0, SM2_NOTE_TYPE_PREFIX.length).equals(SM2_NOTE_TYPE_PREFIX)) {
    const point = bytes.subarray(SM2_NOTE_TYPE_PREFIX.length);
    const sm2Prefix = bytes.subarray(0, SM2_NOTE_TYPE_PREFIX.length);
    info = { name, keyId: noteKeyId(name, bytes), type: 'sm2', typePrefix: sm2Prefix, key: point, publicKey: sm2PublicKeyFromRaw(point) };
  } else {
    throw cryptoError('crypto.key.unsupported_type', { type: '0x' + typeByte.toString(16).padStart(2, '0') });
  }
  if (info.keyId !== stated) {
    throw cryptoError('crypto.key.id_mismatch', { name, stated: formatKeyId(stated), computed: formatKeyId(info.keyId) });
  }
  return info;
}

function spkiPublicKey(spki: Buffer, algorithm: string): KeyObject {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm });
  }
}

function ecdsaPublicKey(spki: Buffer): KeyObject {
  const key = spkiPublicKey(spki, 'ECDSA');
  if (key.asymmetricKeyType !== 'ec' || !ECDSA_CURVES.has(String(key.asymmetricKeyDetails?.namedCurve))) {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'ECDSA' });
  }
  return key;
}

/** A verifier for a verifier key string (or parsed key). RFC 6962 tree-head keys parse but cannot verify. */
export function createNoteVerifier(vkey: string | VerifierKeyInfo): NoteVerifier {
  const info = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  const { publicKey } = info;
  const base = { name: info.name, keyId: info.keyId, type: info.type, publicKey };
  switch (info.type) {
    case 'ed25519':
      return { ...base, verify: (text, sig) => ed25519Verify(publicKey, text, sig) };
    case 'ed25519-cosignature-v1':
      return {
        ...base,
        verify: (text, sig) => {
          const parsed = parseCosignatureV1(sig);
          return parsed !== null && ed25519Verify(publicKey, cosignatureV1Message(parsed.timestamp, text), parsed.signature);
        },
      };
    case 'ecdsa':
      return {
        ...base,
        verify: (text, sig) => {
          try {
            // transparency-dev/formats: always SHA-256, whatever the curve.
            return nodeVerify('sha256', text, { key: publicKey, dsaEncoding: 'der' }, sig);
          } catch {
            return false;
          }
        },
      };
    case 'sm2':
      return { ...base, verify: (text, sig) => sm2Verify(publicKey, text, sig) };
    case 'rfc6962-sth':
      // Verifying needs the RFC 6962 TreeHeadSignature rebuilt from the checkpoint and a timestamp; no log of ours uses it.
      throw cryptoError('crypto.key.unsupported_type', { type: '0x05' });
  }
}

function ed25519Key(raw: Buffer): KeyObject {
  try {
    return ed25519PublicKey(raw);
  } catch {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'Ed25519' });
  }
}

function formatVerifierKey(name: string, typeAndKey: Buffer): string {
  return `${name}+${formatKeyId(noteKeyId(name, typeAndKey))}+${typeAndKey.toString('base64')}`;
}

function formatSignerKey(name: string, typeAndPublic: Buffer, typeAndPrivate: Buffer): string {
  return `PRIVATE+KEY+${name}+${formatKeyId(noteKeyId(name, typeAndPublic))}+${typeAndPrivate.toString('base64')}`;
}

/**
 * A signer for a signer key string. The key ID must match the public key derived from the private
 * one. Error params never echo the key string: it is a secret.
 */
export function createNoteSigner(skey: string): NoteSigner {
  const parts = splitKey(skey, 5);
  if (!parts || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw cryptoError('crypto.key.malformed', { what: 'expected PRIVATE+KEY+<name>+<key ID>+<base64 key>' });
  }
  const [, , name, hexId, key64] = parts;
  checkName(name);
  if (!HEX_KEY_ID.test(hexId)) throw cryptoError('crypto.key.malformed', { what: 'the key ID must be 8 hexadecimal digits' });
  const bytes = decodeBase64(key64);
  if (!bytes || bytes.length < 2) throw cryptoError('crypto.key.malformed', { what: 'the key must be standard base64 of a type byte and a key' });
  const stated = parseInt(hexId, 16);

  let signer: NoteSigner;
  if (bytes[0] === TYPE_ED25519) {
    const seed = bytes.subarray(1);
    if (seed.length !== 32) throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'Ed25519' });
    const privateKey = ed25519PrivateKey(seed);
    const typeAndPublic = Buffer.concat([Buffer.from([TYPE_ED25519]), ed25519RawPublicKey(privateKey)]);
    signer = {
      name,
      keyId: noteKeyId(name, typeAndPublic),
      type: 'ed25519',
      verifierKey: formatVerifierKey(name, typeAndPublic),
      sign: (text) => nodeSign(null, text, privateKey),
    };
  } else if (bytes.subarray(0, SM2_NOTE_TYPE_PREFIX.length).equals(SM2_NOTE_TYPE_PREFIX)) {
    const d = bytes.subarray(SM2_NOTE_TYPE_PREFIX.length);
    if (d.length !== SM2_PRIVATE_KEY_SIZE) throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'SM2' });
    const privateKey = sm2PrivateKeyFromRaw(d);
    const typeAndPublic = Buffer.concat([SM2_NOTE_TYPE_PREFIX, sm2PublicKeyToRaw(privateKey)]);
    signer = {
      name,
      keyId: noteKeyId(name, typeAndPublic),
      type: 'sm2',
      verifierKey: formatVerifierKey(name, typeAndPublic),
      sign: (text) => sm2Sign(privateKey, text),
    };
  } else {
    throw cryptoError('crypto.key.unsupported_type', { type: '0x' + bytes[0].toString(16).padStart(2, '0') });
  }
  if (signer.keyId !== stated) {
    throw cryptoError('crypto.key.id_mismatch', { name, stated: formatKeyId(stated), computed: formatKeyId(signer.keyId) });
  }
  return signer;
}

/** The verifier key string that belongs to a signer key string. */
export function verifierKeyOf(skey: string): string {
  return createNoteSigner(skey).verifierKey;
}

/** A new random key pair as Go note key strings. */
export function generateSignerKey(name: string, algorithm: SignerAlgorithm): { skey: string; vkey: string } {
  checkName(name);
  if (algorithm === 'ed25519') {
    const seed = randomBytes(32);
    const typeAndPublic = Buffer.concat([Buffer.from([TYPE_ED25519]), ed25519RawPublicKey(ed25519PrivateKey(seed))]);
    const typeAndPrivate = Buffer.concat([Buffer.from([TYPE_ED25519]), seed]);
    return { skey: formatSignerKey(name, typeAndPublic, typeAndPrivate), vkey: formatVerifierKey(name, typeAndPublic) };
  }
  if (algorithm === 'sm2') {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const typeAndPublic = Buffer.concat([SM2_NOTE_TYPE_PREFIX, sm2PublicKeyToRaw(publicKey)]);
    const typeAndPrivate = Buffer.concat([SM2_NOTE_TYPE_PREFIX, sm2PrivateKeyToRaw(privateKey)]);
    return { skey: formatSignerKey(name, typeAndPublic, typeAndPrivate), vkey: formatVerifierKey(name, typeAndPublic) };
  }
  throw cryptoError('crypto.key.unsupported_type', { type: String(algorithm) });
}

// ── notes ──

/** Whether `text` may be signed: well-formed UTF-16 (so UTF-8 on output), ends in \n, no control characters but \n. */
export function isValidNoteText(text: string): boolean {
  return text.endsWith('\n') && !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

function decodeNote(note: string | Uint8Array): string {
  let text: string;
  if (typeof note === 'string') {
    if (LONE_SURROGATE.test(note)) throw cryptoError('crypto.note.malformed.encoding', { position: Buffer.byteLength(note.slice(0, note.search(LONE_SURROGATE))) });
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
  if (control >= 0) throw cryptoError('crypto.note.malformed.encoding', { position: Buffer.byteLength(text.slice(0, control)) });
  return text;
}

/** Offset of the first byte that is not part of valid UTF-8 (decoding with replacement, re-encoding, comparing). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const roundTrip = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === roundTrip[i]) i++;
  return i;
}

/**
 * Splits a signed note into text and signature lines and checks their form, without verifying.
 * The text ends at the LAST blank line (the text itself may hold blank lines).
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
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
    const bytes = decodeBase64(rest.slice(space + 1));
    if (!isValidKeyName(name) || !bytes || bytes.length < 5) throw bad();
    return { name, keyId: bytes.readUInt32BE(0), signature: Buffer.from(bytes.subarray(4)) };
  });
  return { text, signatures };
}

function signatureLine(sig: NoteSignature): string {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(sig.keyId >>> 0);
  return `${EM_DASH_SPACE}${sig.name} ${Buffer.concat([head, sig.signature]).toString('base64')}\n`;
}

/** Writes a note from its text and signatures (which are not checked against the text). */
export function formatNote(text: string, signatures: readonly NoteSignature[]): string {
  if (!isValidNoteText(text)) throw cryptoError('crypto.note.text_invalid');
  if (signatures.length === 0) throw cryptoError('crypto.note.malformed.no_signatures');
  if (signatures.length > NOTE_MAX_SIGNATURES) throw cryptoError('crypto.note.malformed.too_many_signatures', { limit: NOTE_MAX_SIGNATURES });
  for (const s of signatures) checkName(s.name);
  return `${text}\n${signatures.map(signatureLine).join('')}`;
}

/**
 * Signs `text` with each signer. Signatures in `keep` (e.g. those of a note being cosigned) follow
 * the new ones, except those by a key that has just signed again — as Go's note.Sign does.
 */
export function signNote(text: string, signers: readonly NoteSigner[], keep: readonly NoteSignature[] = []): string {
  if (!isValidNoteText(text)) throw cryptoError('crypto.note.text_invalid');
  const bytes = Buffer.from(text, 'utf8');
  const fresh = signers.map((s): NoteSignature => {
    checkName(s.name);
    return { name: s.name, keyId: s.keyId, signature: s.sign(bytes) };
  });
  const replaced = new Set(fresh.map((s) => `${s.name}+${s.keyId}`));
  return formatNote(text, [...fresh, ...keep.filter((s) => !replaced.has(`${s.name}+${s.keyId}`))]);
}

/**
 * Verifies a signed note against the known keys (c2sp.org/signed-note "Signatures"):
 * signatures by unknown keys are ignored (returned as `unverified`); every signature by a known
 * key must verify, else the whole note is rejected; at least one must come from a known key.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const known = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    const id = `${v.name}+${v.keyId}`;
    if (known.has(id)) throw cryptoError('crypto.note.ambiguous_key', { name: v.name, keyId: formatKeyId(v.keyId) });
    known.set(id, v);
  }
  const parsed = parseNote(note);
  const text = Buffer.from(parsed.text, 'utf8');
  const signatures: VerifiedSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenUnverified = new Set<string>();
  const seenVerified = new Set<string>();
  for (const sig of parsed.signatures) {
    const id = `${sig.name}+${sig.keyId}`;
    const verifier = known.get(id);
    if (!verifier) {
      const line = signatureLine(sig);
      if (!seenUnverified.has(line)) unverified.push(sig);
      seenUnverified.add(line);
      continue;
    }
    // Unlike Go, a repeated signature by a known key is verified too: the spec says verifiers MUST.
    if (!verifier.verify(text, sig.signature)) {
      throw cryptoError('crypto.note.invalid_signature', { name: sig.name, keyId: formatKeyId(sig.keyId) });
    }
    if (seenVerified.has(id)) continue;
    seenVerified.add(id);
    const timestamp = verifier.type === 'ed25519-cosignature-v1' ? parseCosignatureV1(sig.signature)?.timestamp : undefined;
    signatures.push({ ...sig, type: verifier.type, ...(timestamp === undefined ? {} : { timestamp }) });
  }
  if (signatures.length === 0) throw cryptoError('crypto.note.no_verifiable_signature', {}, { unverified });
  return { text: parsed.text, signatures, unverified };
}
