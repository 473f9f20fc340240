import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomName } from '@fluentmeet/testkit';
import { EmailProducer } from '../src/producer/index.js';
import {
  HEADERS,
  buildSuppression,
  parseEnvelope,
  parseSuppression,
  type EmailEnvelope,
  type SuppressionRecord,
} from '../src/index.js';

const brokers = inject('kafkaBrokers');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('EmailProducer against a real broker', () => {
  it('round-trips an envelope that a plain kafkajs consumer reads and validates', async () => {
    const topic = randomName('email');
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // The topic admin is the worker's (which depends on this package); a test topic is enough here.
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    await admin.disconnect();
    const producer = new EmailProducer({ config: { clientId: 'contracts-test', brokers }, topic });
    await producer.connect();
    cleanups.push(() => producer.disconnect());

    const sent = await producer.sendEmail({
      to: 'Linus@Example.com',
      template: 'verification',
      data: {
        verification_link: 'https://app.fluentmeet.com/verify-email?token=tok',
        expires_in_hours: 24,
      },
      correlationId: 'req-42',
    });

    const kafka = new Kafka({
      clientId: 'contracts-test-consumer',
      brokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer: Consumer = kafka.consumer({ groupId: randomName('group') });
    cleanups.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; headers: Record<string, string>; envelope: EmailEnvelope }[] =
      [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        received.push({
          key: String(message.key),
          headers,
          envelope: parseEnvelope(message.value),
        });
      },
    });

    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    const [first] = received;
    expect(first!.key).toBe('linus@example.com');
    expect(first!.envelope.id).toBe(sent.id);
    expect(first!.envelope.template).toBe('verification');
    expect(first!.envelope.correlationId).toBe('req-42');
    expect(first!.headers[HEADERS.envelopeId]).toBe(sent.id);
    expect(first!.headers[HEADERS.schemaVersion]).toBe('1');
  });

  it('publishes suppression records that a reader of the compacted topic gets by address', async () => {
    const topic = randomName('suppressions');
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    await admin.disconnect();
    const producer = new EmailProducer({
      config: { clientId: 'contracts-test', brokers },
      suppressionsTopic: topic,
    });
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const suppressed = buildSuppression({
      address: 'Bounce+X@Example.com',
      state: 'suppressed',
      reason: 'bounced',
    });
    const lifted = buildSuppression({ address: 'bounce+x@example.com', state: 'lifted' });
    await producer.publishSuppressions([suppressed]);
    await producer.publishSuppressions([lifted]);

    const consumer: Consumer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: randomName('group'),
    });
    cleanups.push(() => consumer.disconnect());
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: { key: string; record: SuppressionRecord | null }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: String(message.key), record: parseSuppression(message.value) });
      },
    });
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    expect(received).toEqual([
      { key: 'bounce+x@example.com', record: suppressed },
      { key: 'bounce+x@example.com', record: lifted },
    ]);
  });
});
