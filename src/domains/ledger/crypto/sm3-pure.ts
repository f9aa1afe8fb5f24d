/**
 * SM3 (GB/T 32905-2016) in plain TypeScript, browser-safe (no `node:` imports, no Buffer): the
 * browser's receipt verifier hashes files with it incrementally, and `sm3.ts` uses it where
 * Node's OpenSSL lacks SM3. Not constant-time, which a hash need not be.
 */

// GB/T 32905-2016 §4.1 initial value and §4.2 constants.
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const T_LOW = 0x79cc4519; // j = 0..15
const T_HIGH = 0x7a879d8a; // j = 16..63

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

// T_j rotated left by j mod 32 (§5.3.3), precomputed.
const TJ = new Int32Array(64);
for (let j = 0; j < 64; j++) TJ[j] = rotl(j < 16 ? T_LOW : T_HIGH, j % 32) | 0;

/** SM3 in TypeScript (GB/T 32905-2016 §5). */
export class Sm3PureCore {
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
      // Whole blocks straight from the input (no copy) when nothing is buffered.
      if (this.blockLength === 0) {
        while (data.length - offset >= 64) {
          this.compress(data, offset);
          offset += 64;
        }
        if (offset === data.length) break;
      }
      const take = Math.min(64 - this.blockLength, data.length - offset);
      this.block.set(data.subarray(offset, offset + take), this.blockLength);
      this.blockLength += take;
      offset += take;
      if (this.blockLength === 64) {
        this.compress(this.block, 0);
        this.blockLength = 0;
      }
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.finished) throw new Error('SM3: digest called twice');
    // §5.2 padding: a 1 bit, zeros to 448 mod 512, then the message bit length as 64-bit big-endian.
    const bitLength = BigInt(this.totalBytes) * 8n;
    const padLength = this.blockLength < 56 ? 56 - this.blockLength : 120 - this.blockLength;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    new DataView(pad.buffer).setBigUint64(padLength, bitLength);
    this.update(pad);
    this.finished = true;
    const out = new Uint8Array(32);
    const view = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) view.setUint32(i * 4, this.v[i]);
    return out;
  }

  private compress(b: Uint8Array, at: number): void {
    const w = this.w;
    const w1 = this.w1;
    for (let j = 0; j < 16; j++) {
      const i = at + 4 * j;
      w[j] = (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
    }
    // §5.3.2 message expansion: W_j = P1(W_{j−16} ⊕ W_{j−9} ⊕ (W_{j−3} <<< 15)) ⊕ (W_{j−13} <<< 7) ⊕ W_{j−6}
    for (let j = 16; j < 68; j++) {
      let x = w[j - 16] ^ w[j - 9];
      const y = w[j - 3];
      x ^= (y << 15) | (y >>> 17);
      x = x ^ ((x << 15) | (x >>> 17)) ^ ((x << 23) | (x >>> 9));
      const z = w[j - 13];
      w[j] = x ^ ((z << 7) | (z >>> 25)) ^ w[j - 6];
    }
    for (let j = 0; j < 64; j++) w1[j] = w[j] ^ w[j + 4];
    // §5.3.3 compression function, in 32-bit integer arithmetic (| 0), FF/GG split at j = 16.
    const v = this.v;
    let a = v[0] | 0;
    let bb = v[1] | 0;
    let c = v[2] | 0;
    let d = v[3] | 0;
    let e = v[4] | 0;
    let f = v[5] | 0;
    let g = v[6] | 0;
    let h = v[7] | 0;
    for (let j = 0; j < 64; j++) {
      const a12 = (a << 12) | (a >>> 20);
      const t = (a12 + e + TJ[j]) | 0;
      const ss1 = (t << 7) | (t >>> 25);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ bb ^ c : (a & bb) | (a & c) | (bb & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + w1[j]) | 0;
      const tt2 = (gg + h + ss1 + w[j]) | 0;
      d = c;
      c = (bb << 9) | (bb >>> 23);
      bb = a;
      a = tt1;
      h = g;
      g = (f << 19) | (f >>> 13);
      f = e;
      e = tt2 ^ ((tt2 << 9) | (tt2 >>> 23)) ^ ((tt2 << 17) | (tt2 >>> 15));
    }
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

/** SM3 of the concatenation of `parts`, in TypeScript. */
export function sm3Pure(...parts: Uint8Array[]): Uint8Array {
  const h = new Sm3PureCore();
  for (const p of parts) h.update(p);
  return h.digest();
}
