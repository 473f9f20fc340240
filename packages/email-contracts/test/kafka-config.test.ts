import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaConfigFromEnv } from '../src/producer/kafka-config.js';
import { EmailContractError } from '../src/errors.js';

function problemsOf(env: Record<string, string>): string {
  try {
    kafkaConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EmailContractError);
    expect((error as EmailContractError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('kafkaConfigFromEnv', () => {
  it('builds a plaintext config from KAFKA_BROKERS', () => {
    expect(kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:9092, b:9093' }, 'svc')).toEqual({
      clientId: 'svc',
      brokers: ['a:9092', 'b:9093'],
    });
  });

  it('builds TLS + SCRAM for a managed cluster', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcfg-'));
    writeFileSync(join(dir, 'ca.pem'), 'CERT');
    const config = kafkaConfigFromEnv({
      KAFKA_BROKERS: 'kafka.example.com:9096',
      KAFKA_CLIENT_ID: 'api-1',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 's3cret-pw',
    });
    expect(config).toEqual({
      clientId: 'api-1',
      brokers: ['kafka.example.com:9096'],
      ssl: { ca: ['CERT'], rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 's3cret-pw' },
    });
  });

  it('lists every invalid combination at once and never prints the password', () => {
    const message = problemsOf({
      KAFKA_BROKERS: 'no-port',
      KAFKA_SSL: 'maybe',
      KAFKA_SASL_MECHANISM: 'gssapi',
      KAFKA_SASL_PASSWORD: 'hunter2-secret',
    });
    expect(message).toContain('"no-port" is not host:port');
    expect(message).toContain('KAFKA_SSL must be true or false');
    expect(message).toContain('KAFKA_SASL_MECHANISM must be one of');
    expect(message).toContain('KAFKA_SASL_USERNAME is required');
    expect(message).not.toContain('hunter2-secret');
  });

  it('rejects a missing broker list, credentials without a mechanism, and a CA without TLS', () => {
    expect(problemsOf({})).toContain('KAFKA_BROKERS is required');
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', KAFKA_SASL_USERNAME: 'u' })).toContain(
      'KAFKA_SASL_MECHANISM is not',
    );
    expect(problemsOf({ KAFKA_BROKERS: 'a:1', KAFKA_SSL_CA_FILE: '/x' })).toContain(
      'KAFKA_SSL is not true',
    );
  });

  it('refuses SASL/PLAIN without TLS (the password would cross in clear) unless opted out', () => {
    const plain = {
      KAFKA_BROKERS: 'kafka.example.com:9092',
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'clear-text-pw',
    };
    const message = problemsOf(plain);
    expect(message).toContain(
      'KAFKA_SASL_MECHANISM=plain sends the password in clear text without KAFKA_SSL=true',
    );
    expect(message).toContain('KAFKA_ALLOW_PLAINTEXT_SASL=true');
    expect(message).not.toContain('clear-text-pw');
    expect(kafkaConfigFromEnv({ ...plain, KAFKA_SSL: 'true' }).sasl?.mechanism).toBe('plain');
    expect(
      kafkaConfigFromEnv({ ...plain, KAFKA_ALLOW_PLAINTEXT_SASL: 'true' }).ssl,
    ).toBeUndefined();
    // SCRAM never sends the password itself, so it needs no opt-out.
    expect(
      kafkaConfigFromEnv({ ...plain, KAFKA_SASL_MECHANISM: 'scram-sha-256' }).sasl?.mechanism,
    ).toBe('scram-sha-256');
  });
});
