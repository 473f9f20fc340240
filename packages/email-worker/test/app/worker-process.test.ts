import { describe, expect, inject, it } from 'vitest';
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
const RESTARTED_FROM = 'restarted@fluentmeet.test';

function tally(ids: string[], received: Map<string, number>) {
  let duplicates = 0;
  for (const count of received.values()) duplicates += count - 1;
  const lost = ids.filter((id) => !received.has(id)).length;
  return { sent: ids.length, received: received.size, lost, duplicates };
}

describe('email worker as a process', () => {
  it(
    'loses nothing when SIGKILLed mid-run, and the restarted worker sends again within 10 s on default settings',
    { timeout: 120_000 },
    async () => {
      const topics = await makeTopics(brokers, 4);
      const sandbox = await sandboxFor({ faults: [{ latencyRangeMs: [20, 50] }] });
      // The group's failure detection as shipped, not the tests' quicker one.
      const { KAFKA_SESSION_TIMEOUT_MS: _quick, ...env } = workerEnv(brokers, sandbox, topics, {
        WORKER_CONCURRENCY: '16',
      });
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 2_000);

      const first = spawnWorker(env);
      await expect
        .poll(() => sandbox.count(), { timeout: 60_000, interval: 20 })
        .toBeGreaterThanOrEqual(300);
      first.child.kill('SIGKILL');
      const killedAt = Date.now();
      const killed = await first.exited;
      const atKill = sandbox.count();
      expect(killed.signal).toBe('SIGKILL');
      expect(atKill).toBeLessThan(2_000);

      // The restarted worker signs its emails differently, so its first one is known.
      const second = spawnWorker({ ...env, MAILGUN_FROM_ADDRESS: RESTARTED_FROM });
      const firstFromRestarted = () =>
        sandbox
          .messages({ limit: 1_000_000 })
          .filter((message) => message.from.includes(RESTARTED_FROM))
          .map((message) => Date.parse(message.receivedAt))
          .sort((a, b) => a - b)[0];
      await expect
        .poll(firstFromRestarted, { timeout: 60_000, interval: 50 })
        .toBeGreaterThan(killedAt);
      const recoveryMs = firstFromRestarted()! - killedAt;
      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(true);
      const figures = tally(ids, receivedIds(sandbox));
      console.info(
        `[crash-safety] sent=${figures.sent} received=${figures.received} lost=${figures.lost} duplicates=${figures.duplicates} (accepted by the sandbox before SIGKILL: ${atKill}, total accepted: ${sandbox.count()}); SIGKILL to the restarted worker's first email: ${(recoveryMs / 1000).toFixed(1)} s`,
      );
      expect(figures.lost).toBe(0);
      expect(recoveryMs).toBeLessThan(10_000);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    },
  );

  it(
    'drains in-flight sends on SIGTERM, exits 0 within the bound, and loses nothing',
    { timeout: 120_000 },
    async () => {
      const topics = await makeTopics(brokers, 3);
      const sandbox = await sandboxFor({ faults: [{ latencyRangeMs: [200, 400] }] });
      const env = workerEnv(brokers, sandbox, topics, {
        WORKER_CONCURRENCY: '32',
        SHUTDOWN_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'info',
      });
      const producer = await emailProducer(brokers, topics.email);
      const ids = await publishMany(producer, 300);

      const first = spawnWorker(env);
      await expect
        .poll(() => sandbox.count(), { timeout: 60_000, interval: 20 })
        .toBeGreaterThanOrEqual(40);
      const signalledAt = Date.now();
      first.child.kill('SIGTERM');
      const exit = await first.exited;
      const shutdownMs = Date.now() - signalledAt;
      const atExit = sandbox.count();
      expect(exit.code).toBe(0);
      expect(shutdownMs).toBeLessThan(5_000 + 3_000);
      expect(atExit).toBeLessThan(300);
      expect(first.output()).toContain('email worker stopped');

      const second = spawnWorker(env);
      await expect
        .poll(() => ids.every((id) => receivedIds(sandbox).has(id)), {
          timeout: 60_000,
          interval: 250,
        })
        .toBe(true);
      const figures = tally(ids, receivedIds(sandbox));
      console.info(
        `[graceful-shutdown] shutdownMs=${shutdownMs} sent=${figures.sent} received=${figures.received} lost=${figures.lost} duplicates=${figures.duplicates} (accepted before exit: ${atExit})`,
      );
      expect(figures.lost).toBe(0);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    },
  );
});
