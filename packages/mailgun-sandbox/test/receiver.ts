import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { WebhookPayload } from '../src/index.js';

export interface Received {
  body: WebhookPayload;
  contentType: string | undefined;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status to answer the n-th request (0-based) with; `undefined` never answers. */
  answer: (body: WebhookPayload, n: number) => number | undefined;
  close(): Promise<void>;
}

const open = new Set<Receiver>();

afterEach(async () => {
  await Promise.all([...open].map((receiver) => receiver.close()));
  open.clear();
});

/** A webhook endpoint on a free loopback port that records what it is posted; closed after the test. */
export async function useReceiver(
  answer: Receiver['answer'] = () => 200,
  path = '/webhooks/mailgun',
): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload;
      const n = receiver.received.length;
      receiver.received.push({ body, contentType: request.headers['content-type'] });
      const status = receiver.answer(body, n);
      if (status === undefined) {
        hanging.add(response);
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}${path}`,
    received: [],
    answer,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.add(receiver);
  return receiver;
}

/** Mailgun's check, written from its documentation: hex HMAC-SHA256 of timestamp + token. */
export function signatureIsValid(signingKey: string, body: WebhookPayload): boolean {
  const { timestamp, token, signature } = body.signature;
  const expected = createHmac('sha256', signingKey).update(timestamp.concat(token)).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
