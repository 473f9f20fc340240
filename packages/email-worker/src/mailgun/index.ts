export { MailgunClient, mailgunFields } from './client.js';
export { encodeMultipart } from './multipart.js';
export type { MailgunMessage } from './client.js';
export {
  MailgunConfig,
  checkMailgunConfig,
  MAILGUN_US_BASE_URL,
  MAILGUN_EU_BASE_URL,
} from './config.js';
export { MailgunConfigError } from './errors.js';
export type { SendOutcome } from './outcome.js';
