// The Kafka door of the pipeline: everything here loads kafkajs, nothing outside it does.
export { EmailProducer, PUBLISH_REQUEST_MAX_BYTES, requestsOf } from './email-producer.js';
export type { EmailProducerOptions, PublishedEmail } from './email-producer.js';
export { createKafka, createProducer } from './kafka-client.js';
export type { KafkaClientOptions, KafkaLogger, ProducerOptions } from './kafka-client.js';
export { kafkaConfig, kafkaConfigFromEnv, kafkaEnv, kafkaEnvProblems } from './kafka-config.js';
export type { KafkaEnv } from './kafka-config.js';
export type { Kafka, KafkaConfig } from 'kafkajs';
