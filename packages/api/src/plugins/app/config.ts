import fp from 'fastify-plugin';
import type { Env } from '../../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Env;
  }
}

export interface ConfigPluginOptions {
  /** The configuration `buildApp` read and checked before the server existed. */
  config: Env;
}

export default fp<ConfigPluginOptions>(
  async (fastify, opts) => {
    fastify.decorate('config', opts.config);
  },
  { name: 'config' },
);
