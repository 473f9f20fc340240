import { pino, type Logger } from 'pino';

/** `ada@example.com` → `a***@example.com`; keeps the domain for debugging, hides the person. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** JSON logs on stdout; known secret-bearing fields are censored wherever they appear. */
export function createLogger(level = 'info'): Logger {
  return pino({
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
  });
}
