export { MailgunClient } from './client.js';
export type { MailgunMessage, MailgunClientOptions } from './client.js';
export {
  MailgunConfig,
  checkMailgunConfig,
  MAILGUN_DEFAULTS,
  MAILGUN_US_BASE_URL,
  MAILGUN_EU_BASE_URL,
} from './config.js';
export { MailgunConfigError } from './errors.js';
export type { SendOutcome, SendOutcomeKind, MailgunCode } from './outcome.js';
export { MAILGUN_CODES } from './outcome.js';
