import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/auth/passwords.js';
import { address, PASSWORD, TestClock } from './helpers/build.js';
import { startSystem as system } from './helpers/system.js';

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
      const { app, sandbox, origin, waitForEmail } = await system();
      const email = address('e2e.verify');
      const started = performance.now();
      const signup = await http('POST', `${origin}/api/v1/auth/signup`, {
        email,
        password: PASSWORD,
        full_name: 'Ada Lovelace',
      });
      expect(signup.status).toBe(202);

      await waitForEmail({ to: email });
      console.info(`signup → sandbox inbox: ${Math.round(performance.now() - started)} ms`);
      const [message] = sandbox.messages({ to: email });
      expect(message!.tags).toContain('verification');
      const row = await app.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(message!.envelopeId).toBe(row.envelope_id);
      expect(message!.text).toContain('Ada Lovelace');

      const link = linkIn(message!.text ?? '', origin, 'verify-email');
      expect(message!.html).toContain(link.replace(/&/g, '&amp;'));
      // The link opens a page with one button; only its form post uses the token.
      const page = await http('GET', link);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<form method="post" action="/verify-email">');
      const token = new URL(link).searchParams.get('token')!;
      expect(page.text).toContain(`value="${token}"`);
      const before = await app.db
        .selectFrom('users')
        .select('verified_at')
        .executeTakeFirstOrThrow();
      expect(before.verified_at).toBeNull();
      const confirmed = await http('POST', `${origin}/verify-email`, { token }, true);
      expect(confirmed.status).toBe(200);
      expect(confirmed.text).toContain('data-code="VERIFIED"');
      const user = await app.db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
      expect(user.verified_at).not.toBeNull();
    },
  );

  it(
    'forgot → reset link → new password → password_changed email',
    { timeout: 90_000 },
    async () => {
      const { app, sandbox, origin, waitForEmail } = await system();
      const email = address('e2e.reset');
      expect(
        (await http('POST', `${origin}/api/v1/auth/signup`, { email, password: PASSWORD })).status,
      ).toBe(202);
      await waitForEmail({ to: email });

      const forgot = await http('POST', `${origin}/api/v1/auth/forgot-password`, { email });
      expect(forgot.status).toBe(202);
      await waitForEmail({ to: email, tag: 'password_reset' });
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

      await waitForEmail({ to: email, tag: 'password_changed' });
      expect(sandbox.messages({ to: email })).toHaveLength(3);
    },
  );

  it(
    'signup in French: French verification email whose link works, then a French reset email',
    { timeout: 90_000 },
    async () => {
      const { sandbox, origin, waitForEmail } = await system();
      const email = address('e2e.fr');
      const signup = await http('POST', `${origin}/api/v1/auth/signup`, {
        email,
        password: PASSWORD,
        full_name: 'Zoë',
        language: 'fr',
      });
      expect(signup.status).toBe(202);
      await waitForEmail({ to: email, tag: 'verification' });
      const [verification] = sandbox.messages({ to: email, tag: 'verification' });
      expect(verification!.subject).toBe('Confirmez votre compte FluentMeet');
      expect(verification!.html).toContain('<html lang="fr" dir="ltr"');
      expect(verification!.html).toContain('Confirmez votre adresse e-mail');
      expect(verification!.html).toContain('Ce lien expire dans 24 heures.');
      expect(verification!.text).toContain('Bonjour Zoë,');
      expect(verification!.text).toContain('Ce lien expire dans 24 heures.');
      const link = linkIn(verification!.text ?? '', origin, 'verify-email');
      const token = new URL(link).searchParams.get('token')!;
      expect((await http('GET', link)).status).toBe(200);
      const confirmed = await http('POST', `${origin}/verify-email`, { token }, true);
      expect(confirmed.text).toContain('data-code="VERIFIED"');

      // The stored language, not the requester's: this request sends no Accept-Language.
      expect((await http('POST', `${origin}/api/v1/auth/forgot-password`, { email })).status).toBe(
        202,
      );
      await waitForEmail({ to: email, tag: 'password_reset' });
      const [reset] = sandbox.messages({ to: email, tag: 'password_reset' });
      expect(reset!.subject).toBe('Réinitialisez votre mot de passe FluentMeet');
      expect(reset!.html).toContain('<html lang="fr"');
      expect(reset!.text).toContain(
        'Ce lien expire dans 60 minutes et ne peut être utilisé qu’une seule fois.',
      );
      expect((await http('GET', linkIn(reset!.text ?? '', origin, 'reset-password'))).status).toBe(
        200,
      );
    },
  );

  it(
    'a wait for an email that the worker dead-lettered fails at once and says why (EXPIRED)',
    { timeout: 90_000 },
    async () => {
      // The API's clock runs two days behind the worker's: its 24-hour link has expired.
      const clock = new TestClock(Date.now() - 48 * 3_600_000);
      const { origin, sandbox, waitForEmail } = await system({ clock });
      const email = address('e2e.expired');
      expect(
        (await http('POST', `${origin}/api/v1/auth/signup`, { email, password: PASSWORD })).status,
      ).toBe(202);

      const failure = await waitForEmail({ to: email }).then(
        () => new Error('an expired email was sent'),
        (error: unknown) => error as Error,
      );
      console.info(`the failure message of an expired email:\n${failure.message}`);
      expect(failure.message).toMatch(/worker finished its envelopes without sending/);
      expect(failure.message).toMatch(/verification\): outbox published .*dead-lettered EXPIRED/);
      expect(failure.message).toContain('has passed');
      expect(sandbox.messages({ to: email })).toHaveLength(0);
    },
  );
});
