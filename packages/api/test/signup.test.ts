import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../src/auth/passwords.js';
import {
  address,
  build,
  PASSWORD,
  signup,
  tokenOf,
  anyString,
  containing,
  matching,
  type FakeProducer,
} from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

async function verifyAccount(app: FastifyInstance, producer: FakeProducer, email: string) {
  const token = linkToken(await nthEmail(producer, email, 'verification'));
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/verify-email',
    payload: { token },
  });
  expect(res.statusCode).toBe(200);
}

const URL = '/api/v1/auth/signup';

describe('POST /api/v1/auth/signup', () => {
  it('answers 202, then creates an unverified user and sends one verification email', async () => {
    const { app, producer, clock } = await build();
    const email = address('Ada');
    const res = await app.inject({
      method: 'POST',
      url: URL,
      headers: { 'x-request-id': 'req-signup-1' },
      payload: { email, password: PASSWORD, full_name: 'Ada Lovelace' },
    });

    expect(res.statusCode).toBe(202);
    expect(res.headers['x-request-id']).toBe('req-signup-1');
    expect(res.json()).toEqual({ message: anyString() });

    await expect.poll(() => producer.to(email).length).toBe(1);
    const [envelope] = producer.to(email);
    expect(envelope).toMatchObject({
      template: 'verification',
      to: email,
      correlationId: 'req-signup-1',
      createdAt: clock.now().toISOString(),
      notAfter: new Date(clock.now().getTime() + 24 * 3_600_000).toISOString(),
      data: { full_name: 'Ada Lovelace', expires_in_hours: 24 },
    });
    const link = envelope!.template === 'verification' ? envelope!.data.verification_link : '';
    expect(link).toMatch(
      /^https:\/\/app\.fluentmeet\.test\/verify-email\?token=[A-Za-z0-9_-]{43}$/,
    );
    expect(tokenOf(link)).toHaveLength(43);
    const user = await app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email, full_name: 'Ada Lovelace', verified_at: null });
  });

  it('stores only the SHA-256 of the token and an argon2id hash of the password', async () => {
    const { app, producer } = await build();
    const email = address();
    await app.inject({ method: 'POST', url: URL, payload: { email, password: PASSWORD } });
    await expect.poll(() => producer.to(email).length).toBe(1);
    const [envelope] = producer.to(email);
    const token = tokenOf(
      envelope!.template === 'verification' ? envelope!.data.verification_link : '',
    );

    const user = await app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const tokens = await app.db.selectFrom('tokens').selectAll().execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(tokens)).not.toContain(token);
  });

  it('answers an address that has an account exactly as a new one, and emails its owner instead', async () => {
    const { app, producer } = await build({ env: { RESET_TOKEN_TTL_MINUTES: 30 } });
    const owner = await signup(app, address('Grace'), { full_name: 'Grace Hopper' });
    await verifyAccount(app, producer, owner.email);
    const before = await app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();

    const answers: { status: number; type: unknown; body: string }[] = [];
    for (const email of [address('new'), owner.email.toUpperCase()]) {
      const res = await app.inject({
        method: 'POST',
        url: URL,
        headers: { 'x-request-id': `req-${answers.length}` },
        payload: { email, password: 'someone else’s password', full_name: 'Mallory' },
      });
      answers.push({ status: res.statusCode, type: res.headers['content-type'], body: res.body });
    }
    expect(answers[0]!.status).toBe(202);
    expect(answers[1]).toEqual(answers[0]);

    const notice = await nthEmail(producer, owner.email, 'account_exists');
    expect(notice).toMatchObject({
      correlationId: 'req-1',
      data: { expires_in_minutes: 30, full_name: 'Grace Hopper' },
    });
    const link = notice.template === 'account_exists' ? notice.data.reset_link : '';
    expect(link).toMatch(
      /^https:\/\/app\.fluentmeet\.test\/reset-password\?token=[A-Za-z0-9_-]{43}$/,
    );
    // The link works: it is the reset flow.
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: tokenOf(link), new_password: 'grace chose a new one' },
    });
    expect(reset.statusCode).toBe(200);

    const owners = await app.db
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', before.email_key)
      .execute();
    expect(owners).toHaveLength(1);
    expect(owners[0]).toMatchObject({ id: before.id, full_name: 'Grace Hopper' });
    expect(await verifyPassword(owners[0]!.password_hash, 'someone else’s password')).toBe(false);
  });

  it('sends a fresh verification email to an address whose account is unverified', async () => {
    const { app, producer } = await build();
    const user = await signup(app, address('pending'), { full_name: 'Ada' });
    const first = linkToken(await nthEmail(producer, user.email, 'verification', 1));

    const res = await app.inject({
      method: 'POST',
      url: URL,
      payload: { email: user.email, password: 'the password I meant', full_name: 'Ada L.' },
    });
    expect(res.statusCode).toBe(202);
    const second = linkToken(await nthEmail(producer, user.email, 'verification', 2));
    expect(second).not.toBe(first);
    expect(producer.to(user.email).map((e) => e.template)).toEqual([
      'verification',
      'verification',
    ]);

    const verify = (token: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } });
    expect((await verify(first)).json()).toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await verify(second)).json()).toEqual({
      id: user.id,
      email: user.email,
      full_name: 'Ada L.',
      verified: true,
    });
    // Nobody had proved the mailbox: the latest signup's password stands.
    const row = await app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, 'the password I meant')).toBe(true);
  });

  it('counts against the per-address limit, known and unknown addresses alike', async () => {
    const { app } = await build({ env: { RATE_LIMIT_ADDRESS_MAX: 2 } });
    const known = await signup(app);
    const unknown = address('ghost');
    const attempt = (email: string) =>
      app.inject({ method: 'POST', url: URL, payload: { email, password: PASSWORD } });
    expect((await attempt(known.email)).statusCode).toBe(202);
    const limitedKnown = await attempt(known.email.toUpperCase());
    expect((await attempt(unknown)).statusCode).toBe(202);
    expect((await attempt(unknown)).statusCode).toBe(202);
    const limitedUnknown = await attempt(unknown);
    for (const res of [limitedKnown, limitedUnknown]) {
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect(limitedKnown.body).toBe(limitedUnknown.body);
    // The same bucket as forgot-password's.
    const forgot = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: known.email },
    });
    expect(forgot.statusCode).toBe(429);
  });

  it('takes as long for an address with an account as for a new one (measured, reported)', async () => {
    const { app, producer } = await build();
    const known = await signup(app);
    await verifyAccount(app, producer, known.email);
    const rounds = 40;
    const timings = { known: [] as number[], unknown: [] as number[] };
    const bodies = new Set<string>();
    for (let i = 0; i < rounds; i += 1) {
      // Alternate the order: the work done after one answer competes with the next request.
      const order = i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const);
      for (const kind of order) {
        const email = kind === 'known' ? known.email : address('fresh');
        const start = process.hrtime.bigint();
        const res = await app.inject({
          method: 'POST',
          url: URL,
          payload: { email, password: PASSWORD },
        });
        timings[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
        bodies.add(`${res.statusCode} ${res.headers['content-type']} ${res.body}`);
      }
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const report = {
      rounds,
      knownMedianMs: Number(median(timings.known).toFixed(3)),
      unknownMedianMs: Number(median(timings.unknown).toFixed(3)),
    };
    console.info(`signup timing: ${JSON.stringify(report)}`);
    expect(bodies.size).toBe(1);
    await nthEmail(producer, known.email, 'account_exists', rounds);
  });

  it.each([
    [{ password: PASSWORD }, '/email', 'required'],
    [{ email: 'not-an-address', password: PASSWORD }, '/email', 'format'],
    [{ email: 'a@example.com' }, '/password', 'required'],
    [{ email: 'a@example.com', password: 'short' }, '/password', 'fewer than 8'],
    [{ email: 'a@example.com', password: 'x'.repeat(129) }, '/password', 'more than 128'],
    [{ email: 'a@example.com', password: PASSWORD, full_name: '' }, '/full_name', 'fewer than 1'],
    [{ email: 'a@example.com', password: PASSWORD, full_name: 'a\nb' }, '/full_name', 'pattern'],
  ])('rejects %j with 400 VALIDATION_FAILED naming %s', async (payload, field, words) => {
    const { app, producer } = await build();
    const res = await app.inject({ method: 'POST', url: URL, payload });
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      code: string;
      message: string;
      details: { field: string; message: string }[];
    }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.message).toEqual(anyString());
    expect(body.details).toContainEqual({ field, message: containing(words) });
    expect(producer.published).toHaveLength(0);
  });

  it('lists every offending field at once', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: URL,
      payload: { email: 'nope', password: 'short' },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ details: { field: string }[] }>().details.map((d) => d.field);
    expect(fields.sort()).toEqual(['/email', '/password']);
  });

  it('builds the link from PUBLIC_APP_URL, whatever Host or X-Forwarded-Host say', async () => {
    // inject() connects from 127.0.0.1: with loopback trusted, the forwarded headers count.
    for (const trustProxy of ['false', 'loopback']) {
      const { app, producer } = await build({ env: { TRUST_PROXY: trustProxy } });
      const email = address();
      const res = await app.inject({
        method: 'POST',
        url: URL,
        headers: {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'http',
          forwarded: 'host=evil.example;proto=http',
        },
        payload: { email, password: PASSWORD },
      });
      expect(res.statusCode).toBe(202);
      await expect.poll(() => producer.to(email).length).toBe(1);
      const [envelope] = producer.to(email);
      const link = envelope!.template === 'verification' ? envelope!.data.verification_link : '';
      expect(new globalThis.URL(link).origin).toBe('https://app.fluentmeet.test');
      expect(link).not.toContain('evil');
    }
  });

  it('keeps a path prefix of PUBLIC_APP_URL in the link', async () => {
    const { app, producer } = await build({
      env: { PUBLIC_APP_URL: 'https://fluentmeet.test/app/' },
    });
    const email = address();
    await app.inject({ method: 'POST', url: URL, payload: { email, password: PASSWORD } });
    await expect.poll(() => producer.to(email).length).toBe(1);
    const [envelope] = producer.to(email);
    expect(envelope).toMatchObject({
      data: {
        verification_link: matching(/^https:\/\/fluentmeet\.test\/app\/verify-email\?token=/),
      },
    });
  });
});
