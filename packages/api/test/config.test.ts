import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/build-app.js';
import { build, TEST_ENV } from './helpers/build.js';

describe('configuration', () => {
  it('validates LOG_LEVEL before anything uses it, naming it in a coded error', async () => {
    await expect(
      buildApp({ env: { ...TEST_ENV, LOG_LEVEL: 'loud', RATE_LIMIT_IP_MAX: 'many' } }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(
        /^(?=[\s\S]*LOG_LEVEL is invalid)(?=[\s\S]*RATE_LIMIT_IP_MAX is invalid)/,
      ) as unknown,
    });
  });

  it('warns at start when a token lives longer than the email queues keep a record (7 days)', async () => {
    const long = await build({ env: { VERIFICATION_TOKEN_TTL_HOURS: 720 }, logLevel: 'warn' });
    const warnings = long.logs.entries().filter((entry) => entry.level === 40);
    expect(warnings.map((entry) => entry.msg).join('\n')).toMatch(
      /VERIFICATION_TOKEN_TTL_HOURS \(720\) exceeds the email queue retention \(168 h\)/,
    );
    const usual = await build({ logLevel: 'warn' });
    expect(usual.logs.text).not.toMatch(/exceeds the email queue retention/);
  });

  it('defaults EMAIL_TOPIC and SUPPRESSIONS_TOPIC to the contracts’ topic names', async () => {
    const { app } = await build();
    expect(app.config.EMAIL_TOPIC).toBe('notifications.email');
    expect(app.config.SUPPRESSIONS_TOPIC).toBe('notifications.email.suppressions');
  });

  it('refuses a short OPERATOR_TOKEN or signing key without printing either', async () => {
    const error = await buildApp({
      env: { ...TEST_ENV, OPERATOR_TOKEN: 'short-secret', MAILGUN_WEBHOOK_SIGNING_KEY: 'tiny-key' },
    }).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toMatch(/OPERATOR_TOKEN is invalid/);
    expect(error?.message).toMatch(/MAILGUN_WEBHOOK_SIGNING_KEY is invalid/);
    expect(error?.message).not.toMatch(/short-secret|tiny-key/);
  });

  it('refuses SASL/PLAIN without KAFKA_SSL at start, naming the opt-out, never the password', async () => {
    const started = buildApp({
      env: {
        ...TEST_ENV,
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'api',
        KAFKA_SASL_PASSWORD: 'api-clear-text-pw',
      },
    });
    await expect(started).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('KAFKA_ALLOW_PLAINTEXT_SASL=true') as unknown,
    });
    await expect(started).rejects.not.toMatchObject({
      message: expect.stringContaining('api-clear-text-pw') as unknown,
    });
  });
});
