import { randomBytes } from 'node:crypto';
import { addressOf } from './message-store.js';
import type { CapturedMessage } from './schemas.js';
import type { DeliveryStatus, EventData, WebhookName } from './webhook-schemas.js';

/** What differs between the events of one recipient. */
export interface EventDetails {
  webhook: WebhookName;
  /** Delivery attempt this event reports (1 unless a temporary failure came first). */
  attemptNo?: number;
  /** SMTP code and answer of a failure. */
  code?: number;
  smtpMessage?: string;
  /** A temporary failure that will be retried says when. */
  retrySeconds?: number;
  /** `old`: the permanent failure that ends a message retried for too long. */
  tooOld?: boolean;
}

const DEFAULT_PERMANENT = {
  code: 550,
  message:
    "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos.",
};
const DEFAULT_TEMPORARY = { code: 421, message: '4.7.0 Try again later, closing connection.' };

/** Mailgun's event ids: 16 random bytes in base64url, 22 characters. */
export const eventId = (): string => randomBytes(16).toString('base64url');

/** The `event-data` Mailgun would post for this recipient of this message. */
export function buildEventData(
  message: CapturedMessage,
  recipient: string,
  details: EventDetails,
  now: number,
): EventData {
  const address = addressOf(recipient);
  const recipientDomain = address.slice(address.lastIndexOf('@') + 1);
  const data: EventData = {
    id: eventId(),
    timestamp: now / 1000,
    event: 'accepted',
    'log-level': 'info',
    recipient: address,
    'recipient-domain': recipientDomain,
    domain: { name: message.domain },
    envelope: { sender: addressOf(message.from), targets: address, transport: 'smtp' },
    flags: {
      'is-authenticated': true,
      'is-routed': false,
      'is-test-mode': message.options.testmode === 'yes',
    },
    message: {
      headers: {
        'message-id': message.id.replace(/^<|>$/g, ''),
        to: message.to.join(', '),
        from: message.from,
        subject: message.subject,
      },
      attachments: [],
      size: (message.text?.length ?? 0) + (message.html?.length ?? 0),
    },
    tags: [...message.tags],
    campaigns: [],
    'user-variables': Object.keys(message.variables).length === 0 ? [] : { ...message.variables },
  };
  return { ...data, ...outcomeFields(details, recipientDomain) };
}

function outcomeFields(details: EventDetails, recipientDomain: string): Partial<EventData> {
  const attempt = details.attemptNo ?? 1;
  const smtp = (code: number, message: string): DeliveryStatus => ({
    'attempt-no': attempt,
    code,
    message,
    description: null,
    'enhanced-code': /^\d\.\d{1,3}\.\d{1,3}/.exec(message)?.[0] ?? null,
    'session-seconds': 0.1,
    'mx-host': `mx.${recipientDomain}`,
  });
  switch (details.webhook) {
    case 'accepted':
      return {};
    case 'delivered':
      return {
        event: 'delivered',
        'delivery-status': {
          ...smtp(250, 'OK'),
          tls: true,
          'certificate-verified': true,
          utf8: true,
        },
      };
    case 'permanent_fail': {
      if (details.tooOld === true) {
        const status = smtp(details.code ?? DEFAULT_TEMPORARY.code, details.smtpMessage ?? '');
        return {
          event: 'failed',
          'log-level': 'error',
          severity: 'permanent',
          reason: 'old',
          'delivery-status': { ...status, description: 'Too old' },
        };
      }
      const code = details.code ?? DEFAULT_PERMANENT.code;
      return {
        event: 'failed',
        'log-level': 'error',
        severity: 'permanent',
        reason: 'bounce',
        'delivery-status': {
          ...smtp(code, details.smtpMessage ?? DEFAULT_PERMANENT.message),
          'bounce-type': 'hard',
        },
      };
    }
    case 'temporary_fail': {
      const status = smtp(
        details.code ?? DEFAULT_TEMPORARY.code,
        details.smtpMessage ?? DEFAULT_TEMPORARY.message,
      );
      return {
        event: 'failed',
        'log-level': 'warn',
        severity: 'temporary',
        reason: 'generic',
        'delivery-status':
          details.retrySeconds === undefined
            ? status
            : { ...status, 'retry-seconds': details.retrySeconds },
      };
    }
    case 'complained':
      return { event: 'complained', 'log-level': 'warn' };
    case 'unsubscribed':
      return { event: 'unsubscribed', 'log-level': 'info' };
  }
}
