import { STATUS_CODES } from 'node:http';
import type { SendFaultSpec } from './schemas.js';

/** What the send endpoint answers; bodies follow Mailgun's wording. */
export interface MailgunResponse {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
export const DEFAULT_RETRY_AFTER_SECONDS = 120;

export const MISSING = {
  from: "'from' parameter is missing",
  to: "'to' parameter is missing",
  subject: "'subject' parameter is missing",
  content: "Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified",
} as const;

function json(status: number, message: string, headers?: Record<string, string>): MailgunResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify({ message }), headers };
}

export function queued(id: string): MailgunResponse {
  return {
    status: 200,
    contentType: JSON_TYPE,
    body: JSON.stringify({ id, message: 'Queued. Thank you.' }),
  };
}

export function forbidden(): MailgunResponse {
  return { status: 401, contentType: 'text/plain; charset=utf-8', body: 'Forbidden' };
}

/** Mailgun's answer when a sandbox domain sends to an address outside its authorized recipients. */
export const SANDBOX_RECIPIENT_FORBIDDEN =
  'Sandbox subdomains are for test purposes only. Please add your own domain or add the address to authorized recipients in Account Settings.';

/**
 * A 403 about one recipient (`to` names it: the sandbox-domain rule), or, for every
 * recipient, one about the account: its key has no sending permission for the domain.
 */
export function forbiddenFor(domain: string, recipient: boolean): MailgunResponse {
  return recipient
    ? json(403, SANDBOX_RECIPIENT_FORBIDDEN)
    : json(
        403,
        `Domain ${domain} is not allowed to send: the account or its API key is not permitted to send from this domain`,
      );
}

export function domainNotFound(domain: string): MailgunResponse {
  return json(404, `Domain not found: ${domain}`);
}

export function badRequest(message: string): MailgunResponse {
  return json(400, message);
}

/** `Thu, 28 Nov 2026 00:12:00 UTC`, the date form of Mailgun's 420 body. */
export function mailgunDate(epochMs: number): string {
  return new Date(epochMs).toUTCString().replace(/GMT$/, 'UTC');
}

/** The answer a status fault gives, or its custom `body`. */
export function faultResponse(spec: SendFaultSpec, domain: string, now: number): MailgunResponse {
  const status = spec.status ?? 500;
  const wait = spec.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const headers =
    spec.retryAfterHeader === true && (status === 429 || status === 420 || status === 503)
      ? { 'retry-after': String(wait) }
      : undefined;
  if (spec.body !== undefined) {
    return {
      status,
      contentType: looksLikeJson(spec.body) ? JSON_TYPE : 'text/plain; charset=utf-8',
      body: spec.body,
      headers,
    };
  }
  switch (status) {
    case 429:
      return json(
        429,
        `Domain ${domain} is not allowed to send: account-requests-per-sec limit exceeded, try again after ${wait} seconds`,
        headers,
      );
    case 420:
      return json(
        420,
        `Domain ${domain} is not allowed to send: recipient limit exceeded, try again after ${mailgunDate(now + wait * 1000)}`,
        headers,
      );
    case 401:
      return forbidden();
    case 402:
      return json(402, 'Request failed: upgrade your account to enable this feature');
    case 403:
      return forbiddenFor(domain, spec.to !== undefined);
    case 404:
      return domainNotFound(domain);
    case 400:
      return badRequest("'to' parameter is not a valid address. please check documentation");
    case 500:
      return json(500, 'Internal Server Error');
    case 502:
    case 503:
    case 504:
      return gatewayPage(status, headers);
    default:
      return json(status, STATUS_CODES[status] ?? 'Error', headers);
  }
}

/** 502-504 come from Mailgun's load balancers as HTML, not JSON. */
function gatewayPage(status: number, headers?: Record<string, string>): MailgunResponse {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return {
    status,
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    headers,
  };
}

function looksLikeJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}
