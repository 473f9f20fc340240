import { describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { startSandbox, type ActiveFault } from '../src/index.js';
import { getJson, matching, send, useSandbox, validFields } from './helpers.js';

const statuses = async (sandbox: Awaited<ReturnType<typeof useSandbox>>, times: number) => {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push((await send(sandbox)).status);
  return out;
};

describe('fault injection', () => {
  it('answers 429 with the wait in Mailgun wording, then recovers', async () => {
    const sandbox = await useSandbox({ faults: [{ status: 429, count: 1 }] });
    sandbox.injectFault({ status: 429, count: 1, retryAfterSeconds: 7 });

    const first = await send(sandbox);
    const second = await send(sandbox);

    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBeNull();
    expect(await first.json()).toEqual({
      message:
        'Domain mg.fluentmeet.com is not allowed to send: account-requests-per-sec limit exceeded, try again after 120 seconds',
    });
    expect(await second.json()).toEqual({
      message:
        'Domain mg.fluentmeet.com is not allowed to send: account-requests-per-sec limit exceeded, try again after 7 seconds',
    });
    expect((await send(sandbox)).status).toBe(200);
    expect(sandbox.count()).toBe(1);
  });

  it('answers 420 with the date to retry after', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 420, retryAfterSeconds: 90, retryAfterHeader: true });

    const before = Date.now();
    const response = await send(sandbox);
    const { message } = (await response.json()) as { message: string };

    expect(response.status).toBe(420);
    expect(response.headers.get('retry-after')).toBe('90');
    const match =
      /^Domain mg\.fluentmeet\.com is not allowed to send: recipient limit exceeded, try again after (\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d) UTC$/.exec(
        message,
      );
    expect(match, message).not.toBeNull();
    const retryAt = Date.parse(`${match?.[1]} GMT`);
    expect(retryAt).toBeGreaterThanOrEqual(Math.floor((before + 90_000) / 1000) * 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 90_000);
  });

  it.each([
    [500, /^application\/json/, '{"message":"Internal Server Error"}'],
    [502, /^text\/html/, '<center><h1>502 Bad Gateway</h1></center>'],
    [503, /^text\/html/, '<center><h1>503 Service Unavailable</h1></center>'],
    [401, /^text\/plain/, 'Forbidden'],
    [400, /^application\/json/, "'to' parameter is not a valid address"],
    [404, /^application\/json/, '{"message":"Domain not found: mg.fluentmeet.com"}'],
    [402, /^application\/json/, 'upgrade your account'],
    [403, /^application\/json/, 'is not allowed to send: the account or its API key'],
  ])('answers an injected %i like Mailgun', async (status, contentType, body) => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status });

    const response = await send(sandbox);

    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(contentType);
    expect(await response.text()).toContain(body);
    expect(sandbox.count()).toBe(0);
  });

  it('answers a 403 for one recipient with the sandbox-domain rule, and others normally', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 403, to: 'outsider@example.com' });

    const refused = await send(sandbox, validFields({ to: 'outsider@example.com' }));
    const accepted = await send(sandbox, validFields({ to: 'insider@example.com' }));

    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      message:
        'Sandbox subdomains are for test purposes only. Please add your own domain or add the address to authorized recipients in Account Settings.',
    });
    expect(accepted.status).toBe(200);
    expect(sandbox.count()).toBe(1);
  });

  it('sends a custom body as JSON or text', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 400, body: '{"message":"custom"}', count: 1 });
    sandbox.injectFault({ status: 503, body: 'upstream down', count: 1 });

    const json = await send(sandbox);
    const text = await send(sandbox);

    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toEqual({ message: 'custom' });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toBe('upstream down');
  });

  it('adds a fixed latency and still accepts the message', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ latencyMs: 300, count: 1 });

    const started = performance.now();
    const response = await send(sandbox);

    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(sandbox.count()).toBe(1);
  });

  it('adds a latency drawn from a range, then the status', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ latencyRangeMs: [200, 260], status: 503, count: 1 });

    const started = performance.now();
    const response = await send(sandbox);

    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(response.status).toBe(503);
  });

  it('drops the connection without answering', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ drop: true, count: 1 });

    await expect(send(sandbox)).rejects.toThrow(/fetch failed/);
    expect(sandbox.count()).toBe(0);
    expect((await send(sandbox)).status).toBe(200);
  });

  it('applies to the next count requests only', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 503, count: 2 });

    expect(await statuses(sandbox, 3)).toEqual([503, 503, 200]);
    expect(sandbox.faults()).toEqual([]);
  });

  it('never applies with probability 0 and always with probability 1', async () => {
    const never = await useSandbox({ faults: [{ status: 500, probability: 0 }] });
    const always = await useSandbox({ faults: [{ status: 500, probability: 1 }] });

    expect(await statuses(never, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(always, 5)).toEqual([500, 500, 500, 500, 500]);
  });

  it('applies only inside its time window', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 503, durationMs: 400 });

    expect((await send(sandbox)).status).toBe(503);
    await expect.poll(async () => (await send(sandbox)).status, { timeout: 5_000 }).toBe(200);
    expect(sandbox.faults()).toEqual([]);
  });

  it('applies the first matching fault of the stack', async () => {
    const sandbox = await useSandbox();
    sandbox.injectFault({ status: 503, count: 1 });
    sandbox.injectFault({ status: 429, count: 1 });
    sandbox.injectFault({ status: 500, to: 'poison@example.com' });

    expect(await statuses(sandbox, 3)).toEqual([503, 429, 200]);
    expect((await send(sandbox, validFields({ to: 'Poison <POISON@example.com>' }))).status).toBe(
      500,
    );
  });

  it('is driven through POST, GET and DELETE /api/faults', async () => {
    const sandbox = await useSandbox();
    const post = (body: unknown) =>
      fetch(`${sandbox.url}/api/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const created = await post({ status: 503, count: 5 });
    expect(created.status).toBe(201);
    const fault = (await created.json()) as ActiveFault;
    expect(fault).toMatchObject({ id: matching(/^fault-/), spec: { status: 503 }, remaining: 5 });
    expect((await post([{ latencyMs: 10 }, { drop: true, durationMs: 60_000 }])).status).toBe(201);

    expect((await send(sandbox)).status).toBe(503);
    const { items } = await getJson<{ items: ActiveFault[] }>(sandbox, '/api/faults');
    expect(items.map((f) => [f.remaining, f.hits])).toEqual([
      [4, 1],
      [undefined, 0],
      [undefined, 0],
    ]);
    expect(items[2]?.expiresAt).toMatch(/^\d{4}-/);

    const one = await fetch(`${sandbox.url}/api/faults/${fault.id}`, { method: 'DELETE' });
    expect(one.status).toBe(204);
    expect(sandbox.faults()).toHaveLength(2);
    const all = await fetch(`${sandbox.url}/api/faults`, { method: 'DELETE' });
    expect(all.status).toBe(204);
    expect(sandbox.faults()).toEqual([]);
  });

  it.each([
    [{}, 'a fault needs at least one of status, drop, latencyMs or latencyRangeMs'],
    [{ status: 200 }, 'fault /status'],
    [{ statuss: 503 }, 'fault /statuss'],
    [{ latencyRangeMs: [500, 100] }, 'latencyRangeMs must be [min, max]'],
    [{ status: 503, probability: 2 }, 'fault /probability'],
  ])('rejects the invalid fault %j with 400', async (spec, message) => {
    const sandbox = await useSandbox();
    const response = await fetch(`${sandbox.url}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(message);
    expect(sandbox.faults()).toEqual([]);
    expect(() => sandbox.injectFault(spec as never)).toThrow(message);
  });

  it('closes promptly while a request waits on injected latency', async () => {
    const sandbox = await startSandbox({ faults: [{ latencyMs: 60_000 }] });
    const pending = send(sandbox);
    await expect.poll(() => sandbox.faults()[0]?.hits).toBe(1);

    await sandbox.close();

    await expect(pending).rejects.toThrow();
  });
});
