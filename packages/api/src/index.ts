export { buildApp } from './build-app.js';
export type { BuildAppOptions } from './build-app.js';
export type { AppOptions } from './app.js';
export type { EmailPublisher } from './outbox/outbox-relay.js';
export { EnvSchema } from './config.js';
export type { Env } from './config.js';
