export { EmailProducer } from './email-producer.js';
export type { EmailProducerOptions, PublishedEmail } from './email-producer.js';
export { kafkaConfigFromEnv } from '../kafka-config.js';
