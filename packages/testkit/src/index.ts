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
export { randomName, waitForBroker } from './kafka-admin.js';
export { runNode } from './process-runner.js';
export type { NodeProcess, RunNodeOptions } from './process-runner.js';
export { waitForHttp } from './wait-for-http.js';
export type { WaitForHttpOptions } from './wait-for-http.js';
