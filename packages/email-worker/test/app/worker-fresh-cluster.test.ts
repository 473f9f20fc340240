import { describe, expect, it, onTestFinished } from 'vitest';
import { startKafka } from '@fluentmeet/testkit';
import {
  emailProducer,
  makeTopics,
  request,
  sandboxFor,
  startWorkerFromEnv,
  workerEnv,
} from '../helpers.js';

describe('email worker on a brand-new cluster', () => {
  it(
    'starts while the group coordinator is still being set up, and sends',
    { timeout: 120_000 },
    async () => {
      // Seen in CI: the first worker started against a fresh broker failed its start-up
      // offset read with NOT_COORDINATOR_FOR_GROUP (the offsets topic was still loading).
      const kafka = await startKafka();
      onTestFinished(() => kafka.stop());
      const topics = await makeTopics(kafka.brokers, 3);
      const sandbox = await sandboxFor();
      const worker = await startWorkerFromEnv(workerEnv(kafka.brokers, sandbox, topics));
      const producer = await emailProducer(kafka.brokers, topics.email);
      const published = await producer.sendEmail(request(1));

      await expect
        .poll(() => sandbox.messages({ envelope_id: published.id }).length, { timeout: 30_000 })
        .toBe(1);
      expect(worker.isReady()).toBe(true);
    },
  );
});
