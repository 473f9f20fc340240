// The worker as a library (tests, `pnpm dev`, the benchmarks); the process is main.ts.
export { startWorker } from './app/start-worker.js';
export type { WorkerHandle, WorkerOptions } from './app/start-worker.js';
export { loadConfig, WorkerEnv } from './app/config.js';
export type { WorkerConfig } from './app/config.js';
export { createLogger } from './app/logger.js';
export { WORKER_NODE_OPTIONS } from './app/node-options.js';
export type { CircuitState } from './delivery/circuit-breaker.js';
export { ensureTopics, clusterSize } from './kafka/topic-admin.js';
export type { TopicSpec, TopicReport } from './kafka/topic-admin.js';
export { topicSpecs } from './kafka/topic-specs.js';
export { createRenderer } from './templates/index.js';
export type { Renderer, RenderedEmail } from './templates/index.js';
export { MailgunClient, mailgunFields, encodeMultipart } from './mailgun/index.js';
export type { MailgunMessage, SendOutcome } from './mailgun/index.js';
