import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bitLength,
  bitLengthOfXor,
  consistencyProofLength,
  consistencyProofPlan,
  inclusionProofLength,
  inclusionProofPlan,
  isPowerOfTwo,
  largestPowerOfTwoBelow,
  nodeLeafRange,
  popCount,
  rangeNodes,
  rootPlan,
  shiftRight,
  trailingZeros,
  type NodeCoord,
} from './tree-math';

const big = (x: number) => BigInt(x);
const safeInt = fc.maxSafeNat();

function covered(nodes: NodeCoord[]): Array<[number, number]> {
  return nodes.map(nodeLeafRange);
}

describe('bit arithmetic beyond 32 bits', () => {
  it('agrees with BigInt on every safe integer', () => {
    fc.assert(
      fc.property(safeInt, safeInt, fc.integer({ min: 0, max: 60 }), (a, b, k) => {
        expect(bitLength(a)).toBe(a === 0 ? 0 : big(a).toString(2).length);
        expect(bitLengthOfXor(a, b)).toBe(big(a) === big(b) ? 0 : (big(a) ^ big(b)).toString(2).length);
        expect(popCount(a)).toBe([...big(a).toString(2)].filter((c) => c === '1').length);
        expect(shiftRight(a, k)).toBe(Number(big(a) >> big(k)));
        if (a > 0) expect(trailingZeros(a)).toBe(big(a).toString(2).length - big(a).toString(2).lastIndexOf('1') - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the RFC 6962 split point k, the largest power of two below n', () => {
    expect([2, 3, 4, 5, 8, 9, 2 ** 40 + 1].map(largestPowerOfTwoBelow)).toEqual([1, 2, 2, 4, 4, 8, 2 ** 40]);
    expect(() => largestPowerOfTwoBelow(1)).toThrow(expect.objectContaining({ code: 'merkle.number_invalid' }));
    expect([1, 2, 64, 2 ** 52].every(isPowerOfTwo)).toBe(true);
    expect([0, 3, 6, 2 ** 52 + 2].some(isPowerOfTwo)).toBe(false);
  });
});

describe('perfect subtree cover of a leaf range', () => {
  it('covers [begin, end) exactly with aligned perfect subtrees, left to right', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.nat({ max: 1_000_000 }), (a, b) => {
        const [begin, end] = a <= b ? [a, b] : [b, a];
        const ranges = covered(rangeNodes(begin, end));
        let at = begin;
        for (const [lo, hi] of ranges) {
          expect(lo).toBe(at);
          at = hi;
        }
        expect(at).toBe(end);
        // Fewest nodes: at most two per level.
        expect(ranges.length).toBeLessThanOrEqual(2 * Math.max(1, bitLength(end)));
      }),
    );
  });

  it('keeps one node per set bit of the size for a tree root, highest first', () => {
    expect(rootPlan(0)).toEqual([]);
    expect(rootPlan(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rootPlan(2 ** 52 + 1)).toEqual([
      { level: 52, index: 0 },
      { level: 0, index: 2 ** 52 },
    ]);
  });
});

describe('proof plans', () => {
  it('plans a proof of exactly the length RFC 9162 verification expects', () => {
    for (let size = 1; size <= 70; size++) {
      for (let index = 0; index < size; index++) {
        const plan = inclusionProofPlan(index, size);
        const elements = plan.nodes.length - Math.max(0, plan.ephemeralEnd - plan.ephemeralBegin - 1);
        expect(elements).toBe(inclusionProofLength(index, size));
      }
      for (let size1 = 1; size1 < size; size1++) {
        const plan = consistencyProofPlan(size1, size);
        const elements = plan.nodes.length - Math.max(0, plan.ephemeralEnd - plan.ephemeralBegin - 1);
        expect(elements).toBe(consistencyProofLength(size1, size));
      }
    }
  });

  it('only asks for perfect subtrees inside the tree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 0, max: 1, noNaN: true }), (size, f) => {
        const index = Math.min(size - 1, Math.floor(f * size));
        for (const [, end] of covered(inclusionProofPlan(index, size).nodes)) expect(end).toBeLessThanOrEqual(size);
        const size1 = Math.max(1, index);
        for (const [, end] of covered(consistencyProofPlan(size1, size).nodes)) expect(end).toBeLessThanOrEqual(size);
      }),
      { numRuns: 300 },
    );
  });

  it('needs a handful of nodes even in a tree of 2^53 − 1 leaves', () => {
    const size = Number.MAX_SAFE_INTEGER;
    const plan = inclusionProofPlan(12345, size);
    expect(plan.nodes.length).toBeLessThanOrEqual(2 * 53);
    expect(inclusionProofLength(12345, size)).toBe(53);
  });

  it('refuses indexes and sizes outside the tree, and a consistency proof from the empty tree', () => {
    expect(() => inclusionProofPlan(5, 5)).toThrow(expect.objectContaining({ code: 'merkle.index_out_of_range' }));
    expect(() => inclusionProofPlan(-1, 5)).toThrow(expect.objectContaining({ code: 'merkle.number_invalid' }));
    expect(() => inclusionProofPlan(0, 2 ** 53)).toThrow(expect.objectContaining({ code: 'merkle.number_invalid' }));
    expect(() => inclusionProofPlan(0.5, 5)).toThrow(expect.objectContaining({ code: 'merkle.number_invalid' }));
    expect(() => consistencyProofPlan(0, 5)).toThrow(expect.objectContaining({ code: 'merkle.consistency_from_empty' }));
    expect(() => consistencyProofPlan(0, 0)).toThrow(expect.objectContaining({ code: 'merkle.consistency_from_empty' }));
    expect(() => consistencyProofPlan(6, 5)).toThrow(expect.objectContaining({ code: 'merkle.size_order' }));
    expect(consistencyProofPlan(5, 5).nodes).toEqual([]);
  });
});
