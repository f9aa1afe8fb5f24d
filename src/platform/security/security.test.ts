import { describe, expect, it } from 'vitest';
import { CryptoBox } from './crypto-box';
import { hashPassword, verifyPassword } from './password';
import { base32Decode, base32Encode, totpAt, verifyTotp } from './totp';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse 电池');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse 电池', h)).toBe(true);
    expect(await verifyPassword('correct horse', h)).toBe(false);
  });
  it('refuses a malformed stored hash instead of throwing', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 Appendix B: secret "12345678901234567890", SHA-1, times 59 and 1111111109.
  const secret = base32Encode(Buffer.from('12345678901234567890'));
  it('matches the RFC 6238 test vectors (last six digits)', () => {
    expect(totpAt(secret, Math.floor(59 / 30))).toBe('287082');
    expect(totpAt(secret, Math.floor(1111111109 / 30))).toBe('081804');
    expect(totpAt(secret, Math.floor(1234567890 / 30))).toBe('005924');
  });
  it('round-trips base32', () => {
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
  });
  it('accepts a code once and refuses its replay', () => {
    const now = new Date(1111111109 * 1000);
    const step = verifyTotp(secret, '081804', 0, now);
    expect(step).toBe(Math.floor(1111111109 / 30));
    expect(verifyTotp(secret, '081804', step!, now)).toBeNull();
  });
  it('refuses codes that are not six digits', () => {
    expect(verifyTotp(secret, '12345', 0)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', 0)).toBeNull();
  });
});

describe('CryptoBox', () => {
  const box = new CryptoBox(Buffer.alloc(32, 7));
  it('encrypts with a fresh nonce each time and decrypts back', () => {
    const a = box.encrypt('11010519491231002X');
    const b = box.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(box.decrypt(a)).toBe('11010519491231002X');
  });
  it('detects tampering', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('other!').toString('base64');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
  });
  it('gives the same blind index for the same value under the same key only', () => {
    expect(box.blindIndex('x')).toBe(box.blindIndex('x'));
    expect(new CryptoBox(Buffer.alloc(32, 8)).blindIndex('x')).not.toBe(box.blindIndex('x'));
  });
});
