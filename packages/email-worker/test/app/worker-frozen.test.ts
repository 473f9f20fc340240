import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import {
  emailProducer,
  makeTopics,
  publishMany,
  receivedIds,
  sandboxFor,
  spawnWorker,
  workerEnv,
} from '../helpers.js';

const brokers = inject('kafkaBrokers');

describe('two workers, one frozen past its session timeout', () => {
  it(
    'committed offsets never move backwards; every email arrives, duplicates stay within the in-flight window',
    { timeout: 150_000 },
    async () => {
      const partitions = 4;
      const concurrency = 8;
      const topics = await makeTopics(brokers, partitions);
      const sandbox = await sandboxFor({ faults: [{ latencyRangeMs: [50, 100] }] });
      const env = workerEnv(brokers, sandbox, topics, {
        WORKER_CONCURRENCY: String(concurrency),
        LOG_LEVEL: 'info',
      });
      const first = spawnWorker(env);
      const second = spawnWorker(env);
      await expect
        .poll(() => first.output() + second.output(), { timeout: 60_000 })
        .toMatch(/joined the consumer group[\s\S]*joined the consumer group/);

      // Every partition's committed offset, sampled throughout.
      const admin = new Kafka({ clientId: 'ew-test', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      onTestFinished(() => admin.disconnect());
      const samples = new Map<number, number[]>();
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const [offsets] = await admin.fetchOffsets({
            groupId: topics.group,
            topics: [topics.email],
          });
          for (const { partition, offset } of offsets!.partitions) {
            const value = Number(offset);
            if (value < 0) continue;
            const list = samples.get(partition) ?? [];
            if (list.at(-1) !== value) list.push(value);
            samples.set(partition, list);
          }
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      })();

      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 2_000);
      await expect.poll(() => receivedIds(sandbox).size, { timeout: 30_000 }).toBeGreaterThan(100);

      // Freeze the first worker past its session timeout (6 s): its partitions move to the other.
      const mark = second.output().length;
      first.child.kill('SIGSTOP');
      await expect
        .poll(() => second.output().slice(mark), { timeout: 30_000 })
        .toMatch(/"assignment":\{[^}]*\[0,1,2,3\]/);
      const atThaw = receivedIds(sandbox).size;
      first.child.kill('SIGCONT');

      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(true);
      sampling = false;
      await sampler;

      for (const [partition, list] of samples) {
        const sorted = [...list].sort((a, b) => a - b);
        expect(list, `committed offsets of partition ${partition}`).toEqual(sorted);
      }
      const received = receivedIds(sandbox);
      let duplicates = 0;
      for (const count of received.values()) duplicates += count - 1;
      console.info(
        `[frozen-worker] sent=2000 received=${received.size} lost=${2000 - received.size} duplicates=${duplicates} (delivered ${atThaw} before the thaw)`,
      );
      expect(received.size).toBe(2_000);
      // Each hand-over (freeze, thaw) can re-send at most one window of in-flight records.
      expect(duplicates).toBeLessThanOrEqual(3 * concurrency);
    },
  );
});
