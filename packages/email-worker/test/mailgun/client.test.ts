import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type SandboxHandle } from '@fluentmeet/mailgun-sandbox';
import {
  MailgunClient,
  type MailgunConfig,
  type MailgunMessage,
  type SendOutcome,
} from '../../src/mailgun/index.js';

const KEY = 'key-client-test-4f1c9a';
const DOMAIN = 'mg.fluentmeet.test';
const FROM = 'FluentMeet <no-reply@fluentmeet.com>';

let sandbox: SandboxHandle;
let client: MailgunClient;
let connections = 0;
const extraClients: MailgunClient[] = [];

function configFor(overrides: Partial<MailgunConfig> = {}): MailgunConfig {
  return {
    apiKey: KEY,
    domain: DOMAIN,
    baseUrl: sandbox.url,
    from: FROM,
    connections: 4,
    connectTimeoutMs: 1_000,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 300,
    ...overrides,
  };
}

/** A client with other settings, closed after the file. */
function otherClient(overrides: Partial<MailgunConfig>): MailgunClient {
  const other = new MailgunClient(configFor(overrides));
  extraClients.push(other);
  return other;
}

function message(overrides: Partial<MailgunMessage> = {}): MailgunMessage {
  return {
    to: 'ada@example.com',
    subject: 'Verify your FluentMeet account',
    text: 'Open https://app.fluentmeet.com/v?t=1',
    html: '<p>Open <a href="https://app.fluentmeet.com/v?t=1">this link</a></p>',
    tag: 'verification',
    envelopeId: '0193a5b0-7c1e-7000-8000-000000000001',
    ...overrides,
  };
}

function expectKind<K extends SendOutcome['kind']>(
  outcome: SendOutcome,
  kind: K,
): Extract<SendOutcome, { kind: K }> {
  expect(outcome.kind, JSON.stringify(outcome)).toBe(kind);
  return outcome as Extract<SendOutcome, { kind: K }>;
}

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: KEY, domains: [DOMAIN] });
  sandbox.app.server.on('connection', () => {
    connections += 1;
  });
  client = new MailgunClient(configFor());
});

afterEach(() => {
  sandbox.clearFaults();
  sandbox.clear();
});

afterAll(async () => {
  await Promise.all([client.close(), ...extraClients.map((other) => other.close())]);
  await sandbox.close();
});

describe('sent', () => {
  it('posts every field and returns Mailgun’s message id', async () => {
    const outcome = expectKind(await client.send(message()), 'sent');
    const [captured] = sandbox.messages();
    expect(outcome).toMatchObject({ status: 200, messageId: captured?.id });
    expect(outcome.messageId).toMatch(/^<.+@mg\.fluentmeet\.test>$/);
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(captured).toMatchObject({
      domain: DOMAIN,
      from: FROM,
      to: ['ada@example.com'],
      subject: 'Verify your FluentMeet account',
      text: message().text,
      html: message().html,
      tags: ['verification'],
      variables: { envelope_id: message().envelopeId },
      headers: { 'X-FluentMeet-Envelope-Id': message().envelopeId },
      envelopeId: message().envelopeId,
    });
  });

  it('turns open and click tracking off for a message that says so, and only then', async () => {
    expectKind(await client.send(message({ tracking: false })), 'sent');
    expectKind(await client.send(message()), 'sent');
    const [untouched, untracked] = sandbox.messages();
    expect(untracked!.options).toEqual({
      tracking: 'no',
      'tracking-clicks': 'no',
      'tracking-opens': 'no',
    });
    expect(untouched!.options).toEqual({});
  });

  it('uses the message’s own sender when given', async () => {
    expectKind(await client.send(message({ from: 'Security <security@fluentmeet.com>' })), 'sent');
    expect(sandbox.messages()[0]?.from).toBe('Security <security@fluentmeet.com>');
  });

  it('keeps a bounded pool of reused keep-alive connections', async () => {
    const bounded = otherClient({ connections: 3 });
    const before = connections;
    for (let i = 0; i < 10; i++) expectKind(await bounded.send(message()), 'sent');
    // undici may open a second socket before the first reports itself free again;
    // without keep-alive (or with unread bodies) this would be 10, or hang.
    expect(connections - before).toBeLessThanOrEqual(2);
    const outcomes = await Promise.all(Array.from({ length: 60 }, () => bounded.send(message())));
    expect(outcomes.every((outcome) => outcome.kind === 'sent')).toBe(true);
    expect(connections - before).toBeLessThanOrEqual(3);
    expect(sandbox.count()).toBe(70);
  });
});

describe('transient', () => {
  it.each([500, 502, 503])('retries %i at once', async (status) => {
    sandbox.injectFault({ status, count: 1 });
    const before = Date.now();
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome).toMatchObject({ code: 'MAILGUN_UNAVAILABLE', status });
    expect(outcome.retryAt).toBeGreaterThanOrEqual(before);
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now());
    expect(sandbox.count()).toBe(0);
  });

  it('honours a Retry-After header on 503', async () => {
    sandbox.injectFault({ status: 503, retryAfterHeader: true, retryAfterSeconds: 7, count: 1 });
    const before = Date.now();
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome.retryAt).toBeGreaterThanOrEqual(before + 7_000);
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now() + 7_000);
  });

  it('waits as a 429 body says ("try again after N seconds")', async () => {
    sandbox.injectFault({ status: 429, retryAfterSeconds: 45, count: 1 });
    const before = Date.now();
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome).toMatchObject({ code: 'MAILGUN_RATE_LIMITED', status: 429 });
    expect(outcome.reason).toContain('try again after 45 seconds');
    expect(outcome.retryAt).toBeGreaterThanOrEqual(before + 45_000);
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now() + 45_000);
  });

  it('waits until the date a 420 body names', async () => {
    sandbox.injectFault({ status: 420, retryAfterSeconds: 600, count: 1 });
    const before = Date.now();
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome).toMatchObject({ code: 'MAILGUN_RATE_LIMITED', status: 420 });
    const date = /try again after (.+ UTC)/.exec(outcome.reason)?.[1];
    expect(date).toBeDefined();
    expect(outcome.retryAt).toBe(Date.parse(date!));
    // the body's date has whole seconds
    expect(outcome.retryAt).toBeGreaterThan(before + 600_000 - 1_000);
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now() + 600_000);
  });

  it('waits 30 s on a 429 that names no wait', async () => {
    sandbox.injectFault({ status: 429, body: '{"message":"Too many requests"}', count: 1 });
    const before = Date.now();
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome.retryAt).toBeGreaterThanOrEqual(before + 30_000);
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now() + 30_000);
  });

  it('retries 408', async () => {
    sandbox.injectFault({ status: 408, count: 1 });
    expect(await client.send(message())).toMatchObject({
      kind: 'transient',
      code: 'MAILGUN_REQUEST_TIMEOUT',
      status: 408,
    });
  });

  it('retries a dropped connection, then sends again on a fresh one', async () => {
    sandbox.injectFault({ drop: true, count: 1 });
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome).toMatchObject({ code: 'MAILGUN_NETWORK' });
    expect(outcome.status).toBeUndefined();
    expect(outcome.retryAt).toBeLessThanOrEqual(Date.now());
    expectKind(await client.send(message()), 'sent');
  });

  it('gives up on a response slower than the headers timeout', async () => {
    sandbox.injectFault({ latencyMs: 5_000, count: 1 });
    const outcome = expectKind(await client.send(message()), 'transient');
    expect(outcome).toMatchObject({ code: 'MAILGUN_TIMEOUT' });
    expect(outcome.reason).toContain('UND_ERR_HEADERS_TIMEOUT');
    expect(outcome.latencyMs).toBeLessThan(5_000);
    expectKind(await client.send(message()), 'sent');
  });

  it('retries when nothing listens', async () => {
    const gone = await startSandbox();
    await gone.close();
    const outcome = await otherClient({ baseUrl: gone.url }).send(message());
    expect(outcome).toMatchObject({ kind: 'transient', code: 'MAILGUN_NETWORK' });
    expect(outcome.kind === 'transient' && outcome.reason).toContain('ECONNREFUSED');
  });

  it('ends at once when the caller aborts', async () => {
    sandbox.injectFault({ latencyMs: 5_000, count: 1 });
    const slow = otherClient({ headersTimeoutMs: 10_000 });
    const controller = new AbortController();
    const pending = slow.send(message(), { signal: controller.signal });
    // the one-shot fault leaves the list once a request has taken it
    await expect.poll(() => sandbox.faults()).toHaveLength(0);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'transient', code: 'MAILGUN_ABORTED' });
  });
});

describe('config-error', () => {
  it('reports a wrong key (401)', async () => {
    const outcome = await otherClient({ apiKey: 'key-wrong' }).send(message());
    expect(outcome).toMatchObject({
      kind: 'config-error',
      code: 'MAILGUN_UNAUTHORIZED',
      status: 401,
      reason: 'HTTP 401: Forbidden',
    });
  });

  it('reports a wrong domain or region (404 Domain not found)', async () => {
    const outcome = await otherClient({ domain: 'mg.elsewhere.test' }).send(message());
    expect(outcome).toMatchObject({
      kind: 'config-error',
      code: 'MAILGUN_DOMAIN_NOT_FOUND',
      status: 404,
      reason: 'HTTP 404: Domain not found: mg.elsewhere.test',
    });
  });

  it('reports a 403 about the account or its key', async () => {
    sandbox.injectFault({ status: 403, count: 1 });
    expect(await client.send(message())).toMatchObject({
      kind: 'config-error',
      code: 'MAILGUN_FORBIDDEN',
      status: 403,
    });
  });

  it('reports 402 (account or billing state) as a configuration error, not a permanent one', async () => {
    sandbox.injectFault({ status: 402, count: 1 });
    expect(await client.send(message())).toMatchObject({
      kind: 'config-error',
      code: 'MAILGUN_PAYMENT_REQUIRED',
      status: 402,
    });
  });
});

describe('permanent', () => {
  it("returns 400 with Mailgun's message", async () => {
    sandbox.injectFault({ status: 400, count: 1 });
    expect(await client.send(message())).toMatchObject({
      kind: 'permanent',
      code: 'MAILGUN_REJECTED',
      status: 400,
      reason: "HTTP 400: 'to' parameter is not a valid address. please check documentation",
    });
  });

  it('returns a 403 about one recipient (sandbox authorized recipients) as permanent', async () => {
    sandbox.injectFault({ status: 403, to: message().to, count: 1 });
    const outcome = await client.send(message());
    expect(outcome).toMatchObject({
      kind: 'permanent',
      code: 'MAILGUN_RECIPIENT_FORBIDDEN',
      status: 403,
    });
    expect(outcome.kind === 'permanent' && outcome.reason).toMatch(/authorized recipients/);
  });

  it('returns 413 as too large', async () => {
    sandbox.injectFault({ status: 413, count: 1 });
    expect(await client.send(message())).toMatchObject({
      kind: 'permanent',
      code: 'MAILGUN_TOO_LARGE',
      status: 413,
    });
  });

  it("returns the sandbox's own validation answer (empty subject)", async () => {
    const outcome = await client.send(message({ subject: '' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'MAILGUN_REJECTED', status: 400 });
  });
});
