import { createKafka, EmailProducer, kafkaConfig } from '@fluentmeet/email-contracts/producer';
import fp from 'fastify-plugin';
import type { EmailPublisher } from '../../outbox/outbox-relay.js';

declare module 'fastify' {
  interface FastifyInstance {
    emailProducer: EmailPublisher;
  }
}

export interface EmailProducerPluginOptions {
  /** A producer to use instead of a Kafka one (route tests). */
  producer?: EmailPublisher;
}

/**
 * The email producer, injected into the flows through the outbox relay. Connection is
 * left to the relay, which retries in the background, so the API starts without Kafka.
 */
export default fp<EmailProducerPluginOptions>(
  async (fastify, opts) => {
    const { config } = fastify;
    const producer =
      opts.producer ??
      new EmailProducer({
        topic: config.EMAIL_TOPIC,
        suppressionsTopic: config.SUPPRESSIONS_TOPIC,
        kafka: createKafka(kafkaConfig(config), {
          logger: fastify.log,
          // The relay writes the one line per failed attempt that matters.
          quiet: true,
          // Few, short client retries: the relay owns the backoff, and shutdown stays prompt.
          tuning: {
            connectionTimeout: 3000,
            retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
          },
        }),
      });
    fastify.decorate('emailProducer', producer);
  },
  { name: 'email-producer', dependencies: ['config'] },
);
