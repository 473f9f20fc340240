import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { build, signup, anyString } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';
import type { FakeProducer } from './helpers/build.js';

const NEW_PASSWORD = 'an entirely new passphrase';

async function resetToken(app: FastifyInstance, producer: FakeProducer, email: string, n = 1) {
  await app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
  return linkToken(await nthEmail(producer, email, 'password_reset', n));
}

const reset = (token: string, new_password = NEW_PASSWORD) => ({
  method: 'POST' as const,
  url: '/api/v1/auth/reset-password',
  payload: { token, new_password },
});

describe('POST /api/v1/auth/reset-password', () => {
  it('sets the new password and sends password_changed', async () => {
    const { app, producer, clock } = await build();
    const user = await signup(app, undefined, { full_name: 'Grace Hopper' });
    const token = await resetToken(app, producer, user.email);

    const res = await app.inject({ ...reset(token), headers: { 'x-request-id': 'reset-1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ message: anyString() });

    const row = await app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, NEW_PASSWORD)).toBe(true);
    const changed = await nthEmail(producer, user.email, 'password_changed');
    expect(changed).toMatchObject({
      correlationId: 'reset-1',
      data: { changed_at: clock.now().toISOString(), full_name: 'Grace Hopper' },
    });
    expect(changed.notAfter).toBeUndefined();
  });

  it('answers TOKEN_USED for a second use and changes nothing', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = await resetToken(app, producer, user.email);
    await app.inject(reset(token));
    await nthEmail(producer, user.email, 'password_changed');
    const before = await app.db
      .selectFrom('users')
      .select('password_hash')
      .executeTakeFirstOrThrow();

    const res = await app.inject(reset(token, 'yet another password'));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'TOKEN_USED', message: anyString() });
    const after = await app.db
      .selectFrom('users')
      .select('password_hash')
      .executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    await app.close();
    expect(producer.to(user.email).filter((e) => e.template === 'password_changed')).toHaveLength(
      1,
    );
  });

  it('answers TOKEN_EXPIRED after RESET_TOKEN_TTL_MINUTES', async () => {
    const { app, producer, clock } = await build({ env: { RESET_TOKEN_TTL_MINUTES: 15 } });
    const user = await signup(app);
    const token = await resetToken(app, producer, user.email);
    clock.advance(15 * 60_000);
    const res = await app.inject(reset(token));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'TOKEN_EXPIRED', message: anyString() });
  });

  it('answers INVALID_TOKEN for an unknown token and for a verification token', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const verification = linkToken(await nthEmail(producer, user.email, 'verification'));
    for (const token of ['not-a-token', verification]) {
      const res = await app.inject(reset(token));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ code: 'INVALID_TOKEN', message: anyString() });
    }
  });

  it('checks the password policy and names the field', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = await resetToken(app, producer, user.email);
    for (const bad of ['seven77', 'y'.repeat(129)]) {
      const res = await app.inject(reset(token, bad));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: '/new_password' }],
      });
    }
    expect((await app.inject(reset(token))).statusCode).toBe(200);
  });

  it('counts the account as verified (the link proved the mailbox)', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    await app.inject(reset(await resetToken(app, producer, user.email)));
    const row = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(row.verified_at).not.toBeNull();
  });
});
