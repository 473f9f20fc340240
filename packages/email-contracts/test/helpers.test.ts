import { describe, expect, it } from 'vitest';
import { backoffDelay, maskEmail, redactText } from '../src/index.js';

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
});

describe('redaction', () => {
  it('replaces secrets, token-like query parameters and authorization values with one marker', () => {
    expect(redactText('key key-abc123 at https://x.test/v?token=s3cret&a=1', ['key-abc123'])).toBe(
      'key [redacted] at https://x.test/v?token=[redacted]&a=1',
    );
    expect(redactText('/verify-email?token=abc#top')).toBe('/verify-email?token=[redacted]#top');
    expect(redactText('Authorization: Basic YXBpOmtleQ== sent')).toBe(
      'Authorization: [redacted] sent',
    );
  });

  it('masks a recipient but keeps the domain', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});
