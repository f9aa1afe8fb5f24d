import { bigintToBytesBE, bytesEqual, bytesToBigintBE, concatBytes, utf8 } from './bytes';
import { cryptoError } from './crypto.errors';
import { sm3Pure } from './sm3-pure';

/**
 * SM2 (GB/T 32918.2-2016) in plain BigInt arithmetic, browser-safe (no `node:` imports, no
 * Buffer): curve parameters, Z_A, point arithmetic, DER signatures and §7.1 verification. The
 * receipt verifier checks SM2 checkpoint signatures with it in the browser; `sm2-kat.ts` builds
 * its known-answer signing on it; `sm2.ts` (OpenSSL, Node only) signs and verifies on the server.
 * Neither constant-time nor fast — verification only handles public data, so that is fine.
 */

/** The default distinguishing ID of GB/T 35276-2017 §10 (GM/T 0009-2012). */
export const SM2_DEFAULT_ID = '1234567812345678';

export interface Sm2CurveParameters {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
}

/** Parameters of the SM2 recommended curve (GB/T 32918.5-2017), OID 1.2.156.10197.1.301. */
export const SM2_CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
} as const;

/** Raw key sizes: the private scalar d, and the uncompressed public point 04 || x || y. */
export const SM2_PRIVATE_KEY_SIZE = 32;
export const SM2_PUBLIC_KEY_SIZE = 65;

export type Point = { x: bigint; y: bigint } | null; // null is the point at infinity

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

export function pointAdd(c: Sm2CurveParameters, P: Point, Q: Point): Point {
  if (P === null) return Q;
  if (Q === null) return P;
  if (P.x === Q.x && mod(P.y + Q.y, c.p) === 0n) return null;
  const lambda =
    P.x === Q.x
      ? mod((3n * P.x * P.x + c.a) * modInverse(2n * P.y, c.p), c.p)
      : mod((Q.y - P.y) * modInverse(Q.x - P.x, c.p), c.p);
  const x = mod(lambda * lambda - P.x - Q.x, c.p);
  return { x, y: mod(lambda * (P.x - x) - P.y, c.p) };
}

export function pointMultiply(c: Sm2CurveParameters, k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = pointAdd(c, result, addend);
    addend = pointAdd(c, addend, addend);
  }
  return result;
}

export function fieldSize(c: Sm2CurveParameters): number {
  return (c.p.toString(16).length + 1) >> 1;
}

export function encodePoint(c: Sm2CurveParameters, P: Point): Uint8Array {
  if (P === null) throw new RangeError('point at infinity');
  const size = fieldSize(c);
  return concatBytes(Uint8Array.of(0x04), bigintToBytesBE(P.x, size), bigintToBytesBE(P.y, size));
}

/** An uncompressed point on the curve; RangeError otherwise. */
export function decodePoint(c: Sm2CurveParameters, bytes: Uint8Array): { x: bigint; y: bigint } {
  const size = fieldSize(c);
  if (bytes.length !== 1 + 2 * size || bytes[0] !== 0x04) throw new RangeError('not an uncompressed point');
  const x = bytesToBigintBE(bytes.subarray(1, 1 + size));
  const y = bytesToBigintBE(bytes.subarray(1 + size));
  if (x >= c.p || y >= c.p) throw new RangeError('coordinate out of range');
  if (mod(y * y - (x * x * x + c.a * x + c.b), c.p) !== 0n) throw new RangeError('point not on the curve');
  return { x, y };
}

function idBytes(id: string | Uint8Array): Uint8Array {
  const bytes = typeof id === 'string' ? utf8(id) : id;
  // ENTL is two bytes holding the ID's length in bits.
  if (bytes.length * 8 > 0xffff) throw cryptoError('crypto.sm2.id_too_long', { length: bytes.length });
  return bytes;
}

/**
 * Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA) for any curve (GB/T 32918.2 §5.5).
 * `publicPoint` is the uncompressed point 04 || x || y of the curve's field size.
 */
export function sm2ZaBytes(curve: Sm2CurveParameters, publicPoint: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  const idb = idBytes(id);
  const size = fieldSize(curve);
  if (publicPoint.length !== 1 + 2 * size || publicPoint[0] !== 0x04) {
    throw cryptoError('crypto.key.invalid_public_key', { algorithm: 'SM2' });
  }
  const entl = Uint8Array.of((idb.length * 8) >> 8, (idb.length * 8) & 0xff);
  return sm3Pure(
    entl,
    idb,
    bigintToBytesBE(curve.a, size),
    bigintToBytesBE(curve.b, size),
    bigintToBytesBE(curve.gx, size),
    bigintToBytesBE(curve.gy, size),
    publicPoint.subarray(1),
  );
}

/** GB/T 32918.2 §7.1 signature verification of (r, s) over `message` (Z_A is prepended here). */
export function sm2VerifyRS(
  curve: Sm2CurveParameters,
  publicKey: Uint8Array,
  message: Uint8Array,
  r: bigint,
  s: bigint,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): boolean {
  const { n } = curve;
  if (r < 1n || r > n - 1n || s < 1n || s > n - 1n) return false;
  let P: Point;
  try {
    P = decodePoint(curve, publicKey);
  } catch {
    return false;
  }
  const e = bytesToBigintBE(sm3Pure(sm2ZaBytes(curve, publicKey, id), message));
  const t = mod(r + s, n);
  if (t === 0n) return false;
  const X = pointAdd(curve, pointMultiply(curve, s, { x: curve.gx, y: curve.gy }), pointMultiply(curve, t, P));
  return X !== null && mod(e + X.x, n) === r;
}

/**
 * Whether `signature` (DER SEQUENCE { r, s }) is a valid SM2 signature over `message` by the
 * 65-byte public point on the recommended curve. Never throws for a malformed signature or key.
 */
export function sm2VerifyPure(publicPoint: Uint8Array, message: Uint8Array, signature: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): boolean {
  let rs: { r: bigint; s: bigint };
  try {
    rs = decodeSignatureDer(signature);
  } catch {
    return false;
  }
  return sm2VerifyRS(SM2_CURVE, publicPoint, message, rs.r, rs.s, id);
}

// ── DER SEQUENCE { INTEGER r, INTEGER s } ──

interface Tlv {
  start: number; // first content byte
  end: number; // one past the last content byte
}

/** One DER TLV with a short or 1–2 byte long-form length; RangeError otherwise. */
export function readTlv(der: Uint8Array, offset: number, tag: number): Tlv {
  if (der[offset] !== tag || offset + 2 > der.length) throw new RangeError('unexpected DER');
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 2 || start + count > der.length) throw new RangeError('unexpected DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | der[start + i];
    start += count;
  }
  if (start + length > der.length) throw new RangeError('truncated DER');
  return { start, end: start + length };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } of an SM2 (or ECDSA) signature. */
export function encodeSignatureDerBytes(r: bigint, s: bigint): Uint8Array {
  // Lengths stay below 128 for 256-bit curves, so short-form lengths suffice.
  const integer = (v: bigint): Uint8Array => {
    if (v < 0n) throw new RangeError('negative INTEGER');
    let body = bigintToBytesBE(v, Math.max(1, (v.toString(16).length + 1) >> 1));
    // INTEGER is signed: a set high bit needs a leading zero byte.
    if (body[0] & 0x80) body = concatBytes(Uint8Array.of(0), body);
    return concatBytes(Uint8Array.of(0x02, body.length), body);
  };
  const content = concatBytes(integer(r), integer(s));
  return concatBytes(Uint8Array.of(0x30, content.length), content);
}

/** r and s of a DER signature; throws RangeError unless it is exactly one minimal SEQUENCE of two positive INTEGERs. */
export function decodeSignatureDer(der: Uint8Array): { r: bigint; s: bigint } {
  const seq = readTlv(der, 0, 0x30);
  if (seq.end !== der.length) throw new RangeError('trailing bytes after the signature');
  const rT = readTlv(der, seq.start, 0x02);
  const sT = readTlv(der, rT.end, 0x02);
  if (sT.end !== seq.end) throw new RangeError('trailing bytes inside the signature');
  const r = bytesToBigintBE(der.subarray(rT.start, rT.end));
  const s = bytesToBigintBE(der.subarray(sT.start, sT.end));
  if (!bytesEqual(encodeSignatureDerBytes(r, s), der)) throw new RangeError('signature is not minimal DER');
  return { r, s };
}
