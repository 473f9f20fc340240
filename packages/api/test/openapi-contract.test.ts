import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { build, PASSWORD, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

async function documentOf(app: FastifyInstance): Promise<Document> {
  return (await app.inject({ method: 'GET', url: '/docs/json' })).json<Document>();
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** Fails unless the operation declares the answer's status and its body matches that schema. */
function expectDeclared(doc: Document, method: string, path: string, res: LightMyRequestResponse) {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is not in the document`).toBeDefined();
  const declared = operation!.responses[String(res.statusCode)];
  expect(declared, `${method} ${path} answered ${res.statusCode}: ${res.body}`).toBeDefined();
  const schema = declared!.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${res.statusCode} has no JSON schema`).toBeDefined();
  const validate = ajv.compile(schema!);
  expect(validate(res.json()), `${res.body}\n${JSON.stringify(validate.errors)}`).toBe(true);
}

function codesOf(doc: Document, method: string, path: string, status: number): string[] {
  const schema = doc.paths[path]![method]!.responses[String(status)]!.content!['application/json']!
    .schema as { properties: { code: { enum: string[] } } };
  return [...schema.properties.code.enum].sort();
}

const JSON_ROUTES = [
  ['/api/v1/auth/signup', { email: 'zero@example.com', password: PASSWORD }],
  ['/api/v1/auth/verify-email', { token: 'x' }],
  ['/api/v1/auth/resend-verification', { email: 'zero@example.com' }],
  ['/api/v1/auth/forgot-password', { email: 'zero@example.com' }],
  ['/api/v1/auth/reset-password', { token: 'x', new_password: PASSWORD }],
] as const;

describe('bodies the schema forbids', () => {
  it('values of another type are refused, not converted', async () => {
    const { app } = await build();
    for (const full_name of [false, 42, ['Ada']]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email: 'ada@example.com', password: PASSWORD, full_name },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ details: [{ field: '/full_name' }] });
    }
  });

  it.each(JSON_ROUTES)('%s answers 400 VALIDATION_FAILED naming them', async (url, body) => {
    const { app, producer } = await build();
    for (const extra of [{ '': null }, { admin: true }]) {
      const res = await app.inject({ method: 'POST', url, payload: { ...body, ...extra } });
      expect(res.statusCode).toBe(400);
      const name = Object.keys(extra)[0]!;
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: `/${name}`, message: expect.stringContaining('additional') as unknown }],
      });
      expectDeclared(await documentOf(app), 'POST', url, res);
    }
    await app.close();
    expect(producer.published).toHaveLength(0);
  });

  it('and the document says so', async () => {
    const { app } = await build();
    const doc = await documentOf(app);
    for (const [url] of JSON_ROUTES) {
      const body = doc.paths[url]!.post as unknown as {
        requestBody: { content: { 'application/json': { schema: object } } };
      };
      expect(body.requestBody.content['application/json'].schema).toMatchObject({
        additionalProperties: false,
      });
    }
  });
});

describe('methods a path does not have', () => {
  it.each([
    ['PUT', '/api/v1/auth/signup', 'POST'],
    ['GET', '/api/v1/auth/verify-email', 'POST'],
    ['DELETE', '/api/v1/auth/reset-password', 'POST'],
    ['TRACE', '/api/v1/auth/forgot-password', 'POST'],
    ['POST', '/health/live', 'GET, HEAD'],
    ['PATCH', '/verify-email', 'GET, HEAD, POST'],
    ['QUERY', '/health/ready', 'GET, HEAD'], // a body method, sent without a body
    ['PUT', '/api/v1/operator/emails/0190c0de-0000-7000-8000-000000000000', 'GET, HEAD'],
    ['DELETE', '/api/v1/webhooks/mailgun', 'POST'],
  ] as const)('%s %s answers 405 with Allow: %s', async (method, url, allow) => {
    const { app } = await build();
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.json()).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: `${method} is not allowed on ${url}; use ${allow}`,
    });
  });

  it('a path that does not exist still answers 404', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'PUT', url: '/api/v1/auth/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers.allow).toBeUndefined();
  });
});

describe('every status a route answers is declared, with its codes as an enum', () => {
  it('the error answers of the auth routes, each code where it can occur', async () => {
    const { app } = await build();
    const doc = await documentOf(app);
    const common = { 413: ['PAYLOAD_TOO_LARGE'], 415: ['UNSUPPORTED_MEDIA_TYPE'] };
    const rest = { 429: ['RATE_LIMITED'], 500: ['INTERNAL_ERROR'] };
    const tokenCodes = ['INVALID_TOKEN', 'TOKEN_EXPIRED', 'TOKEN_USED'];
    for (const [url] of JSON_ROUTES) {
      const token = url.endsWith('verify-email') || url.endsWith('reset-password');
      const expected = {
        400: ['BAD_REQUEST', 'VALIDATION_FAILED', ...(token ? tokenCodes : [])].sort(),
        ...common,
        ...rest,
      };
      for (const [status, codes] of Object.entries(expected)) {
        expect(codesOf(doc, 'post', url, Number(status)), `${url} ${status}`).toEqual(codes);
      }
    }
  });

  it('answers match the declared schemas for each error a route gives', async () => {
    const { app, producer, clock } = await build({ env: { RESET_TOKEN_TTL_MINUTES: 5 } });
    const doc = await documentOf(app);
    const post = async (url: string, payload: unknown, headers: Record<string, string> = {}) => {
      const res = await app.inject({
        method: 'POST',
        url,
        headers,
        payload: payload as string,
      });
      expectDeclared(doc, 'POST', url, res);
      return res;
    };
    const reset = '/api/v1/auth/reset-password';
    const user = await signup(app);
    const verification = linkToken(await nthEmail(producer, user.email, 'verification'));
    await post('/api/v1/auth/forgot-password', { email: user.email });
    const resetToken = linkToken(await nthEmail(producer, user.email, 'password_reset'));

    const codes = [
      await post(reset, { token: 'unknown', new_password: PASSWORD }),
      await post(reset, { token: resetToken, new_password: PASSWORD }),
      await post(reset, { token: resetToken, new_password: PASSWORD }),
      await post('/api/v1/auth/verify-email', { token: verification }),
      await post('/api/v1/auth/verify-email', { token: verification }),
      await post('/api/v1/auth/signup', '{"email":', { 'content-type': 'application/json' }),
      await post('/api/v1/auth/signup', '<signup/>', { 'content-type': 'application/xml' }),
      await post('/api/v1/auth/signup', { email: 'a@example.com', full_name: 'x'.repeat(20_000) }),
      await post('/api/v1/auth/signup', { email: 'nope', password: 'short' }),
    ].map((res) => `${res.statusCode} ${res.json<{ code?: string }>().code ?? ''}`.trim());
    expect(codes).toEqual([
      '400 INVALID_TOKEN',
      '200',
      '400 TOKEN_USED',
      '200',
      '400 TOKEN_USED',
      '400 BAD_REQUEST',
      '415 UNSUPPORTED_MEDIA_TYPE',
      '413 PAYLOAD_TOO_LARGE',
      '400 VALIDATION_FAILED',
    ]);

    await post('/api/v1/auth/forgot-password', { email: user.email });
    const stale = linkToken(await nthEmail(producer, user.email, 'password_reset', 2));
    clock.advance(5 * 60_000);
    const expired = await post(reset, { token: stale, new_password: PASSWORD });
    expect(expired.json()).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('the operator and webhook routes declare theirs too', async () => {
    const { app } = await build({
      env: { OPERATOR_TOKEN: 'o'.repeat(40), MAILGUN_WEBHOOK_SIGNING_KEY: 'k'.repeat(32) },
    });
    const doc = await documentOf(app);
    const lookup = '/api/v1/operator/suppressions/lookup';
    const answers = [
      await app.inject({ method: 'POST', url: lookup, payload: { address: 'a@example.com' } }),
      await app.inject({
        method: 'POST',
        url: lookup,
        headers: { authorization: `Bearer ${'o'.repeat(40)}` },
        payload: { address: 'a@example.com' },
      }),
    ];
    for (const res of answers) expectDeclared(doc, 'POST', lookup, res);
    expect(answers.map((res) => res.json<{ code: string }>().code)).toEqual([
      'UNAUTHORIZED',
      'NOT_SUPPRESSED',
    ]);
    const hook = '/api/v1/webhooks/mailgun';
    const refused = await app.inject({ method: 'POST', url: hook, payload: { signature: {} } });
    expectDeclared(doc, 'POST', hook, refused);
    expect(refused.json()).toMatchObject({ code: 'WEBHOOK_SIGNATURE_INVALID' });
  });

  it('429 is declared with its code and Retry-After', async () => {
    const { app } = await build({ env: { RATE_LIMIT_IP_MAX: 1 } });
    const doc = await documentOf(app);
    for (const [url, body] of JSON_ROUTES) {
      await app.inject({ method: 'POST', url, payload: body, remoteAddress: '10.9.9.9' });
      const res = await app.inject({
        method: 'POST',
        url,
        payload: body,
        remoteAddress: '10.9.9.9',
      });
      expect(res.statusCode).toBe(429);
      expectDeclared(doc, 'POST', url, res);
      const declared = doc.paths[url]!.post!.responses['429'] as { headers?: object };
      expect(declared.headers).toHaveProperty('retry-after');
    }
  });
});

const CONTROL_AND_BIDI = [
  ['a tab', '\t'],
  ['a NUL', '\u0000'],
  ['DEL', '\u007f'],
  ['a C1 control (NEL)', '\u0085'],
  ...['202a', '202b', '202c', '202d', '202e', '2066', '2067', '2068', '2069'].map((hex) => [
    `U+${hex.toUpperCase()}`,
    String.fromCharCode(parseInt(hex, 16)),
  ]),
] as [string, string][];

describe('full_name, printed into emails to arbitrary addresses', () => {
  it.each(CONTROL_AND_BIDI)('rejects %s', async (_what, char) => {
    const { app, producer } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: 'ada@example.com', password: PASSWORD, full_name: `Ada${char}Lovelace` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/full_name' }],
    });
    await app.close();
    expect(producer.published).toHaveLength(0);
  });

  it.each(['Zoë Ñúñez-O’Brien', 'أحمد الخوارزمي', 'יעל כהן', '山田 太郎', '👩‍💻 Ada'])(
    'accepts %s',
    async (name) => {
      const { app, producer } = await build();
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: { email: 'ada@example.com', password: PASSWORD, full_name: name },
      });
      expect(res.statusCode).toBeLessThan(300);
      await expect.poll(() => producer.published[0]).toMatchObject({ data: { full_name: name } });
    },
  );
});
