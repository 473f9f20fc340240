import { randomBytes, randomUUID } from 'node:crypto';
import { MailgunClient } from '@fluentmeet/email-worker';
import { signWebhook, startSandbox, type SandboxHandle } from '@fluentmeet/mailgun-sandbox';
import { request } from 'undici';
import { onTestFinished } from 'vitest';
import { build, TestClock, type TestApp } from './build.js';

export const SIGNING_KEY = 'whsec-route-tests-0000000001';
export const OPERATOR_TOKEN = 'operator-token-route-tests-0123456789abcdef';

/** The app listening on a free port, with a signing key and an operator token. */
export async function webhookApp(
  env: Record<string, unknown> = {},
  options: { producer?: 'kafka' } = {},
): Promise<TestApp & { url: string; webhookUrl: string }> {
  const built = await build({
    env: { MAILGUN_WEBHOOK_SIGNING_KEY: SIGNING_KEY, OPERATOR_TOKEN, ...env },
    // Signature ages are measured against the sender's (real) clock.
    clock: new TestClock(Date.now(), { running: true }),
    ...options,
  });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return { ...built, url, webhookUrl: `${url}/api/v1/webhooks/mailgun` };
}

/** A sandbox that posts every webhook (accepted included) to `url`, retrying quickly. */
export async function sandboxPostingTo(
  url: string,
  options: Parameters<typeof startSandbox>[0] = {},
): Promise<SandboxHandle> {
  const sandbox = await startSandbox({
    webhookUrl: url,
    webhooks: { accepted: [url] },
    webhookSigningKey: SIGNING_KEY,
    webhookRetryScheduleMs: [50, 100],
    ...options,
  });
  onTestFinished(() => sandbox.close());
  return sandbox;
}

/** Sends one message through the sandbox as the worker would (tag and `v:envelope_id`). */
export async function sendThrough(
  sandbox: SandboxHandle,
  to: string,
  template = 'verification',
): Promise<{ envelopeId: string; messageId: string }> {
  const client = new MailgunClient({
    apiKey: sandbox.apiKey,
    domain: 'mg.fluentmeet.test',
    baseUrl: sandbox.url,
    from: 'no-reply@fluentmeet.test',
  });
  onTestFinished(() => client.close());
  const envelopeId = randomUUID();
  const outcome = await client.send({
    to,
    subject: 'Hello',
    text: 'text',
    html: '<p>html</p>',
    tag: template,
    envelopeId,
  });
  if (outcome.kind !== 'sent') throw new Error(`sandbox answered ${outcome.kind}`);
  return { envelopeId, messageId: outcome.messageId };
}

/** Mailgun-shaped `event-data` for forged webhooks. */
export function eventData(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomBytes(16).toString('base64url'),
    timestamp: Date.now() / 1000,
    event: 'delivered',
    'log-level': 'info',
    recipient: 'ann@example.com',
    'recipient-domain': 'example.com',
    message: { headers: { 'message-id': `${randomUUID()}@mg.fluentmeet.test` } },
    tags: ['verification'],
    campaigns: [],
    'user-variables': { envelope_id: randomUUID() },
    'delivery-status': { code: 250, message: 'OK', description: null },
    ...fields,
  };
}

export function signed(
  data: Record<string, unknown>,
  options: { key?: string; timestampSeconds?: number; token?: string } = {},
): Record<string, unknown> {
  const { key = SIGNING_KEY, ...signing } = options;
  return { signature: signWebhook(key, signing), 'event-data': data };
}

/** POSTs a body to the webhook URL over HTTP; answers status and JSON. */
export async function post(
  url: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
