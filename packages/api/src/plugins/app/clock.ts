import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's clock; tests pass a controllable one to expire tokens. */
    now: () => Date;
  }
}

export interface ClockOptions {
  now?: () => Date;
}

export default fp<ClockOptions>(
  async (fastify, opts) => {
    fastify.decorate('now', opts.now ?? (() => new Date()));
  },
  { name: 'clock' },
);
