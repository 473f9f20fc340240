import fp from 'fastify-plugin';
import { OutboxRelay } from '../../outbox/outbox-relay.js';

declare module 'fastify' {
  interface FastifyInstance {
    outboxRelay: OutboxRelay;
  }
}

/** Starts the relay once the app is ready; stops it (and disconnects the producer) on close. */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const relay = new OutboxRelay({
      db: fastify.db,
      producer: fastify.emailProducer,
      log: fastify.log.child({ component: 'outbox-relay' }),
      now: fastify.now,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      batchSize: config.OUTBOX_BATCH_SIZE,
      maxBackoffMs: config.OUTBOX_MAX_BACKOFF_MS,
      retentionMs: config.OUTBOX_RETENTION_HOURS * 3_600_000,
    });
    fastify.decorate('outboxRelay', relay);
    fastify.addHook('onReady', async () => {
      relay.start();
    });
    // onClose hooks run in reverse order of registration: this one before the database closes.
    fastify.addHook('onClose', async () => {
      await relay.stop();
    });
  },
  { name: 'outbox-relay', dependencies: ['config', 'clock', 'db', 'email-producer'] },
);
