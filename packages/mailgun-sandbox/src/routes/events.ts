import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { EventLogChange } from '../event-log.js';
import { summarize, type StoreEvent } from '../message-store.js';
import type { SandboxState } from '../state.js';

const HEARTBEAT_MS = 15_000;
/** A client this far behind is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * `GET /api/events`, Server-Sent Events: `message` (a summary of each captured message),
 * `cleared`, `delivery` (an event of a recipient, with the message's status after it) and
 * `webhook` (a delivery attempt started or ended). Open streams end when the server closes.
 */
export function registerEventRoute(app: FastifyInstance, state: SandboxState): void {
  const streams = new Set<ServerResponse>();

  app.get('/api/events', (_request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n: connected\n\n');
    streams.add(res);

    const write = (chunk: string) => {
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
    };
    const unsubscribers = [
      state.store.subscribe((event) => write(format(event))),
      state.events.subscribe((change) => write(formatChange(change))),
    ];
    const unsubscribe = () => unsubscribers.forEach((stop) => stop());
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  });

  app.addHook('preClose', (done) => {
    for (const res of streams) res.end();
    streams.clear();
    done();
  });
}

function format(event: StoreEvent): string {
  if (event.type === 'cleared') return 'event: cleared\ndata: {}\n\n';
  return `event: message\ndata: ${JSON.stringify(summarize(event.message))}\n\n`;
}

function formatChange(change: EventLogChange): string {
  const { event } = change;
  const base = { messageId: event.messageId, eventId: event.id, webhook: event.webhook };
  if (change.type === 'event') {
    const data = { ...base, recipient: event.recipient, status: change.status };
    return `event: delivery\ndata: ${JSON.stringify(data)}\n\n`;
  }
  const { delivery } = change;
  const last = delivery.attempts.at(-1);
  const data = {
    ...base,
    url: delivery.url,
    state: delivery.state,
    attempts: delivery.attempts.length,
    ...(last?.statusCode === undefined ? {} : { statusCode: last.statusCode }),
  };
  return `event: webhook\ndata: ${JSON.stringify(data)}\n\n`;
}
