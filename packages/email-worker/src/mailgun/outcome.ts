/** What one Mailgun send ended as; HTTP and network failures are outcomes, not exceptions. */
export type SendOutcome =
  | { kind: 'sent'; messageId: string; status: number; latencyMs: number }
  | {
      kind: 'transient';
      code: string;
      reason: string;
      /** Epoch ms: the earliest time a retry may be attempted. */
      retryAt: number;
      status?: number;
      latencyMs: number;
    }
  | { kind: 'config-error'; code: string; reason: string; status: number; latencyMs: number }
  | { kind: 'permanent'; code: string; reason: string; status: number; latencyMs: number };

/** Every outcome but `sent`: each carries a stable `code` and a `reason`. */
export type FailedOutcome = Exclude<SendOutcome, { kind: 'sent' }>;

/** Stable codes carried by non-`sent` outcomes. */
export const MAILGUN_CODES = {
  rateLimited: 'MAILGUN_RATE_LIMITED',
  unavailable: 'MAILGUN_UNAVAILABLE',
  requestTimeout: 'MAILGUN_REQUEST_TIMEOUT',
  timeout: 'MAILGUN_TIMEOUT',
  network: 'MAILGUN_NETWORK',
  aborted: 'MAILGUN_ABORTED',
  unauthorized: 'MAILGUN_UNAUTHORIZED',
  forbidden: 'MAILGUN_FORBIDDEN',
  recipientForbidden: 'MAILGUN_RECIPIENT_FORBIDDEN',
  paymentRequired: 'MAILGUN_PAYMENT_REQUIRED',
  domainNotFound: 'MAILGUN_DOMAIN_NOT_FOUND',
  notFound: 'MAILGUN_NOT_FOUND',
  unexpectedStatus: 'MAILGUN_UNEXPECTED_STATUS',
  rejected: 'MAILGUN_REJECTED',
  tooLarge: 'MAILGUN_TOO_LARGE',
} as const;
