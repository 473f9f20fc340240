import { EmailProducer, kafkaConfigFromEnv } from '@fluentmeet/email-contracts/producer';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { logLevel, type logCreator } from 'kafkajs';
import type { EmailPublisher } from '../../outbox/outbox-relay.js';
import { kafkaEnv } from '../external/env.js';

declare module 'fastify' {
  interface FastifyInstance {
    emailProducer: EmailPublisher;
  }
}

export interface EmailProducerPluginOptions {
  /** A producer to use instead of a Kafka one (route tests). */
  producer?: EmailPublisher;
}

/** kafkajs logs at debug: the relay writes the one line per failed attempt that matters. */
function kafkaLogs(log: FastifyBaseLogger): logCreator {
  return () =>
    ({ level, log: entry }) => {
      const { message, stack: _stack, ...fields } = entry;
      const line = `kafkajs: ${String(message)}`;
      if (level <= logLevel.WARN) log.debug(fields, line);
      else log.trace(fields, line);
    };
}

/**
 * The email producer, injected into the flows through the outbox relay. Connection is
 * left to the relay, which retries in the background, so the API starts without Kafka.
 */
export default fp<EmailProducerPluginOptions>(
  async (fastify, opts) => {
    let producer = opts.producer;
    if (producer === undefined) {
      const config = kafkaConfigFromEnv(kafkaEnv(fastify.config), 'fluentmeet-api');
      producer = new EmailProducer({
        topic: fastify.config.EMAIL_TOPIC,
        config: {
          ...config,
          logLevel: logLevel.WARN,
          logCreator: kafkaLogs(fastify.log.child({ component: 'kafka' })),
          // Few, short client retries: the relay owns the backoff, and shutdown stays prompt.
          connectionTimeout: 3000,
          retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
        },
      });
    }
    fastify.decorate('emailProducer', producer);
  },
  { name: 'email-producer', dependencies: ['env'] },
);
