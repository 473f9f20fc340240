import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface HealthSource {
  /** Empty when ready; otherwise the reasons it is not. */
  notReadyReasons(): string[];
  /** Empty while the process is alive; otherwise why it should be restarted. */
  notLiveReasons?(): string[];
  registry: Registry;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** `/health/live`, `/health/ready` and `/metrics` on their own small HTTP server. */
export async function startHealthServer(source: HealthSource, port: number): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET') return json(405, { error: 'method not allowed' });
    if (path === '/health/live') {
      const reasons = source.notLiveReasons?.() ?? [];
      return reasons.length === 0
        ? json(200, { status: 'ok' })
        : json(503, { status: 'stuck', reasons });
    }
    if (path === '/health/ready') {
      const reasons = source.notReadyReasons();
      return json(reasons.length === 0 ? 200 : 503, {
        status: reasons.length === 0 ? 'ready' : 'not-ready',
        reasons,
      });
    }
    if (path === '/metrics') {
      source.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': source.registry.contentType });
          response.end(text);
        },
        () => json(500, { error: 'metrics unavailable' }),
      );
      return;
    }
    return json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
