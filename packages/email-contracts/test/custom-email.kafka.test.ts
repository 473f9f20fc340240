import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { randomName } from '@fluentmeet/testkit';
import { EmailProducer } from '../src/producer/index.js';
import {
  CUSTOM_LIMITS,
  EmailContractError,
  buildEnvelope,
  parseEnvelope,
  toRecord,
  type EmailEnvelope,
  type EmailRequest,
} from '../src/index.js';

const brokers = inject('kafkaBrokers');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function createTopic(topic: string): Promise<void> {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
  await admin.disconnect();
}

async function connectedProducer(topic: string): Promise<EmailProducer> {
  const producer = new EmailProducer({ config: { clientId: 'custom-email-test', brokers }, topic });
  await producer.connect();
  cleanups.push(() => producer.disconnect());
  return producer;
}

/** Everything on `topic` from its start, as offset and envelope. */
async function readAll(topic: string): Promise<{ offset: string; envelope: EmailEnvelope }[]> {
  const received: { offset: string; envelope: EmailEnvelope }[] = [];
  const kafka = new Kafka({ clientId: 'custom-email-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({
    groupId: randomName('group'),
    maxBytesPerPartition: 4_194_304,
  });
  cleanups.push(() => consumer.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push({ offset: message.offset, envelope: parseEnvelope(message.value) });
    },
  });
  return received;
}

async function codeOf(sending: Promise<unknown>): Promise<string> {
  try {
    await sending;
  } catch (error) {
    if (error instanceof EmailContractError) return error.code;
    throw error;
  }
  return 'sent';
}

describe('custom emails through a real broker', () => {
  it('refuses a too large body, a missing subject and a template with html, publishing nothing', async () => {
    const topic = randomName('email');
    await createTopic(topic);
    const producer = await connectedProducer(topic);
    const base = { to: 'ada@example.com', subject: 'Your recording is ready' };
    const refused = [
      { ...base, html: 'h'.repeat(CUSTOM_LIMITS.htmlMaxLength + 1) },
      { ...base, html: '<p>ok</p>', text: 't'.repeat(CUSTOM_LIMITS.textMaxLength + 1) },
      { to: base.to, html: '<p>no subject</p>' },
      {
        to: base.to,
        template: 'verification',
        data: { verification_link: 'https://app.fluentmeet.com/verify-email?token=abc' },
        html: '<p>mixed</p>',
      },
    ] as unknown as EmailRequest[];
    for (const request of refused) {
      expect(await codeOf(producer.sendEmail(request))).toBe('ENVELOPE_INVALID');
    }
    const sent = await producer.sendEmail({ ...base, html: '<p>Your recording is ready.</p>' });

    const received = await readAll(topic);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(1);
    // The only record, at offset 0: none of the refused requests reached the topic.
    expect(received[0]!.offset).toBe('0');
    expect(received[0]!.envelope).toMatchObject({
      id: sent.id,
      template: 'custom',
      html: '<p>Your recording is ready.</p>',
    });
  });

  it('publishes a batch of the largest envelopes, more than 1 MB together, in several requests', async () => {
    const topic = randomName('email');
    await createTopic(topic);
    const producer = await connectedProducer(topic);
    // JSON writes each control character as \u0001: about 590 KB per envelope.
    const envelopes = [1, 2, 3].map((n) =>
      buildEnvelope({
        to: `user${n}@example.com`,
        subject: `Largest ${n}`,
        html: '\u0001'.repeat(CUSTOM_LIMITS.htmlMaxLength),
        text: '\u0001'.repeat(CUSTOM_LIMITS.textMaxLength),
      }),
    );
    const total = envelopes.reduce((sum, e) => sum + Buffer.byteLength(toRecord(e).value), 0);
    expect(total).toBeGreaterThan(1_048_588);

    const published = await producer.publish(envelopes);
    expect(published.map((p) => p.id)).toEqual(envelopes.map((e) => e.id));

    const received = await readAll(topic);
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(3);
    expect(received.map((r) => r.envelope.id)).toEqual(envelopes.map((e) => e.id));
  });
});
