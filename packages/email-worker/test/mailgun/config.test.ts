import { describe, expect, it } from 'vitest';
import {
  checkMailgunConfig,
  MailgunClient,
  MailgunConfigError,
  MAILGUN_EU_BASE_URL,
  MAILGUN_US_BASE_URL,
  type MailgunConfig,
} from '../../src/mailgun/index.js';
import { classifyResponse } from '../../src/mailgun/classify.js';

const VALID: MailgunConfig = {
  apiKey: 'key-0123456789abcdef',
  domain: 'mg.fluentmeet.com',
  baseUrl: MAILGUN_US_BASE_URL,
  from: 'FluentMeet <no-reply@fluentmeet.com>',
};

describe('checkMailgunConfig', () => {
  it.each([
    MAILGUN_US_BASE_URL,
    MAILGUN_EU_BASE_URL,
    'http://127.0.0.1:8025',
    'https://proxy.internal/mailgun/',
  ])('accepts %s', (baseUrl) => {
    expect(checkMailgunConfig({ ...VALID, baseUrl })).toEqual([]);
  });

  it.each([
    'https://api.mailgun.net/v3',
    'https://api.eu.mailgun.net/v3/',
    'http://localhost:8025/V3',
  ])('rejects %s with a message naming /v3', (baseUrl) => {
    expect(checkMailgunConfig({ ...VALID, baseUrl })).toEqual([
      expect.stringMatching(
        /^baseUrl must not end with \/v3 .*use the API origin, e\.g\. https:\/\/api\.mailgun\.net/,
      ),
    ]);
  });

  it.each([
    [{ baseUrl: 'ftp://api.mailgun.net' }, 'baseUrl must be http(s), got ftp:'],
    [{ baseUrl: 'api.mailgun.net' }, 'baseUrl is not a valid URL'],
    [{ baseUrl: '' }, 'baseUrl is empty'],
    [{ baseUrl: 'https://user:pw@api.mailgun.net' }, 'baseUrl must not contain credentials'],
    [{ apiKey: '' }, 'apiKey is empty'],
    [{ apiKey: '   ' }, 'apiKey is empty'],
    [{ domain: '' }, 'domain is empty'],
    [{ domain: 'mg.example.com/v3' }, expect.stringContaining('domain must be a bare domain name')],
    [{ from: '' }, 'from is empty'],
    [{ connections: 0 }, 'connections must be a positive integer, got 0'],
    [{ headersTimeoutMs: 1.5 }, 'headersTimeoutMs must be a positive integer, got 1.5'],
  ])('reports %j', (override, problem) => {
    expect(checkMailgunConfig({ ...VALID, ...override })).toEqual([problem]);
  });

  it('lists every problem at once', () => {
    expect(
      checkMailgunConfig({ apiKey: '', domain: '', baseUrl: 'https://x/v3', from: '' }),
    ).toHaveLength(4);
  });
});

describe('MailgunClient constructor', () => {
  it('throws a coded error listing the problems', () => {
    let thrown: unknown;
    try {
      new MailgunClient({ ...VALID, baseUrl: 'https://api.mailgun.net/v3', domain: '' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MailgunConfigError);
    expect(thrown).toMatchObject({
      code: 'MAILGUN_CONFIG_INVALID',
      problems: [expect.stringContaining('domain is empty'), expect.stringContaining('/v3')],
    });
    expect((thrown as MailgunConfigError).message).toMatch(
      /^Invalid Mailgun configuration: domain is empty; baseUrl must not end with \/v3/,
    );
  });
});

describe('classifyResponse', () => {
  const now = 1_000_000;
  it.each([
    [408, '', 'transient', 'MAILGUN_REQUEST_TIMEOUT'],
    [429, '{"message":"slow down"}', 'transient', 'MAILGUN_RATE_LIMITED'],
    [420, 'nope', 'transient', 'MAILGUN_RATE_LIMITED'],
    [500, '{"message":"Internal Server Error"}', 'transient', 'MAILGUN_UNAVAILABLE'],
    [504, '<html>', 'transient', 'MAILGUN_UNAVAILABLE'],
    [401, 'Forbidden', 'config-error', 'MAILGUN_UNAUTHORIZED'],
    [403, '{"message":"Domain disabled"}', 'config-error', 'MAILGUN_FORBIDDEN'],
    [404, '{"message":"Domain not found: mg.x.com"}', 'config-error', 'MAILGUN_DOMAIN_NOT_FOUND'],
    [404, '404 page not found', 'config-error', 'MAILGUN_NOT_FOUND'],
    [400, '{"message":"\'from\' parameter is missing"}', 'permanent', 'MAILGUN_REJECTED'],
    [413, 'Request Entity Too Large', 'permanent', 'MAILGUN_TOO_LARGE'],
    [422, '{}', 'permanent', 'MAILGUN_REJECTED'],
    [301, '', 'config-error', 'MAILGUN_UNEXPECTED_STATUS'],
  ])('%i %j → %s %s', (status, body, kind, code) => {
    expect(classifyResponse(status, body, undefined, now, 3)).toMatchObject({
      kind,
      code,
      status,
      latencyMs: 3,
    });
  });

  it("keeps Mailgun's message text as the reason", () => {
    const outcome = classifyResponse(
      400,
      '{"message":"\'from\' parameter is missing"}',
      undefined,
      now,
      1,
    );
    expect(outcome.reason).toBe("HTTP 400: 'from' parameter is missing");
  });

  it('reduces an HTML error page to its title and any body to one line', () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><h1>502</h1></body></html>';
    expect(classifyResponse(502, page, undefined, now, 1).reason).toBe('HTTP 502: 502 Bad Gateway');
    expect(classifyResponse(500, ' upstream\r\n  reset ', undefined, now, 1).reason).toBe(
      'HTTP 500: upstream reset',
    );
    expect(classifyResponse(500, '', undefined, now, 1).reason).toBe('HTTP 500');
  });

  it('retries 429 after 30 s when no wait is given, and 5xx at once unless Retry-After says', () => {
    expect(classifyResponse(429, 'Too Many Requests', undefined, now, 1)).toMatchObject({
      retryAt: now + 30_000,
    });
    expect(classifyResponse(503, '', undefined, now, 1)).toMatchObject({ retryAt: now });
    expect(classifyResponse(503, '', '7', now, 1)).toMatchObject({ retryAt: now + 7_000 });
  });
});
