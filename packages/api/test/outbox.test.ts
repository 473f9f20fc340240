import { buildEnvelope, buildSuppression, toRecord } from '@fluentmeet/email-contracts';
import { describe, expect, it } from 'vitest';
import { enqueueEmail, enqueueSuppression } from '../src/outbox/outbox-store.js';
import type { EmailPublisher } from '../src/outbox/outbox-relay.js';
import { address, build, signup, TEST_ENV } from './helpers/build.js';

const pendingRows = (app: Awaited<ReturnType<typeof build>>['app']) =>
  app.db.selectFrom('outbox').selectAll().where('published_at', 'is', null).execute();

describe('transactional outbox and relay', () => {
  it('publishes right after commit, without waiting for a poll tick', async () => {
    // TEST_ENV polls once a minute, so only the in-process wake-up can explain a fast publish.
    expect(TEST_ENV.OUTBOX_POLL_INTERVAL_MS).toBe(60_000);
    const { app, producer } = await build();
    const user = await signup(app);
    await expect.poll(() => producer.to(user.email).length, { timeout: 1000, interval: 5 }).toBe(1);
    const row = await app.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.published_at).not.toBeNull();
    expect(row.envelope_id).toBe(producer.published[0]!.id);
    expect(JSON.parse(row.payload)).toEqual(producer.published[0]);
    // The partition key is the envelope's, built when it is published.
    expect(toRecord(producer.published[0]!).key).toBe(user.email.toLowerCase());
  });

  it('keeps answering while Kafka is down, records the failures, and sends the same envelopes later', async () => {
    const { app, producer } = await build();
    producer.down = true;
    const users = [];
    for (let i = 0; i < 5; i += 1) users.push(await signup(app));

    await expect.poll(async () => (await pendingRows(app)).every((r) => r.attempts > 0)).toBe(true);
    const stuck = await pendingRows(app);
    expect(stuck).toHaveLength(5);
    expect(stuck[0]!.last_error).toMatch(/PUBLISH_FAILED|broker unreachable/);
    expect(stuck[0]!.last_error).not.toMatch(/token|password/i);
    expect(producer.published).toHaveLength(0);

    producer.down = false;
    await expect.poll(() => producer.published.length, { timeout: 5000 }).toBe(5);
    expect(await pendingRows(app)).toHaveLength(0);
    expect(producer.published.map((e) => e.id).sort()).toEqual(
      stuck.map((r) => r.envelope_id).sort(),
    );
    expect(new Set(producer.published.map((e) => e.to))).toEqual(
      new Set(users.map((u) => u.email)),
    );
  });

  it('falls back to polling for rows it was not woken for', async () => {
    const { app, producer, clock } = await build({ env: { OUTBOX_POLL_INTERVAL_MS: 50 } });
    const envelope = buildEnvelope({
      to: address(),
      template: 'password_changed',
      data: { changed_at: clock.now().toISOString() },
    });
    await enqueueEmail(app.db, envelope, clock.now());
    await expect.poll(() => producer.published.map((e) => e.id)).toEqual([envelope.id]);
  });

  it('publishes in batches until the backlog is gone', async () => {
    const { app, producer, clock } = await build({ env: { OUTBOX_BATCH_SIZE: 7 } });
    producer.down = true;
    for (let i = 0; i < 30; i += 1) {
      await enqueueEmail(
        app.db,
        buildEnvelope({
          to: address(),
          template: 'password_changed',
          data: { changed_at: clock.now().toISOString() },
        }),
        clock.now(),
      );
    }
    producer.down = false;
    app.outboxRelay.wake();
    await expect.poll(() => producer.published.length, { timeout: 5000 }).toBe(30);
    expect(producer.publishCalls).toBeGreaterThanOrEqual(5);
  });

  it('carries suppression records to their topic too: held while Kafka is down, a bad one parked', async () => {
    const { app, producer, clock } = await build({ env: { OUTBOX_POLL_INTERVAL_MS: 50 } });
    producer.down = true;
    const record = buildSuppression(
      { address: 'bounce+o@example.com', state: 'suppressed', reason: 'bounced' },
      clock.now(),
    );
    await enqueueSuppression(app.db, record, clock.now());
    await enqueueSuppression(app.db, { ...record, reason: 'whim' } as never, clock.now());
    await enqueueEmail(
      app.db,
      buildEnvelope({
        to: address(),
        template: 'password_changed',
        data: { changed_at: clock.now().toISOString() },
      }),
      clock.now(),
    );
    await expect.poll(async () => (await pendingRows(app)).every((r) => r.attempts > 0)).toBe(true);
    expect(producer.suppressions).toEqual([]);

    producer.down = false;
    await expect.poll(() => producer.suppressions).toEqual([record]);
    await expect.poll(() => producer.published.length).toBe(1);
    const parked = await app.db
      .selectFrom('outbox')
      .select(['kind', 'last_error'])
      .where('failed_at', 'is not', null)
      .execute();
    expect(parked).toEqual([{ kind: 'suppression', last_error: 'SUPPRESSION_INVALID' }]);
  });

  it('parks a row that is no longer a valid envelope and sends the rest', async () => {
    const { app, producer, clock, logs } = await build();
    await app.db
      .insertInto('outbox')
      .values({
        envelope_id: 'broken-1',
        payload: '{"template":"nope"}',
        created_at: clock.now().toISOString(),
        published_at: null,
        last_error: null,
        last_attempt_at: null,
        failed_at: null,
      })
      .execute();
    const user = await signup(app);
    await expect.poll(() => producer.to(user.email).length).toBe(1);
    const broken = await app.db
      .selectFrom('outbox')
      .selectAll()
      .where('envelope_id', '=', 'broken-1')
      .executeTakeFirstOrThrow();
    expect(broken.failed_at).not.toBeNull();
    expect(broken.published_at).toBeNull();
    expect(logs.text).toContain('outbox row unpublishable');
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.json()).toMatchObject({ outbox: { pending: 0, failed: 1 } });
  });

  it('prunes published rows older than the retention, keeping pending ones', async () => {
    const { app, producer, clock } = await build({ env: { OUTBOX_RETENTION_HOURS: 24 } });
    const old = await signup(app);
    await expect.poll(() => producer.to(old.email).length).toBe(1);
    clock.advance(25 * 3_600_000);
    producer.down = true;
    await signup(app);
    const recent = await signup(app);
    expect(recent).toBeDefined();
    producer.down = false;
    await expect.poll(() => producer.published.length, { timeout: 5000 }).toBe(3);
    producer.down = true;
    await signup(app);

    expect(await app.outboxRelay.prune()).toBe(1);
    const rows = await app.db.selectFrom('outbox').select(['published_at']).execute();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.published_at === null)).toHaveLength(1);
  });

  it('closes promptly while the producer hangs in connect', async () => {
    let connectCalls = 0;
    const hanging: EmailPublisher = {
      connect: () => {
        connectCalls += 1;
        return new Promise<void>(() => {});
      },
      disconnect: async () => {},
      publish: async () => [],
      publishSuppressions: async () => {},
    };
    const { app } = await build({ producer: hanging });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: address(), password: 'long enough pass' },
    });
    expect(res.statusCode).toBe(202);
    await expect.poll(() => connectCalls).toBe(1);
    const started = performance.now();
    await app.close();
    console.info(
      `close with a hanging Kafka connect took ${Math.round(performance.now() - started)} ms`,
    );
  });
});
