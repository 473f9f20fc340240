import { Type, type Static, type TInteger } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { KafkaConfig } from 'kafkajs';
import { DEFAULT_CONSUMER_GROUP, EmailContractError, TOPICS } from '@fluentmeet/email-contracts';
import { kafkaConfigFromEnv } from '@fluentmeet/email-contracts/kafka';
import { checkMailgunConfig, MAILGUN_US_BASE_URL, type MailgunConfig } from './mailgun/index.js';

const int = (defaultValue: number, minimum = 0, description?: string): TInteger =>
  Type.Integer({ default: defaultValue, minimum, ...(description ? { description } : {}) });

/** Every environment variable of the worker except the KAFKA_* client ones (see kafkaConfigFromEnv). */
export const WorkerEnv = Type.Object({
  MAILGUN_API_KEY: Type.String({ minLength: 1 }),
  MAILGUN_DOMAIN: Type.String({ minLength: 1 }),
  MAILGUN_FROM_ADDRESS: Type.String({ minLength: 3, default: 'no-reply@fluentmeet.com' }),
  MAILGUN_BASE_URL: Type.String({ minLength: 1, default: MAILGUN_US_BASE_URL }),
  EMAIL_TOPIC: Type.String({ minLength: 1, default: TOPICS.email }),
  RETRY_TOPIC: Type.String({ minLength: 1, default: TOPICS.retry }),
  DLQ_TOPIC: Type.String({ minLength: 1, default: TOPICS.dlq }),
  CONSUMER_GROUP: Type.String({ minLength: 1, default: DEFAULT_CONSUMER_GROUP }),
  WORKER_CONCURRENCY: int(64, 1),
  RETRY_MAX_ATTEMPTS: int(10, 1),
  RETRY_BASE_DELAY_MS: int(1_000, 1),
  RETRY_MAX_DELAY_MS: int(300_000, 1),
  RETRY_INLINE_MAX_MS: int(10_000, 0),
  CIRCUIT_FAILURE_THRESHOLD: int(5, 1),
  CIRCUIT_PROBE_INTERVAL_MS: int(5_000, 1),
  CIRCUIT_MAX_PROBE_INTERVAL_MS: int(60_000, 1),
  CONFIG_ERROR_PROBE_INTERVAL_MS: int(60_000, 1),
  COMMIT_INTERVAL_MS: int(1_000, 10),
  KAFKA_SESSION_TIMEOUT_MS: int(30_000, 6_000),
  SHUTDOWN_TIMEOUT_MS: int(20_000, 0),
  DEDUP_CACHE_SIZE: int(10_000, 1),
  CLOCK_SKEW_TOLERANCE_MS: int(
    60_000,
    0,
    'How far the clock of the host that stamped notAfter may be behind ours before we drop an email as expired',
  ),
  HEALTH_PORT: Type.Integer({ default: 9464, minimum: 0, maximum: 65535 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
      Type.Literal(level),
    ),
    { default: 'info' },
  ),
});
export type WorkerEnv = Static<typeof WorkerEnv>;

export interface WorkerConfig {
  kafka: KafkaConfig;
  mailgun: MailgunConfig;
  topics: { email: string; retry: string; dlq: string };
  consumerGroup: string;
  concurrency: number;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; inlineMaxMs: number };
  circuit: {
    failureThreshold: number;
    probeIntervalMs: number;
    maxProbeIntervalMs: number;
    configErrorProbeIntervalMs: number;
  };
  commitIntervalMs: number;
  /** How long the group waits for a silent member (a killed process) before moving its partitions. */
  sessionTimeoutMs: number;
  shutdownTimeoutMs: number;
  dedupCacheSize: number;
  /** Grace added to an envelope's `notAfter`, which another host's clock stamped. */
  clockSkewToleranceMs: number;
  /** 0 picks a free port; undefined runs no HTTP server. */
  healthPort: number | undefined;
  logLevel: string;
}

/** Thrown by `loadConfig`; `problems` names every bad variable, never a secret value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid email-worker configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

function envProblems(value: unknown): string[] {
  const problems: string[] = [];
  for (const error of Value.Errors(WorkerEnv, value)) {
    const name = error.path.replace(/^\//, '');
    if (problems.some((problem) => problem.startsWith(`${name} `))) continue;
    problems.push(
      error.value === undefined ? `${name} is required` : `${name} is invalid: ${error.message}`,
    );
  }
  return problems;
}

/**
 * Reads the worker configuration from the environment and checks all of it at once.
 * Empty strings count as unset, so `FOO=` in an env file falls back to the default.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(WorkerEnv.properties)) {
    const raw = env[name]?.trim();
    if (raw !== undefined && raw !== '') picked[name] = raw;
  }
  const candidate = Value.Convert(WorkerEnv, Value.Default(WorkerEnv, picked));
  const problems = envProblems(candidate);

  let kafka: KafkaConfig | undefined;
  try {
    kafka = kafkaConfigFromEnv(env, 'email-worker');
  } catch (error) {
    if (!(error instanceof EmailContractError)) throw error;
    problems.push(...error.details.map((detail) => detail.message));
  }

  const values = candidate as WorkerEnv;
  let mailgun: MailgunConfig | undefined;
  if (problems.every((problem) => !problem.startsWith('MAILGUN_'))) {
    mailgun = {
      apiKey: values.MAILGUN_API_KEY,
      domain: values.MAILGUN_DOMAIN,
      baseUrl: values.MAILGUN_BASE_URL,
      from: values.MAILGUN_FROM_ADDRESS,
      connections: values.WORKER_CONCURRENCY,
    };
    problems.push(...checkMailgunConfig(mailgun));
  }
  if (values.RETRY_MAX_DELAY_MS < values.RETRY_BASE_DELAY_MS) {
    problems.push('RETRY_MAX_DELAY_MS must not be smaller than RETRY_BASE_DELAY_MS');
  }
  const topics = [values.EMAIL_TOPIC, values.RETRY_TOPIC, values.DLQ_TOPIC];
  if (new Set(topics).size !== topics.length) {
    problems.push('EMAIL_TOPIC, RETRY_TOPIC and DLQ_TOPIC must be three different topics');
  }
  if (problems.length > 0 || kafka === undefined || mailgun === undefined) {
    throw new ConfigError(problems);
  }

  return {
    kafka,
    mailgun,
    topics: { email: values.EMAIL_TOPIC, retry: values.RETRY_TOPIC, dlq: values.DLQ_TOPIC },
    consumerGroup: values.CONSUMER_GROUP,
    concurrency: values.WORKER_CONCURRENCY,
    retry: {
      maxAttempts: values.RETRY_MAX_ATTEMPTS,
      baseDelayMs: values.RETRY_BASE_DELAY_MS,
      maxDelayMs: values.RETRY_MAX_DELAY_MS,
      inlineMaxMs: values.RETRY_INLINE_MAX_MS,
    },
    circuit: {
      failureThreshold: values.CIRCUIT_FAILURE_THRESHOLD,
      probeIntervalMs: values.CIRCUIT_PROBE_INTERVAL_MS,
      maxProbeIntervalMs: values.CIRCUIT_MAX_PROBE_INTERVAL_MS,
      configErrorProbeIntervalMs: values.CONFIG_ERROR_PROBE_INTERVAL_MS,
    },
    commitIntervalMs: values.COMMIT_INTERVAL_MS,
    sessionTimeoutMs: values.KAFKA_SESSION_TIMEOUT_MS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    dedupCacheSize: values.DEDUP_CACHE_SIZE,
    clockSkewToleranceMs: values.CLOCK_SKEW_TOLERANCE_MS,
    healthPort: values.HEALTH_PORT,
    logLevel: values.LOG_LEVEL,
  };
}
