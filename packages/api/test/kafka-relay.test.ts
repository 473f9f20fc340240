import { createServer } from 'node:net';
import { CUSTOM_LIMITS, HEADERS, buildEnvelope } from '@fluentmeet/email-contracts';
import { randomName } from '@fluentmeet/testkit';
import { describe, expect, inject, it } from 'vitest';
import { enqueueEmail } from '../src/outbox/outbox-store.js';
import { address, build, signup } from './helpers/build.js';
import { consumeTopic, createTopics } from './helpers/kafka.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('outbox relay with a real Kafka', () => {
  it('publishes the verification envelope written at signup, with its key and headers', async () => {
    const brokers = inject('kafkaBrokers');
    const topic = randomName('api-email');
    await createTopics(brokers, [{ topic, numPartitions: 3 }]);
    const { app } = await build({
      producer: 'kafka',
      env: { KAFKA_BROKERS: brokers.join(','), EMAIL_TOPIC: topic },
    });
    const records = await consumeTopic(brokers, topic);

    const email = address('Kafka.User');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'x-request-id': 'kafka-corr-1' },
      payload: { email, password: 'long enough password' },
    });
    expect(res.statusCode).toBe(202);

    await expect.poll(() => records.length, { timeout: 20_000 }).toBe(1);
    const [record] = records;
    const row = await app.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(record!.envelope).toEqual(JSON.parse(row.payload));
    expect(record!.key).toBe(email.toLowerCase());
    expect(record!.headers[HEADERS.envelopeId]).toBe(row.envelope_id);
    expect(record!.headers[HEADERS.correlationId]).toBe('kafka-corr-1');
    await expect
      .poll(
        async () =>
          (await app.db.selectFrom('outbox').select('published_at').executeTakeFirstOrThrow())
            .published_at,
      )
      .not.toBeNull();
  });

  it('publishes custom emails from the outbox, a batch of the largest (over 1 MB together) too', async () => {
    const brokers = inject('kafkaBrokers');
    const topic = randomName('api-email');
    await createTopics(brokers, [{ topic, numPartitions: 1 }]);
    const { app } = await build({
      producer: 'kafka',
      env: { KAFKA_BROKERS: brokers.join(','), EMAIL_TOPIC: topic },
    });
    const records = await consumeTopic(brokers, topic);
    // JSON writes each control character as \u0001: about 590 KB per envelope.
    const envelopes = [1, 2, 3].map((n) =>
      buildEnvelope({
        to: `custom${n}@example.com`,
        subject: `Largest ${n}`,
        html: '\u0001'.repeat(CUSTOM_LIMITS.htmlMaxLength),
        text: '\u0001'.repeat(CUSTOM_LIMITS.textMaxLength),
      }),
    );
    envelopes.push(buildEnvelope({ to: 'small@example.com', subject: 'Hi', html: '<p>Hi</p>' }));
    for (const envelope of envelopes) await enqueueEmail(app.db, envelope, new Date());
    app.outboxRelay.wake();

    await expect.poll(() => records.length, { timeout: 20_000 }).toBe(4);
    expect(records.map((record) => record.envelope)).toEqual(envelopes);
    await expect
      .poll(async () =>
        (await app.db.selectFrom('outbox').select('published_at').execute()).every(
          (row) => row.published_at !== null,
        ),
      )
      .toBe(true);
  });

  it('starts, answers and closes promptly when Kafka cannot be reached', async () => {
    const port = await closedPort();
    const started = performance.now();
    const { app } = await build({ producer: 'kafka', env: { KAFKA_BROKERS: `127.0.0.1:${port}` } });
    const startMs = Math.round(performance.now() - started);

    const t0 = performance.now();
    const user = await signup(app);
    const signupMs = Math.round(performance.now() - t0);
    expect(user.email).toContain('@');

    await expect
      .poll(
        async () =>
          (await app.db.selectFrom('outbox').select('attempts').executeTakeFirstOrThrow()).attempts,
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0);
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      outbox: { pending: 1, kafka_connected: false },
    });

    const t1 = performance.now();
    await app.close();
    const closeMs = Math.round(performance.now() - t1);
    console.info(
      `Kafka unreachable: start ${startMs} ms, signup ${signupMs} ms, close ${closeMs} ms`,
    );
  });
});
