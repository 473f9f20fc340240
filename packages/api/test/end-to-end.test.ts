import { createServer } from 'node:net';
import { startSandbox } from '@fluentmeet/mailgun-sandbox';
import { createLogger, loadConfig, startWorker } from '@fluentmeet/email-worker';
import { createTopics, randomName } from '@fluentmeet/testkit';
import { request } from 'undici';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { address, build, PASSWORD } from './helpers/build.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** API + real Kafka + real worker + Mailgun sandbox, all owned by the test. */
async function system() {
  const brokers = inject('kafkaBrokers');
  const base = randomName('api-e2e');
  const topics = { email: `${base}.email`, retry: `${base}.retry`, dlq: `${base}.dlq` };
  await createTopics(brokers, [
    { topic: topics.email, numPartitions: 3 },
    { topic: topics.retry, numPartitions: 3 },
    { topic: topics.dlq, numPartitions: 1 },
  ]);
  const sandbox = await startSandbox();
  onTestFinished(() => sandbox.close());
  const config = loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    MAILGUN_API_KEY: sandbox.apiKey,
    MAILGUN_DOMAIN: 'mg.fluentmeet.test',
    MAILGUN_BASE_URL: sandbox.url,
    EMAIL_TOPIC: topics.email,
    RETRY_TOPIC: topics.retry,
    DLQ_TOPIC: topics.dlq,
    CONSUMER_GROUP: `${base}-group`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const worker = await startWorker(config, { logger: createLogger('silent') });
  onTestFinished(async () => {
    await worker.stop();
  });
  await worker.ready;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { app } = await build({
    producer: 'kafka',
    env: { KAFKA_BROKERS: brokers.join(','), EMAIL_TOPIC: topics.email, PUBLIC_APP_URL: origin },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, sandbox, origin };
}

async function http(method: 'GET' | 'POST', url: string, body?: unknown, form = false) {
  const res = await request(url, {
    method,
    ...(body === undefined
      ? {}
      : form
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(body as Record<string, string>).toString(),
          }
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

function linkIn(text: string, origin: string, path: string): string {
  const escaped = `${origin}/${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`).exec(text);
  if (match === null) throw new Error(`no ${path} link in the email`);
  return match[0];
}

describe('end to end: API → outbox → Kafka → worker → Mailgun sandbox', () => {
  it(
    'signup sends a verification email whose link verifies the account',
    { timeout: 90_000 },
    async () => {
      const { app, sandbox, origin } = await system();
      const email = address('e2e.verify');
      const started = performance.now();
      const signup = await http('POST', `${origin}/api/v1/auth/signup`, {
        email,
        password: PASSWORD,
        full_name: 'Ada Lovelace',
      });
      expect(signup.status).toBe(201);

      await expect.poll(() => sandbox.messages({ to: email }).length, { timeout: 30_000 }).toBe(1);
      console.info(`signup → sandbox inbox: ${Math.round(performance.now() - started)} ms`);
      const [message] = sandbox.messages({ to: email });
      expect(message!.tags).toContain('verification');
      const row = await app.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(message!.envelopeId).toBe(row.envelope_id);
      expect(message!.text).toContain('Ada Lovelace');

      const link = linkIn(message!.text ?? '', origin, 'verify-email');
      expect(message!.html).toContain(link.replace(/&/g, '&amp;'));
      const page = await http('GET', link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('data-code="VERIFIED"');
      const user = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
      expect(user.verified_at).not.toBeNull();
    },
  );

  it(
    'forgot → reset link → new password → password_changed email',
    { timeout: 90_000 },
    async () => {
      const { app, sandbox, origin } = await system();
      const email = address('e2e.reset');
      expect(
        (await http('POST', `${origin}/api/v1/auth/signup`, { email, password: PASSWORD })).status,
      ).toBe(201);
      await expect.poll(() => sandbox.messages({ to: email }).length, { timeout: 30_000 }).toBe(1);

      const forgot = await http('POST', `${origin}/api/v1/auth/forgot-password`, { email });
      expect(forgot.status).toBe(202);
      await expect
        .poll(() => sandbox.messages({ to: email, tag: 'password_reset' }).length, {
          timeout: 30_000,
        })
        .toBe(1);
      const [resetEmail] = sandbox.messages({ to: email, tag: 'password_reset' });
      const link = linkIn(resetEmail!.text ?? '', origin, 'reset-password');
      const token = new URL(link).searchParams.get('token')!;

      const formPage = await http('GET', link);
      expect(formPage.status).toBe(200);
      expect(formPage.text).toContain(`value="${token}"`);
      const NEW = 'a new passphrase from the email';
      const done = await http(
        'POST',
        `${origin}/reset-password`,
        { token, new_password: NEW, confirm_password: NEW },
        true,
      );
      expect(done.status).toBe(200);
      expect(done.text).toContain('data-code="PASSWORD_CHANGED"');
      const user = await app.db
        .selectFrom('users')
        .select('password_hash')
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, NEW)).toBe(true);

      await expect
        .poll(() => sandbox.messages({ to: email, tag: 'password_changed' }).length, {
          timeout: 30_000,
        })
        .toBe(1);
      expect(sandbox.messages({ to: email })).toHaveLength(3);
    },
  );
});
