import { Type, type Static } from '@sinclair/typebox';

export const MAILGUN_US_BASE_URL = 'https://api.mailgun.net';
export const MAILGUN_EU_BASE_URL = 'https://api.eu.mailgun.net';

export const MAILGUN_DEFAULTS = {
  baseUrl: MAILGUN_US_BASE_URL,
  connections: 64,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 15_000,
  bodyTimeoutMs: 15_000,
} as const;

/** How to reach Mailgun. `baseUrl` is the API origin, without `/v3`. */
export const MailgunConfig = Type.Object({
  apiKey: Type.String(),
  domain: Type.String(),
  baseUrl: Type.String(),
  /** Default sender, e.g. `FluentMeet <no-reply@fluentmeet.com>`. */
  from: Type.String(),
  connections: Type.Optional(Type.Integer({ minimum: 1 })),
  connectTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  headersTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
  bodyTimeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type MailgunConfig = Static<typeof MailgunConfig>;

function baseUrlProblems(baseUrl: string): string[] {
  if (!URL.canParse(baseUrl)) return ['baseUrl is not a valid URL'];
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return [`baseUrl must be http(s), got ${url.protocol}`];
  }
  // Credentials in the URL would end up in logs and override the key.
  if (url.username !== '' || url.password !== '') return ['baseUrl must not contain credentials'];
  const problems: string[] = [];
  if (url.search !== '' || url.hash !== '')
    problems.push('baseUrl must not have a query or fragment');
  if (/\/v3\/?$/i.test(url.pathname)) {
    problems.push(
      `baseUrl must not end with /v3 (got ${url.origin}${url.pathname}); ` +
        `use the API origin, e.g. ${MAILGUN_US_BASE_URL} or ${MAILGUN_EU_BASE_URL}`,
    );
  }
  return problems;
}

const LIMITS = ['connections', 'connectTimeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs'] as const;

/**
 * Lists what is wrong with a Mailgun configuration; an empty list means usable.
 * Problems never quote the API key.
 *
 * @example
 * const problems = checkMailgunConfig({ apiKey, domain, baseUrl, from });
 * if (problems.length > 0) throw new Error(problems.join('; '));
 */
export function checkMailgunConfig(config: MailgunConfig): string[] {
  const problems: string[] = [];
  if (typeof config.apiKey !== 'string' || config.apiKey.trim() === '') {
    problems.push('apiKey is empty');
  } else if (/[\s:]/.test(config.apiKey)) {
    problems.push('apiKey must not contain whitespace or ":"');
  }
  if (typeof config.domain !== 'string' || config.domain.trim() === '') {
    problems.push('domain is empty');
  } else if (!/^[a-z0-9.-]+$/i.test(config.domain)) {
    problems.push(
      `domain must be a bare domain name such as mg.example.com, got ${JSON.stringify(config.domain)}`,
    );
  }
  if (typeof config.baseUrl !== 'string' || config.baseUrl.trim() === '') {
    problems.push('baseUrl is empty');
  } else {
    problems.push(...baseUrlProblems(config.baseUrl));
  }
  if (typeof config.from !== 'string' || config.from.trim() === '') problems.push('from is empty');
  else if (/[\r\n]/.test(config.from)) problems.push('from must not contain line breaks');
  for (const name of LIMITS) {
    const value = config[name];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      problems.push(`${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return problems;
}
