import { MAILGUN_CODES as C, type FailedOutcome } from './outcome.js';
import { retryAtFrom } from './retry-wait.js';

/** Wait used for 429/420 when Mailgun names none. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
const MAX_REASON = 500;
/** Mailgun's wording of a 403 that concerns one recipient, not the account. */
const RECIPIENT_FORBIDDEN =
  /authorized recipients|(?:recipient|address)\b[^.]*\b(?:is not authorized|is not allowed|is forbidden|not permitted)/i;

/** Mailgun's error text: the JSON `message` when there is one, else the raw body. */
function mailgunMessage(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (typeof parsed === 'object' && parsed !== null && 'message' in parsed) {
        const { message } = parsed;
        if (typeof message === 'string') return message.slice(0, MAX_REASON);
      }
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  // Load balancers answer 502-504 with an HTML page: keep its title, or its text.
  const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1];
  const plain = title ?? trimmed.replace(/<[^>]*>/g, ' ');
  return plain.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);
}

function describe(status: number, message: string): string {
  return message === '' ? `HTTP ${status}` : `HTTP ${status}: ${message}`;
}

/** Maps a non-2xx Mailgun response to an outcome. */
export function classifyResponse(
  status: number,
  body: string,
  retryAfter: string | string[] | undefined,
  now: number,
  latencyMs: number,
): FailedOutcome {
  const reason = describe(status, mailgunMessage(body));
  const base = { reason, status, latencyMs };
  if (status === 429 || status === 420) {
    const retryAt = retryAtFrom(body, retryAfter, now, DEFAULT_RATE_LIMIT_WAIT_MS);
    return { kind: 'transient', code: C.rateLimited, retryAt, ...base };
  }
  if (status >= 500) {
    return {
      kind: 'transient',
      code: C.unavailable,
      retryAt: retryAtFrom('', retryAfter, now, 0),
      ...base,
    };
  }
  if (status === 408) return { kind: 'transient', code: C.requestTimeout, retryAt: now, ...base };
  if (status === 401) return { kind: 'config-error', code: C.unauthorized, ...base };
  // 402: the account's state (plan, billing) stops every send; dead-lettering would empty the queue.
  if (status === 402) return { kind: 'config-error', code: C.paymentRequired, ...base };
  if (status === 403) {
    // A 403 about one recipient (a sandbox domain's authorized recipients, a forbidden
    // address) dead-letters that message; one about the key, domain or account pauses.
    if (RECIPIENT_FORBIDDEN.test(reason)) {
      return { kind: 'permanent', code: C.recipientForbidden, ...base };
    }
    return { kind: 'config-error', code: C.forbidden, ...base };
  }
  // Nothing in one message can make POST /v3/{domain}/messages 404: the domain
  // or base URL is wrong, so dead-lettering would only empty the queue.
  if (status === 404) {
    const code = /domain not found/i.test(body) ? C.domainNotFound : C.notFound;
    return { kind: 'config-error', code, ...base };
  }
  if (status === 413) return { kind: 'permanent', code: C.tooLarge, ...base };
  if (status >= 400) return { kind: 'permanent', code: C.rejected, ...base };
  // 1xx/3xx: redirects are not followed; the base URL points somewhere else.
  return { kind: 'config-error', code: C.unexpectedStatus, ...base };
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Maps a failure to reach Mailgun (no HTTP status) to a `transient` outcome. */
export function classifyError(
  error: unknown,
  now: number,
  latencyMs: number,
  aborted: boolean,
): FailedOutcome {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const reason = code === undefined ? message : `${code}: ${message}`;
  const outcomeCode = aborted
    ? C.aborted
    : code !== undefined && TIMEOUT_CODES.has(code)
      ? C.timeout
      : C.network;
  return {
    kind: 'transient',
    code: outcomeCode,
    reason: reason.slice(0, MAX_REASON),
    retryAt: now,
    latencyMs,
  };
}
