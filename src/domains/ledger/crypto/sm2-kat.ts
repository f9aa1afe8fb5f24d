import { bigintToBytes, bytesToBigint, SM2_DEFAULT_ID, sm2ZaForCurve, type Sm2CurveParameters } from './sm2';
import { sm3 } from './sm3';

/**
 * SM2 signing with a caller-chosen nonce k, in plain BigInt arithmetic (GB/T 32918.2-2016 §6.1
 * and §7.1), for known-answer tests only.
 *
 * Published SM2 vectors fix k, which OpenSSL never lets a caller do, so reproducing them needs an
 * implementation of our own. This one is independent of OpenSSL (only SM3 is shared), works on
 * any prime curve (the standard's worked example uses a draft test curve OpenSSL cannot load), and
 * is neither constant-time nor fast. Never sign real data with it: production code uses sm2.ts.
 */

type Point = { x: bigint; y: bigint } | null; // null is the point at infinity

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modInverse(a: bigint, m: bigint): bigint {
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

function add(c: Sm2CurveParameters, P: Point, Q: Point): Point {
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

function multiply(c: Sm2CurveParameters, k: bigint, P: Point): Point {
  let result: Point = null;
  let addend = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(c, result, addend);
    addend = add(c, addend, addend);
  }
  return result;
}

function fieldSize(c: Sm2CurveParameters): number {
  return (c.p.toString(16).length + 1) >> 1;
}

function encodePoint(c: Sm2CurveParameters, P: Point): Buffer {
  if (P === null) throw new RangeError('point at infinity');
  const size = fieldSize(c);
  return Buffer.concat([Buffer.from([0x04]), bigintToBytes(P.x, size), bigintToBytes(P.y, size)]);
}

function decodePoint(c: Sm2CurveParameters, bytes: Uint8Array): Point {
  const size = fieldSize(c);
  if (bytes.length !== 1 + 2 * size || bytes[0] !== 0x04) throw new RangeError('not an uncompressed point');
  const x = bytesToBigint(bytes.subarray(1, 1 + size));
  const y = bytesToBigint(bytes.subarray(1 + size));
  if (mod(y * y - (x * x * x + c.a * x + c.b), c.p) !== 0n) throw new RangeError('point not on the curve');
  return { x, y };
}

/** The public point d·G as 04 || x || y. */
export function sm2KatPublicKey(curve: Sm2CurveParameters, d: bigint): Buffer {
  return encodePoint(curve, multiply(curve, d, { x: curve.gx, y: curve.gy }));
}

export interface Sm2KatSignature {
  publicKey: Buffer;
  za: Buffer;
  /** e = SM3(Z_A || M) as a big-endian integer. */
  e: bigint;
  /** x coordinate of k·G. */
  x1: bigint;
  r: bigint;
  s: bigint;
}

/** GB/T 32918.2 §6.1 signature generation with the given k. */
export function sm2KatSign(
  curve: Sm2CurveParameters,
  d: bigint,
  k: bigint,
  message: Uint8Array,
  id: string | Uint8Array = SM2_DEFAULT_ID,
): Sm2KatSignature {
  const { n } = curve;
  if (d < 1n || d > n - 2n) throw new RangeError('d out of range');
  if (k < 1n || k > n - 1n) throw new RangeError('k out of range');
  const publicKey = sm2KatPublicKey(curve, d);
  const za = sm2ZaForCurve(curve, publicKey, id);
  const e = bytesToBigint(sm3(za, message));
  const kG = multiply(curve, k, { x: curve.gx, y: curve.gy });
  if (kG === null) throw new RangeError('k·G is infinity');
  const r = mod(e + kG.x, n);
  // §6.1 A5/A6: a fresh k would be drawn; with a fixed k the vector is simply unusable.
  if (r === 0n || r + k === n) throw new RangeError('r unusable for this k');
  const s = mod(modInverse(1n + d, n) * (k - r * d), n);
  if (s === 0n) throw new RangeError('s is zero for this k');
  return { publicKey, za, e, x1: kG.x, r, s };
}

/** GB/T 32918.2 §7.1 signature verification. */
export function sm2KatVerify(
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
  const e = bytesToBigint(sm3(sm2ZaForCurve(curve, publicKey, id), message));
  const t = mod(r + s, n);
  if (t === 0n) return false;
  const X = add(curve, multiply(curve, s, { x: curve.gx, y: curve.gy }), multiply(curve, t, P));
  return X !== null && mod(e + X.x, n) === r;
}
