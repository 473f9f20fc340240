import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import app, { type AppOptions } from './app.js';
import { loggerOptions, requestId } from './logger.js';

export interface BuildAppOptions extends AppOptions {
  /** Log destination (tests capture it); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Overrides LOG_LEVEL. */
  logLevel?: string;
}

function setting(options: BuildAppOptions, name: string): string | undefined {
  const value: unknown = (options.env ?? process.env)[name];
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * Creates the Fastify server with the app registered and ready (migrations applied,
 * relay started). Listening is the caller's business.
 *
 * @example
 * const app = await buildApp({ env: { DATABASE_PATH: ':memory:' }, producer });
 * const res = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', body });
 */
export async function buildApp(options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const level = options.logLevel ?? setting(options, 'LOG_LEVEL') ?? 'info';
  const trustProxy = ['1', 'true'].includes(setting(options, 'TRUST_PROXY')?.toLowerCase() ?? '');
  const server = Fastify({
    logger: loggerOptions({ level, ...(options.logStream ? { stream: options.logStream } : {}) }),
    genReqId: requestId,
    requestIdHeader: false,
    trustProxy,
    bodyLimit: 16 * 1024,
    ajv: { customOptions: { allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const { env, now, producer } = options;
  await server.register(fp(app), {
    ...(env === undefined ? {} : { env }),
    ...(now === undefined ? {} : { now }),
    ...(producer === undefined ? {} : { producer }),
  });
  await server.ready();
  return server;
}
