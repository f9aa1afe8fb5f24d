import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sm3 } from '../ledger/crypto/sm3';
import { EvidenceIntake } from './intake';

async function* chunked(data: Buffer, sizes: number[]) {
  let at = 0;
  for (const s of sizes) {
    if (at >= data.length) break;
    yield data.subarray(at, at + s);
    at += s;
  }
  if (at < data.length) yield data.subarray(at);
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of source) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

describe('the streaming intake (SHA-256, SM3, size limit, media type in one pass)', () => {
  it('computes the same digests however the file is chunked, and passes every byte through', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 5000 }), fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 20 }), async (bytes, sizes) => {
        const data = Buffer.from(bytes);
        const intake = new EvidenceIntake(10_000);
        expect((await drain(intake.pipe(chunked(data, sizes)))).equals(data)).toBe(true);
        const r = intake.finish();
        expect(r.size).toBe(data.length);
        expect(r.sha256).toBe(createHash('sha256').update(data).digest('hex'));
        expect(r.sm3).toBe(sm3(data).toString('hex'));
      }),
      { numRuns: 60 },
    );
  });

  it('matches the GB/T 32905 SM3 example and the SHA-256 of "abc"', async () => {
    const intake = new EvidenceIntake(10);
    await drain(intake.pipe(chunked(Buffer.from('abc'), [1, 1, 1])));
    expect(intake.finish()).toEqual({
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
      mediaType: 'text/plain',
    });
  });

  it('fails at the first byte over the limit, before the consumer sees the chunk', async () => {
    const intake = new EvidenceIntake(10);
    const seen: number[] = [];
    const run = (async () => {
      for await (const c of intake.pipe(chunked(Buffer.alloc(25, 1), [6, 6, 6, 7]))) seen.push(c.length);
    })();
    await expect(run).rejects.toMatchObject({ code: 'evidence.too_large', params: { limit: 10 } });
    expect(seen).toEqual([6]);
    expect(intake.bytesSeen).toBe(12);
  });

  it('accepts a file of exactly the limit', async () => {
    const intake = new EvidenceIntake(8);
    await drain(intake.pipe(chunked(Buffer.alloc(8, 0x41), [3, 5])));
    expect(intake.finish().size).toBe(8);
  });
});
