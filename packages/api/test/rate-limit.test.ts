import { describe, expect, it } from 'vitest';
import { address, build, PASSWORD, anyString } from './helpers/build.js';

describe('rate limits', () => {
  it('limits each IP on the auth routes, answering 429 RATE_LIMITED with Retry-After', async () => {
    const { app } = await build({
      env: { RATE_LIMIT_IP_MAX: 3, RATE_LIMIT_IP_WINDOW_SECONDS: 120 },
    });
    const attempt = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        remoteAddress,
        payload: { email: 'bad', password: PASSWORD },
      });
    for (let i = 0; i < 3; i += 1) expect((await attempt('10.0.0.1')).statusCode).toBe(400);

    const limited = await attempt('10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ code: 'RATE_LIMITED', message: anyString() });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);

    expect((await attempt('10.0.0.2')).statusCode).toBe(400);
    const verify = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      remoteAddress: '10.0.0.1',
      payload: { token: 'x' },
    });
    expect(verify.statusCode).toBe(429);
    const health = await app.inject({
      method: 'GET',
      url: '/health/live',
      remoteAddress: '10.0.0.1',
    });
    expect(health.statusCode).toBe(200);
  });

  it('limits the link pages per IP too', async () => {
    const { app } = await build({ env: { RATE_LIMIT_IP_MAX: 1 } });
    const open = () =>
      app.inject({ method: 'GET', url: '/verify-email?token=x', remoteAddress: '10.0.0.9' });
    expect((await open()).statusCode).toBe(200);
    const limited = await open();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  for (const route of ['forgot-password', 'resend-verification']) {
    it(`limits ${route} per target address, the same way for known and unknown addresses`, async () => {
      const { app } = await build({
        env: { RATE_LIMIT_ADDRESS_MAX: 3, RATE_LIMIT_ADDRESS_WINDOW_SECONDS: 900 },
      });
      // The account is made without the route: a signup counts against the address's limit too.
      const known = address('known');
      await (
        await app.auth.signup({ email: known, password: PASSWORD, language: 'en' }, 'setup')
      )();
      const unknown = address('ghost');
      const send = (email: string, i: number) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/auth/${route}`,
          remoteAddress: `10.1.0.${i}`,
          payload: { email },
        });
      for (const email of [known, unknown]) {
        for (let i = 0; i < 3; i += 1) expect((await send(email, i)).statusCode).toBe(202);
      }
      const limitedKnown = await send(known.toUpperCase(), 50);
      const limitedUnknown = await send(unknown, 51);
      for (const res of [limitedKnown, limitedUnknown]) {
        expect(res.statusCode).toBe(429);
        expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(800);
      }
      expect(limitedKnown.body).toBe(limitedUnknown.body);
      expect((await send(address('fresh'), 52)).statusCode).toBe(202);
    });
  }
});
