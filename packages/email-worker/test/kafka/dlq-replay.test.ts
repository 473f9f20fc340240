import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { DLQ_HEADERS, HEADERS, TOPICS } from '@fluentmeet/email-contracts';
import { replayDeadLetters } from '../../src/kafka/dlq-replay.js';
import { parseReplayArgs } from '../../src/cli/replay-args.js';
import {
  collect,
  makeTopics,
  produceRaw,
  rawRecord,
  receivedIds,
  sandboxFor,
  startWorkerFromEnv,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

describe('DLQ replay', () => {
  it('parses its command line', () => {
    expect(
      parseReplayArgs(
        [
          '--',
          '--code',
          'MAILGUN_REJECTED',
          '--code',
          'EXPIRED',
          '--since',
          '2026-11-01T00:00:00Z',
          '--rate',
          '5',
          '--dry-run',
        ],
        { ...TOPICS, dlq: 'd' },
      ),
    ).toEqual({
      from: 'd',
      to: 'notifications.email',
      codes: ['MAILGUN_REJECTED', 'EXPIRED'],
      since: new Date('2026-11-01T00:00:00Z'),
      until: undefined,
      rate: 5,
      dryRun: true,
    });
    expect(() => parseReplayArgs(['--rate', '0'], TOPICS)).toThrow('--rate');
    expect(() => parseReplayArgs(['--since', 'yesterday'], TOPICS)).toThrow('--since');
  });

  it(
    're-publishes the selected dead letters, rate-limited, and the worker delivers them',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 2);
      const sandbox = await sandboxFor({ faults: [{ status: 400, count: 2 }] });
      await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
      const dlq = await collect(brokers, topics.dlq);
      const rejected = [rawRecord(1), rawRecord(2)];
      await produceRaw(brokers, topics.email, [...rejected, { key: 'bad', value: 'not json' }]);
      await expect.poll(() => dlq.length, { timeout: 15_000 }).toBe(3);
      expect(sandbox.count()).toBe(0);

      const kafka = new Kafka({ clientId: 'replay-test', brokers, logLevel: logLevel.NOTHING });
      const base = {
        from: topics.dlq,
        to: topics.email,
        rate: 4,
        since: new Date(Date.now() - 60_000),
      };
      const dry = await replayDeadLetters(kafka, { ...base, codes: [], dryRun: true });
      expect(dry).toEqual({
        scanned: 3,
        replayed: { MAILGUN_REJECTED: 2 },
        skippedByFilter: 0,
        skippedInvalid: { ENVELOPE_NOT_JSON: 1 },
        dryRun: true,
      });
      expect(sandbox.count()).toBe(0);

      const started = Date.now();
      const report = await replayDeadLetters(kafka, {
        ...base,
        codes: ['MAILGUN_REJECTED'],
        dryRun: false,
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250); // 2 records at 4/s
      expect(report).toMatchObject({
        scanned: 3,
        replayed: { MAILGUN_REJECTED: 2 },
        skippedByFilter: 1,
      });
      const ids = rejected.map((record) => record.headers[HEADERS.envelopeId]!);
      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), { timeout: 15_000 })
        .toBe(true);
      expect(
        dlq.filter((record) => record.headers[DLQ_HEADERS.exceptionFqcn] === 'MAILGUN_REJECTED'),
      ).toHaveLength(2);

      const none = await replayDeadLetters(kafka, {
        ...base,
        since: new Date(Date.now() + 60_000),
        codes: [],
        dryRun: false,
      });
      expect(none).toMatchObject({ scanned: 3, replayed: {}, skippedByFilter: 3 });
    },
  );

  it('runs as a command and prints its report', { timeout: 30_000 }, async () => {
    const topics = await makeTopics(brokers, 1);
    const result = spawnSync(
      process.execPath,
      [
        fileURLToPath(new URL('../../dist/cli/dlq-replay.js', import.meta.url)),
        '--dry-run',
        '--from',
        topics.dlq,
        '--to',
        topics.email,
      ],
      {
        env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: brokers.join(',') },
        encoding: 'utf8',
        timeout: 25_000,
      },
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ from: topics.dlq, scanned: 0, dryRun: true });
  });
});
