import proxyAddr from '@fastify/proxy-addr';
import { Type, type Static } from '@sinclair/typebox';
import {
  logLevelEnv,
  parseEnv,
  QUEUE_RETENTION_MS,
  TopicsEnv,
  type EnvSource,
} from '@fluentmeet/email-contracts';
import { kafkaEnv, kafkaEnvProblems } from '@fluentmeet/email-contracts/producer';

/** The API's own settings; Kafka, the topic and the log level come from the shared fragments. */
const ApiEnv = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /**
   * The peers allowed to set X-Forwarded-For: `false`, or the proxies' addresses, CIDRs
   * or proxy-addr names (`loopback`, `linklocal`, `uniquelocal`), comma-separated.
   */
  TRUST_PROXY: Type.String({ default: 'false' }),
  PUBLIC_APP_URL: Type.String({
    pattern: '^https?://[^\\s?#]+$',
    default: 'http://localhost:3000',
  }),
  DATABASE_PATH: Type.String({ minLength: 1, default: './data/fluentmeet.db' }),
  /**
   * `postgres://user:password@host:5432/db`: PostgreSQL instead of the SQLite file, for
   * several API instances on one database (outbox claims, shared rate limits).
   */
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  VERIFICATION_TOKEN_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 24 }),
  RESET_TOKEN_TTL_MINUTES: Type.Integer({ minimum: 1, maximum: 10_080, default: 60 }),
  RATE_LIMIT_IP_MAX: Type.Integer({ minimum: 1, default: 30 }),
  RATE_LIMIT_IP_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_ADDRESS_MAX: Type.Integer({ minimum: 1, default: 3 }),
  RATE_LIMIT_ADDRESS_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 900 }),
  OUTBOX_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1000 }),
  OUTBOX_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  OUTBOX_MAX_BACKOFF_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  OUTBOX_RETENTION_HOURS: Type.Integer({ minimum: 1, default: 168 }),
  /**
   * PostgreSQL: how long a relay owns the rows it claimed; a crashed instance's rows are
   * published by another relay once it ran out. Longer than a publish can take.
   */
  OUTBOX_CLAIM_LEASE_MS: Type.Integer({ minimum: 1000, default: 30_000 }),
});

/** Mailgun's delivery webhooks (`POST /api/v1/webhooks/mailgun`). */
const WebhookEnv = Type.Object({
  MAILGUN_WEBHOOK_SIGNING_KEY: Type.Optional(
    Type.String({
      minLength: 16,
      description: "Mailgun's HTTP webhook signing key; unset, the webhook route answers 503",
    }),
  ),
  MAILGUN_WEBHOOK_MAX_AGE_SECONDS: Type.Integer({ minimum: 30, maximum: 3600, default: 300 }),
  RATE_LIMIT_WEBHOOK_MAX: Type.Integer({ minimum: 1, default: 6000 }),
  RATE_LIMIT_WEBHOOK_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  /** Delivery events and email statuses are kept this long; suppressions stay until lifted. */
  DELIVERY_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 90 }),
});

/** The operator endpoints (`/api/v1/operator/*`) and `/metrics`. */
const OperatorEnv = Type.Object({
  OPERATOR_TOKEN: Type.Optional(
    Type.String({ minLength: 32, description: 'Bearer token; unset, the endpoints answer 403' }),
  ),
});

/** Every environment variable the API reads; the type is derived, never written twice. */
export const EnvSchema = Type.Composite([
  ApiEnv,
  WebhookEnv,
  OperatorEnv,
  kafkaEnv({ clientId: 'fluentmeet-api', brokers: 'localhost:9092' }),
  Type.Pick(TopicsEnv, ['EMAIL_TOPIC', 'SUPPRESSIONS_TOPIC']),
  logLevelEnv(),
]);
export type Env = Static<typeof EnvSchema>;

const NO_PROXY = new Set(['false', '0']);

/** What Fastify's `trustProxy` gets: nothing trusted, or the listed proxies only. */
/**
 * Token lifetimes longer than the email queues keep a record (`QUEUE_RETENTION_MS`,
 * 7 days): an outage or a paused worker that outlives the retention loses emails whose
 * links would still work. Returned as warnings for the start-up log.
 */
export function retentionWarnings(
  config: Pick<Env, 'VERIFICATION_TOKEN_TTL_HOURS' | 'RESET_TOKEN_TTL_MINUTES'>,
): string[] {
  const warnings: string[] = [];
  const retentionHours = QUEUE_RETENTION_MS / 3_600_000;
  if (config.VERIFICATION_TOKEN_TTL_HOURS > retentionHours) {
    warnings.push(
      `VERIFICATION_TOKEN_TTL_HOURS (${config.VERIFICATION_TOKEN_TTL_HOURS}) exceeds the email queue retention (${retentionHours} h): a worker outage longer than the retention loses verification emails whose links still work`,
    );
  }
  if (config.RESET_TOKEN_TTL_MINUTES > retentionHours * 60) {
    warnings.push(
      `RESET_TOKEN_TTL_MINUTES (${config.RESET_TOKEN_TTL_MINUTES}) exceeds the email queue retention (${retentionHours} h)`,
    );
  }
  return warnings;
}

export function trustedProxies(value: string): false | string[] {
  if (NO_PROXY.has(value.toLowerCase())) return false;
  return value.split(',').map((entry) => entry.trim());
}

const TRUST_PROXY_EXAMPLE =
  'list the proxies in front of the API by address or CIDR, for example TRUST_PROXY=10.0.0.5 or TRUST_PROXY=10.0.0.0/8,127.0.0.1 (or uniquelocal for every private range)';

/**
 * `true` trusts every X-Forwarded-For entry, and the left-most is the client's own; a
 * hop count cannot tell a proxy from a client that connects directly (Fastify 5.12
 * ignores it for that reason). Only a list of proxies says who may speak for a client.
 */
function trustProxyProblems(env: { TRUST_PROXY: string }): string[] {
  const value = env.TRUST_PROXY.trim().toLowerCase();
  if (value === 'true') {
    return [
      `TRUST_PROXY=true would let any client choose its address (and its rate-limit bucket); ${TRUST_PROXY_EXAMPLE}`,
    ];
  }
  if (/^\d+$/.test(value) && !NO_PROXY.has(value)) {
    return [
      `TRUST_PROXY is a hop count, which cannot tell a proxy from a client; ${TRUST_PROXY_EXAMPLE}`,
    ];
  }
  const proxies = trustedProxies(value);
  if (proxies === false) return [];
  if (proxies.some((entry) => /\/0+$/.test(entry))) {
    return [`TRUST_PROXY includes a /0 range, which trusts every client; ${TRUST_PROXY_EXAMPLE}`];
  }
  try {
    proxyAddr.compile(proxies);
    return [];
  } catch {
    return [
      `TRUST_PROXY is not false or a comma-separated list of addresses/CIDRs; ${TRUST_PROXY_EXAMPLE}`,
    ];
  }
}

/** A PostgreSQL URL or nothing; the message never repeats the URL (it holds a password). */
function databaseUrlProblems(env: { DATABASE_URL?: string | undefined }): string[] {
  if (env.DATABASE_URL === undefined) return [];
  try {
    const url = new URL(env.DATABASE_URL);
    if (url.protocol === 'postgres:' || url.protocol === 'postgresql:') return [];
  } catch {
    // reported below
  }
  return [
    'DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:5432/database); unset it to use SQLite at DATABASE_PATH',
  ];
}

/** Reads and checks the environment once, before anything uses it; throws `CONFIG_INVALID`. */
export function loadConfig(env: EnvSource = process.env): Env {
  return parseEnv(EnvSchema, env, kafkaEnvProblems, trustProxyProblems, databaseUrlProblems);
}
