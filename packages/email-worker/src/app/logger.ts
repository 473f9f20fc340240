import { REDACTED } from '@fluentmeet/email-contracts';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs on stdout (or `destination`, which tests use to keep the lines);
 * known secret-bearing fields are censored wherever they appear.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    name: 'email-worker',
    level,
    redact: {
      paths: [
        'apiKey',
        '*.apiKey',
        'password',
        '*.password',
        'authorization',
        '*.authorization',
        'data',
        '*.data',
        'MAILGUN_API_KEY',
        'KAFKA_SASL_PASSWORD',
      ],
      censor: REDACTED,
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
