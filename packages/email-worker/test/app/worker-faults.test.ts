import { Writable } from 'node:stream';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { DLQ_HEADERS } from '@fluentmeet/email-contracts';
import { startKafka } from '@fluentmeet/testkit';
import {
  collect,
  emailProducer,
  makeTopics,
  publishMany,
  receivedIds,
  sandboxFor,
  spawnWorker,
  startWorkerFromEnv,
  topicSize,
  workerEnv,
} from '../helpers.js';
import { loadConfig, startWorker, type CircuitState } from '../../src/index.js';

const brokers = inject('kafkaBrokers');

function logLines(): { lines: string[]; logger: pino.Logger } {
  const lines: string[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  );
  return { lines, logger };
}

async function committedOffset(kafkaBrokers: string[], group: string, topic: string) {
  const admin = new Kafka({
    clientId: 'ew-test',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return Number(offsets!.partitions[0]!.offset);
  } finally {
    await admin.disconnect();
  }
}

describe('email worker under faults', () => {
  it(
    'progress watchdog: /health/live fails with the reason when records wait and none finishes',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 1);
      // Every send hangs (below the client's timeouts): the circuit stays closed, nothing finishes.
      const sandbox = await sandboxFor({ faults: [{ latencyMs: 60_000 }] });
      const worker = await startWorkerFromEnv(
        workerEnv(brokers, sandbox, topics, {
          PROGRESS_WATCHDOG_MS: '1000',
          SHUTDOWN_TIMEOUT_MS: '0',
        }),
      );
      const live = `http://127.0.0.1:${worker.healthPort}/health/live`;
      expect((await fetch(live)).status).toBe(200);
      const producer = await emailProducer(brokers, topics.email);
      await publishMany(producer, 3);

      await expect.poll(async () => (await fetch(live)).status, { timeout: 20_000 }).toBe(503);
      const body = (await (await fetch(live)).json()) as { reasons: string[] };
      expect(body.reasons.join()).toMatch(/no progress: 3 records in flight/);
      expect(worker.circuitState()).toBe('closed');
    },
  );

  it(
    'one recipient refused with a per-recipient 403 among 500: dead-lettered with its reason, the 500 flow, the circuit stays closed',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 3);
      const sandbox = await sandboxFor({ faults: [{ status: 403, to: 'user250@example.com' }] });
      const dlq = await collect(brokers, topics.dlq);
      const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
      const states = new Set<CircuitState>();
      const sampler = setInterval(() => states.add(worker.circuitState()), 5);
      onTestFinished(() => clearInterval(sampler));
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 501);

      await expect.poll(() => receivedIds(sandbox).size, { timeout: 30_000 }).toBe(500);
      await expect.poll(() => dlq.length, { timeout: 10_000 }).toBe(1);
      expect(dlq[0]!.headers[DLQ_HEADERS.exceptionFqcn]).toBe('MAILGUN_RECIPIENT_FORBIDDEN');
      expect(dlq[0]!.headers[DLQ_HEADERS.exceptionMessage]).toMatch(/authorized recipients/);
      expect(ids.filter((id) => !receivedIds(sandbox).has(id))).toHaveLength(1);
      states.add(worker.circuitState());
      expect([...states]).toEqual(['closed']);
    },
  );

  it(
    'a rate-limit wait of 99999999 seconds or a date ten years ahead is clamped to RETRY_MAX_DELAY_MS',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 2);
      const domain = 'mg.fluentmeet.test';
      const tenYears = new Date(Date.now() + 10 * 365 * 86_400_000)
        .toUTCString()
        .replace(/GMT$/, 'UTC');
      const sandbox = await sandboxFor({
        faults: [
          {
            status: 429,
            to: 'user0@example.com',
            count: 1,
            body: JSON.stringify({
              message: `Domain ${domain} is not allowed to send: account-requests-per-sec limit exceeded, try again after 99999999 seconds`,
            }),
          },
          {
            status: 420,
            to: 'user1@example.com',
            count: 1,
            body: JSON.stringify({
              message: `Domain ${domain} is not allowed to send: recipient limit exceeded, try again after ${tenYears}`,
            }),
          },
        ],
      });
      // RETRY_MAX_DELAY_MS 500 (the helpers' value): both are retried within it.
      await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 2);

      await expect
        .poll(() => ids.filter((id) => receivedIds(sandbox).has(id)).length, { timeout: 20_000 })
        .toBe(2);
      expect(sandbox.faults()).toHaveLength(0); // both waits were really asked for
      expect(await topicSize(brokers, topics.dlq)).toBe(0);
    },
  );

  it(
    'offset out of range: records deleted before they were processed are logged as an error with the count, and counted',
    { timeout: 90_000 },
    async () => {
      const topics = await makeTopics(brokers, 1);
      const sandbox = await sandboxFor();
      const env = workerEnv(brokers, sandbox, topics);
      const producer = await emailProducer(brokers, topics.email);
      const first = await startWorkerFromEnv(env);
      await publishMany(producer, 5);
      await expect.poll(() => sandbox.count(), { timeout: 15_000 }).toBe(5);
      await expect
        .poll(() => committedOffset(brokers, topics.group, topics.email), { timeout: 15_000 })
        .toBe(5);
      await first.stop();

      // While no worker runs, 10 more arrive and retention deletes the first 7 of them.
      const later = await publishMany(producer, 10);
      const admin = new Kafka({ clientId: 'ew-test', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.fetchTopicMetadata({ topics: [topics.email] });
      await admin.deleteTopicRecords({
        topic: topics.email,
        partitions: [{ partition: 0, offset: '12' }],
      });
      await admin.disconnect();

      const { lines, logger } = logLines();
      const second = await startWorker(loadConfig(env), { logger });
      onTestFinished(async () => {
        await second.stop();
      });
      await expect
        .poll(() => later.slice(7).filter((id) => receivedIds(sandbox).has(id)).length, {
          timeout: 20_000,
        })
        .toBe(3);
      const losses = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.level === 50 && 'lost' in entry);
      expect(losses).toHaveLength(1);
      expect(losses[0]).toMatchObject({ topic: topics.email, partition: 0, lost: 7 });
      expect(
        await second.metricsRegistry.getSingleMetricAsString('email_worker_records_lost_total'),
      ).toMatch(/email_worker_records_lost_total\{topic="[^"]+",partition="0"\} 7/);
    },
  );

  it(
    'shutdown is bounded with the broker frozen: exits 124 after SHUTDOWN_TIMEOUT_MS + SHUTDOWN_GRACE_MS',
    { timeout: 120_000 },
    async () => {
      const kafka = await startKafka();
      onTestFinished(() => kafka.stop());
      const topics = await makeTopics(kafka.brokers, 1);
      const sandbox = await sandboxFor();
      const worker = spawnWorker(
        workerEnv(kafka.brokers, sandbox, topics, {
          SHUTDOWN_TIMEOUT_MS: '1000',
          SHUTDOWN_GRACE_MS: '1000',
          LOG_LEVEL: 'info',
        }),
      );
      await expect
        .poll(() => worker.output(), { timeout: 60_000 })
        .toMatch(/joined the consumer group/);

      await kafka.pauseBroker();
      onTestFinished(() => kafka.unpauseBroker());
      worker.child.kill('SIGTERM');
      // Kafka never answers the final commit or the leave; the process exits anyway.
      await expect.poll(() => worker.child.exitCode, { timeout: 30_000 }).toBe(124);
      expect(worker.output()).toMatch(
        /shutdown did not finish in SHUTDOWN_TIMEOUT_MS \+ SHUTDOWN_GRACE_MS/,
      );
    },
  );
});
