import { pino, type DestinationStream, type Logger } from 'pino';

/** `ada@example.com` → `a***@example.com`; keeps the domain for debugging, hides the person. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

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
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
