import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { fetch, request } from 'undici';
import { WebhookPayload, type SandboxEvent, type SandboxHandle } from '../src/index.js';
import { getJson, send, useSandbox, validFields, type Fields } from './helpers.js';
import { signatureIsValid, useReceiver, type Receiver } from './receiver.js';

const KEY = 'whsec-test-key';
const ENVELOPE = '0193a5b0-0000-7000-8000-0000000000aa';

const mail = (to: string, envelopeId = ENVELOPE): Fields => [
  ...validFields({ to }),
  ['o:tag', 'verification'],
  ['v:envelope_id', envelopeId],
];

/** Sends one message and answers its Mailgun id. */
async function sendTo(sandbox: SandboxHandle, to: string, envelopeId?: string): Promise<string> {
  const response = await send(sandbox, mail(to, envelopeId));
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

const webhooks = (events: SandboxEvent[]) => events.map((event) => event.webhook);
const posted = (receiver: Receiver) =>
  receiver.received.map(({ body }) =>
    [body['event-data'].event, body['event-data'].severity].filter(Boolean).join('/'),
  );

async function setup(options: Parameters<typeof useSandbox>[0] = {}) {
  const receiver = await useReceiver();
  const sandbox = await useSandbox({
    webhookUrl: receiver.url,
    webhookSigningKey: KEY,
    ...options,
  });
  return { receiver, sandbox };
}

describe('webhooks', () => {
  it('posts a signed `delivered` for every accepted message, shaped like Mailgun', async () => {
    const { receiver, sandbox } = await setup();
    const id = await sendTo(sandbox, 'Ann <Ann@Example.com>');

    await expect.poll(() => receiver.received).toHaveLength(1);
    const [{ body, contentType }] = receiver.received as [Receiver['received'][0]];
    expect(contentType).toBe('application/json');
    expect(Value.Check(WebhookPayload, body)).toBe(true);
    expect(signatureIsValid(KEY, body)).toBe(true);
    expect(signatureIsValid('another-key', body)).toBe(false);
    expect(body.signature.token).toMatch(/^[0-9a-f]{50}$/);
    expect(Math.abs(Number(body.signature.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(body['event-data']).toMatchObject({
      event: 'delivered',
      recipient: 'ann@example.com',
      'user-variables': { envelope_id: ENVELOPE },
      tags: ['verification'],
      message: {
        headers: {
          'message-id': id.slice(1, -1),
          to: 'Ann <Ann@Example.com>',
          from: 'FluentMeet <no-reply@fluentmeet.com>',
          subject: 'Verify your FluentMeet account',
        },
      },
      'delivery-status': { code: 250, message: 'OK', 'attempt-no': 1 },
    });
    expect(body['event-data'].id).toMatch(/^[\w-]{22}$/);
    expect(body['event-data'].severity).toBeUndefined();

    const events = sandbox.events({ envelope_id: ENVELOPE });
    expect(webhooks(events)).toEqual(['accepted', 'delivered']);
    expect(events[0]?.deliveries).toEqual([]); // no URL is set for `accepted`
    await expect
      .poll(() => events[1]?.deliveries.map((d) => [d.state, d.attempts.map((a) => a.statusCode)]))
      .toEqual([['delivered', [200]]]);
    expect(sandbox.messageStatus(id)).toBe('delivered');
  });

  it('bounces bounce+…@ permanently: failed, severity permanent, with the SMTP answer', async () => {
    const { receiver, sandbox } = await setup();
    const id = await sendTo(sandbox, 'bounce+ann@example.com');

    await expect.poll(() => posted(receiver)).toEqual(['failed/permanent']);
    expect(receiver.received[0]?.body['event-data']).toMatchObject({
      event: 'failed',
      severity: 'permanent',
      reason: 'bounce',
      'log-level': 'error',
      recipient: 'bounce+ann@example.com',
      'delivery-status': { code: 550, 'enhanced-code': '5.1.1', 'bounce-type': 'hard' },
    });
    expect(receiver.received[0]?.body['event-data']['delivery-status']?.message).toMatch(
      /does not exist/,
    );
    const listing = await getJson<{ status: string; items: SandboxEvent[] }>(
      sandbox,
      `/api/messages/${encodeURIComponent(id)}/events`,
    );
    expect(listing.status).toBe('permanent_fail');
    expect(webhooks(listing.items)).toEqual(['accepted', 'permanent_fail']);
  });

  it.each([
    ['complain+x@example.com', 'complained', ['delivered', 'complained']],
    ['unsubscribe+x@example.com', 'unsubscribed', ['delivered', 'unsubscribed']],
  ])('delivers %s and then reports it %s', async (to, status, expected) => {
    const { receiver, sandbox } = await setup();
    const id = await sendTo(sandbox, to);

    await expect.poll(() => posted(receiver)).toEqual(expected);
    expect(sandbox.messageStatus(id)).toBe(status);
    expect(receiver.received.every(({ body }) => signatureIsValid(KEY, body))).toBe(true);
  });

  it('fails temporarily, then delivers, under a rule with a count', async () => {
    const { receiver, sandbox } = await setup();
    sandbox.injectFault({
      outcome: 'temporary_fail',
      to: 'ann@example.com',
      count: 1,
      thenAfterMs: 50,
      code: 452,
      message: '4.2.2 Mailbox full',
    });
    const first = await sendTo(sandbox, 'ann@example.com', 'env-first');

    await expect.poll(() => posted(receiver)).toEqual(['failed/temporary', 'delivered']);
    const [temporary, delivered] = receiver.received.map(({ body }) => body['event-data']);
    expect(temporary).toMatchObject({
      reason: 'generic',
      'delivery-status': { code: 452, message: '4.2.2 Mailbox full', 'retry-seconds': 1 },
    });
    expect(delivered?.['delivery-status']?.['attempt-no']).toBe(2);
    expect(sandbox.messageStatus(first)).toBe('delivered');
    expect(sandbox.faults()).toEqual([]);

    await sendTo(sandbox, 'ann@example.com', 'env-second');
    await expect
      .poll(() => webhooks(sandbox.events({ envelope_id: 'env-second' })))
      .toEqual(['accepted', 'delivered']);
  });

  it('takes outcome rules by recipient pattern through POST /api/faults', async () => {
    const { sandbox } = await setup();
    const response = await fetch(`${sandbox.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'permanent_fail', to: '*@bounces.example' }),
    });
    expect(response.status).toBe(201);

    const bounced = await sendTo(sandbox, 'Zed <zed@BOUNCES.example>', 'env-b');
    const fine = await sendTo(sandbox, 'zed@example.com', 'env-f');

    await expect.poll(() => sandbox.messageStatus(bounced)).toBe('permanent_fail');
    await expect.poll(() => sandbox.messageStatus(fine)).toBe('delivered');
    expect(sandbox.faults()[0]).toMatchObject({ spec: { outcome: 'permanent_fail' }, hits: 1 });
  });

  it.each([
    [{ outcome: 'delivered' }, 'fault /outcome'],
    [{ outcome: 'complained', then: 'delivered' }, '`then` applies to the temporary_fail'],
    [{ outcome: 'unsubscribed', code: 550 }, '`code` and `message` apply to failures only'],
    [{ outcome: 'permanent_fail', code: 99 }, 'fault /code'],
  ])('rejects the invalid delivery fault %j with 400', async (spec, message) => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'FAULT_INVALID' });
    expect(sandbox.faults()).toEqual([]);
    expect(() => sandbox.injectFault(spec as never)).toThrow(message);
  });

  it('lets address rules be switched off', async () => {
    const { receiver, sandbox } = await setup({ addressRules: false });
    await sendTo(sandbox, 'bounce+ann@example.com');
    await expect.poll(() => posted(receiver)).toEqual(['delivered']);
  });

  it('posts each webhook to its own URLs, set at run time through PUT /api/config', async () => {
    const sandbox = await useSandbox({ webhookSigningKey: KEY });
    const [accepted, delivered, bounced] = [
      await useReceiver(),
      await useReceiver(),
      await useReceiver(),
    ];
    const put = await fetch(`${sandbox.url}/api/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        webhooks: {
          accepted: [accepted.url],
          delivered: [delivered.url],
          permanent_fail: [bounced.url],
        },
      }),
    });
    expect(put.status).toBe(204);
    expect(await getJson(sandbox, '/api/config')).toMatchObject({
      webhooks: {
        accepted: [accepted.url],
        delivered: [delivered.url],
        permanent_fail: [bounced.url],
        temporary_fail: [],
      },
      addressRules: true,
    });
    expect(JSON.stringify(await getJson(sandbox, '/api/config'))).not.toContain(KEY);

    await sendTo(sandbox, 'ann@example.com');
    await sendTo(sandbox, 'bounce@example.com');

    await expect.poll(() => posted(accepted)).toEqual(['accepted', 'accepted']);
    await expect.poll(() => posted(delivered)).toEqual(['delivered']);
    await expect.poll(() => posted(bounced)).toEqual(['failed/permanent']);
  });

  it('refuses invalid settings with a coded 400 and keeps the old ones', async () => {
    const { receiver, sandbox } = await setup();
    for (const body of [
      { webhooks: { opened: ['http://127.0.0.1:1/'] } },
      { webhookUrl: 'ftp://example.com/hook' },
      { webhooks: { delivered: ['http://a/', 'http://b/', 'http://c/', 'http://d/'] } },
      {},
    ]) {
      const response = await fetch(`${sandbox.url}/api/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'CONFIG_INVALID' });
    }
    expect(sandbox.config().webhooks.delivered).toEqual([receiver.url]);
  });

  it('posts an event triggered later, and re-posts an event with the same id on resend', async () => {
    const { receiver, sandbox } = await setup();
    const id = await sendTo(sandbox, 'ann@example.com');
    await expect.poll(() => posted(receiver)).toEqual(['delivered']);

    const created = await fetch(`${sandbox.url}/api/messages/${encodeURIComponent(id)}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: 'complained' }),
    });
    expect(created.status).toBe(201);
    await expect.poll(() => posted(receiver)).toEqual(['delivered', 'complained']);
    expect(sandbox.messageStatus(id)).toBe('complained');

    const complaint = sandbox.events({ webhook: 'complained' })[0] as SandboxEvent;
    const resent = await fetch(`${sandbox.url}/api/webhook-events/${complaint.id}/resend`, {
      method: 'POST',
    });
    expect(resent.status).toBe(202);
    await expect.poll(() => receiver.received).toHaveLength(3);
    const [, first, again] = receiver.received.map(({ body }) => body);
    expect(again?.['event-data']).toEqual(first?.['event-data']);
    expect(again?.signature.token).not.toBe(first?.signature.token);
    expect(signatureIsValid(KEY, again as WebhookPayload)).toBe(true);
    expect(sandbox.events({ webhook: 'complained' })[0]?.deliveries).toHaveLength(2);

    const unknown = await fetch(`${sandbox.url}/api/messages/nope/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhook: 'complained' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('lists events and their deliveries through the JSON API', async () => {
    const { sandbox } = await setup();
    const id = await sendTo(sandbox, 'ann@example.com', 'env-api');
    await expect.poll(() => sandbox.events({ envelope_id: 'env-api' })).toHaveLength(2);

    const listing = await getJson<{ items: SandboxEvent[] }>(
      sandbox,
      '/api/webhook-events?envelope_id=env-api&webhook=delivered',
    );
    expect(listing.items).toHaveLength(1);
    expect(listing.items[0]).toMatchObject({ messageId: id, recipient: 'ann@example.com' });
    await expect
      .poll(
        async () =>
          (await getJson<SandboxEvent>(sandbox, `/api/webhook-events/${listing.items[0]?.id}`))
            .deliveries[0]?.state,
      )
      .toBe('delivered');
    expect(await getJson(sandbox, '/api/webhooks/stats')).toMatchObject({
      delivered: 1,
      attempts: 1,
      queued: 0,
      dropped: 0,
    });
    const messages = await getJson<{ statuses: Record<string, string> }>(sandbox, '/api/messages');
    expect(messages.statuses).toEqual({ [id]: 'delivered' });
  });

  it('streams each event with the message status over /api/events', async () => {
    const { sandbox } = await setup();
    const events = await request(`${sandbox.url}/api/events`);
    let received = '';
    events.body.setEncoding('utf8');
    events.body.on('data', (chunk: string) => (received += chunk));

    const id = await sendTo(sandbox, 'bounce@example.com');

    await expect.poll(() => received).toContain('"status":"permanent_fail"');
    const deliveries = [...received.matchAll(/event: delivery\ndata: (.+)\n\n/g)].map(
      (match) => JSON.parse(match[1] ?? '{}') as Record<string, string>,
    );
    expect(deliveries.map((d) => [d.messageId, d.webhook, d.status])).toEqual([
      [id, 'accepted', 'accepted'],
      [id, 'permanent_fail', 'permanent_fail'],
    ]);
    await expect.poll(() => received).toMatch(/event: webhook\ndata: .*"state":"delivered"/);
    events.body.destroy();
  });

  it('sends `user-variables` as [] for a message without v: variables, as Mailgun does', async () => {
    const { receiver, sandbox } = await setup();
    expect((await send(sandbox, validFields())).status).toBe(200);
    await expect.poll(() => receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body['event-data']['user-variables']).toEqual([]);
  });
});
