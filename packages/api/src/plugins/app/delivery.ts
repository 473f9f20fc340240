import fp from 'fastify-plugin';
import { DeliveryService } from '../../delivery/delivery-service.js';
import { pruneDeliveryRecords, pruneTokens } from '../../delivery/event-store.js';
import { MAX_CLOCK_SKEW_SECONDS } from '../../webhooks/signature.js';

declare module 'fastify' {
  interface FastifyInstance {
    delivery: DeliveryService;
  }
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Delivery events, statuses and the suppression list. Webhook tokens are pruned every
 * minute once their timestamps would be refused as stale (that bounds the replay
 * cache); events and statuses after DELIVERY_RETENTION_DAYS. Suppressions stay.
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const delivery = new DeliveryService({
      db: fastify.db,
      now: fastify.now,
      onOutboxWrite: () => fastify.outboxRelay.wake(),
    });
    fastify.decorate('delivery', delivery);

    const tokenWindowMs = (config.MAILGUN_WEBHOOK_MAX_AGE_SECONDS + MAX_CLOCK_SKEW_SECONDS) * 1000;
    const prune = async (what: string, run: () => Promise<number>) => {
      try {
        const deleted = await run();
        if (deleted > 0) fastify.log.debug({ deleted, what }, 'pruned');
      } catch (error) {
        fastify.log.warn({ err: error, what }, 'prune failed');
      }
    };
    const pruneTokensNow = () =>
      prune('webhook tokens', () =>
        pruneTokens(fastify.db, new Date(fastify.now().getTime() - tokenWindowMs)),
      );
    const pruneRecordsNow = () =>
      prune('delivery events', () =>
        pruneDeliveryRecords(
          fastify.db,
          new Date(fastify.now().getTime() - config.DELIVERY_RETENTION_DAYS * DAY),
        ),
      );
    const timers: NodeJS.Timeout[] = [];
    fastify.addHook('onReady', async () => {
      timers.push(setInterval(() => void pruneTokensNow(), MINUTE).unref());
      timers.push(setInterval(() => void pruneRecordsNow(), 60 * MINUTE).unref());
    });
    fastify.addHook('onClose', async () => {
      for (const timer of timers) clearInterval(timer);
    });
  },
  { name: 'delivery', dependencies: ['config', 'clock', 'db', 'outbox-relay'] },
);
