import { createPrivateKey, createPublicKey, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { cryptoError } from './crypto.errors';
import {
  checkKeyName as checkName,
  decodeCanonicalBase64,
  EM_DASH_SPACE,
  finishNoteVerification,
  formatKeyId,
  HEX_KEY_ID,
  NOTE_MAX_SIGNATURES,
  isValidNoteText,
  noteKeyId,
  parseNoteBytes,
  parseVerifierKeyParts,
  planNoteVerification,
  SM2_NOTE_TYPE_PREFIX_BYTES,
  splitKey,
  TYPE_ED25519,
  type NoteKeyType,
  type SignerAlgorithm,
} from './note-core';
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

export {
  formatKeyId,
  isValidKeyName,
  isValidNoteText,
  NOTE_MAX_SIGNATURES,
  noteKeyId,
  SM2_NOTE_TYPE_IDENTIFIER,
  type NoteKeyType,
  type SignerAlgorithm,
} from './note-core';

/** The bytes that precede the public or private key in an SM2 note key: 0xff || identifier. */
export const SM2_NOTE_TYPE_PREFIX: Buffer = Buffer.from(SM2_NOTE_TYPE_PREFIX_BYTES);

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
const ECDSA_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** Standard base64, canonical only (padding present, unused bits zero), else null. */
function decodeBase64(text: string): Buffer | null {
  const bytes = decodeCanonicalBase64(text);
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
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

/** Parses and checks a verifier key string; the key ID must match the key. Does not need the type to be verifiable. */
export function parseVerifierKey(vkey: string): VerifierKeyInfo {
  const parts = parseVerifierKeyParts(vkey);
  const typePrefix = Buffer.from(parts.typePrefix);
  const key = Buffer.from(parts.key);
  const base = { name: parts.name, keyId: parts.keyId, type: parts.type, typePrefix, key };
  switch (parts.type) {
    case 'ed25519':
    case 'ed25519-cosignature-v1':
      return { ...base, publicKey: ed25519Key(key) };
    case 'ecdsa':
      return { ...base, publicKey: ecdsaPublicKey(key) };
    case 'rfc6962-sth':
      return { ...base, publicKey: spkiPublicKey(key, 'RFC 6962') };
    case 'sm2':
      return { ...base, publicKey: sm2PublicKeyFromRaw(key) };
  }
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

/**
 * Splits a signed note into text and signature lines and checks their form, without verifying.
 * The text ends at the LAST blank line (the text itself may hold blank lines).
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const parsed = parseNoteBytes(note);
  return { text: parsed.text, signatures: parsed.signatures.map((sig) => ({ ...sig, signature: Buffer.from(sig.signature) })) };
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
  const plan = planNoteVerification(note, verifiers);
  const results = plan.checks.map(({ signature, key }) => key.verify(plan.textBytes, signature.signature));
  const asBuffer = (sig: { name: string; keyId: number; signature: Uint8Array }): NoteSignature => ({ name: sig.name, keyId: sig.keyId, signature: Buffer.from(sig.signature) });
  let verified;
  try {
    verified = finishNoteVerification(plan, results);
  } catch (e) {
    if (e instanceof Error && (e as { code?: string }).code === 'crypto.note.no_verifiable_signature') {
      throw cryptoError('crypto.note.no_verifiable_signature', {}, { unverified: plan.unverified.map(asBuffer) });
    }
    throw e;
  }
  const signatures: VerifiedSignature[] = verified.map(({ key, ...sig }) => {
    const timestamp = key.type === 'ed25519-cosignature-v1' ? parseCosignatureV1(sig.signature)?.timestamp : undefined;
    return { ...asBuffer(sig), type: key.type, ...(timestamp === undefined ? {} : { timestamp }) };
  });
  return { text: plan.text, signatures, unverified: plan.unverified.map(asBuffer) };
}
