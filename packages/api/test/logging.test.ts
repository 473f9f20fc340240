import { describe, expect, it } from 'vitest';
import { address, build, PASSWORD, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

describe('logs', () => {
  it('never contain passwords, tokens or authorization headers', async () => {
    const { app, producer, logs } = await build({ logLevel: 'trace' });
    const email = address('secretive');
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { authorization: 'Bearer top-secret-bearer', cookie: 'sid=top-secret-cookie' },
      payload: { email, password: PASSWORD },
    });
    const verifyToken = linkToken(await nthEmail(producer, email, 'verification'));
    await app.inject({ method: 'GET', url: `/verify-email?token=${verifyToken}&x=1` });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token: verifyToken },
    });

    await app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
    const first = linkToken(await nthEmail(producer, email, 'password_reset', 1));
    const NEW = 'my new unguessable passphrase';
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: first, new_password: NEW },
    });
    await app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
    const second = linkToken(await nthEmail(producer, email, 'password_reset', 2));
    await app.inject({ method: 'GET', url: `/reset-password?token=${second}` });
    const FORM = 'a form posted passphrase';
    await app.inject({
      method: 'POST',
      url: '/reset-password',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token: second,
        new_password: FORM,
        confirm_password: FORM,
      }).toString(),
    });
    await nthEmail(producer, email, 'password_changed', 2);
    await app.close();

    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secret of [
      PASSWORD,
      NEW,
      FORM,
      verifyToken,
      first,
      second,
      'top-secret-bearer',
      'top-secret-cookie',
    ]) {
      expect(logs.text).not.toContain(secret);
    }
    expect(logs.text).not.toContain(email);
    const urls = logs
      .entries()
      .map((e) => (e.req as { url?: string } | undefined)?.url)
      .filter(Boolean);
    expect(urls).toContain('/verify-email?token=[redacted]&x=1');
  });

  it('tags every request line with the request id, and echoes it', async () => {
    const { app, logs } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      headers: { 'x-request-id': 'trace-me-42' },
      payload: { email: address() },
    });
    expect(res.headers['x-request-id']).toBe('trace-me-42');
    expect(logs.entries().filter((e) => e.reqId === 'trace-me-42').length).toBeGreaterThanOrEqual(
      2,
    );

    const odd = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the request id into the envelope as correlationId', async () => {
    const { app, producer } = await build();
    const email = address();
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'x-request-id': 'corr-7' },
      payload: { email, password: PASSWORD },
    });
    expect((await nthEmail(producer, email, 'verification')).correlationId).toBe('corr-7');
    const user = await signup(app);
    const generated = (await nthEmail(producer, user.email, 'verification')).correlationId;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });
});
