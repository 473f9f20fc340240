import { randomName, startKafka } from '@fluentmeet/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { address, build, PASSWORD } from './helpers/build.js';
import { consumeTopic, createTopics } from './helpers/kafka.js';

describe('Kafka stopped during signups', () => {
  it(
    'keeps answering 202 and, once Kafka is back, every email arrives (0 lost)',
    { timeout: 240_000 },
    async () => {
      const kafka = await startKafka();
      onTestFinished(() => kafka.stop());
      const topic = randomName('api-outage');
      await createTopics(kafka.brokers, [{ topic, numPartitions: 3 }]);
      const { app } = await build({
        producer: 'kafka',
        env: {
          KAFKA_BROKERS: kafka.brokers.join(','),
          EMAIL_TOPIC: topic,
          OUTBOX_MAX_BACKOFF_MS: 1000,
        },
      });
      const published = () =>
        app.db.selectFrom('outbox').select('id').where('published_at', 'is not', null).execute();
      const signupAs = (email: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          payload: { email, password: PASSWORD },
        });

      const expected: string[] = [address('before')];
      expect((await signupAs(expected[0]!)).statusCode).toBe(202);
      await expect.poll(async () => (await published()).length, { timeout: 30_000 }).toBe(1);

      await kafka.stopBroker();
      const latencies: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const email = address('during');
        expected.push(email);
        const started = performance.now();
        const res = await signupAs(email);
        latencies.push(performance.now() - started);
        expect(res.statusCode).toBe(202);
      }
      // Each account and its email are written just after the answer.
      await expect
        .poll(async () =>
          (await app.inject({ method: 'GET', url: '/health/ready' })).json<unknown>(),
        )
        .toMatchObject({ status: 'ready', outbox: { pending: 20 } });
      console.info(
        `signups with Kafka stopped: ${latencies.length}, max ${Math.round(Math.max(...latencies))} ms, ` +
          `median ${Math.round([...latencies].sort((a, b) => a - b)[10]!)} ms`,
      );

      await kafka.startBroker();
      const restarted = performance.now();
      const records = await consumeTopic(kafka.brokers, topic);
      await expect
        .poll(() => records.length, { timeout: 90_000, interval: 200 })
        .toBeGreaterThanOrEqual(21);
      console.info(
        `backlog of 20 drained ${Math.round(performance.now() - restarted)} ms after the broker restarted`,
      );

      const rows = await app.db.selectFrom('outbox').selectAll().execute();
      expect(rows.every((r) => r.published_at !== null)).toBe(true);
      const ids = new Set(records.map((r) => r.envelope.id));
      expect(rows.filter((r) => !ids.has(r.envelope_id))).toEqual([]);
      expect(new Set(records.map((r) => r.envelope.to))).toEqual(new Set(expected));
      const retried = rows.filter((r) => r.attempts > 1).length;
      console.info(
        `rows retried: ${retried}; duplicates on the topic: ${records.length - ids.size}`,
      );
    },
  );
});
