import fastifyEnv from '@fastify/env';
import { Type, type Static } from '@sinclair/typebox';
import fp from 'fastify-plugin';

/** Every environment variable the API reads; the type is derived, never written twice. */
export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
      Type.Literal(level),
    ),
    { default: 'info' },
  ),
  TRUST_PROXY: Type.Boolean({ default: false }),
  PUBLIC_APP_URL: Type.String({
    pattern: '^https?://[^\\s?#]+$',
    default: 'http://localhost:3000',
  }),
  DATABASE_PATH: Type.String({ minLength: 1, default: './data/fluentmeet.db' }),
  KAFKA_BROKERS: Type.String({ minLength: 1, default: 'localhost:9092' }),
  KAFKA_CLIENT_ID: Type.String({ default: 'fluentmeet-api' }),
  KAFKA_SSL: Type.Optional(Type.String()),
  KAFKA_SSL_CA_FILE: Type.Optional(Type.String()),
  KAFKA_SSL_REJECT_UNAUTHORIZED: Type.Optional(Type.String()),
  KAFKA_SASL_MECHANISM: Type.Optional(Type.String()),
  KAFKA_SASL_USERNAME: Type.Optional(Type.String()),
  KAFKA_SASL_PASSWORD: Type.Optional(Type.String()),
  EMAIL_TOPIC: Type.String({ minLength: 1, default: 'notifications.email' }),
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

export type Env = Static<typeof EnvSchema>;

declare module 'fastify' {
  interface FastifyInstance {
    config: Env;
  }
}

export interface EnvPluginOptions {
  /** Variables to use instead of `process.env` (tests). */
  env?: Record<string, unknown>;
}

/** Reads and validates the environment once, at start; bad values stop the process. */
export default fp<EnvPluginOptions>(
  async (fastify, opts) => {
    const source = opts.env === undefined ? {} : { env: false, data: opts.env };
    await fastify.register(fastifyEnv, { confKey: 'config', schema: EnvSchema, ...source });
  },
  { name: 'env' },
);

/** The `KAFKA_*` variables in the shape `kafkaConfigFromEnv` reads. */
export function kafkaEnv(config: Env): Record<string, string | undefined> {
  const text = (value: string | undefined) => (value === '' ? undefined : value);
  return {
    KAFKA_BROKERS: config.KAFKA_BROKERS,
    KAFKA_CLIENT_ID: config.KAFKA_CLIENT_ID,
    KAFKA_SSL: text(config.KAFKA_SSL),
    KAFKA_SSL_CA_FILE: text(config.KAFKA_SSL_CA_FILE),
    KAFKA_SSL_REJECT_UNAUTHORIZED: text(config.KAFKA_SSL_REJECT_UNAUTHORIZED),
    KAFKA_SASL_MECHANISM: text(config.KAFKA_SASL_MECHANISM),
    KAFKA_SASL_USERNAME: text(config.KAFKA_SASL_USERNAME),
    KAFKA_SASL_PASSWORD: text(config.KAFKA_SASL_PASSWORD),
  };
}
