import { describe, expect, it } from 'vitest';
import { EmailProducer } from '../src/producer/index.js';
import {
  HEADERS,
  TOPICS,
  assertSuppression,
  buildSuppression,
  parseSuppression,
  suppressionToRecord,
  type SuppressionRecord,
} from '../src/index.js';
import type { Producer, ProducerRecord } from 'kafkajs';

const NOW = new Date('2026-12-01T12:00:00.000Z');

describe('suppression records', () => {
  it('are built with version and time, the address lower-cased, and keyed by it', () => {
    const record = buildSuppression(
      { address: 'Bounce+Ann@Example.com', state: 'suppressed', reason: 'bounced' },
      NOW,
    );
    expect(record).toEqual({
      version: 1,
      address: 'bounce+ann@example.com',
      state: 'suppressed',
      reason: 'bounced',
      at: '2026-12-01T12:00:00.000Z',
    });
    expect(suppressionToRecord(record)).toEqual({
      key: 'bounce+ann@example.com',
      value: JSON.stringify(record),
      headers: { [HEADERS.contentType]: 'application/json', [HEADERS.schemaVersion]: '1' },
    });
  });

  it('parse a record, a tombstone as null, and refuse anything else with SUPPRESSION_INVALID', () => {
    const lifted = buildSuppression(
      { address: 'a@example.com', state: 'lifted', note: 'typo' },
      NOW,
    );
    expect(parseSuppression(Buffer.from(JSON.stringify(lifted)))).toEqual(lifted);
    expect(parseSuppression(null)).toBeNull();
    // A reader of a later version's record keeps what it knows.
    expect(parseSuppression(JSON.stringify({ ...lifted, source: 'x' }))).toMatchObject(lifted);
    expect(() => parseSuppression('{')).toThrow(
      expect.objectContaining({ code: 'SUPPRESSION_INVALID' }),
    );
    const bad = { ...lifted, state: 'suppressed' };
    expect(() => assertSuppression(bad)).toThrow(
      expect.objectContaining({ code: 'SUPPRESSION_INVALID' }),
    );
    expect(() =>
      buildSuppression({ address: 'no-address', state: 'suppressed', reason: 'bounced' }),
    ).toThrow(expect.objectContaining({ code: 'SUPPRESSION_INVALID' }));
  });

  it('are published by EmailProducer to the suppressions topic with acks=all, none when one is invalid', async () => {
    const sent: ProducerRecord[] = [];
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async (record: ProducerRecord) => {
        sent.push(record);
        return [];
      },
    } as unknown as Producer;
    const emails = new EmailProducer({ producer });
    await emails.connect();
    const record = buildSuppression(
      { address: 'c@example.com', state: 'suppressed', reason: 'complained' },
      NOW,
    );
    await emails.publishSuppressions([record]);
    expect(sent).toEqual([
      { topic: TOPICS.suppressions, acks: -1, messages: [suppressionToRecord(record)] },
    ]);
    await expect(
      emails.publishSuppressions([
        record,
        { ...record, reason: 'whim' } as unknown as SuppressionRecord,
      ]),
    ).rejects.toMatchObject({ code: 'SUPPRESSION_INVALID' });
    expect(sent).toHaveLength(1);
  });
});
