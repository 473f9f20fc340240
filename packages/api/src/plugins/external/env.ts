import fastifyEnv from '@fastify/env';
import fp from 'fastify-plugin';
import { EnvSchema, type Env } from '../../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Env;
  }
}

export interface EnvPluginOptions {
  /** The configuration `buildApp` parsed with the pipeline's one parser before the server existed. */
  config: Env;
}

/**
 * `fastify.config`, through @fastify/env. The values were parsed once by `loadConfig`
 * (the pipeline's one rule for empty values, numbers and booleans), because LOG_LEVEL and
 * TRUST_PROXY are needed to construct the server; @fastify/env checks those parsed
 * values against the same schema and decorates the instance, so nothing reads the raw
 * environment here.
 */
export default fp<EnvPluginOptions>(
  async (fastify, opts) => {
    await fastify.register(fastifyEnv, {
      confKey: 'config',
      schema: EnvSchema,
      env: false,
      data: opts.config,
    });
  },
  { name: 'config' },
);
