import { describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../src/auth/tokens.js';
import { address, build, signup, anyString } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

const verify = (token: string) => ({
  method: 'POST' as const,
  url: '/api/v1/auth/verify-email',
  payload: { token },
});

describe('POST /api/v1/auth/verify-email', () => {
  it('verifies the account with the token from the email', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));

    const res = await app.inject(verify(token));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...user, verified: true });
    const row = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(row.verified_at).not.toBeNull();
  });

  it('answers TOKEN_USED when the same link is used again', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    await app.inject(verify(token));

    const res = await app.inject(verify(token));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'TOKEN_USED', message: anyString() });
  });

  it('answers INVALID_TOKEN for an unknown token, a forged one and a missing one', async () => {
    const { app } = await build();
    for (const token of [newToken().token, 'x', 'a'.repeat(500)]) {
      const res = await app.inject(verify(token));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ code: 'INVALID_TOKEN', message: anyString() });
    }
    const missing = await app.inject({ ...verify(''), payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/token', message: anyString() }],
    });
  });

  it('answers TOKEN_EXPIRED once the lifetime has passed, and not a millisecond before', async () => {
    const { app, producer, clock } = await build({ env: { VERIFICATION_TOKEN_TTL_HOURS: 2 } });
    const first = await signup(app);
    const second = await signup(app);
    const early = linkToken(await nthEmail(producer, first.email, 'verification'));
    const late = linkToken(await nthEmail(producer, second.email, 'verification'));

    clock.advance(2 * 3_600_000 - 1);
    expect((await app.inject(verify(early))).statusCode).toBe(200);
    clock.advance(1);
    const res = await app.inject(verify(late));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'TOKEN_EXPIRED', message: anyString() });
  });

  it('is idempotent for an account that is already verified', async () => {
    const { app, producer, clock } = await build();
    const user = await signup(app);
    await app.inject(verify(linkToken(await nthEmail(producer, user.email, 'verification'))));
    const before = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();

    // A second valid token for the same, verified account (e.g. two tabs racing).
    const { token } = newToken();
    await app.db
      .insertInto('tokens')
      .values({
        token_hash: hashToken(token),
        user_id: user.id,
        purpose: 'verify_email',
        expires_at: new Date(clock.now().getTime() + 60_000).toISOString(),
        used_at: null,
        created_at: clock.now().toISOString(),
      })
      .execute();
    clock.advance(1000);
    const res = await app.inject(verify(token));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...user, verified: true });
    const after = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(after.verified_at).toBe(before.verified_at);
  });

  it('does not accept a password reset token', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: user.email },
    });
    const reset = linkToken(await nthEmail(producer, user.email, 'password_reset'));
    const res = await app.inject(verify(reset));
    expect(res.json()).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('is not done by a GET, which changes nothing', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/auth/verify-email?token=${encodeURIComponent(token)}`,
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const row = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(row.verified_at).toBeNull();
    expect((await app.inject(verify(token))).statusCode).toBe(200);
  });

  it('never sends an email', async () => {
    const { app, producer } = await build();
    const user = await signup(app, address());
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    await app.inject(verify(token));
    await app.close();
    expect(producer.published).toHaveLength(1);
  });
});

describe('expired tokens', () => {
  it('are pruned a week after expiry, after which the link reads as invalid', async () => {
    const { app, producer, clock } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    clock.advance(25 * 3_600_000);
    expect((await app.inject(verify(token))).json()).toMatchObject({ code: 'TOKEN_EXPIRED' });

    expect(await app.auth.pruneTokens(new Date(clock.now().getTime() - 7 * 24 * 3_600_000))).toBe(
      0,
    );
    clock.advance(7 * 24 * 3_600_000);
    expect(await app.auth.pruneTokens(new Date(clock.now().getTime() - 7 * 24 * 3_600_000))).toBe(
      1,
    );
    expect((await app.inject(verify(token))).json()).toMatchObject({ code: 'INVALID_TOKEN' });
  });
});
