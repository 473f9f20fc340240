import { describe, expect, inject, it } from 'vitest';
import { DLQ_HEADERS, RETRY_HEADERS } from '@fluentmeet/email-contracts';
import {
  collect,
  emailProducer,
  makeTopics,
  produceRaw,
  rawRecord,
  request,
  sandboxFor,
  startWorkerFromEnv,
  topicSize,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

describe('email worker delivery', () => {
  it('delivers an email published with EmailProducer exactly once, rendered and tagged', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);

    const published = await producer.sendEmail(
      request(1, {
        to: 'Ada@Example.com',
        data: {
          verification_link: 'https://app.fluentmeet.test/verify-email?token=abc',
          full_name: 'Ada',
        },
      }),
    );

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    const [message] = sandbox.messages();
    expect(message!.to).toEqual(['Ada@Example.com']);
    expect(message!.subject).toMatch(/verify/i);
    expect(message!.html).toContain('https://app.fluentmeet.test/verify-email?token=abc');
    expect(message!.text).toContain('https://app.fluentmeet.test/verify-email?token=abc');
    expect(message!.tags).toEqual(['verification']);
    expect(message!.envelopeId).toBe(published.id);
    expect(message!.headers['X-FluentMeet-Envelope-Id']).toBe(published.id);
    expect(message!.from).toContain('no-reply@fluentmeet.com');
    expect(worker.isReady()).toBe(true);
    // The sandbox stores the message before the worker has read the answer.
    await expect
      .poll(() => worker.metricsRegistry.metrics())
      .toMatch(/email_worker_sent_total\{template="verification"\} 1/);
    await expect
      .poll(async () =>
        (await worker.metricsRegistry.metrics()).match(/email_worker_consumer_lag\{[^}]*\} 0/),
      )
      .toBeTruthy();
    const scraped = await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`);
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toContain('email_worker_mailgun_latency_seconds_bucket');
    expect(text).toContain('email_worker_in_flight 0');
    expect((await fetch(`http://127.0.0.1:${worker.healthPort}/health/ready`)).status).toBe(200);
  });

  it('retries transient failures (503 twice) and delivers once, nothing dead-lettered', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor({ faults: [{ status: 503, count: 2 }] });
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);
    const published = await producer.sendEmail(request(2));

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    expect(sandbox.messages()[0]!.envelopeId).toBe(published.id);
    expect(sandbox.faults()).toEqual([]); // both 503s were used up
    expect(await worker.metricsRegistry.metrics()).toMatch(
      /email_worker_retried_total\{via="inline"\} 2/,
    );
    expect(await topicSize(brokers, topics.dlq)).toBe(0);
    expect(await topicSize(brokers, topics.retry)).toBe(0);
  });

  it('honours a 429 "try again after 2 seconds" and does not retry earlier', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor({
      faults: [
        {
          status: 429,
          body: JSON.stringify({ message: 'Rate limit exceeded, try again after 2 seconds' }),
          count: 1,
        },
      ],
    });
    // Mailgun's wait counts up to RETRY_MAX_DELAY_MS (the helpers' 500 ms would clamp it).
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics, { RETRY_MAX_DELAY_MS: '60000' }));
    const producer = await emailProducer(brokers, topics.email);
    const before = Date.now();
    await producer.sendEmail(request(3));

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    const receivedAt = Date.parse(sandbox.messages()[0]!.receivedAt);
    expect(receivedAt - before).toBeGreaterThanOrEqual(2_000);
    expect(await topicSize(brokers, topics.dlq)).toBe(0);
  });

  it('moves a long wait to the retry topic instead of holding the partition', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({
      faults: [
        { status: 429, body: 'try again after 2 seconds', count: 1, to: 'user40@example.com' },
      ],
    });
    await startWorkerFromEnv(
      workerEnv(brokers, sandbox, topics, {
        RETRY_INLINE_MAX_MS: '200',
        RETRY_MAX_DELAY_MS: '60000',
      }),
    );
    const producer = await emailProducer(brokers, topics.email);
    const before = Date.now();
    const slow = await producer.sendEmail(request(40));
    const fast = await producer.sendEmail(request(41));

    // The record behind the rate-limited one is not held back by its wait.
    await expect
      .poll(() => sandbox.messages({ envelope_id: fast.id }).length, { timeout: 10_000 })
      .toBe(1);
    expect(sandbox.messages({ envelope_id: slow.id })).toHaveLength(0);
    const retries = await collect(brokers, topics.retry);
    await expect.poll(() => retries.length, { timeout: 10_000 }).toBe(1);
    expect(retries[0]!.headers[RETRY_HEADERS.attempts]).toBe('1');
    expect(retries[0]!.headers[RETRY_HEADERS.lastError]).toBe('MAILGUN_RATE_LIMITED');
    expect(Number(retries[0]!.headers[RETRY_HEADERS.notBefore])).toBeGreaterThanOrEqual(
      before + 2_000,
    );
    expect(retries[0]!.headers[DLQ_HEADERS.originalTopic]).toBe(topics.email);

    await expect
      .poll(() => sandbox.messages({ envelope_id: slow.id }).length, { timeout: 15_000 })
      .toBe(1);
    const receivedAt = Date.parse(sandbox.messages({ envelope_id: slow.id })[0]!.receivedAt);
    expect(receivedAt - before).toBeGreaterThanOrEqual(2_000);
    expect(await topicSize(brokers, topics.dlq)).toBe(0);
  });

  it('dead-letters a permanent 400 with every header and keeps going', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor({ faults: [{ status: 400, count: 1 }] });
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);
    const dlq = await collect(brokers, topics.dlq);
    const record = rawRecord(5);
    await produceRaw(brokers, topics.email, [record]);

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    const [dead] = dlq;
    expect(dead!.key).toBe(record.key);
    expect(dead!.value).toBe(record.value);
    expect(dead!.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: topics.email,
      [DLQ_HEADERS.originalConsumerGroup]: topics.group,
      [DLQ_HEADERS.exceptionFqcn]: 'MAILGUN_REJECTED',
      [DLQ_HEADERS.attempts]: '1',
      'envelope-id': record.headers['envelope-id'],
    });
    expect(dead!.headers[DLQ_HEADERS.originalPartition]).toMatch(/^\d+$/);
    expect(dead!.headers[DLQ_HEADERS.originalOffset]).toMatch(/^\d+$/);
    expect(dead!.headers[DLQ_HEADERS.originalTimestamp]).toMatch(/^\d+$/);
    expect(dead!.headers[DLQ_HEADERS.exceptionMessage]!.length).toBeGreaterThan(0);
    expect(Date.parse(dead!.headers[DLQ_HEADERS.firstFailure]!)).not.toBeNaN();
    expect(Date.parse(dead!.headers[DLQ_HEADERS.lastFailure]!)).not.toBeNaN();

    const good = await producer.sendEmail(request(6));
    await expect
      .poll(() => sandbox.messages({ envelope_id: good.id }).length, { timeout: 15_000 })
      .toBe(1);
    expect(dlq).toHaveLength(1);
  });

  it('dead-letters poison records at once with the reason and stays healthy', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor();
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const dlq = await collect(brokers, topics.dlq);
    const unknownTemplate = JSON.parse(rawRecord(7).value) as Record<string, unknown>;
    unknownTemplate.template = 'newsletter';
    await produceRaw(brokers, topics.email, [
      { key: 'k1', value: '{not json' },
      { key: 'k2', value: JSON.stringify(unknownTemplate) },
      { key: 'k3', value: JSON.stringify({ template: 'verification', to: 'x@example.com' }) },
      rawRecord(8),
    ]);

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(3);
    dlq.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? '')); // written concurrently
    expect(dlq.map((record) => [record.key, record.headers[DLQ_HEADERS.exceptionFqcn]])).toEqual([
      ['k1', 'ENVELOPE_NOT_JSON'],
      ['k2', 'UNKNOWN_TEMPLATE'],
      ['k3', 'ENVELOPE_INVALID'],
    ]);
    expect(dlq[0]!.value).toBe('{not json');
    expect(dlq[1]!.headers[DLQ_HEADERS.exceptionMessage]).toContain('newsletter');
    expect(dlq[0]!.headers[DLQ_HEADERS.attempts]).toBe('0');
    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    expect(worker.isReady()).toBe(true);
    await expect
      .poll(() => worker.metricsRegistry.metrics())
      .toMatch(/email_worker_dead_lettered_total\{code="ENVELOPE_NOT_JSON"\} 1/);
  });

  it('dead-letters an email whose notAfter has passed (EXPIRED) instead of sending it', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor();
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);
    const dlq = await collect(brokers, topics.dlq);
    const expired = await producer.sendEmail(
      request(9, { notAfter: new Date(Date.now() - 10 * 60_000) }),
    );
    const fresh = await producer.sendEmail(
      request(10, { notAfter: new Date(Date.now() + 60_000) }),
    );
    // Stamped by a producer whose clock runs a few seconds behind the worker's:
    // within CLOCK_SKEW_TOLERANCE_MS, so it is still worth sending.
    const skewed = await producer.sendEmail(
      request(13, { notAfter: new Date(Date.now() - 5_000) }),
    );

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    expect(dlq[0]!.headers[DLQ_HEADERS.exceptionFqcn]).toBe('EXPIRED');
    expect(dlq[0]!.headers['envelope-id']).toBe(expired.id);
    await expect
      .poll(() => sandbox.messages({ envelope_id: fresh.id }).length, { timeout: 15_000 })
      .toBe(1);
    await expect
      .poll(() => sandbox.messages({ envelope_id: skewed.id }).length, { timeout: 15_000 })
      .toBe(1);
    expect(sandbox.messages({ envelope_id: expired.id })).toHaveLength(0);
    expect(dlq).toHaveLength(1);
  });

  it('dead-letters after the retry budget, via the retry topic, with the original coordinates', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({ faults: [{ status: 503, to: 'user11@example.com' }] });
    await startWorkerFromEnv(
      workerEnv(brokers, sandbox, topics, { RETRY_INLINE_MAX_MS: '0', RETRY_MAX_ATTEMPTS: '3' }),
    );
    const producer = await emailProducer(brokers, topics.email);
    const dlq = await collect(brokers, topics.dlq);
    const retries = await collect(brokers, topics.retry);
    const record = rawRecord(11);
    await produceRaw(brokers, topics.email, [record]);

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    await expect // the retry-topic reader may trail the DLQ reader
      .poll(() => retries.map((retry) => retry.headers[RETRY_HEADERS.attempts]), {
        timeout: 15_000,
      })
      .toEqual(['1', '2']);
    const [dead] = dlq;
    expect(dead!.value).toBe(record.value);
    expect(dead!.key).toBe(record.key);
    expect(dead!.headers).toMatchObject({
      [DLQ_HEADERS.originalTopic]: topics.email,
      [DLQ_HEADERS.originalPartition]: '0',
      [DLQ_HEADERS.originalOffset]: '0',
      [DLQ_HEADERS.exceptionFqcn]: 'MAILGUN_UNAVAILABLE',
      [DLQ_HEADERS.attempts]: '3',
      [DLQ_HEADERS.firstFailure]: retries[0]!.headers[RETRY_HEADERS.firstFailure],
    });
    expect(dead!.headers[DLQ_HEADERS.exceptionMessage]).toMatch(
      /retry budget spent after 3 attempts/,
    );
    expect(dead!.headers[RETRY_HEADERS.attempts]).toBeUndefined();
    // Other recipients are unaffected.
    const good = await producer.sendEmail(request(12));
    await expect
      .poll(() => sandbox.messages({ envelope_id: good.id }).length, { timeout: 15_000 })
      .toBe(1);
  });
});
