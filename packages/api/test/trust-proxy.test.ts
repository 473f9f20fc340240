import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.js';
import { build, TEST_ENV } from './helpers/build.js';

const PROXY = '10.0.0.5';
const CLIENT = '198.51.100.7';

/** A request as a proxy forwards it: whatever the client wrote, then the address it saw. */
function forgotPassword(
  app: Awaited<ReturnType<typeof build>>['app'],
  remoteAddress: string,
  forwardedFor?: string,
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/forgot-password',
    remoteAddress,
    ...(forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } }),
    payload: { email: 'someone@example.com' },
  });
}

describe('TRUST_PROXY', () => {
  it('is refused as true at start, with a message that says what to write instead', async () => {
    for (const value of ['true', 'TRUE', true]) {
      await expect(buildApp({ env: { ...TEST_ENV, TRUST_PROXY: value } })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(
          /TRUST_PROXY=true would let any client choose its address.*TRUST_PROXY=10\.0\.0\.5/,
        ) as unknown,
      });
    }
  });

  it('is refused as a hop count or a malformed list, naming the setting', async () => {
    for (const value of ['1', '2', '10.0.0.0/33', '10.0.0.0/8;127.0.0.1', 'proxy.local', '::/0']) {
      await expect(buildApp({ env: { ...TEST_ENV, TRUST_PROXY: value } })).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('TRUST_PROXY') as unknown,
      });
    }
  });

  it('behind one trusted proxy, forged X-Forwarded-For values share the real client’s bucket', async () => {
    const { app } = await build({ env: { TRUST_PROXY: PROXY, RATE_LIMIT_IP_MAX: 3 } });
    for (let i = 1; i <= 3; i += 1) {
      const res = await forgotPassword(app, PROXY, `203.0.113.${i}, ${CLIENT}`);
      expect(res.statusCode).toBe(202);
    }
    expect((await forgotPassword(app, PROXY, `203.0.113.99, ${CLIENT}`)).statusCode).toBe(429);
    expect((await forgotPassword(app, PROXY, CLIENT)).statusCode).toBe(429);
    // Another client behind the same proxy has its own bucket.
    expect((await forgotPassword(app, PROXY, '198.51.100.8')).statusCode).toBe(202);
  });

  it('takes CIDRs, skipping every trusted hop to the first untrusted address', async () => {
    const { app } = await build({
      env: { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1', RATE_LIMIT_IP_MAX: 2 },
    });
    const chain = (forged: string) => `${forged}, ${CLIENT}, 10.20.30.40`;
    expect((await forgotPassword(app, PROXY, chain('203.0.113.1'))).statusCode).toBe(202);
    expect((await forgotPassword(app, '127.0.0.1', chain('203.0.113.2'))).statusCode).toBe(202);
    expect((await forgotPassword(app, PROXY, chain('203.0.113.3'))).statusCode).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const { app } = await build({ env: { TRUST_PROXY: PROXY, RATE_LIMIT_IP_MAX: 2 } });
    const direct = '198.51.100.20';
    expect((await forgotPassword(app, direct, '203.0.113.1')).statusCode).toBe(202);
    expect((await forgotPassword(app, direct, '203.0.113.2')).statusCode).toBe(202);
    expect((await forgotPassword(app, direct, '203.0.113.3')).statusCode).toBe(429);
  });

  it('trusts no proxy by default (false), so the socket address counts', async () => {
    const { app } = await build({ env: { RATE_LIMIT_IP_MAX: 1 } });
    expect(app.config.TRUST_PROXY).toBe('false');
    expect((await forgotPassword(app, PROXY, CLIENT)).statusCode).toBe(202);
    expect((await forgotPassword(app, PROXY, '198.51.100.8')).statusCode).toBe(429);
  });
});
