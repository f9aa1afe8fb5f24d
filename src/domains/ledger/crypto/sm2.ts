import { createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cryptoError } from './crypto.errors';
import { encodeSignatureDerBytes, SM2_CURVE, SM2_DEFAULT_ID, SM2_PRIVATE_KEY_SIZE, SM2_PUBLIC_KEY_SIZE, sm2ZaBytes, type Sm2CurveParameters } from './sm2-math';

/**
 * SM2 digital signatures (GB/T 32918.2-2016, GM/T 0003.2-2012) on the recommended curve, with SM3.
 *
 * Node 20 signs SM2 correctly but hashes the message with Z_A computed over an EMPTY
 * distinguishing ID, and `createSign('sm3')` alone applies no Z_A at all (domain/evidence.md §4).
 * GB/T 35276-2017 §10 fixes the default ID `1234567812345678`, so we compute
 *   Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA)
 * ourselves and sign `e = SM3(Z_A || M)` through `createSign('sm3').update(Z_A).update(M)`.
 *
 * A second trap, found while building this: a key made by `generateKeyPairSync('ec', { namedCurve:
 * 'SM2' })` is an OpenSSL *EC* key, and Node signs with it as ECDSA over SM3 — a signature no SM2
 * verifier accepts. Only after a round trip through PKCS#8/SPKI DER does OpenSSL load it as an SM2
 * key. Every key therefore passes through `sm2PrivateKey` / `sm2PublicKey`, which re-import it.
 * (Exporting such a re-imported key as SEC1 aborts the Node 20 process, so only PKCS#8 is used.)
 */

export { SM2_CURVE, SM2_DEFAULT_ID, SM2_PRIVATE_KEY_SIZE, SM2_PUBLIC_KEY_SIZE, decodeSignatureDer, type Sm2CurveParameters } from './sm2-math';

// AlgorithmIdentifier { id-ecPublicKey, sm2p256v1 } as OpenSSL and Node write it.
const ALGORITHM_ID = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');
// SubjectPublicKeyInfo up to the 65-byte point.
const SPKI_PREFIX = Buffer.from('3059' + ALGORITHM_ID.toString('hex') + '034200', 'hex');
// PrivateKeyInfo { 0, algorithm, ECPrivateKey { 1, d } } up to the 32-byte scalar (the public key is derived on import).
const PKCS8_PREFIX = Buffer.from('3041020100' + ALGORITHM_ID.toString('hex') + '042730250201010420', 'hex');

export function bigintToBytes(x: bigint, size = 32): Buffer {
  return Buffer.from(x.toString(16).padStart(size * 2, '0'), 'hex');
}

export function bytesToBigint(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

function idBytes(id: string | Uint8Array): Buffer {
  const bytes = typeof id === 'string' ? Buffer.from(id, 'utf8') : Buffer.from(id);
  // ENTL is two bytes holding the ID's length in bits.
  if (bytes.length * 8 > 0xffff) throw cryptoError('crypto.sm2.id_too_long', { length: bytes.length });
  return bytes;
}

/**
 * Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for any curve (GB/T 32918.2 §5.5).
 * `publicPoint` is the uncompressed point 04 || x || y of the curve's field size.
 */
export function sm2ZaForCurve(curve: Sm2CurveParameters, publicPoint: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Buffer {
  return Buffer.from(sm2ZaBytes(curve, publicPoint, id));
}

interface Sm2PublicState {
  key: KeyObject;
  point: Buffer;
  za: Map<string, Buffer>;
}

// Normalised keys and their Z_A values; Z_A depends only on the public key and the ID.
const publicStates = new WeakMap<KeyObject, Sm2PublicState>();
const privateStates = new WeakMap<KeyObject, { key: KeyObject; publicState: Sm2PublicState }>();

function publicState(key: KeyObject): Sm2PublicState {
  const cached = publicStates.get(key);
  if (cached) return cached;
  const source = key.type === 'private' ? createPublicKey(key) : key;
  if (source.type !== 'public') throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  const der = source.export({ type: 'spki', format: 'der' });
  if (der.length !== SPKI_PREFIX.length + SM2_PUBLIC_KEY_SIZE || !der.subarray(0, SPKI_PREFIX.length).equals(SPKI_PREFIX)) {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  }
  const state: Sm2PublicState = {
    key: createPublicKey({ key: der, format: 'der', type: 'spki' }),
    point: Buffer.from(der.subarray(SPKI_PREFIX.length)),
    za: new Map(),
  };
  publicStates.set(key, state);
  publicStates.set(state.key, state);
  return state;
}

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function readTlv(der: Buffer, offset: number, tag: number): Tlv {
  if (der[offset] !== tag || offset + 2 > der.length) throw new RangeError('unexpected DER');
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 2) throw new RangeError('unexpected DER length');
    length = der.readUIntBE(start, count);
    start += count;
  }
  if (start + length > der.length) throw new RangeError('truncated DER');
  return { tag, start, end: start + length };
}

/** d from PKCS#8 PrivateKeyInfo { 0, { id-ecPublicKey, sm2p256v1 }, OCTET STRING ECPrivateKey { 1, OCTET STRING d, … } }. */
function scalarFromPkcs8(der: Buffer): Buffer {
  const info = readTlv(der, 0, 0x30);
  const version = readTlv(der, info.start, 0x02);
  const algorithm = readTlv(der, version.end, 0x30);
  if (!der.subarray(version.end, algorithm.end).equals(ALGORITHM_ID)) throw new RangeError('not an SM2 key');
  const wrapped = readTlv(der, algorithm.end, 0x04);
  const ecKey = readTlv(der, wrapped.start, 0x30);
  const ecVersion = readTlv(der, ecKey.start, 0x02);
  const scalar = readTlv(der, ecVersion.end, 0x04);
  const d = der.subarray(scalar.start, scalar.end);
  if (d.length > SM2_PRIVATE_KEY_SIZE) throw new RangeError('scalar too long');
  return Buffer.concat([Buffer.alloc(SM2_PRIVATE_KEY_SIZE - d.length), d]);
}

function checkScalar(d: Uint8Array): void {
  const value = bytesToBigint(d);
  // GB/T 32918.1 §6.1: d ∈ [1, n−2], since signing inverts 1 + d.
  if (d.length !== SM2_PRIVATE_KEY_SIZE || value < 1n || value > SM2_CURVE.n - 2n) {
    throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'SM2' });
  }
}

/** The key as an OpenSSL SM2 private key (re-imported from PKCS#8; see the module comment). */
export function sm2PrivateKey(key: KeyObject): KeyObject {
  const cached = privateStates.get(key);
  if (cached) return cached.key;
  if (key.type !== 'private') throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'SM2' });
  const der = key.export({ type: 'pkcs8', format: 'der' });
  let d: Buffer;
  try {
    d = scalarFromPkcs8(der);
  } catch {
    throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'SM2' });
  }
  checkScalar(d);
  const normalised = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const state = { key: normalised, publicState: publicState(normalised) };
  privateStates.set(key, state);
  privateStates.set(normalised, state);
  return normalised;
}

/** The key as an OpenSSL SM2 public key; a private key gives its public half. */
export function sm2PublicKey(key: KeyObject): KeyObject {
  return publicState(key).key;
}

export interface Sm2KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSm2KeyPair(): Sm2KeyPair {
  // Node has no 'sm2' key type; an EC key on the SM2 curve, re-imported, is an SM2 key.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const sm2 = sm2PrivateKey(privateKey);
  return { privateKey: sm2, publicKey: sm2PublicKey(sm2) };
}

/** A private key from its 32-byte big-endian scalar d. */
export function sm2PrivateKeyFromRaw(d: Uint8Array): KeyObject {
  checkScalar(d);
  return sm2PrivateKey(createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, d]), format: 'der', type: 'pkcs8' }));
}

/** A public key from its 65-byte uncompressed point 04 || x || y; OpenSSL refuses points off the curve. */
export function sm2PublicKeyFromRaw(point: Uint8Array): KeyObject {
  if (point.length !== SM2_PUBLIC_KEY_SIZE || point[0] !== 0x04) throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  try {
    return sm2PublicKey(createPublicKey({ key: Buffer.concat([SPKI_PREFIX, point]), format: 'der', type: 'spki' }));
  } catch {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  }
}

export function sm2PrivateKeyToRaw(key: KeyObject): Buffer {
  return scalarFromPkcs8(sm2PrivateKey(key).export({ type: 'pkcs8', format: 'der' }));
}

export function sm2PublicKeyToRaw(key: KeyObject): Buffer {
  return Buffer.from(publicState(key).point);
}

/** PKCS#8 PEM ("PRIVATE KEY"); OpenSSL 3 reads it as an SM2 key. */
export function sm2PrivateKeyToPem(key: KeyObject): string {
  return sm2PrivateKey(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** SubjectPublicKeyInfo PEM ("PUBLIC KEY"). */
export function sm2PublicKeyToPem(key: KeyObject): string {
  return sm2PublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

export function sm2PrivateKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw cryptoError('crypto.key.invalid_private_key', { algorithm: 'SM2' });
  }
  return sm2PrivateKey(key);
}

export function sm2PublicKeyFromPem(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  }
  return sm2PublicKey(key);
}

/** Z_A of a public key (KeyObject or 65-byte point) on the recommended curve; cached per key and ID. */
export function sm2Za(publicKey: KeyObject | Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Buffer {
  if (publicKey instanceof Uint8Array) return sm2ZaForCurve(SM2_CURVE, publicKey, id);
  const state = publicState(publicKey);
  const cacheKey = idBytes(id).toString('hex');
  let za = state.za.get(cacheKey);
  if (!za) {
    za = sm2ZaForCurve(SM2_CURVE, state.point, id);
    state.za.set(cacheKey, za);
  }
  return za;
}

/**
 * SM2 signature (DER SEQUENCE { r, s }) over `message` with the given distinguishing ID
 * (default `1234567812345678`). Verifiable with
 * `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678`.
 */
export function sm2Sign(privateKey: KeyObject, message: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Buffer {
  const key = sm2PrivateKey(privateKey);
  const za = sm2Za(key, id);
  return createSign('sm3').update(za).update(message).sign(key);
}

/** Whether `signature` (DER) is a valid SM2 signature over `message` for the key and ID. Never throws for a bad signature. */
export function sm2Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): boolean {
  const key = sm2PublicKey(publicKey);
  const za = sm2Za(key, id);
  try {
    return createVerify('sm3').update(za).update(message).verify(key, signature);
  } catch {
    return false;
  }
}

/** DER SEQUENCE { INTEGER r, INTEGER s } of an SM2 (or ECDSA) signature. */
export function encodeSignatureDer(r: bigint, s: bigint): Buffer {
  return Buffer.from(encodeSignatureDerBytes(r, s));
}
