import { createHash, getHashes } from 'node:crypto';

/**
 * SM3 (GB/T 32905-2016), the 国密 hash: 256-bit output, Merkle–Damgård like SHA-256.
 *
 * Node 20 with its bundled OpenSSL 3 provides `createHash('sm3')` (domain/evidence.md §4). A Node
 * linked against an OpenSSL built with `no-sm3` would not, so a plain TypeScript implementation of
 * the standard stands behind it; the tests run every vector through both.
 */

export interface Sm3Hasher {
  update(data: Uint8Array): Sm3Hasher;
  digest(): Buffer;
}

/** Whether this Node's OpenSSL provides SM3 (it does in Node 20 with the bundled OpenSSL 3). */
export const SM3_NATIVE: boolean = getHashes().includes('sm3');

export function createSm3(): Sm3Hasher {
  if (!SM3_NATIVE) return new Sm3Pure();
  const h = createHash('sm3');
  const hasher: Sm3Hasher = {
    update(data) {
      h.update(data);
      return hasher;
    },
    digest: () => h.digest(),
  };
  return hasher;
}

/** SM3 of the concatenation of `parts`. */
export function sm3(...parts: Uint8Array[]): Buffer {
  const h = createSm3();
  for (const p of parts) h.update(p);
  return h.digest();
}

// GB/T 32905-2016 §4.1 initial value and §4.2 constants.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const T_LOW = 0x79cc4519; // j = 0..15
const T_HIGH = 0x7a879d8a; // j = 16..63

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x: number): number => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number): number => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

/** SM3 in TypeScript (GB/T 32905-2016 §5), used only where OpenSSL lacks it. Not constant-time, which a hash need not be. */
export class Sm3Pure implements Sm3Hasher {
  private readonly v = Uint32Array.from(IV);
  private readonly block = new Uint8Array(64);
  private blockLength = 0;
  private totalBytes = 0;
  private finished = false;
  private readonly w = new Uint32Array(68);
  private readonly w1 = new Uint32Array(64);

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('SM3: update after digest');
    let offset = 0;
    this.totalBytes += data.length;
    while (offset < data.length) {
      const take = Math.min(64 - this.blockLength, data.length - offset);
      this.block.set(data.subarray(offset, offset + take), this.blockLength);
      this.blockLength += take;
      offset += take;
      if (this.blockLength === 64) {
        this.compress(this.block);
        this.blockLength = 0;
      }
    }
    return this;
  }

  digest(): Buffer {
    if (this.finished) throw new Error('SM3: digest called twice');
    // §5.2 padding: a 1 bit, zeros to 448 mod 512, then the message bit length as 64-bit big-endian.
    const bitLength = BigInt(this.totalBytes) * 8n;
    const padLength = this.blockLength < 56 ? 56 - this.blockLength : 120 - this.blockLength;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    new DataView(pad.buffer).setBigUint64(padLength, bitLength);
    this.update(pad);
    this.finished = true;
    const out = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) out.writeUInt32BE(this.v[i], i * 4);
    return out;
  }

  private compress(b: Uint8Array): void {
    const w = this.w;
    const w1 = this.w1;
    for (let j = 0; j < 16; j++) w[j] = ((b[4 * j] << 24) | (b[4 * j + 1] << 16) | (b[4 * j + 2] << 8) | b[4 * j + 3]) >>> 0;
    // §5.3.2 message expansion
    for (let j = 16; j < 68; j++) w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
    for (let j = 0; j < 64; j++) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
    // §5.3.3 compression function
    let [a, bb, c, d, e, f, g, h] = this.v;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + rotl(j < 16 ? T_LOW : T_HIGH, j % 32)) >>> 0, 7);
      const ss2 = (ss1 ^ a12) >>> 0;
      const ff = j < 16 ? a ^ bb ^ c : (a & bb) | (a & c) | (bb & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
      const tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
      d = c;
      c = rotl(bb, 9);
      bb = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    const v = this.v;
    v[0] ^= a;
    v[1] ^= bb;
    v[2] ^= c;
    v[3] ^= d;
    v[4] ^= e;
    v[5] ^= f;
    v[6] ^= g;
    v[7] ^= h;
  }
}
