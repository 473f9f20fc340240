import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { parseEnv, type EnvSource } from '../env.js';
import { EmailContractError } from '../errors.js';

const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
type Mechanism = (typeof MECHANISMS)[number];

const BROKER = /^[A-Za-z0-9._-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

/**
 * The `KAFKA_*` settings of every process that talks to Kafka, with that process's
 * client id (and, where it has one, broker list) as defaults.
 *
 * @example
 * const Env = Type.Composite([kafkaEnv({ clientId: 'billing' }), TopicsEnv]);
 */
export function kafkaEnv(defaults: { clientId: string; brokers?: string }) {
  return Type.Object({
    KAFKA_BROKERS: Type.String({
      minLength: 1,
      description: 'comma-separated host:port',
      ...(defaults.brokers === undefined ? {} : { default: defaults.brokers }),
    }),
    KAFKA_CLIENT_ID: Type.String({ minLength: 1, default: defaults.clientId }),
    KAFKA_SSL: Type.Boolean({ default: false }),
    KAFKA_SSL_CA_FILE: Type.Optional(Type.String()),
    KAFKA_SSL_REJECT_UNAUTHORIZED: Type.Boolean({ default: true }),
    KAFKA_SASL_MECHANISM: Type.Optional(
      Type.String({ description: `${MECHANISMS.join(', ')} (any case)` }),
    ),
    KAFKA_SASL_USERNAME: Type.Optional(Type.String()),
    KAFKA_SASL_PASSWORD: Type.Optional(Type.String()),
    KAFKA_ALLOW_PLAINTEXT_SASL: Type.Boolean({
      default: false,
      description: 'allow SASL/PLAIN without TLS (a local test broker only)',
    }),
  });
}
export type KafkaEnv = Static<ReturnType<typeof kafkaEnv>>;

function brokersOf(env: KafkaEnv): string[] {
  return String(env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
}

function readCa(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * What the schema cannot say about `KAFKA_*`: broker syntax and the TLS and SASL
 * combinations, among them SASL/PLAIN without TLS (refused unless `KAFKA_ALLOW_PLAINTEXT_SASL`).
 */
export function kafkaEnvProblems(env: KafkaEnv): string[] {
  const problems: string[] = [];
  for (const broker of brokersOf(env)) {
    if (!BROKER.test(broker)) problems.push(`KAFKA_BROKERS entry "${broker}" is not host:port`);
  }
  const caFile = env.KAFKA_SSL_CA_FILE;
  if (caFile !== undefined && env.KAFKA_SSL !== true) {
    problems.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  } else if (caFile !== undefined && readCa(caFile) === undefined) {
    problems.push(`KAFKA_SSL_CA_FILE "${caFile}" cannot be read`);
  }
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (mechanism !== undefined) {
    if (!(MECHANISMS as readonly string[]).includes(mechanism)) {
      problems.push(`KAFKA_SASL_MECHANISM must be one of ${MECHANISMS.join(', ')}`);
    }
    if (username === undefined) {
      problems.push('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
    }
    if (password === undefined) {
      problems.push('KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM');
    }
    if (
      mechanism === 'plain' &&
      env.KAFKA_SSL !== true &&
      env.KAFKA_ALLOW_PLAINTEXT_SASL !== true
    ) {
      problems.push(
        'KAFKA_SASL_MECHANISM=plain sends the password in clear text without KAFKA_SSL=true; ' +
          'turn TLS on, or set KAFKA_ALLOW_PLAINTEXT_SASL=true for a local test broker',
      );
    }
  } else if (username !== undefined || password !== undefined) {
    problems.push(
      'KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not',
    );
  }
  return problems;
}

/**
 * The kafkajs client configuration from parsed `KAFKA_*` settings (see `kafkaEnv`).
 * Throws `CONFIG_INVALID` listing every problem; the password is never printed.
 *
 * @example
 * const kafka = createKafka(kafkaConfig(config), { logger });
 */
export function kafkaConfig(env: KafkaEnv): KafkaConfig {
  const problems = kafkaEnvProblems(env);
  if (problems.length > 0) {
    throw new EmailContractError(
      'CONFIG_INVALID',
      `Invalid Kafka configuration:\n  - ${problems.join('\n  - ')}`,
      { details: problems.map((message) => ({ path: '', message })) },
    );
  }
  const config: KafkaConfig = { clientId: env.KAFKA_CLIENT_ID, brokers: brokersOf(env) };
  if (env.KAFKA_SSL) {
    const ca = env.KAFKA_SSL_CA_FILE === undefined ? undefined : readCa(env.KAFKA_SSL_CA_FILE);
    const rejectUnauthorized = env.KAFKA_SSL_REJECT_UNAUTHORIZED;
    config.ssl = ca === undefined ? { rejectUnauthorized } : { ca: [ca], rejectUnauthorized };
  }
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase() as Mechanism | undefined;
  if (mechanism !== undefined) {
    const sasl: SASLOptions = {
      mechanism,
      username: env.KAFKA_SASL_USERNAME!,
      password: env.KAFKA_SASL_PASSWORD!,
    };
    config.sasl = sasl;
  }
  return config;
}

/**
 * Reads `KAFKA_*` from the environment and builds the kafkajs client configuration:
 * `parseEnv` with `kafkaEnv`, then `kafkaConfig`. For a process that reads nothing
 * else; one that does composes `kafkaEnv` into its own schema instead.
 *
 * @example
 * const producer = new EmailProducer({ config: kafkaConfigFromEnv(process.env, 'billing') });
 */
export function kafkaConfigFromEnv(
  env: EnvSource = process.env,
  defaultClientId = 'fluentmeet',
): KafkaConfig {
  return kafkaConfig(parseEnv(kafkaEnv({ clientId: defaultClientId }), env, kafkaEnvProblems));
}
