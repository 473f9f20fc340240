import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pruneTokens } from '../src/delivery/event-store.js';
import {
  eventData,
  post,
  sandboxPostingTo,
  sendThrough,
  signed,
  webhookApp,
} from './helpers/webhooks.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Mailgun webhook intake: signatures', () => {
  it('records the events of a custom email (a body its producer rendered) under template custom', async () => {
    const { app, webhookUrl } = await webhookApp();
    const sandbox = await sandboxPostingTo(webhookUrl);
    const { envelopeId } = await sendThrough(sandbox, 'cy@example.com', 'custom');

    const stored = () =>
      app.db
        .selectFrom('delivery_events')
        .select(['event', 'template'])
        .where('envelope_id', '=', envelopeId)
        .orderBy('occurred_at')
        .execute();
    await expect.poll(stored).toEqual([
      { event: 'accepted', template: 'custom' },
      { event: 'delivered', template: 'custom' },
    ]);
  });

  it('stores a signed event the sandbox posts (200), and the same event posted again once', async () => {
    const { app, webhookUrl } = await webhookApp();
    const sandbox = await sandboxPostingTo(webhookUrl);
    const { envelopeId, messageId } = await sendThrough(sandbox, 'ann@example.com');

    const finished = () =>
      sandbox.events({ envelope_id: envelopeId }).map((e) => [e.webhook, e.deliveries[0]?.state]);
    await expect.poll(finished).toEqual([
      ['accepted', 'delivered'],
      ['delivered', 'delivered'],
    ]);
    const rows = await app.db
      .selectFrom('delivery_events')
      .selectAll()
      .where('envelope_id', '=', envelopeId)
      .orderBy('occurred_at')
      .execute();
    expect(rows.map((row) => row.event)).toEqual(['accepted', 'delivered']);
    expect(rows[1]).toMatchObject({
      message_id: messageId.replace(/^<|>$/g, ''),
      recipient: 'ann@example.com',
      template: 'verification',
    });

    const delivered = sandbox.events({ envelope_id: envelopeId, webhook: 'delivered' })[0]!;
    const [again] = sandbox.resendEvent(delivered.id);
    expect(again).toBeDefined();
    await expect
      .poll(() => sandbox.events({ envelope_id: envelopeId, webhook: 'delivered' })[0]?.deliveries)
      .toEqual([
        expect.objectContaining({ state: 'delivered' }),
        expect.objectContaining({
          state: 'delivered',
          attempts: [expect.objectContaining({ statusCode: 200 })],
        }),
      ]);
    const stored = await app.db
      .selectFrom('delivery_events')
      .select('id')
      .where('id', '=', delivered.id)
      .execute();
    expect(stored).toHaveLength(1);
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toContain('fluentmeet_api_webhook_requests_total{result="duplicate"} 1');
  });

  it('refuses a wrong signature, a stale or future timestamp and a replayed token with 406', async () => {
    const { app, webhookUrl } = await webhookApp();
    const data = eventData();
    const wrong = await post(webhookUrl, signed(data, { key: 'not-the-signing-key-at-all' }));
    expect(wrong).toEqual({
      status: 406,
      body: expect.objectContaining({ code: 'WEBHOOK_SIGNATURE_INVALID' }) as unknown,
    });
    const tampered = signed(data);
    const signature = tampered.signature as { timestamp: string };
    signature.timestamp = String(Number(signature.timestamp) - 1);
    expect((await post(webhookUrl, tampered)).body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect((await post(webhookUrl, { 'event-data': data })).body.code).toBe(
      'WEBHOOK_SIGNATURE_INVALID',
    );

    const stale = await post(webhookUrl, signed(data, { timestampSeconds: nowSeconds() - 301 }));
    expect(stale.status).toBe(406);
    expect(stale.body.code).toBe('WEBHOOK_STALE');
    const ahead = await post(webhookUrl, signed(data, { timestampSeconds: nowSeconds() + 120 }));
    expect(ahead.body.code).toBe('WEBHOOK_STALE');
    // A little skew either way is fine.
    const skewed = await post(webhookUrl, signed(data, { timestampSeconds: nowSeconds() + 30 }));
    expect(skewed.status).toBe(200);

    const body = signed(eventData());
    expect((await post(webhookUrl, body)).status).toBe(200);
    const replay = await post(webhookUrl, body);
    expect(replay.status).toBe(406);
    expect(replay.body.code).toBe('WEBHOOK_REPLAYED');
    // The replay of a new event under an old token is refused too, and stores nothing.
    const other = eventData();
    const sneaky = { signature: body.signature, 'event-data': other };
    expect((await post(webhookUrl, sneaky)).body.code).toBe('WEBHOOK_REPLAYED');
    const ids = await app.db.selectFrom('delivery_events').select('id').execute();
    expect(ids.map((row) => row.id).sort()).toEqual(
      [data.id as string, (body['event-data'] as { id: string }).id].sort(),
    );
  });

  it('refuses what is not a Mailgun event with 406 (the sandbox then stops retrying), stores nothing', async () => {
    const { app, webhookUrl } = await webhookApp();
    const noId = eventData();
    delete noId.id;
    expect((await post(webhookUrl, signed(noId))).body.code).toBe('WEBHOOK_INVALID');
    expect((await post(webhookUrl, signed(eventData({ recipient: 42 })))).body.code).toBe(
      'WEBHOOK_INVALID',
    );
    expect(await post(webhookUrl, '{"signature":', 'application/json')).toMatchObject({
      status: 406,
      body: { code: 'WEBHOOK_INVALID' },
    });
    expect(
      (await post(webhookUrl, 'event=delivered', 'application/x-www-form-urlencoded')).status,
    ).toBe(406);
    const huge = signed(eventData({ padding: 'x'.repeat(300 * 1024) }));
    expect((await post(webhookUrl, huge)).status).toBe(406);
    expect(await app.db.selectFrom('delivery_events').selectAll().execute()).toEqual([]);

    // Mailgun's rule as the sandbox plays it: a 406 is never retried.
    const sandbox = await sandboxPostingTo(webhookUrl, {
      webhookSigningKey: 'a-key-we-do-not-know',
    });
    const { envelopeId } = await sendThrough(sandbox, 'bob@example.com');
    await expect
      .poll(() => sandbox.events({ envelope_id: envelopeId }).map((e) => e.deliveries[0]?.state))
      .toEqual(['rejected', 'rejected']);
    for (const event of sandbox.events({ envelope_id: envelopeId })) {
      expect(event.deliveries[0]!.attempts).toEqual([expect.objectContaining({ statusCode: 406 })]);
    }
  });

  it('without a signing key answers 503, so that Mailgun keeps the events and retries', async () => {
    const { app, webhookUrl } = await webhookApp({ MAILGUN_WEBHOOK_SIGNING_KEY: '' });
    const res = await post(webhookUrl, signed(eventData()));
    expect(res).toEqual({
      status: 503,
      body: expect.objectContaining({ code: 'WEBHOOKS_DISABLED' }) as unknown,
    });
    expect(await app.db.selectFrom('delivery_events').selectAll().execute()).toEqual([]);
  });

  it('answers 500 while the database fails, so that Mailgun retries', async () => {
    const { app, webhookUrl } = await webhookApp();
    await app.db.destroy();
    const res = await post(webhookUrl, signed(eventData()));
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('INTERNAL_ERROR');
  });

  it('keeps signature tokens only while their timestamps would be accepted', async () => {
    const { app, webhookUrl } = await webhookApp();
    const old = signed(eventData(), { timestampSeconds: nowSeconds() - 200 });
    const fresh = signed(eventData());
    expect((await post(webhookUrl, old)).status).toBe(200);
    expect((await post(webhookUrl, fresh)).status).toBe(200);
    expect(await pruneTokens(app.db, new Date(Date.now() - 100_000))).toBe(1);
    const left = await app.db.selectFrom('webhook_tokens').select('token').execute();
    expect(left).toEqual([{ token: (fresh.signature as { token: string }).token }]);
  });
});

describe('Mailgun webhook intake: status per email', () => {
  it('moves an email forward only: late or lower events do not undo a final status', async () => {
    const { app, webhookUrl } = await webhookApp();
    const envelopeId = randomUUID();
    const at = Date.now() / 1000;
    const event = (fields: Record<string, unknown>) =>
      eventData({ 'user-variables': { envelope_id: envelopeId }, ...fields });
    const status = async () =>
      app.db
        .selectFrom('email_status')
        .select(['status', 'severity', 'reason'])
        .where('envelope_id', '=', envelopeId)
        .executeTakeFirst();

    await post(webhookUrl, signed(event({ event: 'accepted', timestamp: at })));
    expect(await status()).toEqual({ status: 'accepted', severity: null, reason: null });
    await post(webhookUrl, signed(event({ event: 'complained', timestamp: at + 3 })));
    await post(webhookUrl, signed(event({ event: 'delivered', timestamp: at + 2 })));
    await post(
      webhookUrl,
      signed(
        event({ event: 'failed', severity: 'temporary', reason: 'generic', timestamp: at + 1 }),
      ),
    );
    expect(await status()).toEqual({ status: 'complained', severity: null, reason: null });

    const other = randomUUID();
    const failed = eventData({
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      recipient: 'bounce+ann@example.com',
      'user-variables': { envelope_id: other },
      'delivery-status': { code: 550, message: '5.1.1 no such user', description: null },
    });
    await post(webhookUrl, signed(failed));
    await post(
      webhookUrl,
      signed({ ...eventData({ 'user-variables': { envelope_id: other } }), timestamp: at + 10 }),
    );
    const row = await app.db
      .selectFrom('email_status')
      .selectAll()
      .where('envelope_id', '=', other)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      detail: '5.1.1 no such user',
    });
  });
});
