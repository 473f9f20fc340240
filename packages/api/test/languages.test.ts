import { describe, expect, it } from 'vitest';
import { emailKey } from '@fluentmeet/email-contracts';
import type { FastifyInstance } from 'fastify';
import { negotiateLanguage } from '../src/auth/language.js';
import { address, build, PASSWORD, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

async function storedLanguage(app: FastifyInstance, email: string): Promise<string> {
  const row = await app.db
    .selectFrom('users')
    .select('language')
    .where('email_key', '=', emailKey(email))
    .executeTakeFirstOrThrow();
  return row.language;
}

describe('the user language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'],
    ['pt-BR', 'pt'],
    ['ja, de;q=0.5', 'de'],
    ['ja, zh-CN', 'en'],
    ['*', 'en'],
    ['es;q=0.2, it;q=0.7', 'it'],
    ['not a header ;;; q=x', 'en'],
  ] as const)('Accept-Language %j negotiates %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });

  it('signup stores the language given, and every email to the account carries it', async () => {
    const { app, producer } = await build();
    const email = address('fr');
    await signup(app, email, { language: 'fr' });
    expect(await storedLanguage(app, email)).toBe('fr');
    const verification = await nthEmail(producer, email, 'verification');
    expect(verification.locale).toBe('fr');

    // A German browser asks for the reset: the account's language wins, not the header.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      headers: { 'accept-language': 'de-DE' },
      payload: { email },
    });
    expect(res.statusCode).toBe(202);
    const reset = await nthEmail(producer, email, 'password_reset');
    expect(reset.locale).toBe('fr');

    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      headers: { 'accept-language': 'es' },
      payload: { email },
    });
    expect((await nthEmail(producer, email, 'verification', 2)).locale).toBe('fr');

    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: linkToken(reset), new_password: 'another long passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await nthEmail(producer, email, 'password_changed')).locale).toBe('fr');
  });

  it('signup without a language negotiates it from Accept-Language', async () => {
    const { app, producer } = await build();
    const email = address('br');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      headers: { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.5' },
      payload: { email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(202);
    expect((await nthEmail(producer, email, 'verification')).locale).toBe('pt');
    expect(await storedLanguage(app, email)).toBe('pt');
  });

  it('answers forgot-password and resend-verification alike whatever the header and the account', async () => {
    const { app } = await build();
    const known = address('known');
    await signup(app, known, { language: 'it' });
    const answers = [];
    for (const email of [known, address('ghost')]) {
      for (const header of ['it', 'de', 'ja']) {
        for (const url of ['/api/v1/auth/forgot-password', '/api/v1/auth/resend-verification']) {
          const res = await app.inject({
            method: 'POST',
            url,
            headers: { 'accept-language': header },
            payload: { email },
          });
          answers.push(
            `${url} ${res.statusCode} ${res.body} ${res.headers['content-language'] ?? ''}`,
          );
        }
      }
    }
    expect(new Set(answers.filter((a) => a.includes('forgot'))).size).toBe(1);
    expect(new Set(answers.filter((a) => a.includes('resend'))).size).toBe(1);
  });

  it('refuses a language FluentMeet does not speak with a coded 400 and creates nothing', async () => {
    const { app, producer } = await build();
    const email = address('xx');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email, password: PASSWORD, language: 'ja' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: expect.any(String) as unknown });
    const users = await app.db.selectFrom('users').select('id').execute();
    expect(users).toHaveLength(0);
    expect(producer.to(email)).toHaveLength(0);
  });
});
