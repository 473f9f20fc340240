import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { build, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/reset-password',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

function expectSafeHtml(res: { headers: Record<string, unknown> }) {
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
}

const verifyForm = (token: string) => ({
  method: 'POST' as const,
  url: '/verify-email',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ token }).toString(),
});

describe('/verify-email (the page the email links to)', () => {
  it('a GET of the link, repeated, leaves the account unverified and the token valid', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));

    // What a mail security scanner does: fetch every link, more than once.
    for (let i = 0; i < 3; i += 1) {
      const res = await app.inject({ method: 'GET', url: `/verify-email?token=${token}` });
      expect(res.statusCode).toBe(200);
      expectSafeHtml(res);
      expect(res.body).toContain('<form method="post" action="/verify-email">');
      expect(res.body).toContain(`name="token" value="${token}"`);
      expect(res.body.match(/<button/g)).toHaveLength(1);
      expect(res.body).toContain('>Verify email address</button>');
      expect(res.body).not.toContain('data-code="VERIFIED"');
    }
    const row = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(row.verified_at).toBeNull();
    const stored = await app.db.selectFrom('tokens').select('used_at').executeTakeFirstOrThrow();
    expect(stored.used_at).toBeNull();

    const confirmed = await app.inject(verifyForm(token));
    expect(confirmed.statusCode).toBe(200);
    expectSafeHtml(confirmed);
    expect(confirmed.body).toContain('data-code="VERIFIED"');
    expect(confirmed.body).toContain(user.email);
  });

  it('the button confirms the account once; the form again says TOKEN_USED', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    expect((await app.inject(verifyForm(token))).statusCode).toBe(200);
    const row = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(row.verified_at).not.toBeNull();

    const again = await app.inject(verifyForm(token));
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('data-code="TOKEN_USED"');
  });

  it('shows the coded error for bad, expired and missing tokens', async () => {
    const { app, producer, clock } = await build();
    const user = await signup(app);
    const token = linkToken(await nthEmail(producer, user.email, 'verification'));
    const bad = await app.inject(verifyForm('<script>'));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<code>INVALID_TOKEN</code>');
    expect(bad.body).not.toContain('<script>');
    clock.advance(25 * 3_600_000);
    const expired = await app.inject(verifyForm(token));
    expect(expired.body).toContain('<code>TOKEN_EXPIRED</code>');
    for (const missing of [
      await app.inject({ method: 'GET', url: '/verify-email' }),
      await app.inject({ ...verifyForm(''), payload: '' }),
    ]) {
      expect(missing.statusCode).toBe(400);
      expect(missing.body).toContain('<code>INVALID_TOKEN</code>');
    }
  });

  it('escapes whatever token the link carries', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'GET',
      url: `/verify-email?token=${encodeURIComponent('"><img src=x>')}`,
    });
    expect(res.body).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
  });
});

describe('/reset-password (the page the email links to)', () => {
  async function withResetToken() {
    const t = await build();
    const user = await signup(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: user.email },
    });
    const token = linkToken(await nthEmail(t.producer, user.email, 'password_reset'));
    return { ...t, user, token };
  }

  it('shows an accessible form carrying the token, without using it', async () => {
    const { app, token } = await withResetToken();
    const res = await app.inject({ method: 'GET', url: `/reset-password?token=${token}` });
    expect(res.statusCode).toBe(200);
    expectSafeHtml(res);
    expect(res.body).toContain('<form method="post" action="/reset-password">');
    expect(res.body).toContain(`name="token" value="${token}"`);
    expect(res.body).toMatch(/<label for="new_password">/);
    expect(res.body).toMatch(/<label for="confirm_password">/);
    const row = await app.db
      .selectFrom('tokens')
      .select('used_at')
      .where('purpose', '=', 'reset_password')
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it('escapes whatever token it is given', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'GET',
      url: `/reset-password?token=${encodeURIComponent('"><img src=x>')}`,
    });
    expect(res.body).toContain('value="&quot;&gt;&lt;img src=x&gt;"');
  });

  it('changes the password from a plain form post and shows the outcome', async () => {
    const { app, producer, user, token } = await withResetToken();
    const res = await app.inject(
      form({ token, new_password: 'form chosen secret', confirm_password: 'form chosen secret' }),
    );
    expect(res.statusCode).toBe(200);
    expectSafeHtml(res);
    expect(res.body).toContain('data-code="PASSWORD_CHANGED"');
    const row = await app.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(await verifyPassword(row.password_hash, 'form chosen secret')).toBe(true);
    await nthEmail(producer, user.email, 'password_changed');

    const reused = await app.inject(
      form({ token, new_password: 'another secret!', confirm_password: 'another secret!' }),
    );
    expect(reused.statusCode).toBe(400);
    expect(reused.body).toContain('<code>TOKEN_USED</code>');
  });

  it('asks again when the passwords differ or break the policy, keeping the token', async () => {
    const { app, token } = await withResetToken();
    const differ = await app.inject(
      form({ token, new_password: 'first version', confirm_password: 'second version' }),
    );
    expect(differ.statusCode).toBe(400);
    expect(differ.body).toContain('role="alert"');
    expect(differ.body).toContain(`value="${token}"`);
    const short = await app.inject(
      form({ token, new_password: 'short', confirm_password: 'short' }),
    );
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('8 to 128');
    const row = await app.db
      .selectFrom('tokens')
      .select('used_at')
      .where('purpose', '=', 'reset_password')
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
  });

  it('shows the coded error for an unknown token', async () => {
    const { app } = await build();
    const res = await app.inject(
      form({ token: 'nope', new_password: 'long enough!', confirm_password: 'long enough!' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<code>INVALID_TOKEN</code>');
  });
});
