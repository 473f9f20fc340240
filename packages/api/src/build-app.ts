import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { isEmail, type EnvSource } from '@fluentmeet/email-contracts';
import app, { type AppOptions } from './app.js';
import { loadConfig, retentionWarnings, trustedProxies } from './config.js';
import { loggerOptions, requestId } from './logger.js';

export interface BuildAppOptions extends Omit<AppOptions, 'config'> {
  /** Variables to use instead of `process.env`. */
  env?: EnvSource;
  /** Log destination (tests capture it); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Overrides LOG_LEVEL. */
  logLevel?: string;
}

/**
 * Creates the Fastify server with the app registered and ready (migrations applied,
 * relay started). Listening is the caller's business. The environment is read and
 * checked first, so the server is built from checked settings only.
 *
 * @example
 * const app = await buildApp({ env: { DATABASE_PATH: ':memory:' }, producer });
 * const res = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', body });
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const config = loadConfig(options.env ?? process.env);
  const level = options.logLevel ?? config.LOG_LEVEL;
  const server = Fastify({
    logger: loggerOptions({ level, ...(options.logStream ? { stream: options.logStream } : {}) }),
    genReqId: requestId,
    requestIdHeader: false,
    trustProxy: trustedProxies(config.TRUST_PROXY),
    bodyLimit: 16 * 1024,
    ajv: {
      // Bodies are taken as the published schemas say: unknown properties and values of
      // another type are refused, not dropped or converted silently.
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false },
      // One address rule: what a route accepts is exactly what the envelope accepts.
      onCreate: (ajv) => ajv.addFormat('email', isEmail),
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  for (const warning of retentionWarnings(config)) server.log.warn(warning);
  const { now, producer } = options;
  await server.register(fp(app), {
    config,
    ...(now === undefined ? {} : { now }),
    ...(producer === undefined ? {} : { producer }),
  });
  await server.ready();
  return server;
}
