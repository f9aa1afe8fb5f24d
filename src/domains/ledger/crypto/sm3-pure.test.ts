import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sm3Pure, Sm3PureCore } from './sm3-pure';

describe('Sm3PureCore (browser-safe SM3)', () => {
  it('equals OpenSSL SM3 for any data split into any chunks (aligned blocks are hashed in place)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.array(fc.nat(200), { maxLength: 8 }), (data, cuts) => {
        const h = new Sm3PureCore();
        let at = 0;
        for (const c of cuts) {
          h.update(data.subarray(at, Math.min(data.length, at + c)));
          at = Math.min(data.length, at + c);
        }
        h.update(data.subarray(at));
        expect(Buffer.from(h.digest()).toString('hex')).toBe(createHash('sm3').update(data).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a large input in one call, and refuses use after digest', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 131) >>> 3);
    expect(Buffer.from(sm3Pure(big)).toString('hex')).toBe(createHash('sm3').update(big).digest('hex'));
    const h = new Sm3PureCore();
    h.digest();
    expect(() => h.update(new Uint8Array(1))).toThrow('SM3: update after digest');
    expect(() => h.digest()).toThrow('SM3: digest called twice');
  });
});
