import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors';
import { createHasher, digest, HASH_NAMES, HASH_SIZE, isHashName, type HashName } from './hash';
import { openssl } from './openssl-cli';
import { createSm3, sm3, SM3_NATIVE, Sm3Pure } from './sm3';
import { readVectorJson } from './vectors';

interface Sm3Vector {
  index: number;
  label_in_source: string;
  input_hex: string;
  sm3: string;
}

const sm3File = readVectorJson<{ vectors: Sm3Vector[]; standard_examples: Record<string, { input_ascii: string; sm3: string }> }>(
  'sm2-sm3/sm3-vectors.json',
);

const pure = (...parts: Uint8Array[]): Buffer => {
  const h = new Sm3Pure();
  for (const p of parts) h.update(p);
  return h.digest();
};

describe('SM3 (GB/T 32905-2016)', () => {
  it('is provided natively by this Node (OpenSSL 3)', () => {
    expect(SM3_NATIVE).toBe(true);
  });

  it('holds all 10 GmSSL vectors', () => {
    expect(sm3File.vectors).toHaveLength(10);
  });

  it.each(sm3File.vectors)('reproduces GmSSL vector $label_in_source natively', (v) => {
    expect(sm3(Buffer.from(v.input_hex, 'hex')).toString('hex')).toBe(v.sm3);
  });

  it.each(sm3File.vectors)('reproduces GmSSL vector $label_in_source with the TypeScript fallback', (v) => {
    expect(pure(Buffer.from(v.input_hex, 'hex')).toString('hex')).toBe(v.sm3);
  });

  it('reproduces both examples of the standard', () => {
    const [abc, abcd16] = [sm3File.standard_examples['GB/T 32905-2016 example 1'], sm3File.standard_examples['GB/T 32905-2016 example 2']];
    expect(sm3(Buffer.from('abc')).toString('hex')).toBe(abc.sm3);
    expect(pure(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe(abcd16.sm3);
  });

  it('hashes the empty string to the value Node and OpenSSL agree on', () => {
    expect(sm3().toString('hex')).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(pure().toString('hex')).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  it('gives the same digest natively and in TypeScript for any input split into any chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 5 }), (data, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let last = 0;
        for (const p of [...points, data.length]) {
          chunks.push(data.subarray(last, p));
          last = p;
        }
        const expected = createHash('sm3').update(data).digest('hex');
        expect(pure(...chunks).toString('hex')).toBe(expected);
        const h = createSm3();
        for (const c of chunks) h.update(c);
        expect(h.digest().toString('hex')).toBe(expected);
      }),
    );
  });

  it('agrees with `openssl dgst -sm3` on the message-digest text', () => {
    const r = openssl(['dgst', '-sm3', '-r', 'in.bin'], { 'in.bin': 'message digest' });
    expect(r.status).toBe(0);
    expect(r.stdout.split(' ')[0]).toBe(sm3(Buffer.from('message digest')).toString('hex'));
  });
});

describe('hash interface shared by SHA-256 and SM3', () => {
  it('names exactly sha256 and sm3, both of HASH_SIZE bytes', () => {
    expect(HASH_NAMES).toEqual(['sha256', 'sm3']);
    for (const name of HASH_NAMES) expect(digest(name, Buffer.from('x'))).toHaveLength(HASH_SIZE);
    expect(isHashName('sm3')).toBe(true);
    expect(isHashName('md5')).toBe(false);
  });

  it('hashes the concatenation of its arguments, incrementally or at once', () => {
    const parts = [Buffer.from([0x00]), Buffer.from('hello'), Buffer.from(' world')];
    expect(digest('sha256', ...parts).toString('hex')).toBe(createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
    for (const name of HASH_NAMES) {
      const h = createHasher(name);
      for (const p of parts) h.update(p);
      expect(h.digest()).toEqual(digest(name, Buffer.concat(parts)));
    }
  });

  it('computes the RFC 6962 leaf hash of an empty entry with SHA-256 and with SM3', () => {
    expect(digest('sha256', Buffer.from([0])).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(digest('sm3', Buffer.from([0]))).toEqual(sm3(Buffer.from([0])));
  });

  it('refuses a hash name it does not know with crypto.hash.unsupported', () => {
    const call = () => createHasher('md5' as HashName);
    expect(call).toThrow(DomainError);
    expect(call).toThrow(expect.objectContaining({ code: 'crypto.hash.unsupported', status: 400 }));
  });
});
