import type { FastifyInstance } from 'fastify';
import type { Env } from './config.js';
import { installErrorHandling } from './error-handler.js';
import authService from './plugins/app/auth-service.js';
import backgroundTasks from './plugins/app/background-tasks.js';
import clock from './plugins/app/clock.js';
import config from './plugins/external/env.js';
import db from './plugins/app/db.js';
import delivery from './plugins/app/delivery.js';
import emailProducer from './plugins/app/email-producer.js';
import metrics from './plugins/app/metrics.js';
import operatorAuth from './plugins/app/operator-auth.js';
import outboxRelay from './plugins/app/outbox-relay.js';
import rateLimits from './plugins/app/rate-limits.js';
import rateLimit from './plugins/external/rate-limit.js';
import swagger from './plugins/external/swagger.js';
import type { EmailPublisher } from './outbox/outbox-relay.js';
import authRoutes from './routes/auth/index.js';
import healthRoutes from './routes/health/index.js';
import metricsRoutes from './routes/metrics/index.js';
import operatorRoutes from './routes/operator/index.js';
import pageRoutes from './routes/pages/index.js';
import webhookRoutes from './routes/webhooks/index.js';

export interface AppOptions {
  /** The checked configuration (see `loadConfig`). */
  config: Env;
  /** The clock for token expiry and timestamps (tests move it). */
  now?: () => Date;
  /** An email producer to use instead of the Kafka one built from the environment. */
  producer?: EmailPublisher;
}

/** The application as a plugin: what `server.ts` listens with and what tests inject into. */
export default async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  await fastify.register(config, { config: opts.config });
  await fastify.register(swagger);
  await fastify.register(rateLimit);

  await fastify.register(clock, opts.now === undefined ? {} : { now: opts.now });
  await fastify.register(db);
  await fastify.register(
    emailProducer,
    opts.producer === undefined ? {} : { producer: opts.producer },
  );
  await fastify.register(outboxRelay);
  await fastify.register(backgroundTasks);
  await fastify.register(authService);
  await fastify.register(rateLimits);
  await fastify.register(metrics);
  await fastify.register(delivery);
  await fastify.register(operatorAuth);

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  installErrorHandling(fastify);

  await fastify.register(authRoutes, { prefix: '/api/v1/auth' });
  await fastify.register(healthRoutes, { prefix: '/health' });
  await fastify.register(pageRoutes);
  await fastify.register(webhookRoutes, { prefix: '/api/v1/webhooks' });
  await fastify.register(operatorRoutes, { prefix: '/api/v1/operator' });
  await fastify.register(metricsRoutes);
}
