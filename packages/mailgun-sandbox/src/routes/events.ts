import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { summarize, type StoreEvent } from '../message-store.js';
import type { SandboxState } from '../state.js';

const HEARTBEAT_MS = 15_000;
/** A client this far behind is cut off rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * `GET /api/events`, Server-Sent Events: `message` (a summary of each captured message) and
 * `cleared`. Open streams are ended when the server closes.
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

    const unsubscribe = state.store.subscribe((event) => {
      res.write(format(event));
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
    });
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
