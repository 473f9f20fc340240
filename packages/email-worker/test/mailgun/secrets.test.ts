import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startSandbox, type SandboxHandle } from '@fluentmeet/mailgun-sandbox';
import { MailgunClient, type MailgunConfig, type MailgunMessage } from '../../src/mailgun/index.js';

const KEY = 'key-Sup3rSecret-7d2e41c9b0';
const SECRETS = [
  KEY,
  Buffer.from(`api:${KEY}`).toString('base64'),
  Buffer.from(KEY).toString('base64'),
  encodeURIComponent(KEY),
];

const logLines: string[] = [];
const logger = pino(
  { level: 'trace' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
);

let sandbox: SandboxHandle;
const clients: MailgunClient[] = [];

function makeClient(overrides: Partial<MailgunConfig> = {}): MailgunClient {
  const client = new MailgunClient(
    {
      apiKey: KEY,
      domain: 'mg.fluentmeet.test',
      baseUrl: sandbox.url,
      from: 'no-reply@fluentmeet.com',
      headersTimeoutMs: 200,
      bodyTimeoutMs: 200,
      ...overrides,
    },
    { logger },
  );
  clients.push(client);
  return client;
}

const MESSAGE: MailgunMessage = {
  to: 'ada@example.com',
  subject: 'Hello',
  text: 'Hello',
  html: '<p>Hello</p>',
  tag: 'verification',
  envelopeId: '0193a5b0-7c1e-7000-8000-000000000002',
};

/** Everything a log line, an error report or a dead-letter header could be made from. */
function everyRendering(value: unknown): string {
  const parts = [inspect(value, { depth: 20, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value) ?? '');
  } catch {
    // cyclic: inspect above covers it
  }
  for (let e = value, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    parts.push(String(e), e.message, e.stack ?? '', JSON.stringify(Object.entries(e)));
  }
  return parts.join('\n');
}

function expectNoSecret(value: unknown): void {
  const text = everyRendering(value);
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  sandbox = await startSandbox({ apiKey: 'key-other', domains: ['mg.fluentmeet.test'] });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await sandbox.close();
});

describe('the Mailgun API key', () => {
  it('is absent from configuration errors', () => {
    const bad: MailgunConfig[] = [
      { apiKey: KEY, domain: '', baseUrl: 'https://api.mailgun.net/v3', from: '' },
      { apiKey: `${KEY} trailing`, domain: 'mg.x.com', baseUrl: 'ftp://x', from: 'a@b.c' },
      {
        apiKey: `api:${KEY}`,
        domain: 'mg.x.com',
        baseUrl: `https://api:${KEY}@api.mailgun.net`,
        from: 'a@b.c',
      },
    ];
    for (const config of bad) {
      let thrown: unknown;
      try {
        new MailgunClient(config, { logger });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'MAILGUN_CONFIG_INVALID' });
      expectNoSecret(thrown);
    }
  });

  it('is absent from every outcome, the client object and the logs', async () => {
    const outcomes = [];
    // 401: the sandbox expects another key
    outcomes.push(await makeClient().send(MESSAGE));
    sandbox.setApiKey(KEY);
    outcomes.push(await makeClient().send(MESSAGE));
    outcomes.push(await makeClient({ domain: 'mg.unknown.test' }).send(MESSAGE));
    for (const status of [400, 413, 420, 429, 500, 503]) {
      sandbox.injectFault({ status, count: 1 });
      outcomes.push(await makeClient().send(MESSAGE));
    }
    // a server that echoes the request's credentials back in its error body
    sandbox.injectFault({
      status: 400,
      body: JSON.stringify({ message: `bad key ${KEY} / ${SECRETS[1]}` }),
      count: 1,
    });
    outcomes.push(await makeClient().send(MESSAGE));
    sandbox.injectFault({ drop: true, count: 1 });
    outcomes.push(await makeClient().send(MESSAGE));
    sandbox.injectFault({ latencyMs: 2_000, count: 1 });
    outcomes.push(await makeClient().send(MESSAGE));
    const gone = await startSandbox();
    await gone.close();
    outcomes.push(await makeClient({ baseUrl: gone.url }).send(MESSAGE));
    const aborted = new AbortController();
    aborted.abort(new Error('shutting down'));
    outcomes.push(await makeClient().send(MESSAGE, { signal: aborted.signal }));

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'config-error',
      'sent',
      'config-error',
      'permanent',
      'permanent',
      'transient',
      'transient',
      'transient',
      'transient',
      'permanent',
      'transient',
      'transient',
      'transient',
      'transient',
    ]);
    expect(outcomes[9]).toMatchObject({ reason: 'HTTP 400: bad key [redacted] / [redacted]' });
    for (const outcome of outcomes) expectNoSecret(outcome);
    for (const client of clients) expectNoSecret(client);
    expectNoSecret(logLines.join('\n'));
  });
});
