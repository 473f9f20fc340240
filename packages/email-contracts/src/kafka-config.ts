import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { EmailContractError } from './errors.js';

const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type Mechanism = (typeof MECHANISMS)[number];

const BROKER = /^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

function flag(raw: string | undefined, name: string, problems: string[]): boolean {
  if (raw === undefined || raw === '') return false;
  const value = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} must be true or false`);
  return false;
}

/**
 * Builds the kafkajs client configuration from the environment, the same way in
 * every process that talks to Kafka:
 * `KAFKA_BROKERS` (comma-separated host:port, required), `KAFKA_CLIENT_ID`,
 * `KAFKA_SSL` (true/false), `KAFKA_SSL_CA_FILE`, `KAFKA_SSL_REJECT_UNAUTHORIZED`,
 * `KAFKA_SASL_MECHANISM` (plain, scram-sha-256, scram-sha-512),
 * `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`.
 * Throws `KAFKA_CONFIG_INVALID` listing every problem; the password is never printed.
 *
 * @example
 * const kafka = new Kafka(kafkaConfigFromEnv(process.env, 'email-worker'));
 */
export function kafkaConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
  defaultClientId = 'fluentmeet',
): KafkaConfig {
  const problems: string[] = [];
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) problems.push('KAFKA_BROKERS is required (comma-separated host:port)');
  for (const broker of brokers) {
    if (!BROKER.test(broker)) problems.push(`KAFKA_BROKERS entry "${broker}" is not host:port`);
  }

  const ssl = flag(env.KAFKA_SSL, 'KAFKA_SSL', problems);
  const caFile = env.KAFKA_SSL_CA_FILE || undefined;
  const rejectUnauthorized =
    env.KAFKA_SSL_REJECT_UNAUTHORIZED === undefined ||
    flag(env.KAFKA_SSL_REJECT_UNAUTHORIZED, 'KAFKA_SSL_REJECT_UNAUTHORIZED', problems);
  if (caFile !== undefined && !ssl)
    problems.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  let ca: string | undefined;
  if (caFile !== undefined && ssl) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch {
      problems.push(`KAFKA_SSL_CA_FILE "${caFile}" cannot be read`);
    }
  }

  const mechanism = (env.KAFKA_SASL_MECHANISM || undefined)?.toLowerCase();
  const username = env.KAFKA_SASL_USERNAME || undefined;
  const password = env.KAFKA_SASL_PASSWORD || undefined;
  let sasl: SASLOptions | undefined;
  if (mechanism !== undefined) {
    if (!(MECHANISMS as readonly string[]).includes(mechanism)) {
      problems.push(`KAFKA_SASL_MECHANISM must be one of ${MECHANISMS.join(', ')}`);
    }
    if (username === undefined)
      problems.push('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
    if (password === undefined)
      problems.push('KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM');
    if (username !== undefined && password !== undefined) {
      sasl = { mechanism: mechanism as Mechanism, username, password };
    }
  } else if (username !== undefined || password !== undefined) {
    problems.push(
      'KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not',
    );
  }

  if (problems.length > 0) {
    throw new EmailContractError(
      'KAFKA_CONFIG_INVALID',
      `Invalid Kafka configuration:\n  - ${problems.join('\n  - ')}`,
      { details: problems.map((message) => ({ path: '', message })) },
    );
  }

  const config: KafkaConfig = { clientId: env.KAFKA_CLIENT_ID || defaultClientId, brokers };
  if (ssl)
    config.ssl = ca === undefined ? { rejectUnauthorized } : { ca: [ca], rejectUnauthorized };
  if (sasl !== undefined) config.sasl = sasl;
  return config;
}
