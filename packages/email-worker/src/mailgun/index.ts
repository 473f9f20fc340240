export { MailgunClient, mailgunFields } from './client.js';
export { encodeMultipart } from './multipart.js';
export type { MultipartBody } from './multipart.js';
export type { MailgunMessage, MailgunClientOptions, SendOptions } from './client.js';
export {
  MailgunConfig,
  checkMailgunConfig,
  MAILGUN_DEFAULTS,
  MAILGUN_US_BASE_URL,
  MAILGUN_EU_BASE_URL,
} from './config.js';
export { MailgunConfigError } from './errors.js';
export type { SendOutcome, SendOutcomeKind, FailedOutcome, MailgunCode } from './outcome.js';
export { MAILGUN_CODES } from './outcome.js';
export { parseBodyWait, parseRetryAfterHeader } from './retry-wait.js';
