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
export { startKafkaCluster } from './kafka-cluster.js';
export type { KafkaClusterHandle, StartKafkaClusterOptions } from './kafka-cluster.js';
export { randomName, waitForBroker, waitForClusterSize } from './kafka-admin.js';
export { runNode } from './process-runner.js';
export type { NodeProcess, RunNodeOptions } from './process-runner.js';
export { waitForHttp } from './wait-for-http.js';
export type { WaitForHttpOptions } from './wait-for-http.js';
export {
  startPostgres,
  resolvePostgresImage,
  waitForPostgres,
  createDatabase,
  POSTGRES_MAJOR,
  OFFICIAL_POSTGRES_IMAGE,
  OFFLINE_POSTGRES_IMAGE,
} from './postgres-container.js';
export type { PostgresHandle, StartPostgresOptions, TestDatabase } from './postgres-container.js';
export { startReaper } from './reaper.js';
