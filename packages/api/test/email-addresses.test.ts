import { isEmail, normalizeEmail } from '@fluentmeet/email-contracts';
import { describe, expect, it } from 'vitest';
import { build, PASSWORD } from './helpers/build.js';

const label = (n: number) => 'a'.repeat(n);
const longest = `${label(64)}@${label(63)}.${label(63)}.${label(61)}`;

/** Each side of each boundary; the expectation is the contracts' `isEmail`. */
const ADDRESSES: [string, string, boolean][] = [
  ['a 63-letter label', `ada@${label(63)}.com`, true],
  ['a 64-letter label', `ada@${label(64)}.com`, false],
  ['a 70-letter label', `u@${label(70)}.com`, false],
  ['a 64-letter local part', `${label(64)}@example.com`, true],
  ['a 65-letter local part', `${label(65)}@example.com`, false],
  ['254 characters', longest, true],
  ['255 characters', `${longest.slice(0, -1)}aa`, false],
  ['upper case', 'Ada.Lovelace@Example.COM', true],
  ['an IDN domain', 'ada@bücher.de', true],
  ['an IDN domain in ASCII form', 'ada@xn--bcher-kva.de', true],
  ['an IDN label too long in ASCII form', `ada@ü${label(60)}.de`, false],
  ['a non-ASCII local part', 'adä@example.com', false],
];

describe('what the routes accept is what the envelope accepts', () => {
  it.each(ADDRESSES)('signup with %s (%s): accepted = %s', async (_what, email, valid) => {
    expect(isEmail(email)).toBe(valid);
    const { app, producer, logs } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email, password: PASSWORD },
    });
    if (valid) {
      expect(res.statusCode).toBeLessThan(300);
      await expect.poll(() => producer.published.map((e) => e.to)).toEqual([normalizeEmail(email)]);
    } else {
      expect(res.statusCode).toBe(400);
      const body = res.json<{ code: string; details: { field: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(new Set(body.details.map((detail) => detail.field))).toEqual(new Set(['/email']));
    }
    await app.close();
    expect(logs.entries().filter((entry) => Number(entry.level) >= 50)).toEqual([]);
  });

  it.each(ADDRESSES)(
    'forgot-password and resend-verification with %s',
    async (_what, email, valid) => {
      const { app } = await build();
      for (const route of ['forgot-password', 'resend-verification']) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/v1/auth/${route}`,
          payload: { email },
        });
        expect(res.statusCode).toBe(valid ? 202 : 400);
      }
    },
  );

  it('keeps one account per mailbox, whatever the case, Unicode form or IDN spelling', async () => {
    const { app, producer } = await build();
    const spellings = ['ada@bücher.de', 'ADA@XN--BCHER-KVA.DE', 'Ada@bu\u0308cher.de'];
    for (const email of spellings) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email, password: PASSWORD },
      });
    }
    // Every attempt answers alike and sends one email: a verification link, as the account is new.
    await expect.poll(() => producer.published.length).toBe(spellings.length);
    const users = await app.db.selectFrom('users').select(['email', 'email_key']).execute();
    expect(users).toEqual([{ email: 'ada@xn--bcher-kva.de', email_key: 'ada@xn--bcher-kva.de' }]);
    expect(producer.published.every((e) => e.to === 'ada@xn--bcher-kva.de')).toBe(true);
  });
});
