// How fast the sandbox posts webhooks: 1,000 `delivered` events to a receiver on loopback that
// answers 200 at once. Events/s = 1,000 × hz. `pnpm --filter @fluentmeet/mailgun-sandbox bench`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { fetch, FormData } from 'undici';
import { startSandbox, type SandboxHandle } from '../src/index.js';

const EVENTS = 1_000;
const auth = `Basic ${Buffer.from('api:key-sandbox').toString('base64')}`;

let sandbox: SandboxHandle;
let received = 0;
let onCount: (() => void) | undefined;
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200).end('ok');
    received += 1;
    if (received === EVENTS) onCount?.();
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sandbox = await startSandbox({
    webhooks: { delivered: [`http://127.0.0.1:${port}/webhooks/mailgun`] },
    maxMessages: 2 * EVENTS,
  });
});

afterAll(async () => {
  await sandbox.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Mailgun takes up to 1,000 recipients, here as one comma-separated `to`. */
function form(to: string[]): FormData {
  const body = new FormData();
  body.append('from', 'no-reply@fluentmeet.com');
  body.append('to', to.join(', '));
  body.append('subject', 'Verify your FluentMeet account');
  body.append('text', 'Open https://app.fluentmeet.com/verify-email?token=abc');
  body.append('v:envelope_id', '0193a5b0-0000-7000-8000-000000000001');
  return body;
}

async function measure(sendAll: () => Promise<unknown>): Promise<void> {
  sandbox.clear();
  received = 0;
  const done = new Promise<void>((resolve) => (onCount = resolve));
  await sendAll();
  await done;
}

const post = (to: string[]) =>
  fetch(`${sandbox.url}/v3/mg.fluentmeet.com/messages`, {
    method: 'POST',
    headers: { authorization: auth },
    body: form(to),
  }).then(async (response) => {
    // tinybench drops a failing run without a word: say why.
    if (response.status !== 200)
      throw new Error(`send: ${response.status} ${await response.text()}`);
  });

describe(`${EVENTS} delivered webhooks to a loopback receiver`, () => {
  bench(
    'one message to 1,000 recipients (posting only)',
    () => measure(() => post(Array.from({ length: EVENTS }, (_, i) => `user${i}@example.com`))),
    { iterations: 10, warmupIterations: 2, time: 0 },
  );
  bench(
    '1,000 messages sent 50 at a time (send + post)',
    () =>
      measure(async () => {
        for (let i = 0; i < EVENTS; i += 50) {
          await Promise.all(
            Array.from({ length: 50 }, (_, j) => post([`user${i + j}@example.com`])),
          );
        }
      }),
    { iterations: 5, warmupIterations: 1, time: 0 },
  );
});
