import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, RETRY_HEADERS } from '@fluentmeet/email-contracts';
import { historyOf, safeMessage, toDeadLetter, toRetryRecord } from '../../src/delivery/history.js';
import type { InboundRecord } from '../../src/kafka/records.js';

const source: InboundRecord = {
  topic: 'work',
  partition: 3,
  offset: '42',
  timestamp: '1700000000000',
  key: Buffer.from('ada@example.com'),
  value: Buffer.from('{"x":1}'),
  headers: { 'envelope-id': Buffer.from('id-1') },
};

describe('retry and dead-letter records', () => {
  it('carries the original coordinates through the retry topic into the DLQ', () => {
    const history = historyOf(source);
    expect(history.attempts).toBe(0);
    history.attempts = 2;
    const retry = toRetryRecord(source, history, {
      notBefore: 1_700_000_060_000,
      lastError: 'MAILGUN_UNAVAILABLE',
      firstFailure: '2026-11-01T00:00:00.000Z',
    });
    expect(retry.key).toBe(source.key);
    expect(retry.value).toBe(source.value);
    expect(retry.headers[RETRY_HEADERS.attempts]).toBe('2');
    expect(retry.headers['envelope-id']).toEqual(Buffer.from('id-1'));

    const fromRetryTopic: InboundRecord = {
      ...source,
      topic: 'work.retry',
      partition: 0,
      offset: '7',
      headers: Object.fromEntries(
        Object.entries(retry.headers).map(([name, value]) => [name, Buffer.from(value)]),
      ),
    };
    const carried = historyOf(fromRetryTopic);
    expect(carried).toMatchObject({
      attempts: 2,
      notBefore: 1_700_000_060_000,
      lastError: 'MAILGUN_UNAVAILABLE',
      origin: { topic: 'work', partition: '3', offset: '42', timestamp: '1700000000000' },
    });
    const dead = toDeadLetter(fromRetryTopic, carried, {
      code: 'MAILGUN_UNAVAILABLE',
      message: 'gave up',
      attempts: 3,
      firstFailure: carried.firstFailure!,
      lastFailure: '2026-11-01T00:10:00.000Z',
      consumerGroup: 'email-worker',
    });
    expect(dead.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: 'work',
      [DLQ_HEADERS.originalPartition]: '3',
      [DLQ_HEADERS.originalOffset]: '42',
      [DLQ_HEADERS.originalTimestamp]: '1700000000000',
      [DLQ_HEADERS.originalConsumerGroup]: 'email-worker',
      [DLQ_HEADERS.exceptionFqcn]: 'MAILGUN_UNAVAILABLE',
      [DLQ_HEADERS.exceptionMessage]: 'gave up',
      [DLQ_HEADERS.attempts]: '3',
      [DLQ_HEADERS.firstFailure]: '2026-11-01T00:00:00.000Z',
      [DLQ_HEADERS.lastFailure]: '2026-11-01T00:10:00.000Z',
    });
    expect(dead.headers[RETRY_HEADERS.attempts]).toBeUndefined();
  });

  it('removes secrets and truncates messages', () => {
    const text = safeMessage('key key-abc123 at https://x.test/v?token=s3cret&a=1', ['key-abc123']);
    expect(text).toBe('key [redacted] at https://x.test/v?token=[redacted]&a=1');
    expect(safeMessage('x'.repeat(5_000))).toHaveLength(1_000);
  });
});
