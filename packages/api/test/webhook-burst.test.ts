import { parseSuppression, type SuppressionRecord } from '@fluentmeet/email-contracts';
import { createKafka } from '@fluentmeet/email-contracts/producer';
import { randomName } from '@fluentmeet/testkit';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createTopics } from './helpers/kafka.js';
import { sandboxPostingTo, sendThrough, webhookApp } from './helpers/webhooks.js';

const RECIPIENTS = 1_000;
const BOUNCES = 100;

async function readSuppressions(brokers: string[], topic: string): Promise<SuppressionRecord[]> {
  const consumer = createKafka({ clientId: 'burst-test', brokers }).consumer({
    groupId: randomName('burst'),
  });
  onTestFinished(() => consumer.disconnect());
  const records: SuppressionRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      records.push(parseSuppression(message.value)!);
    },
  });
  return records;
}

describe('a webhook burst', () => {
  it(
    `absorbs ${RECIPIENTS} events posted by the sandbox with none lost, and stores each once when posted again`,
    { timeout: 120_000 },
    async () => {
      const brokers = inject('kafkaBrokers');
      const topic = randomName('burst-suppressions');
      await createTopics(brokers, [
        { topic, numPartitions: 2, configs: { 'cleanup.policy': 'compact' } },
      ]);
      const { app, webhookUrl } = await webhookApp(
        {
          KAFKA_BROKERS: brokers.join(','),
          SUPPRESSIONS_TOPIC: topic,
        },
        { producer: 'kafka' },
      );
      const published = await readSuppressions(brokers, topic);
      // Outcome webhooks only (no `accepted`): one event per recipient.
      const sandbox = await sandboxPostingTo(webhookUrl, { webhooks: { accepted: [] } });
      const recipients = Array.from({ length: RECIPIENTS }, (_, i) =>
        i < BOUNCES ? `bounce+${i}@example.com` : `user${i}@example.com`,
      );
      const { envelopeId } = await sendThrough(sandbox, recipients.join(','));

      await expect
        .poll(() => sandbox.webhookStats().delivered, { timeout: 60_000, interval: 50 })
        .toBe(RECIPIENTS);
      // `accepted` events are recorded by the sandbox but posted nowhere here.
      const events = sandbox
        .events({ envelope_id: envelopeId })
        .filter((event) => event.webhook !== 'accepted');
      expect(events).toHaveLength(RECIPIENTS);
      const attempts = events.flatMap((event) => event.deliveries[0]!.attempts);
      const first = Math.min(...attempts.map((a) => Date.parse(a.at)));
      const last = Math.max(...attempts.map((a) => Date.parse(a.at) + a.durationMs));
      console.info(
        `webhook burst: ${RECIPIENTS} events in ${Math.round(last - first)} ms = ${Math.round((RECIPIENTS * 1000) / (last - first))} events/s ` +
          `(${attempts.length} attempts, concurrency ${32})`,
      );
      const stats = sandbox.webhookStats();
      expect(stats).toMatchObject({ delivered: RECIPIENTS, rejected: 0, failed: 0, dropped: 0 });

      const stored = await app.db.selectFrom('delivery_events').select('id').execute();
      expect(new Set(stored.map((row) => row.id))).toEqual(
        new Set(events.map((event) => event.id)),
      );
      const suppressed = await app.db.selectFrom('suppressions').select('address').execute();
      expect(suppressed).toHaveLength(BOUNCES);
      await expect.poll(() => published.length, { timeout: 30_000 }).toBe(BOUNCES);
      expect(new Set(published.map((record) => record.address))).toEqual(
        new Set(recipients.slice(0, BOUNCES)),
      );

      // Mailgun posts some events twice: each is stored once.
      for (const event of events) sandbox.resendEvent(event.id);
      await expect
        .poll(() => sandbox.webhookStats().delivered, { timeout: 60_000, interval: 50 })
        .toBe(2 * RECIPIENTS);
      const again = await app.db
        .selectFrom('delivery_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(again.count)).toBe(RECIPIENTS);
      expect(await app.db.selectFrom('suppressions').select('address').execute()).toHaveLength(
        BOUNCES,
      );
      const metrics = await app.metrics.registry.metrics();
      expect(metrics).toContain(
        `fluentmeet_api_webhook_requests_total{result="recorded"} ${RECIPIENTS}`,
      );
      expect(metrics).toContain(
        `fluentmeet_api_webhook_requests_total{result="duplicate"} ${RECIPIENTS}`,
      );
    },
  );
});
