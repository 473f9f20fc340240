import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { address, signup } from './helpers/build.js';
import { eventData, OPERATOR_TOKEN, post, signed, webhookApp } from './helpers/webhooks.js';

const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };

const bounce = (recipient: string, fields: Record<string, unknown> = {}) =>
  eventData({
    event: 'failed',
    severity: 'permanent',
    reason: 'bounce',
    recipient,
    'delivery-status': { code: 550, message: '5.1.1 no such user', description: null },
    ...fields,
  });

describe('the suppression list', () => {
  it('suppresses on a permanent failure, a complaint and an unsubscribe, once each, and tells the workers', async () => {
    const { app, producer, webhookUrl } = await webhookApp();
    expect((await post(webhookUrl, signed(bounce('Bounce+A@Example.com')))).status).toBe(200);
    await post(webhookUrl, signed(bounce('bounce+a@example.com')));
    const noStatus = { 'delivery-status': undefined };
    await post(
      webhookUrl,
      signed(eventData({ event: 'complained', recipient: 'c@example.com', ...noStatus })),
    );
    await post(
      webhookUrl,
      signed(eventData({ event: 'unsubscribed', recipient: 'u@example.com', ...noStatus })),
    );
    await post(
      webhookUrl,
      signed(eventData({ event: 'failed', severity: 'temporary', recipient: 't@example.com' })),
    );
    await post(webhookUrl, signed(eventData({ event: 'delivered', recipient: 'd@example.com' })));

    const rows = await app.db
      .selectFrom('suppressions')
      .select(['address', 'reason', 'detail', 'lifted_at'])
      .orderBy('address')
      .execute();
    expect(rows).toEqual([
      {
        address: 'bounce+a@example.com',
        reason: 'bounced',
        detail: '5.1.1 no such user',
        lifted_at: null,
      },
      { address: 'c@example.com', reason: 'complained', detail: null, lifted_at: null },
      { address: 'u@example.com', reason: 'unsubscribed', detail: null, lifted_at: null },
    ]);
    await expect.poll(() => producer.suppressions.length).toBe(3);
    expect(producer.suppressions).toEqual([
      expect.objectContaining({
        address: 'bounce+a@example.com',
        state: 'suppressed',
        reason: 'bounced',
      }),
      expect.objectContaining({
        address: 'c@example.com',
        state: 'suppressed',
        reason: 'complained',
      }),
      expect.objectContaining({
        address: 'u@example.com',
        state: 'suppressed',
        reason: 'unsubscribed',
      }),
    ]);
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toContain(
      'fluentmeet_api_delivery_events_total{event="bounced",template="verification"} 2',
    );
    expect(metrics).toContain(
      'fluentmeet_api_delivery_events_total{event="complained",template="verification"} 1',
    );
    expect(metrics).toContain(
      'fluentmeet_api_delivery_events_total{event="delivered",template="verification"} 1',
    );
    expect(metrics).toContain('fluentmeet_api_suppressions_total{reason="bounced"} 1');
  });

  it('changes nothing in the public answers: forgot-password answers the same for a suppressed address', async () => {
    const { app, producer, webhookUrl } = await webhookApp();
    const suppressed = address('bounce');
    const fine = address('fine');
    await signup(app, suppressed);
    await signup(app, fine);
    await post(webhookUrl, signed(bounce(suppressed)));
    const forgot = (email: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
    const answers = await Promise.all([suppressed, fine, address('nobody')].map(forgot));
    const shapes = answers.map((res) => ({ status: res.statusCode, body: res.body }));
    expect(shapes[0]).toEqual(shapes[1]);
    expect(shapes[0]).toEqual(shapes[2]);
    // The API still sends it: the worker dead-letters it as SUPPRESSED.
    await expect
      .poll(() => producer.to(suppressed).filter((e) => e.template === 'password_reset'))
      .toHaveLength(1);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: suppressed, password: 'correct horse battery staple' },
    });
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: fine, password: 'correct horse battery staple' },
    });
    expect({ status: again.statusCode, body: again.body }).toEqual({
      status: other.statusCode,
      body: other.body,
    });
  });

  it('is lifted by an operator (audited), after which only later events suppress again', async () => {
    const { producer, logs, webhookUrl, url, clock } = await webhookApp();
    const to = 'bounce+lift@example.com';
    const sentAt = Date.now() / 1000;
    await post(webhookUrl, signed(bounce(to, { timestamp: sentAt })));
    await expect.poll(() => producer.suppressions.length).toBe(1);
    clock.advance(2_000);

    const lift = (body: Record<string, unknown>, headers: Record<string, string> = auth) =>
      fetch(`${url}/api/v1/operator/suppressions/lift`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const lifted = await lift({
      address: 'Bounce+Lift@example.com',
      operator: 'ada',
      note: 'mailbox restored',
    });
    expect(lifted.status).toBe(200);
    expect(await lifted.json()).toMatchObject({
      address: to,
      suppressed: false,
      reason: 'bounced',
      lifted_by: 'ada',
      lift_note: 'mailbox restored',
    });
    await expect.poll(() => producer.suppressions.length).toBe(2);
    expect(producer.suppressions[1]).toMatchObject({
      address: to,
      state: 'lifted',
      note: 'mailbox restored',
    });
    const audit = logs.entries().find((entry) => entry.audit === 'suppression.lifted');
    expect(audit).toMatchObject({
      operator: 'ada',
      to: 'b***@example.com',
      reason: 'bounced',
      note: 'mailbox restored',
      liftedAt: expect.any(String) as unknown,
    });
    expect(logs.text).not.toContain(OPERATOR_TOKEN);
    expect((await lift({ address: to, operator: 'ada' })).status).toBe(404);

    // A late webhook of an earlier bounce does not undo the lift; a new bounce does.
    await post(webhookUrl, signed(bounce(to, { timestamp: sentAt + 0.5 })));
    const lookup = () =>
      fetch(`${url}/api/v1/operator/suppressions/lookup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ address: to }),
      }).then((res) => res.json() as Promise<{ suppressed: boolean }>);
    expect(await lookup()).toMatchObject({ suppressed: false });
    await post(webhookUrl, signed(bounce(to, { timestamp: Date.now() / 1000 + 5 })));
    expect(await lookup()).toMatchObject({ suppressed: true, lifted_at: null });
    await expect.poll(() => producer.suppressions.length).toBe(3);
  });
});

describe('the operator endpoints', () => {
  it('refuse everyone without OPERATOR_TOKEN, and a wrong token; the right one sees an email', async () => {
    const closed = await webhookApp({ OPERATOR_TOKEN: '' });
    const res = await closed.app.inject({
      method: 'GET',
      url: `/api/v1/operator/emails/${randomUUID()}`,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'OPERATOR_DISABLED' });
    expect((await closed.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);

    const { app, webhookUrl } = await webhookApp();
    const envelopeId = randomUUID();
    for (const [headers, status] of [
      [{}, 401],
      [{ authorization: 'Bearer nope' }, 401],
      [{ authorization: `Basic ${OPERATOR_TOKEN}` }, 401],
      [{ authorization: `Bearer ${OPERATOR_TOKEN}x` }, 401],
      [auth, 404],
    ] as const) {
      const answer = await app.inject({
        method: 'GET',
        url: `/api/v1/operator/emails/${envelopeId}`,
        headers,
      });
      expect(answer.statusCode).toBe(status);
      if (status === 401) expect(answer.headers['www-authenticate']).toBe('Bearer');
    }

    const user = await signup(app, 'complain+op@example.com');
    const row = await app.db
      .selectFrom('outbox')
      .select('envelope_id')
      .where('kind', '=', 'email')
      .executeTakeFirstOrThrow();
    const pending = await app.inject({
      method: 'GET',
      url: `/api/v1/operator/emails/${row.envelope_id}`,
      headers: auth,
    });
    expect(pending.json()).toMatchObject({ status: 'pending', events: [], suppression: null });
    const messageId = `${randomUUID()}@mg.fluentmeet.test`;
    const base = { recipient: user.email, 'user-variables': { envelope_id: row.envelope_id } };
    const headers = { message: { headers: { 'message-id': messageId } } };
    const at = Date.now() / 1000;
    await post(
      webhookUrl,
      signed(eventData({ ...base, ...headers, event: 'accepted', timestamp: at })),
    );
    await post(
      webhookUrl,
      signed(eventData({ ...base, ...headers, event: 'delivered', timestamp: at + 1 })),
    );
    await post(
      webhookUrl,
      signed(eventData({ ...base, ...headers, event: 'complained', timestamp: at + 2 })),
    );
    const report = await app.inject({
      method: 'GET',
      url: `/api/v1/operator/emails/${row.envelope_id}`,
      headers: auth,
    });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      envelope_id: row.envelope_id,
      status: 'complained',
      message_id: messageId,
      recipient: 'complain+op@example.com',
      template: 'verification',
      outbox: { published_at: expect.any(String) as unknown },
      suppression: { reason: 'complained', suppressed: true },
      events: [{ event: 'accepted' }, { event: 'delivered' }, { event: 'complained' }],
    });

    const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: auth });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain(
      'fluentmeet_api_delivery_events_total{event="complained",template="verification"} 1',
    );
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});
