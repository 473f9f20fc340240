import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  emailProducer,
  makeTopics,
  publishMany,
  receivedIds,
  runWorker,
  sandboxFor,
  startWorkerFromEnv,
  topicSize,
  workerEnv,
} from '../helpers.js';
import { loadConfig, startWorker } from '../../src/index.js';

const brokers = inject('kafkaBrokers');

describe('email worker resilience', () => {
  it(
    'rides out a provider outage: pauses and probes, then delivers all 500 without dead letters',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 3);
      // The outage lasts until the test ends it, so slow machines see the same story.
      const sandbox = await sandboxFor({ faults: [{ status: 503 }] });
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 500);
      // A retry budget this small would dead-letter the backlog if the outage were charged to it.
      const worker = await startWorkerFromEnv(
        workerEnv(brokers, sandbox, topics, { RETRY_MAX_ATTEMPTS: '3' }),
      );

      await expect
        .poll(() => worker.circuitState(), { timeout: 10_000, interval: 10 })
        .toBe('open');
      const hitsAtOpen = sandbox.faults()[0]!.hits;
      // Paused and probing: a few single probes fail, the backlog is not cycled through.
      await expect
        .poll(() => sandbox.faults()[0]!.hits, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(hitsAtOpen + 3);
      const hitsDuringOutage = sandbox.faults()[0]!.hits;
      expect(hitsDuringOutage).toBeLessThan(100);
      expect(worker.circuitState()).toBe('open');
      expect(sandbox.count()).toBe(0);
      sandbox.clearFaults();

      await expect.poll(() => receivedIds(sandbox).size, { timeout: 30_000 }).toBe(500);
      expect(ids.every((id) => receivedIds(sandbox).has(id))).toBe(true);
      expect(worker.circuitState()).toBe('closed');
      expect(await topicSize(brokers, topics.dlq)).toBe(0);
      console.info(
        `[outage] 503 answers during the outage: ${hitsDuringOutage} (${hitsAtOpen} before the circuit opened); delivered ${receivedIds(sandbox).size}/500, dead-lettered 0`,
      );
    },
  );

  it(
    'on bad credentials: one clear error, not ready, nothing dead-lettered; delivers once the key works',
    { timeout: 60_000 },
    async () => {
      const topics = await makeTopics(brokers, 2);
      const sandbox = await sandboxFor({ apiKey: 'key-rotated-elsewhere' });
      const env = workerEnv(brokers, sandbox, topics, { MAILGUN_API_KEY: 'key-worker-has' });
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
      const worker = await startWorker(loadConfig(env), { logger });
      onTestFinished(async () => {
        await worker.stop();
      });
      await worker.ready;
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 40);

      await expect.poll(() => worker.circuitState(), { timeout: 10_000 }).toBe('config-error');
      expect(worker.isReady()).toBe(false);
      const ready = await fetch(`http://127.0.0.1:${worker.healthPort}/health/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { reasons: string[] }).reasons.join()).toMatch(
        /configuration/,
      );
      expect((await fetch(`http://127.0.0.1:${worker.healthPort}/health/live`)).status).toBe(200);

      sandbox.setApiKey('key-worker-has');
      await expect.poll(() => receivedIds(sandbox).size, { timeout: 20_000 }).toBe(40);
      expect(ids.every((id) => receivedIds(sandbox).has(id))).toBe(true);
      await expect.poll(() => worker.isReady()).toBe(true);
      expect((await fetch(`http://127.0.0.1:${worker.healthPort}/health/ready`)).status).toBe(200);
      expect(await topicSize(brokers, topics.dlq)).toBe(0);
      const errors = lines.filter((line) => line.includes('"level":50'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/MAILGUN_API_KEY/);
      expect(lines.join('\n')).not.toContain('key-worker-has');
    },
  );

  it(
    'two workers share the partitions; stopping one hands its partitions to the other, 0 lost',
    { timeout: 90_000 },
    async () => {
      const topics = await makeTopics(brokers, 4);
      const sandbox = await sandboxFor({ faults: [{ latencyRangeMs: [20, 50] }] });
      const env = workerEnv(brokers, sandbox, topics, { WORKER_CONCURRENCY: '8' });
      const first = await runWorker(loadConfig(env));
      const second = await runWorker(loadConfig(env));
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 600);

      const sentBy = async (worker: typeof first) => {
        const metric =
          await worker.metricsRegistry.getSingleMetricAsString('email_worker_sent_total');
        return Number(/ (\d+)$/m.exec(metric)?.[1] ?? 0);
      };
      await expect.poll(() => sentBy(first), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => sentBy(second), { timeout: 20_000 }).toBeGreaterThan(0);
      await first.stop();
      const fromFirst = await sentBy(first);
      expect(receivedIds(sandbox).size).toBeLessThan(600);

      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(true);
      const received = receivedIds(sandbox);
      let duplicates = 0;
      for (const count of received.values()) duplicates += count - 1;
      console.info(
        `[two-workers] sent=600 received=${received.size} lost=${600 - received.size} duplicates=${duplicates} (first worker sent ${fromFirst} before stopping)`,
      );
      expect(received.size).toBe(600);
    },
  );
});
