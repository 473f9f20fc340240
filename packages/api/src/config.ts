import { Type, type Static } from '@sinclair/typebox';
import { logLevelEnv, parseEnv, TopicsEnv, type EnvSource } from '@fluentmeet/email-contracts';
import { kafkaEnv, kafkaEnvProblems } from '@fluentmeet/email-contracts/producer';

/** The API's own settings; Kafka, the topic and the log level come from the shared fragments. */
const ApiEnv = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  PUBLIC_APP_URL: Type.String({
    pattern: '^https?://[^\\s?#]+$',
    default: 'http://localhost:3000',
  }),
  DATABASE_PATH: Type.String({ minLength: 1, default: './data/fluentmeet.db' }),
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

/** Reads and checks the environment once, before anything uses it; throws `CONFIG_INVALID`. */
export function loadConfig(env: EnvSource = process.env): Env {
  return parseEnv(EnvSchema, env, kafkaEnvProblems);
}
