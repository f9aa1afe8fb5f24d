import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache';

describe('PrincipalCache', () => {
  it('returns an entry until its time-to-live has passed', () => {
    const cache = new PrincipalCache<{ userId: string }>(1000);
    cache.set('a', { userId: 'u1' }, 0);
    expect(cache.get('a', 999)).toEqual({ userId: 'u1' });
    expect(cache.get('a', 1000)).toBeUndefined();
  });
  it('forgets every entry of a user at once', () => {
    const cache = new PrincipalCache<{ userId: string }>(1000);
    cache.set('a', { userId: 'u1' }, 0);
    cache.set('b', { userId: 'u1' }, 0);
    cache.set('c', { userId: 'u2' }, 0);
    cache.deleteUser('u1');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toEqual({ userId: 'u2' });
  });
  it('keeps nothing when the time-to-live is zero', () => {
    const cache = new PrincipalCache<{ userId: string }>(0);
    cache.set('a', { userId: 'u1' }, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
  it('evicts the oldest entry when full', () => {
    const cache = new PrincipalCache<{ userId: string }>(1000, 2);
    cache.set('a', { userId: 'u1' }, 0);
    cache.set('b', { userId: 'u2' }, 0);
    cache.set('c', { userId: 'u3' }, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('c', 1)).toEqual({ userId: 'u3' });
  });
});
