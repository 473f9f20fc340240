import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/delivery/retry-delay.js';

const options = { baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retryDelay', () => {
  it('never retries before the provider says so', () => {
    expect(retryDelay(1, 12_000, 10_000, options, () => 0)).toBe(2_000);
    expect(retryDelay(1, 9_000, 10_000, options, () => 0.5)).toBe(50);
    expect(retryDelay(1, undefined, 10_000, options, () => 0.5)).toBe(50);
  });
});
