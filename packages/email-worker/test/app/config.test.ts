import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EmailContractError, topicSet } from '@fluentmeet/email-contracts';
import { kafkaConfig } from '@fluentmeet/email-contracts/producer';
import { loadConfig } from '../../src/app/config.js';
import { mailgunConfig } from '../../src/mailgun/settings.js';

const minimal = {
  KAFKA_BROKERS: 'localhost:9092',
  MAILGUN_API_KEY: 'key-very-secret-value',
  MAILGUN_DOMAIN: 'mg.fluentmeet.com',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof EmailContractError && error.code === 'CONFIG_INVALID') {
      return error.details.map((issue) => issue.message);
    }
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('fills defaults from the contracts and the design', () => {
    const config = loadConfig(minimal);
    expect(topicSet(config)).toEqual({
      email: 'notifications.email',
      retry: 'notifications.email.retry',
      dlq: 'notifications.email.dlq',
      suppressions: 'notifications.email.suppressions',
    });
    expect(config.CONSUMER_GROUP).toBe('email-worker');
    expect(config.WORKER_CONCURRENCY).toBe(64);
    expect(mailgunConfig(config)).toMatchObject({
      baseUrl: 'https://api.mailgun.net',
      from: 'no-reply@fluentmeet.com',
      domain: 'mg.fluentmeet.com',
    });
    expect(config.HEALTH_PORT).toBe(9464);
    expect(kafkaConfig(config).clientId).toBe('email-worker');
  });

  it('converts numbers and treats empty values as unset', () => {
    const config = loadConfig({
      ...minimal,
      WORKER_CONCURRENCY: '8',
      RETRY_INLINE_MAX_MS: '',
      HEALTH_PORT: '0',
    });
    expect(config.WORKER_CONCURRENCY).toBe(8);
    expect(config.RETRY_INLINE_MAX_MS).toBe(10_000);
    expect(config.HEALTH_PORT).toBe(0);
  });

  it('lists every problem at once and never prints a secret', () => {
    const found = problems({
      MAILGUN_API_KEY: 'key-very-secret-value',
      WORKER_CONCURRENCY: 'lots',
      RETRY_MAX_ATTEMPTS: '0',
      LOG_LEVEL: 'loud',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_PASSWORD: 'kafka-password-value',
      EMAIL_TOPIC: 'same',
      DLQ_TOPIC: 'same',
    });
    const text = found.join('\n');
    expect(text).toContain('MAILGUN_DOMAIN is required');
    expect(text).toContain('WORKER_CONCURRENCY is invalid');
    expect(text).toContain('RETRY_MAX_ATTEMPTS is invalid');
    expect(text).toContain('LOG_LEVEL is invalid');
    expect(text).toContain('KAFKA_BROKERS is required');
    expect(text).toContain('KAFKA_SASL_USERNAME is required');
    expect(text).toContain('four different topics');
    expect(text).not.toContain('key-very-secret-value');
    expect(text).not.toContain('kafka-password-value');
  });

  it('includes the Mailgun client checks', () => {
    expect(problems({ ...minimal, MAILGUN_BASE_URL: 'https://api.mailgun.net/v3' }).join()).toMatch(
      /v3/,
    );
  });
});

describe('the worker process', () => {
  it('refuses to start with one message listing every bad variable', () => {
    const result = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../dist/main.js', import.meta.url))],
      {
        env: {
          PATH: process.env.PATH ?? '',
          MAILGUN_API_KEY: 'key-very-secret-value',
          WORKER_CONCURRENCY: '-1',
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(78);
    const output = result.stdout + result.stderr;
    expect(output).toContain('MAILGUN_DOMAIN is required');
    expect(output).toContain('KAFKA_BROKERS is required');
    expect(output).toContain('WORKER_CONCURRENCY is invalid');
    expect(output).not.toContain('key-very-secret-value');
  });

  it('refuses SASL/PLAIN without KAFKA_SSL, naming the opt-out for a local broker', () => {
    const result = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('../../dist/main.js', import.meta.url))],
      {
        env: {
          PATH: process.env.PATH ?? '',
          ...minimal,
          KAFKA_SASL_MECHANISM: 'plain',
          KAFKA_SASL_USERNAME: 'worker',
          KAFKA_SASL_PASSWORD: 'worker-clear-text-pw',
        },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(78);
    const output = result.stdout + result.stderr;
    expect(output).toContain(
      'KAFKA_SASL_MECHANISM=plain sends the password in clear text without KAFKA_SSL=true',
    );
    expect(output).toContain('KAFKA_ALLOW_PLAINTEXT_SASL=true');
    expect(output).not.toContain('worker-clear-text-pw');
  });
});
