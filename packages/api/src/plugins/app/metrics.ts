import fp from 'fastify-plugin';
import { Registry } from 'prom-client';
import { createDeliveryMetrics, type DeliveryMetrics } from '../../delivery/metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: DeliveryMetrics & { registry: Registry };
  }
}

/** The API's Prometheus registry (one per app instance; `GET /metrics` serves it). */
export default fp(
  async (fastify) => {
    const registry = new Registry();
    fastify.decorate('metrics', { registry, ...createDeliveryMetrics(registry) });
  },
  { name: 'metrics' },
);
