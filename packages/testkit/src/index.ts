import './provided-context.js';
export {
  startKafka,
  resolveKafkaImage,
  freePort,
  KAFKA_VERSION,
  OFFICIAL_KAFKA_IMAGE,
  OFFLINE_KAFKA_IMAGE,
} from './kafka-container.js';
export type { KafkaHandle, StartKafkaOptions } from './kafka-container.js';
export { randomName, waitForBroker, createTopics } from './kafka-admin.js';
export type { TopicSpec } from './kafka-admin.js';
