import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelay } from '../src/consumer/backoff.js';

const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoff with full jitter', () => {
  it('grows exponentially up to the cap', () => {
    const top = () => 0.999999;
    expect(backoffDelay(1, options, top)).toBe(99);
    expect(backoffDelay(2, options, top)).toBe(199);
    expect(backoffDelay(4, options, top)).toBe(799);
    expect(backoffDelay(5, options, top)).toBe(999);
    expect(backoffDelay(80, options, top)).toBe(999);
  });

  it('spreads waits over the whole range', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
  });

  it('never retries before the provider says so', () => {
    expect(retryDelay(1, 12_000, 10_000, options, () => 0)).toBe(2_000);
    expect(retryDelay(1, 9_000, 10_000, options, () => 0.5)).toBe(50);
    expect(retryDelay(1, undefined, 10_000, options, () => 0.5)).toBe(50);
  });
});
