export { startWorker } from './consumer/worker.js';
export type { WorkerHandle, WorkerOptions } from './consumer/worker.js';
export { loadConfig, ConfigError, WorkerEnv } from './config.js';
export type { WorkerConfig } from './config.js';
export { createLogger, maskEmail } from './logger.js';
export type { CircuitState } from './consumer/circuit-breaker.js';
