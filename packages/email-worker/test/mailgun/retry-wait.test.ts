import { describe, expect, it } from 'vitest';
import { parseBodyWait, parseRetryAfterHeader, retryAtFrom } from '../../src/mailgun/retry-wait.js';

const NOW = Date.UTC(2026, 10, 28, 0, 12, 0);

describe('parseBodyWait', () => {
  it.each([
    ['account-requests-per-sec limit exceeded, try again after 120 seconds', 120_000],
    ['{"message":"limit exceeded, try again after 1 second"}', 1_000],
    ['try again after 2.5 seconds', 2_500],
    ['Try Again In 3 minutes', 180_000],
    ['try again after 250ms', 250],
  ])('reads a delay from %j', (body, waitMs) => {
    expect(parseBodyWait(body, NOW)).toBe(NOW + waitMs);
  });

  it.each([
    [
      'recipient limit exceeded, try again after Sat, 28 Nov 2026 00:14:00 UTC',
      Date.UTC(2026, 10, 28, 0, 14),
    ],
    ['{"message":"try again after Sat, 28 Nov 2026 00:14:00 GMT"}', Date.UTC(2026, 10, 28, 0, 14)],
    ['try again after 2026-11-28 01:00:00 +0000 UTC.', Date.UTC(2026, 10, 28, 1)],
    ['try again after 2026-11-28T01:00:30Z', Date.UTC(2026, 10, 28, 1, 0, 30)],
  ])('reads a date from %j', (body, at) => {
    expect(parseBodyWait(body, NOW)).toBe(at);
  });

  it.each(['Internal Server Error', 'try again after a while', 'try again after 12', ''])(
    'finds nothing in %j',
    (body) => {
      expect(parseBodyWait(body, NOW)).toBeUndefined();
    },
  );
});

describe('parseRetryAfterHeader', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterHeader('30', NOW)).toBe(NOW + 30_000);
    expect(parseRetryAfterHeader(['5', '9'], NOW)).toBe(NOW + 5_000);
    expect(parseRetryAfterHeader('Sat, 28 Nov 2026 00:13:00 GMT', NOW)).toBe(NOW + 60_000);
    expect(parseRetryAfterHeader(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfterHeader('soon', NOW)).toBeUndefined();
  });
});

describe('retryAtFrom', () => {
  it('falls back when neither body nor header names a wait', () => {
    expect(retryAtFrom('Too many requests', undefined, NOW, 30_000)).toBe(NOW + 30_000);
  });

  it('takes the later of body and header', () => {
    expect(retryAtFrom('try again after 10 seconds', '60', NOW, 30_000)).toBe(NOW + 60_000);
    expect(retryAtFrom('try again after 90 seconds', '60', NOW, 30_000)).toBe(NOW + 90_000);
  });

  it('never answers a time in the past', () => {
    expect(
      retryAtFrom('try again after Mon, 02 Jan 2006 15:04:05 UTC', undefined, NOW, 30_000),
    ).toBe(NOW);
  });
});
