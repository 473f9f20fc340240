import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  CUSTOM_LIMITS,
  DLQ_HEADERS,
  buildEnvelope,
  buildSuppression,
  toRecord,
} from '@fluentmeet/email-contracts';
import { EmailProducer } from '@fluentmeet/email-contracts/producer';
import { Kafka, logLevel } from 'kafkajs';
import { replayDeadLetters } from '../../src/kafka/dlq-replay.js';
import {
  collect,
  emailProducer,
  makeTopics,
  produceRaw,
  sandboxFor,
  startWorkerFromEnv,
  topicSize,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

// A document as a service renders it: its own layout and CSS, entities, quotes, an emoji,
// CRLF line ends and trailing spaces. Every byte of it must reach Mailgun as it is.
const HTML = [
  '<!DOCTYPE html>',
  '<html lang="en"><head><meta charset="utf-8"><title>Recording ready</title>',
  '<style>p { color: #1f2937; } .cta { font-weight: 600; }</style></head>  ',
  '<body>',
  '<h1>Your recording is ready</h1>',
  '<p>Hi &amp; welcome back, <b>Ada</b> — “Weekly sync” &lt;team&gt; 👩‍💻</p>',
  '<p><a class="cta" href="https://app.fluentmeet.test/recordings/42?t=a&amp;b=c">Watch the recording</a></p>',
  '</body></html>',
].join('\r\n');

describe('custom emails (a body the producer rendered) through the worker', () => {
  it('sends the HTML byte for byte with its subject, derives a text part that says the same, tracking off', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const producer = await emailProducer(brokers, topics.email);

    const derived = await producer.sendEmail({
      to: 'ada@example.com',
      subject: 'Your recording of “Weekly sync” is ready',
      html: HTML,
    });
    const given = await producer.sendEmail({
      to: 'grace@example.com',
      subject: 'With its own text',
      html: '<p>Hello <i>Grace</i></p>',
      text: 'Hello Grace,\r\nas written by the sender.',
      tracking: true,
    });

    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(2);
    const [first] = sandbox.messages({ envelope_id: derived.id });
    expect(first!.html).toBe(HTML);
    expect(first!.subject).toBe('Your recording of “Weekly sync” is ready');
    expect(first!.tags).toEqual(['custom']);
    expect(first!.text).toBe(
      [
        'Your recording is ready',
        '',
        'Hi & welcome back, Ada — “Weekly sync” <team> 👩‍💻',
        '',
        'Watch the recording [https://app.fluentmeet.test/recordings/42?t=a&b=c]',
        '',
      ].join('\n'),
    );
    expect(first!.options).toEqual({
      tracking: 'no',
      'tracking-clicks': 'no',
      'tracking-opens': 'no',
    });

    const [second] = sandbox.messages({ envelope_id: given.id });
    expect(second!.html).toBe('<p>Hello <i>Grace</i></p>');
    expect(second!.text).toBe('Hello Grace,\r\nas written by the sender.');
    // Asked for: no per-message switch, so the domain's tracking setting applies.
    expect(second!.options).toEqual({});
    await expect
      .poll(() => worker.metricsRegistry.metrics())
      .toMatch(/email_worker_sent_total\{template="custom"\} 2/);
  });

  it('dead-letters custom envelopes a non-TypeScript producer wrote against the contract as ENVELOPE_INVALID and stays healthy', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor();
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const dlq = await collect(brokers, topics.dlq);
    const valid = buildEnvelope({ to: 'ok@example.com', subject: 'Fine', html: '<p>fine</p>' });
    const metadata = { id: valid.id, version: 1, createdAt: valid.createdAt, to: valid.to };
    // Hand-written JSON, as a service in another language would produce it.
    const bad: [string, Record<string, unknown>][] = [
      [
        'k1-too-large',
        {
          ...metadata,
          template: 'custom',
          subject: 'Big',
          html: 'h'.repeat(CUSTOM_LIMITS.htmlMaxLength + 1),
        },
      ],
      ['k2-no-subject', { ...metadata, template: 'custom', html: '<p>no subject</p>' }],
      [
        'k3-mixed',
        {
          ...metadata,
          template: 'verification',
          data: { verification_link: 'https://app.fluentmeet.test/verify-email?token=x' },
          html: '<p>mixed</p>',
        },
      ],
    ];
    await produceRaw(brokers, topics.email, [
      ...bad.map(([key, value]) => ({ key, value: JSON.stringify(value) })),
      toRecord(valid),
    ]);

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(3);
    dlq.sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
    expect(
      dlq.map((record) => [
        record.key,
        record.headers[DLQ_HEADERS.exceptionFqcn],
        record.headers[DLQ_HEADERS.exceptionMessage],
      ]),
    ).toEqual([
      ['k1-too-large', 'ENVELOPE_INVALID', expect.stringContaining('/html') as unknown],
      ['k2-no-subject', 'ENVELOPE_INVALID', expect.stringContaining('/subject') as unknown],
      ['k3-mixed', 'ENVELOPE_INVALID', expect.stringContaining('/html') as unknown],
    ]);
    // The original values are kept, the too large one too.
    expect(dlq[0]!.value).toBe(JSON.stringify(bad[0]![1]));
    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    expect(sandbox.messages()[0]!.envelopeId).toBe(valid.id);
    expect(worker.isReady()).toBe(true);
  });

  it('gets the same retries, suppression and de-duplication as a template email', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({ faults: [{ status: 503, count: 2 }] });
    const suppressions = new EmailProducer({
      config: { clientId: 'ew-test', brokers },
      suppressionsTopic: topics.suppressions,
    });
    await suppressions.connect();
    onTestFinished(() => suppressions.disconnect());
    await suppressions.publishSuppressions([
      buildSuppression({ address: 'bounced@example.com', state: 'suppressed', reason: 'bounced' }),
    ]);
    const dlq = await collect(brokers, topics.dlq);
    const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));

    const retried = buildEnvelope({ to: 'ada@example.com', subject: 'Retried', html: '<p>r</p>' });
    const toSuppressed = buildEnvelope({
      to: 'bounced@example.com',
      subject: 'Suppressed',
      html: '<p>s</p>',
    });
    // The same envelope twice (a producer that re-sent it): one email.
    await produceRaw(brokers, topics.email, [
      toRecord(retried),
      toRecord(retried),
      toRecord(toSuppressed),
    ]);

    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    expect(dlq[0]!.headers[DLQ_HEADERS.exceptionFqcn]).toBe('SUPPRESSED');
    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    expect(sandbox.messages()[0]!.envelopeId).toBe(retried.id);
    expect(sandbox.faults()).toEqual([]); // both 503s were answered before it was sent
    await expect
      .poll(() => worker.metricsRegistry.metrics())
      .toMatch(/email_worker_duplicates_skipped_total 1/);
    expect(await worker.metricsRegistry.metrics()).toMatch(
      /email_worker_retried_total\{via="inline"\} 2/,
    );
    expect(await topicSize(brokers, topics.retry)).toBe(0);
  });

  it('is replayed from the DLQ like any other email, the HTML still byte for byte', async () => {
    const topics = await makeTopics(brokers, 1);
    const sandbox = await sandboxFor({ faults: [{ status: 400, count: 1 }] });
    await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
    const dlq = await collect(brokers, topics.dlq);
    const producer = await emailProducer(brokers, topics.email);
    const sent = await producer.sendEmail({ to: 'ada@example.com', subject: 'Again', html: HTML });
    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    expect(dlq[0]!.headers[DLQ_HEADERS.exceptionFqcn]).toBe('MAILGUN_REJECTED');
    expect(sandbox.count()).toBe(0);

    const kafka = new Kafka({ clientId: 'replay-test', brokers, logLevel: logLevel.NOTHING });
    const report = await replayDeadLetters(kafka, {
      from: topics.dlq,
      to: topics.email,
      rate: 10,
      since: new Date(Date.now() - 60_000),
      codes: ['MAILGUN_REJECTED'],
      dryRun: false,
    });
    expect(report).toMatchObject({ scanned: 1, replayed: { MAILGUN_REJECTED: 1 } });
    await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(1);
    const [message] = sandbox.messages();
    expect(message!.envelopeId).toBe(sent.id);
    expect(message!.html).toBe(HTML);
  });
});
