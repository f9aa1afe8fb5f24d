import { bytesToBigint, SM2_DEFAULT_ID, sm2ZaForCurve, type Sm2CurveParameters } from './sm2';
import { encodePoint as encodePointBytes, mod, modInverse, pointMultiply as multiply, sm2VerifyRS, type Point } from './sm2-math';
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

function encodePoint(c: Sm2CurveParameters, P: Point): Buffer {
  return Buffer.from(encodePointBytes(c, P));
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

/** GB/T 32918.2 §7.1 signature verification: the one implementation, in sm2-math.ts. */
export { sm2VerifyRS as sm2KatVerify };
