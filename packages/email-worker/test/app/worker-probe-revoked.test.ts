import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  emailProducer,
  makeTopics,
  publishMany,
  receivedIds,
  sandboxFor,
  startWorkerFromEnv,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

/**
 * A plain consumer of the worker's group that takes partitions and processes nothing
 * (it pauses what it gets and never commits). Resolves with its assignment once joined.
 */
async function intruder(
  group: string,
  topics: string[],
): Promise<{ consumer: Consumer; assignment: Record<string, number[]> }> {
  // kafkajs' round-robin assignor hands email:0 to the first member id in sort order:
  // 'a-intruder-…' sorts before the worker's 'email-worker-…'.
  const kafka = new Kafka({ clientId: 'a-intruder', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: group,
    sessionTimeout: 6_000,
    heartbeatInterval: 600,
  });
  onTestFinished(() => consumer.disconnect());
  const joined = new Promise<Record<string, number[]>>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => resolve(payload.memberAssignment)),
  );
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: (payload) => {
      payload.pause();
      return Promise.resolve();
    },
  });
  return { consumer, assignment: await joined };
}

describe('email worker: a probe whose partition is revoked mid-send', () => {
  it(
    'frees the probe slot: after the outage every email is delivered',
    { timeout: 120_000 },
    async () => {
      // One partition per topic, so the probe's record is on email:0.
      const topics = await makeTopics(brokers, 1);
      // The first 10 sends fail fast (the circuit opens); the probe after that hangs for
      // a minute, long enough to be in flight whatever the rebalance takes.
      const sandbox = await sandboxFor({
        faults: [
          { status: 503, count: 10 },
          { status: 503, latencyMs: 60_000 },
        ],
      });
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 10);
      const worker = await startWorkerFromEnv(workerEnv(brokers, sandbox, topics));

      await expect.poll(() => worker.circuitState(), { timeout: 15_000 }).toBe('open');
      await expect
        .poll(() => sandbox.faults().at(-1)!.hits, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);

      // A second consumer joins and takes email:0, the probe's partition, mid-send.
      const { consumer, assignment } = await intruder(topics.group, [topics.email, topics.retry]);
      expect(assignment[topics.email]).toEqual([0]);

      // The outage ends and the partition comes back to the worker.
      sandbox.clearFaults();
      await consumer.disconnect();

      await expect
        .poll(() => ids.filter((id) => receivedIds(sandbox).has(id)).length, { timeout: 30_000 })
        .toBe(10);
      expect(worker.circuitState()).toBe('closed');
    },
  );
});
