import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/delivery/retry-delay.js';

const options = { baseDelayMs: 100, maxDelayMs: 5_000 };

describe('retryDelay', () => {
  it('never retries before the provider says so', () => {
    expect(retryDelay(1, 12_000, 10_000, options, () => 0)).toBe(2_000);
    expect(retryDelay(1, 9_000, 10_000, options, () => 0.5)).toBe(50);
    expect(retryDelay(1, undefined, 10_000, options, () => 0.5)).toBe(50);
  });

  it('clamps a provider wait beyond RETRY_MAX_DELAY_MS to it (days, years)', () => {
    const now = 10_000;
    expect(retryDelay(1, now + 99_999_999_000, now, options, () => 0)).toBe(5_000);
    expect(retryDelay(1, now + 10 * 365 * 86_400_000, now, options, () => 0)).toBe(5_000);
  });
});
