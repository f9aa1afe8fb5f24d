import { describe, expect, it } from 'vitest';
import { STRATUM_BYTES, type Stratum } from './tile-layout';
import { StratumCache } from './tile-store';

const stratum = (level: number, index: number, width: number): Stratum => ({ level, index, width, nodes: Buffer.alloc(STRATUM_BYTES, width) });

describe('stratum cache', () => {
  it('answers only for nodes its copy is wide enough to hold', () => {
    const cache = new StratumCache(4);
    cache.put(stratum(0, 3, 10));
    expect(cache.get(0, 3, 10)?.width).toBe(10);
    expect(cache.get(0, 3, 11)).toBeUndefined();
    expect(cache.get(1, 3, 1)).toBeUndefined();
  });

  it('keeps the widest copy of a stratum', () => {
    const cache = new StratumCache(4);
    cache.put(stratum(0, 0, 20));
    cache.put(stratum(0, 0, 5));
    expect(cache.get(0, 0, 1)?.width).toBe(20);
    cache.put(stratum(0, 0, 256));
    expect(cache.get(0, 0, 256)?.width).toBe(256);
  });

  it('forgets the least recently used stratum beyond its capacity', () => {
    const cache = new StratumCache(2);
    cache.put(stratum(0, 1, 256));
    cache.put(stratum(0, 2, 256));
    cache.get(0, 1, 1);
    cache.put(stratum(0, 3, 256));
    expect(cache.size).toBe(2);
    expect(cache.get(0, 2, 1)).toBeUndefined();
    expect(cache.get(0, 1, 1)).toBeDefined();
    expect(cache.get(0, 3, 1)).toBeDefined();
  });
});
