import { createPrivateKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openssl } from './openssl-cli';
import {
  bigintToBytes,
  decodeSignatureDer,
  encodeSignatureDer,
  generateSm2KeyPair,
  SM2_CURVE,
  SM2_DEFAULT_ID,
  sm2PrivateKeyFromPem,
  sm2PrivateKeyFromRaw,
  sm2PrivateKeyToPem,
  sm2PrivateKeyToRaw,
  sm2PublicKey,
  sm2PublicKeyFromPem,
  sm2PublicKeyFromRaw,
  sm2PublicKeyToPem,
  sm2PublicKeyToRaw,
  sm2Sign,
  sm2Verify,
  sm2Za,
  sm2ZaForCurve,
  type Sm2CurveParameters,
} from './sm2';
import { sm2KatPublicKey, sm2KatSign, sm2KatVerify } from './sm2-kat';
import { readVectorJson } from './vectors';

interface Sm2Vector {
  id_str: string;
  curve: 'recommended' | 'draft';
  msg: string;
  d: string;
  k: string;
  x: string;
  y: string;
  ZA: string;
  e: string;
  kG_x?: string;
  r: string;
  s: string;
  signature_der_hex: string;
  public_key_spki_pem?: string;
  openssl_verified: boolean;
}

const file = readVectorJson<{ curves: Record<string, Record<string, string>>; vectors: Sm2Vector[] }>('sm2-sm3/sm2-signature-vectors.json');

const curveOf = (name: string): Sm2CurveParameters => {
  const c = file.curves[name];
  return { p: BigInt('0x' + c.p), a: BigInt('0x' + c.a), b: BigInt('0x' + c.b), n: BigInt('0x' + c.n), gx: BigInt('0x' + c.gx), gy: BigInt('0x' + c.gy) };
};
const hex = (b: bigint) => bigintToBytes(b).toString('hex');
const recommended = file.vectors.filter((v) => v.curve === 'recommended');
const label = (v: Sm2Vector) => `${v.curve} curve, ID ${v.id_str}`;

/** `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:<id>`, the command of domain/evidence.md §7. */
function opensslVerifySm2(publicPem: string, message: Uint8Array, signature: Uint8Array, id = SM2_DEFAULT_ID) {
  return openssl(
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${id}`, '-in', 'msg', '-sigfile', 'sig'],
    { 'pub.pem': publicPem, msg: message, sig: signature },
  );
}

describe('SM2 recommended curve', () => {
  it('has the parameters of the vector file (GB/T 32918.5)', () => {
    expect(SM2_CURVE).toEqual(curveOf('recommended'));
  });
});

describe('SM2 known-answer signatures (BigInt implementation with fixed k)', () => {
  it('holds four vectors, three on the recommended curve', () => {
    expect(file.vectors).toHaveLength(4);
    expect(recommended).toHaveLength(3);
  });

  it.each(file.vectors.map((v) => [label(v), v] as const))('reproduces public key, Z_A, e, r, s and DER exactly (%s)', (_, v) => {
    const curve = curveOf(v.curve);
    const sig = sm2KatSign(curve, BigInt('0x' + v.d), BigInt('0x' + v.k), Buffer.from(v.msg), v.id_str);
    expect(sig.publicKey.toString('hex')).toBe('04' + v.x + v.y);
    expect(sig.za.toString('hex')).toBe(v.ZA);
    expect(hex(sig.e)).toBe(v.e);
    if (v.kG_x) expect(hex(sig.x1)).toBe(v.kG_x);
    expect(hex(sig.r)).toBe(v.r);
    expect(hex(sig.s)).toBe(v.s);
    expect(encodeSignatureDer(sig.r, sig.s).toString('hex')).toBe(v.signature_der_hex);
  });

  it.each(file.vectors.map((v) => [label(v), v] as const))('verifies the published signature in BigInt arithmetic and refuses a changed message (%s)', (_, v) => {
    const curve = curveOf(v.curve);
    const point = Buffer.from('04' + v.x + v.y, 'hex');
    const { r, s } = decodeSignatureDer(Buffer.from(v.signature_der_hex, 'hex'));
    expect(sm2KatVerify(curve, point, Buffer.from(v.msg), r, s, v.id_str)).toBe(true);
    expect(sm2KatVerify(curve, point, Buffer.from(v.msg + '!'), r, s, v.id_str)).toBe(false);
    expect(sm2KatVerify(curve, point, Buffer.from(v.msg), r, s, v.id_str + 'x')).toBe(false);
  });

  it('derives the same public point in BigInt arithmetic as OpenSSL does', () => {
    for (const v of recommended) {
      expect(sm2KatPublicKey(SM2_CURVE, BigInt('0x' + v.d))).toEqual(sm2PublicKeyToRaw(sm2PrivateKeyFromRaw(Buffer.from(v.d, 'hex'))));
    }
  });
});

describe('SM2 signatures with Z_A of the distinguishing ID', () => {
  it.each(recommended.map((v) => [v.id_str, v] as const))('computes Z_A of the vector key for ID %s', (_, v) => {
    const pub = sm2PublicKeyFromPem(v.public_key_spki_pem!);
    expect(sm2Za(pub, v.id_str).toString('hex')).toBe(v.ZA);
    expect(sm2Za(Buffer.from('04' + v.x + v.y, 'hex'), v.id_str).toString('hex')).toBe(v.ZA);
  });

  it('computes Z_A of the draft-curve example, which equals GmSSL’s "p.57 ZA" SM3 vector', () => {
    const v = file.vectors.find((x) => x.curve === 'draft')!;
    expect(sm2ZaForCurve(curveOf('draft'), Buffer.from('04' + v.x + v.y, 'hex'), v.id_str).toString('hex')).toBe(
      'f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a',
    );
  });

  it.each(recommended.map((v) => [v.id_str, v] as const))('verifies the published signature for ID %s with our verifier', (_, v) => {
    const pub = sm2PublicKeyFromPem(v.public_key_spki_pem!);
    const sig = Buffer.from(v.signature_der_hex, 'hex');
    expect(sm2Verify(pub, Buffer.from(v.msg), sig, v.id_str)).toBe(true);
    expect(sm2Verify(sm2PublicKeyFromRaw(Buffer.from('04' + v.x + v.y, 'hex')), Buffer.from(v.msg), sig, v.id_str)).toBe(true);
    expect(sm2Verify(pub, Buffer.from(v.msg + '.'), sig, v.id_str)).toBe(false);
    expect(sm2Verify(pub, Buffer.from(v.msg), sig, v.id_str === SM2_DEFAULT_ID ? 'ALICE123@YAHOO.COM' : SM2_DEFAULT_ID)).toBe(false);
  });

  it.each(recommended.map((v) => [v.id_str, v] as const))('has OpenSSL verify the published signature for ID %s', (_, v) => {
    const r = opensslVerifySm2(v.public_key_spki_pem!, Buffer.from(v.msg), Buffer.from(v.signature_der_hex, 'hex'), v.id_str);
    expect(r.stdout + r.stderr).toContain('Signature Verified Successfully');
    expect(r.status).toBe(0);
  });

  it('signs with the default ID so that OpenSSL verifies with distid 1234567812345678 and refuses without it', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = Buffer.from('知保 数据存证 checkpoint\n');
    const sig = sm2Sign(privateKey, message);
    expect(sm2Verify(publicKey, message, sig)).toBe(true);
    const ok = opensslVerifySm2(sm2PublicKeyToPem(publicKey), message, sig);
    expect(ok.stdout).toContain('Signature Verified Successfully');
    expect(ok.status).toBe(0);
    // OpenSSL's default is the empty ID, which gives a different Z_A.
    const noId = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-digest', 'sm3', '-in', 'msg', '-sigfile', 'sig'], {
      'pub.pem': sm2PublicKeyToPem(publicKey),
      msg: message,
      sig,
    });
    expect(noId.status).not.toBe(0);
  });

  it('verifies a signature OpenSSL made with distid 1234567812345678 from our PKCS#8 PEM', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = Buffer.from('signed by openssl');
    const r = openssl(
      ['pkeyutl', '-sign', '-inkey', 'key.pem', '-rawin', '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`, '-in', 'msg', '-out', 'sig'],
      { 'key.pem': sm2PrivateKeyToPem(privateKey), msg: message },
      ['sig'],
    );
    expect(r.status).toBe(0);
    const sig = r.outputs.sig;
    expect(sm2Verify(publicKey, message, sig)).toBe(true);
  });

  it('treats a key from generateKeyPairSync("ec", SM2) as SM2, although Node alone would sign ECDSA with it', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const message = Buffer.from('trap');
    const sig = sm2Sign(privateKey, message);
    expect(sm2Verify(publicKey, message, sig)).toBe(true);
    expect(opensslVerifySm2(sm2PublicKeyToPem(publicKey), message, sig).status).toBe(0);
  });

  it('does not accept Node’s empty-ID crypto.sign("sm3") signature as a default-ID signature', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = Buffer.from('empty id');
    const emptyId = nodeSign('sm3', message, privateKey);
    expect(sm2Verify(publicKey, message, emptyId)).toBe(false);
    expect(sm2Verify(publicKey, message, emptyId, '')).toBe(true);
  });

  it('signs and verifies any message and refuses it after any single-byte change', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (message, at, delta) => {
        const sig = sm2Sign(privateKey, message);
        expect(sm2Verify(publicKey, message, sig)).toBe(true);
        const changed = Buffer.from(message);
        changed[at % changed.length] ^= delta;
        expect(sm2Verify(publicKey, changed, sig)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('SM2 keys', () => {
  it('round-trips a key through raw bytes (32-byte scalar, 65-byte point) and PEM', () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const d = sm2PrivateKeyToRaw(privateKey);
    const point = sm2PublicKeyToRaw(publicKey);
    expect(d).toHaveLength(32);
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(0x04);
    expect(sm2PublicKeyToRaw(sm2PrivateKeyFromRaw(d))).toEqual(point);
    expect(sm2PrivateKeyToRaw(sm2PrivateKeyFromPem(sm2PrivateKeyToPem(privateKey)))).toEqual(d);
    expect(sm2PublicKeyToRaw(sm2PublicKeyFromPem(sm2PublicKeyToPem(publicKey)))).toEqual(point);
    expect(sm2PublicKeyToRaw(sm2PublicKey(privateKey))).toEqual(point);
    expect(sm2PrivateKeyToPem(privateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(sm2PublicKeyToPem(publicKey)).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  it('reads the vector’s SPKI PEM and gives back the vector’s point', () => {
    const v = recommended[0];
    expect(sm2PublicKeyToRaw(sm2PublicKeyFromPem(v.public_key_spki_pem!)).toString('hex')).toBe('04' + v.x + v.y);
    expect(sm2PublicKeyToPem(sm2PublicKeyFromRaw(Buffer.from('04' + v.x + v.y, 'hex')))).toBe(v.public_key_spki_pem);
  });

  it('reads a key generated by the OpenSSL CLI and signs with it so that OpenSSL verifies', () => {
    const gen = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2']);
    expect(gen.status).toBe(0);
    const key = sm2PrivateKeyFromPem(gen.stdout);
    const sig = sm2Sign(key, Buffer.from('x'));
    expect(opensslVerifySm2(sm2PublicKeyToPem(key), Buffer.from('x'), sig).status).toBe(0);
  });

  it('refuses a private scalar of 0 or n−1, a point off the curve, a wrong length and a key of another curve', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => sm2PrivateKeyFromRaw(Buffer.alloc(32)))).toBe('crypto.key.invalid_private_key');
    expect(code(() => sm2PrivateKeyFromRaw(bigintToBytes(SM2_CURVE.n - 1n)))).toBe('crypto.key.invalid_private_key');
    expect(code(() => sm2PrivateKeyFromRaw(Buffer.alloc(31, 1)))).toBe('crypto.key.invalid_private_key');
    const v = recommended[0];
    expect(code(() => sm2PublicKeyFromRaw(Buffer.from('04' + v.x + v.x, 'hex')))).toBe('crypto.key.invalid_public_key');
    expect(code(() => sm2PublicKeyFromRaw(Buffer.from('02' + v.x, 'hex')))).toBe('crypto.key.invalid_public_key');
    const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(code(() => sm2Sign(p256.privateKey, Buffer.from('x')))).toBe('crypto.key.invalid_private_key');
    expect(code(() => sm2Verify(p256.publicKey, Buffer.from('x'), Buffer.alloc(70)))).toBe('crypto.key.invalid_public_key');
    const ed = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]), format: 'der', type: 'pkcs8' });
    expect(code(() => sm2PublicKey(ed))).toBe('crypto.key.invalid_public_key');
  });

  it('refuses a distinguishing ID longer than ENTL can state (8191 bytes)', () => {
    const { publicKey } = generateSm2KeyPair();
    expect(() => sm2Za(publicKey, 'a'.repeat(8192))).toThrow(expect.objectContaining({ code: 'crypto.sm2.id_too_long' }));
    expect(sm2Za(publicKey, 'a'.repeat(8191))).toHaveLength(32);
  });

  it('returns false, not an exception, for a signature that is not DER', () => {
    const { publicKey } = generateSm2KeyPair();
    expect(sm2Verify(publicKey, Buffer.from('x'), Buffer.from('not a signature'))).toBe(false);
    expect(sm2Verify(publicKey, Buffer.from('x'), Buffer.alloc(0))).toBe(false);
  });
});

describe('DER signature encoding', () => {
  it('round-trips r and s, adding a zero byte where the high bit is set', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: SM2_CURVE.n - 1n }), fc.bigInt({ min: 1n, max: SM2_CURVE.n - 1n }), (r, s) => {
        expect(decodeSignatureDer(encodeSignatureDer(r, s))).toEqual({ r, s });
      }),
    );
    expect(encodeSignatureDer(0x80n, 1n).toString('hex')).toBe('3007020200800201' + '01');
  });

  it('refuses trailing bytes and non-minimal integers', () => {
    const good = encodeSignatureDer(5n, 6n);
    expect(() => decodeSignatureDer(Buffer.concat([good, Buffer.from([0])]))).toThrow(RangeError);
    expect(() => decodeSignatureDer(Buffer.from('3008020200050202' + '0006', 'hex'))).toThrow(RangeError);
  });
});
