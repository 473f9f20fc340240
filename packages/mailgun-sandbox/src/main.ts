import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { pino } from 'pino';
import { startSandbox } from './handle.js';
import {
  DEFAULT_API_KEY,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_WEBHOOK_CONCURRENCY,
  DEFAULT_WEBHOOK_QUEUE_LIMIT,
  DEFAULT_WEBHOOK_TIMEOUT_MS,
} from './sandbox.js';
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, DEFAULT_WEBHOOK_SIGNING_KEY } from './settings.js';
import { OUTCOME_WEBHOOKS, WEBHOOK_NAMES, type WebhookUrls } from './webhook-schemas.js';

const urlVariable = (name: string): string => `SANDBOX_WEBHOOK_URL_${name.toUpperCase()}`;

const Env = Type.Object({
  SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8025 }),
  SANDBOX_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  SANDBOX_API_KEY: Type.String({ minLength: 1, default: DEFAULT_API_KEY }),
  SANDBOX_DOMAINS: Type.String({ default: '' }),
  SANDBOX_MAX_MESSAGES: Type.Integer({ minimum: 1, default: DEFAULT_MAX_MESSAGES }),
  SANDBOX_MAX_EVENTS: Type.Integer({ minimum: 1, default: DEFAULT_MAX_EVENTS }),
  /** Comma list (at most 3) for every outcome webhook; `SANDBOX_WEBHOOK_URL_<NAME>` per webhook. */
  SANDBOX_WEBHOOK_URL: Type.String({ default: '' }),
  ...Object.fromEntries(
    WEBHOOK_NAMES.map((name) => [urlVariable(name), Type.Optional(Type.String())]),
  ),
  SANDBOX_WEBHOOK_SIGNING_KEY: Type.String({ minLength: 1, default: DEFAULT_WEBHOOK_SIGNING_KEY }),
  SANDBOX_WEBHOOK_RETRY_SCHEDULE_MS: Type.String({
    pattern: '^\\s*(\\d+\\s*(,\\s*\\d+\\s*)*)?$',
    default: DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS.join(','),
  }),
  SANDBOX_WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 1, default: DEFAULT_WEBHOOK_TIMEOUT_MS }),
  SANDBOX_WEBHOOK_QUEUE_LIMIT: Type.Integer({ minimum: 1, default: DEFAULT_WEBHOOK_QUEUE_LIMIT }),
  SANDBOX_WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, default: DEFAULT_WEBHOOK_CONCURRENCY }),
  SANDBOX_DELIVERY_DELAY_MS: Type.Integer({ minimum: 0, default: 0 }),
  SANDBOX_ADDRESS_RULES: Type.Boolean({ default: true }),
  SANDBOX_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
});
type Env = Static<typeof Env>;

function readEnv(source: NodeJS.ProcessEnv): Env {
  const known = Object.fromEntries(
    Object.keys(Env.properties).flatMap((name) => {
      const value = source[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
  const env = Value.Convert(Env, Value.Default(Env, known));
  const issue = Value.Errors(Env, env).First();
  if (issue !== undefined) {
    throw new Error(`invalid environment ${issue.path.slice(1)}: ${issue.message}`);
  }
  return env as Env;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** `SANDBOX_WEBHOOK_URL` for every outcome webhook, then each `SANDBOX_WEBHOOK_URL_<NAME>`. */
function webhooksOf(env: Env): WebhookUrls {
  const all = list(env.SANDBOX_WEBHOOK_URL);
  const urls: WebhookUrls = Object.fromEntries(OUTCOME_WEBHOOKS.map((name) => [name, all]));
  const byName = env as unknown as Record<string, string | undefined>;
  for (const name of WEBHOOK_NAMES) {
    const own = byName[urlVariable(name)];
    if (own !== undefined) urls[name] = list(own);
  }
  return urls;
}

const logger = pino({
  name: 'mailgun-sandbox',
  redact: ['req.headers.authorization', 'apiKey', 'webhookSigningKey'],
});

try {
  const env = readEnv(process.env);
  logger.level = env.SANDBOX_LOG_LEVEL;
  const domains = env.SANDBOX_DOMAINS.split(',')
    .map((domain) => domain.trim())
    .filter((domain) => domain !== '');
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    host: env.SANDBOX_HOST,
    apiKey: env.SANDBOX_API_KEY,
    domains,
    maxMessages: env.SANDBOX_MAX_MESSAGES,
    maxEvents: env.SANDBOX_MAX_EVENTS,
    webhooks: webhooksOf(env),
    webhookSigningKey: env.SANDBOX_WEBHOOK_SIGNING_KEY,
    webhookRetryScheduleMs: list(env.SANDBOX_WEBHOOK_RETRY_SCHEDULE_MS).map(Number),
    webhookTimeoutMs: env.SANDBOX_WEBHOOK_TIMEOUT_MS,
    webhookQueueLimit: env.SANDBOX_WEBHOOK_QUEUE_LIMIT,
    webhookConcurrency: env.SANDBOX_WEBHOOK_CONCURRENCY,
    deliveryDelayMs: env.SANDBOX_DELIVERY_DELAY_MS,
    addressRules: env.SANDBOX_ADDRESS_RULES,
    logger,
  });
  const webhooks = Object.entries(sandbox.config().webhooks)
    .filter(([, urls]) => urls.length > 0)
    .map(([name]) => name);
  logger.info(
    { url: sandbox.url, domains: domains.length > 0 ? domains : 'any', webhooks },
    `Mailgun sandbox listening on ${sandbox.url} (inbox at ${sandbox.url}/)`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'closing');
      sandbox.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'close failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'mailgun sandbox failed to start');
  process.exitCode = 1;
}
