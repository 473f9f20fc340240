import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { pino } from 'pino';
import { DEFAULT_API_KEY, DEFAULT_MAX_MESSAGES, startSandbox } from './sandbox.js';

const Env = Type.Object({
  SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 8025 }),
  SANDBOX_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  SANDBOX_API_KEY: Type.String({ minLength: 1, default: DEFAULT_API_KEY }),
  SANDBOX_DOMAINS: Type.String({ default: '' }),
  SANDBOX_MAX_MESSAGES: Type.Integer({ minimum: 1, default: DEFAULT_MAX_MESSAGES }),
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

const logger = pino({
  name: 'mailgun-sandbox',
  redact: ['req.headers.authorization', 'apiKey'],
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
    logger,
  });
  logger.info(
    { url: sandbox.url, domains: domains.length > 0 ? domains : 'any' },
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
