import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  DLQ_HEADERS,
  buildEnvelope,
  buildSuppression,
  type SuppressionRecord,
} from '@fluentmeet/email-contracts';
import { EmailProducer } from '@fluentmeet/email-contracts/producer';
import { createLogger, loadConfig, startWorker } from '../../src/index.js';
import {
  collect,
  emailProducer,
  makeTopics,
  request,
  sandboxFor,
  workerEnv,
  type TestTopics,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

async function suppressionProducer(topics: TestTopics): Promise<EmailProducer> {
  const producer = new EmailProducer({
    config: { clientId: 'ew-test', brokers },
    suppressionsTopic: topics.suppressions,
  });
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  return producer;
}

/** A worker whose log lines the test reads. */
async function loggedWorker(env: Record<string, string>) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const worker = await startWorker(loadConfig(env), { logger });
  onTestFinished(async () => {
    await worker.stop();
  });
  await worker.ready;
  return { worker, lines };
}

const suppressed = (address: string, reason: 'bounced' | 'complained' = 'bounced') =>
  buildSuppression({ address, state: 'suppressed', reason });
const lifted = (address: string): SuppressionRecord =>
  buildSuppression({ address, state: 'lifted' });

describe('the suppression list in the worker', () => {
  it('reads the whole list before it takes email: suppressed addresses are dead-lettered as SUPPRESSED, not sent', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const suppressions = await suppressionProducer(topics);
    const addresses = Array.from({ length: 300 }, (_, i) => `bounce+${i}@example.com`);
    await suppressions.publishSuppressions(addresses.map((address) => suppressed(address)));
    // The last record of an address wins: this one may receive email again.
    await suppressions.publishSuppressions([lifted(addresses[7]!)]);
    const emails = await emailProducer(brokers, topics.email);
    await emails.publish(
      [...addresses, 'Fine@Example.com'].map((to, i) => buildEnvelope(request(i, { to }))),
    );
    const dlq = await collect(brokers, topics.dlq);

    const { worker, lines } = await loggedWorker(workerEnv(brokers, sandbox, topics));
    expect(lines.find((line) => line.msg === 'suppression list read')).toMatchObject({
      suppressed: 299,
      records: 301,
    });
    await expect.poll(() => dlq.length, { timeout: 30_000 }).toBe(299);
    await expect.poll(() => sandbox.count()).toBe(2);
    expect(
      sandbox
        .messages()
        .flatMap((message) => message.to)
        .sort(),
    ).toEqual(['Fine@Example.com', 'bounce+7@example.com']);
    expect(new Set(dlq.map((record) => record.headers[DLQ_HEADERS.exceptionFqcn]))).toEqual(
      new Set(['SUPPRESSED']),
    );
    expect(dlq[0]!.headers[DLQ_HEADERS.exceptionMessage]).toMatch(/suppressed \(bounced at /);
    const metrics = await worker.metricsRegistry.metrics();
    expect(metrics).toContain('email_worker_suppressed_total{template="verification"} 299');
    expect(metrics).toContain('email_worker_suppressed_addresses 299');
    // Mailgun's id is on the outcome line of each send, for the delivery events that follow.
    const sentLines = lines.filter((line) => line.outcome === 'sent');
    expect(sentLines).toHaveLength(2);
    for (const line of sentLines) {
      expect(line.messageId).toBe(
        sandbox.messages({ envelope_id: line.envelopeId as string })[0]!.id,
      );
    }
  });

  it('follows the list while running: a new suppression stops sending, lifting restores it', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const suppressions = await suppressionProducer(topics);
    const emails = await emailProducer(brokers, topics.email);
    const dlq = await collect(brokers, topics.dlq);
    const { lines } = await loggedWorker(workerEnv(brokers, sandbox, topics));
    const to = 'complain+x@example.com';

    await suppressions.publishSuppressions([suppressed(to, 'complained')]);
    await expect
      .poll(() => lines.some((line) => line.suppression === 'suppressed'), { timeout: 15_000 })
      .toBe(true);
    expect(lines.find((line) => line.suppression === 'suppressed')).toMatchObject({
      to: 'c***@example.com',
      reason: 'complained',
    });
    const blocked = await emails.sendEmail(request(1, { to }));
    await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(1);
    expect(dlq[0]!.headers[DLQ_HEADERS.exceptionFqcn]).toBe('SUPPRESSED');
    expect(dlq[0]!.headers['envelope-id']).toBe(blocked.id);
    expect(sandbox.count()).toBe(0);

    await suppressions.publishSuppressions([lifted(to)]);
    await expect
      .poll(() => lines.some((line) => line.suppression === 'lifted'), { timeout: 15_000 })
      .toBe(true);
    const allowed = await emails.sendEmail(request(2, { to }));
    await expect
      .poll(() => sandbox.messages({ envelope_id: allowed.id }), { timeout: 15_000 })
      .toHaveLength(1);
    expect(dlq).toHaveLength(1);
  });

  it('does not start without the suppressions topic, and says which one to create', async () => {
    const topics = await makeTopics(brokers);
    const sandbox = await sandboxFor();
    const env = workerEnv(brokers, sandbox, { ...topics, suppressions: `${topics.email}.missing` });
    await expect(startWorker(loadConfig(env), { logger: createLogger('silent') })).rejects.toThrow(
      /suppressions topic ".*\.missing".*kafka:topics/,
    );
  });
});
