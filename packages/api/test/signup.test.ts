import { describe, expect, it } from 'vitest';
import {
  address,
  build,
  PASSWORD,
  tokenOf,
  anyString,
  containing,
  matching,
} from './helpers/build.js';

const URL = '/api/v1/auth/signup';

describe('POST /api/v1/auth/signup', () => {
  it('creates an unverified user and sends one verification email through the outbox', async () => {
    const { app, producer, clock } = await build();
    const email = address('Ada');
    const res = await app.inject({
      method: 'POST',
      url: URL,
      headers: { 'x-request-id': 'req-signup-1' },
      payload: { email, password: PASSWORD, full_name: 'Ada Lovelace' },
    });

    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-signup-1');
    const body = res.json<Record<string, unknown>>();
    expect(body).toEqual({
      id: anyString(),
      email,
      full_name: 'Ada Lovelace',
      verified: false,
    });
    expect(JSON.stringify(body)).not.toContain('password');

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

  it('answers 409 EMAIL_ALREADY_REGISTERED for the same address in another case', async () => {
    const { app } = await build();
    const email = address('Grace');
    await app.inject({ method: 'POST', url: URL, payload: { email, password: PASSWORD } });
    const res = await app.inject({
      method: 'POST',
      url: URL,
      payload: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      code: 'EMAIL_ALREADY_REGISTERED',
      message: anyString(),
    });
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
      expect(res.statusCode).toBe(201);
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
    expect(envelope!.data).toMatchObject({
      verification_link: matching(/^https:\/\/fluentmeet\.test\/app\/verify-email\?token=/),
    });
  });
});
