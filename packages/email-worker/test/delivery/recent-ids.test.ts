import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../src/delivery/recent-ids.js';

describe('RecentIds', () => {
  it('remembers up to its capacity, dropping the least recently used', () => {
    const ids = new RecentIds(2);
    ids.add('a');
    ids.add('b');
    expect(ids.has('a')).toBe(true); // a is now the most recent
    ids.add('c');
    expect(ids.has('b')).toBe(false);
    expect(ids.has('a')).toBe(true);
    expect(ids.has('c')).toBe(true);
    expect(ids.size).toBe(2);
  });
});
