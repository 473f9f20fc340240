import type { Kafka, Producer, ProducerRecord, RecordMetadata } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { EmailProducer } from '../src/producer/index.js';
import { EmailContractError, HEADERS, TOPICS, buildEnvelope } from '../src/index.js';

function fakeProducer() {
  const sent: ProducerRecord[] = [];
  const send = vi.fn(async (record: ProducerRecord): Promise<RecordMetadata[]> => {
    sent.push(record);
    return [{ topicName: record.topic, partition: 2, errorCode: 0, baseOffset: '41' }];
  });
  const connect = vi.fn(async () => undefined);
  const disconnect = vi.fn(async () => undefined);
  const producer = { connect, disconnect, send } as unknown as Producer;
  return { producer, sent, send, connect, disconnect };
}

describe('EmailProducer', () => {
  it('publishes exactly the expected topic, key, headers and payload with acks=all', async () => {
    const { producer, sent } = fakeProducer();
    const emails = new EmailProducer({ producer });
    await emails.connect();
    const result = await emails.sendEmail({
      to: 'Grace@Example.com',
      template: 'password_reset',
      data: {
        reset_link: 'https://app.fluentmeet.com/reset-password?token=t',
        expires_in_minutes: 60,
      },
      correlationId: 'req-7',
      notAfter: '2026-11-28T11:00:00.000Z',
    });

    expect(sent).toHaveLength(1);
    const record = sent[0]!;
    expect(record.topic).toBe(TOPICS.email);
    expect(record.acks).toBe(-1);
    expect(record.messages).toHaveLength(1);
    const message = record.messages[0]!;
    expect(message.key).toBe('grace@example.com');
    const payload = JSON.parse(String(message.value)) as Record<string, unknown>;
    expect(payload).toEqual({
      id: result.id,
      version: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      to: 'Grace@Example.com',
      template: 'password_reset',
      data: {
        reset_link: 'https://app.fluentmeet.com/reset-password?token=t',
        expires_in_minutes: 60,
      },
      correlationId: 'req-7',
      notAfter: '2026-11-28T11:00:00.000Z',
    });
    expect(message.headers).toEqual({
      [HEADERS.contentType]: 'application/json',
      [HEADERS.schemaVersion]: '1',
      [HEADERS.envelopeId]: result.id,
      [HEADERS.correlationId]: 'req-7',
    });
    expect(result).toEqual({ id: result.id, topic: TOPICS.email, partition: 2, offset: '41' });
  });

  it('rejects invalid input without publishing anything', async () => {
    const { producer, send } = fakeProducer();
    const emails = new EmailProducer({ producer });
    await emails.connect();
    await expect(
      emails.sendEmail({ to: 'not-an-address', template: 'verification', data: {} as never }),
    ).rejects.toMatchObject({ code: 'ENVELOPE_INVALID' });
    const good = buildEnvelope({
      to: 'a@example.com',
      template: 'password_changed',
      data: { changed_at: '2026-11-28T10:00:00Z' },
    });
    await expect(
      emails.publish([good, { ...good, template: 'nope' } as never]),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_TEMPLATE',
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses to send before connect() with a clear error', async () => {
    const { producer, send } = fakeProducer();
    const emails = new EmailProducer({ producer });
    const attempt = emails.sendEmail({
      to: 'a@example.com',
      template: 'password_changed',
      data: { changed_at: '2026-11-28T10:00:00Z' },
    });
    await expect(attempt).rejects.toBeInstanceOf(EmailContractError);
    await expect(attempt).rejects.toMatchObject({ code: 'PRODUCER_NOT_CONNECTED' });
    expect(send).not.toHaveBeenCalled();
  });

  it('publishes a batch in one request and wraps broker failures as retryable', async () => {
    const { producer, send } = fakeProducer();
    const emails = new EmailProducer({ producer, topic: 'custom.topic' });
    await emails.connect();
    const envelopes = ['a@example.com', 'b@example.com'].map((to) =>
      buildEnvelope({
        to,
        template: 'password_changed',
        data: { changed_at: '2026-11-28T10:00:00Z' },
      }),
    );
    const results = await emails.publish(envelopes);
    expect(send).toHaveBeenCalledTimes(1);
    expect(results.map((r) => r.id)).toEqual(envelopes.map((e) => e.id));
    expect(send.mock.calls[0]![0].topic).toBe('custom.topic');

    send.mockRejectedValueOnce(new Error('broker down'));
    await expect(emails.publish(envelopes)).rejects.toMatchObject({
      code: 'PUBLISH_FAILED',
      retryable: true,
    });
  });

  it('publishes idempotently: one send at a time, and a new producer id after a failed send', async () => {
    const created: { options: unknown; fake: ReturnType<typeof fakeProducer> }[] = [];
    let sending = 0;
    let mostAtOnce = 0;
    const kafka = {
      producer: (options: unknown) => {
        const fake = fakeProducer();
        fake.send.mockImplementation(async (record: ProducerRecord) => {
          sending += 1;
          mostAtOnce = Math.max(mostAtOnce, sending);
          await new Promise((resolve) => setImmediate(resolve));
          sending -= 1;
          if (created.length === 1 && fake.send.mock.calls.length === 2) throw new Error('lost');
          return [{ topicName: record.topic, partition: 0, errorCode: 0, baseOffset: '0' }];
        });
        created.push({ options, fake });
        return fake.producer;
      },
    } as unknown as Kafka;
    const emails = new EmailProducer({ kafka });
    await emails.connect();
    const envelope = () =>
      buildEnvelope({
        to: 'a@example.com',
        template: 'password_changed',
        data: { changed_at: '2026-11-28T10:00:00Z' },
      });

    const results = await Promise.allSettled([
      emails.publish([envelope()]),
      emails.publish([envelope()]),
      emails.publish([envelope()]),
    ]);
    expect(results.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(mostAtOnce).toBe(1);
    expect(created).toHaveLength(2);
    expect(created[0]!.options).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 5 },
    });
    // The failed producer is closed; its successor connects before it sends.
    expect(created[0]!.fake.disconnect).toHaveBeenCalledTimes(1);
    expect(created[1]!.fake.connect).toHaveBeenCalledTimes(1);
    expect(created[1]!.fake.send).toHaveBeenCalledTimes(1);
  });
});
