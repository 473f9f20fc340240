import { describe, expect, it, onTestFinished } from 'vitest';
import { startKafka } from '@fluentmeet/testkit';
import {
  emailProducer,
  makeTopics,
  publishMany,
  receivedIds,
  sandboxFor,
  superviseWorker,
  workerEnv,
} from '../helpers.js';

describe('email worker and a broker restart', () => {
  it(
    'recovers from a broker restart mid-run (restarted by its supervisor if kafkajs gives up), 0 lost',
    { timeout: 180_000 },
    async () => {
      const kafka = await startKafka();
      onTestFinished(() => kafka.stop());
      const topics = await makeTopics(kafka.brokers, 3);
      const sandbox = await sandboxFor({ faults: [{ latencyRangeMs: [20, 50] }] });
      const producer = await emailProducer(kafka.brokers, topics.email);
      const ids = await publishMany(producer, 600);
      const worker = superviseWorker(
        workerEnv(kafka.brokers, sandbox, topics, { WORKER_CONCURRENCY: '8' }),
      );

      await expect
        .poll(() => sandbox.count(), { timeout: 30_000, interval: 20 })
        .toBeGreaterThan(50);
      await kafka.stopBroker();
      const atStop = sandbox.count();
      await kafka.startBroker();

      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), {
          timeout: 120_000,
          interval: 500,
        })
        .toBe(true);
      const received = receivedIds(sandbox);
      let duplicates = 0;
      for (const count of received.values()) duplicates += count - 1;
      console.info(
        `[broker-restart] sent=600 received=${received.size} lost=${600 - received.size} duplicates=${duplicates} process-restarts=${worker.restarts()} (accepted before the broker stopped: ${atStop})`,
      );
      expect(received.size).toBe(600);
      expect(await worker.stop()).toBe(0);
    },
  );
});
