import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import { REDACTED, redactText } from '@fluentmeet/email-contracts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths pino censors wherever they appear in a log line. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  'new_password',
  'token',
  '*.password',
  '*.new_password',
  '*.token',
  '*.KAFKA_SASL_PASSWORD',
  '*.MAILGUN_WEBHOOK_SIGNING_KEY',
  '*.OPERATOR_TOKEN',
  '*.DATABASE_URL',
];

/** The caller's X-Request-Id when it is short and plain, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

export interface LoggerSettings {
  level: string;
  /** Where log lines go (tests capture them); stdout by default. */
  stream?: NodeJS.WritableStream;
}

export function loggerOptions(settings: LoggerSettings): FastifyServerOptions['logger'] {
  return {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: redactText(req.url),
        remoteAddress: req.ip,
      }),
    },
    ...(settings.stream === undefined ? {} : { stream: settings.stream }),
  };
}
