import { DLQ_HEADERS, HEADERS, maskEmail } from '@fluentmeet/email-contracts';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from './helpers/build.js';
import { consumeTopic } from './helpers/kafka.js';
import { startSystem, type TestSystem } from './helpers/system.js';

let counter = 0;
/** An address the sandbox's rules give an outcome (`bounce+…@`, `complain+…@`). */
const ruled = (rule: 'bounce' | 'complain') => `${rule}+${process.pid}-${++counter}@example.com`;

async function call(
  sys: TestSystem,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  operator = false,
) {
  const res = await request(`${sys.origin}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(operator ? { authorization: sys.operatorAuth } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

const forgot = (sys: TestSystem, email: string) =>
  call(sys, 'POST', '/api/v1/auth/forgot-password', { email });

/** The worker's log line that says the address is suppressed (or lifted) in its list. */
async function workerApplied(sys: TestSystem, email: string, state: 'suppressed' | 'lifted') {
  let line: Record<string, unknown> | undefined;
  await expect
    .poll(
      () =>
        (line = sys.workerLogs
          .entries()
          .find((entry) => entry.suppression === state && entry.to === maskEmail(email))),
      { timeout: 30_000 },
    )
    .toBeDefined();
  return line!;
}

async function envelopeIdOf(sys: TestSystem, email: string, template: string, n = 1) {
  let ids: string[] = [];
  await expect
    .poll(async () => {
      const rows = await sys.app.db
        .selectFrom('outbox')
        .select(['envelope_id', 'payload'])
        .where('kind', '=', 'email')
        .orderBy('id')
        .execute();
      ids = rows
        .filter((row) => {
          const envelope = JSON.parse(row.payload) as { to: string; template: string };
          return envelope.to === email && envelope.template === template;
        })
        .map((row) => row.envelope_id);
      return ids.length;
    })
    .toBeGreaterThanOrEqual(n);
  return ids[n - 1]!;
}

async function deadLettered(sys: TestSystem, envelopeId: string) {
  await expect
    .poll(
      () =>
        sys.workerLogs
          .entries()
          .find((entry) => entry.envelopeId === envelopeId && entry.outcome === 'dead-lettered')
          ?.code,
      { timeout: 30_000 },
    )
    .toBe('SUPPRESSED');
}

describe('end to end: Mailgun says what happened after Queued', () => {
  it(
    'a bounce suppresses the address: a later forgot-password sends nothing (SUPPRESSED), the answer unchanged',
    { timeout: 120_000 },
    async () => {
      const sys = await startSystem();
      const dlq = await consumeTopic(sys.brokers, sys.topics.dlq);
      const email = ruled('bounce');
      expect(
        (await call(sys, 'POST', '/api/v1/auth/signup', { email, password: PASSWORD })).status,
      ).toBe(202);
      await sys.waitForEmail({ to: email });
      const verificationId = await envelopeIdOf(sys, email, 'verification');

      const applied = await workerApplied(sys, email, 'suppressed');
      expect(applied.reason).toBe('bounced');
      const bounce = sys.sandbox.events({
        envelope_id: verificationId,
        webhook: 'permanent_fail',
      })[0]!;
      const postedAt = Date.parse(bounce.deliveries[0]!.attempts[0]!.at);
      console.info(
        `webhook posted → suppression effective in the worker: ${(applied.time as number) - postedAt} ms`,
      );

      const status = await call(
        sys,
        'GET',
        `/api/v1/operator/emails/${verificationId}`,
        undefined,
        true,
      );
      expect(status.status).toBe(200);
      const [message] = sys.sandbox.messages({ to: email });
      const sent = sys.workerLogs
        .entries()
        .find((entry) => entry.envelopeId === verificationId && entry.outcome === 'sent');
      expect(sent?.messageId).toBe(message!.id);
      expect(JSON.parse(status.body)).toMatchObject({
        status: 'failed',
        severity: 'permanent',
        reason: 'bounce',
        message_id: message!.id.replace(/^<|>$/g, ''),
        suppression: { suppressed: true, reason: 'bounced' },
        events: [{ event: 'accepted' }, { event: 'failed', severity: 'permanent' }],
      });

      const answer = await forgot(sys, email);
      expect(answer.status).toBe(202);
      expect(answer).toEqual(await forgot(sys, `nobody.${process.pid}@example.com`));
      const resetId = await envelopeIdOf(sys, email, 'password_reset');
      await deadLettered(sys, resetId);
      await expect
        .poll(() => dlq.find((record) => record.headers[HEADERS.envelopeId] === resetId))
        .toBeDefined();
      const record = dlq.find((r) => r.headers[HEADERS.envelopeId] === resetId)!;
      expect(record.headers[DLQ_HEADERS.exceptionFqcn]).toBe('SUPPRESSED');
      expect(sys.sandbox.messages({ to: email })).toHaveLength(1);
    },
  );

  it(
    'a complaint suppresses too, and an operator lifting it restores sending',
    { timeout: 120_000 },
    async () => {
      const sys = await startSystem();
      const email = ruled('complain');
      expect(
        (await call(sys, 'POST', '/api/v1/auth/signup', { email, password: PASSWORD })).status,
      ).toBe(202);
      await sys.waitForEmail({ to: email });
      expect((await workerApplied(sys, email, 'suppressed')).reason).toBe('complained');

      expect((await forgot(sys, email)).status).toBe(202);
      await deadLettered(sys, await envelopeIdOf(sys, email, 'password_reset'));

      const liftedAt = Date.now();
      const lifted = await call(
        sys,
        'POST',
        '/api/v1/operator/suppressions/lift',
        { address: email, operator: 'e2e-test', note: 'complaint was a mistake' },
        true,
      );
      expect(lifted.status).toBe(200);
      const applied = await workerApplied(sys, email, 'lifted');
      console.info(`lift → effective in the worker: ${(applied.time as number) - liftedAt} ms`);

      expect((await forgot(sys, email)).status).toBe(202);
      // The email is written after the answer: until it is, the first (dead-lettered) one
      // would pass for all there is.
      await envelopeIdOf(sys, email, 'password_reset', 2);
      await sys.waitForEmail({ to: email, tag: 'password_reset' });
    },
  );
});
