import { describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle, type WebhookDelivery } from '../src/index.js';
import { send, useSandbox, validFields } from './helpers.js';
import { closedPort, signatureIsValid, useReceiver } from './receiver.js';

const KEY = 'whsec-retries';

const deliveredEvent = (sandbox: SandboxHandle) => sandbox.events({ webhook: 'delivered' })[0];
const delivery = (sandbox: SandboxHandle): WebhookDelivery | undefined =>
  deliveredEvent(sandbox)?.deliveries[0];
const statuses = (sandbox: SandboxHandle) =>
  delivery(sandbox)?.attempts.map((attempt) => attempt.statusCode ?? attempt.error);

describe('webhook retries', () => {
  it('retries a 500 on the schedule, signing each attempt afresh, until a 200', async () => {
    const receiver = await useReceiver((_body, n) => (n < 2 ? 500 : 200));
    const sandbox = await useSandbox({
      webhookUrl: receiver.url,
      webhookSigningKey: KEY,
      webhookRetryScheduleMs: [20, 40, 60],
    });

    expect((await send(sandbox)).status).toBe(200);

    await expect.poll(() => delivery(sandbox)?.state).toBe('delivered');
    expect(statuses(sandbox)).toEqual([500, 500, 200]);
    const bodies = receiver.received.map(({ body }) => body);
    expect(bodies.every((body) => signatureIsValid(KEY, body))).toBe(true);
    expect(new Set(bodies.map((body) => body['event-data'].id)).size).toBe(1);
    expect(new Set(bodies.map((body) => body.signature.token)).size).toBe(3);
    expect(sandbox.webhookStats()).toMatchObject({ delivered: 1, attempts: 3, retrying: 0 });
  });

  it('shows a delivery waiting for its next attempt', async () => {
    const receiver = await useReceiver(() => 503);
    const sandbox = await useSandbox({
      webhookUrl: receiver.url,
      webhookRetryScheduleMs: [60_000],
    });

    await send(sandbox);

    await expect.poll(() => delivery(sandbox)?.state).toBe('retrying');
    expect(delivery(sandbox)?.nextAttemptAt).toMatch(/^\d{4}-/);
    expect(sandbox.webhookStats()).toMatchObject({ retrying: 1, attempts: 1 });
  });

  it('never retries after a 406', async () => {
    const receiver = await useReceiver(() => 406);
    const sandbox = await useSandbox({ webhookUrl: receiver.url, webhookRetryScheduleMs: [0, 0] });

    await send(sandbox);

    await expect.poll(() => delivery(sandbox)?.state).toBe('rejected');
    expect(statuses(sandbox)).toEqual([406]);
    expect(delivery(sandbox)?.nextAttemptAt).toBeUndefined();
    expect(sandbox.webhookStats()).toMatchObject({
      rejected: 1,
      attempts: 1,
      queued: 0,
      inFlight: 0,
      retrying: 0,
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up when the schedule runs out', async () => {
    const receiver = await useReceiver(() => 502);
    const sandbox = await useSandbox({ webhookUrl: receiver.url, webhookRetryScheduleMs: [5, 5] });

    await send(sandbox);

    await expect.poll(() => delivery(sandbox)?.state).toBe('failed');
    expect(statuses(sandbox)).toEqual([502, 502, 502]);
    expect(sandbox.webhookStats()).toMatchObject({ failed: 1, attempts: 3, retrying: 0 });
  });

  it('retries a refused connection and keeps accepting sends meanwhile', async () => {
    const port = await closedPort();
    const sandbox = await useSandbox({
      webhookUrl: `http://127.0.0.1:${port}/webhooks`,
      webhookRetryScheduleMs: [5],
    });

    const answers = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) => (await send(sandbox, validFields({ subject: `#${i}` }))).status,
      ),
    );

    expect(answers).toEqual(Array.from({ length: 20 }, () => 200));
    expect(sandbox.count()).toBe(20);
    await expect.poll(() => sandbox.webhookStats().failed).toBe(20);
    expect(statuses(sandbox)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
    expect(sandbox.events({ webhook: 'delivered' })).toHaveLength(20);
  });

  it('bounds the queue behind a receiver that never answers, and counts what it drops', async () => {
    const receiver = await useReceiver(() => undefined);
    const sandbox = await startSandbox({
      webhookUrl: receiver.url,
      webhookQueueLimit: 5,
      webhookConcurrency: 2,
      webhookTimeoutMs: 60_000,
    });
    try {
      for (let i = 0; i < 10; i++) expect((await send(sandbox)).status).toBe(200);

      await expect.poll(() => sandbox.events({ webhook: 'delivered' })).toHaveLength(10);
      await expect.poll(() => receiver.received).toHaveLength(2);
      expect(sandbox.webhookStats()).toMatchObject({
        inFlight: 2,
        queued: 3,
        capacity: 5,
        dropped: 5,
        attempts: 0,
      });
      const states = sandbox
        .events({ webhook: 'delivered' })
        .map((event) => event.deliveries[0]?.state);
      expect(states.filter((state) => state === 'dropped')).toHaveLength(5);
    } finally {
      await sandbox.close();
    }
    expect(sandbox.webhookStats()).toMatchObject({ inFlight: 0, queued: 0, retrying: 0 });
  });

  it('cancels pending webhooks on clear()', async () => {
    const receiver = await useReceiver(() => 500);
    const sandbox = await useSandbox({
      webhookUrl: receiver.url,
      webhookRetryScheduleMs: [60_000],
    });
    await send(sandbox);
    await expect.poll(() => sandbox.webhookStats().retrying).toBe(1);

    sandbox.clear();

    expect(sandbox.webhookStats()).toMatchObject({ retrying: 0, queued: 0, attempts: 0 });
    expect(sandbox.events()).toEqual([]);
  });
});
