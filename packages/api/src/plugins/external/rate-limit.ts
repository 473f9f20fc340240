import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

/** Limits are applied where they belong (see plugins/app/rate-limits.ts), not globally. */
export default fp(
  async (fastify) => {
    await fastify.register(rateLimit, { global: false });
  },
  { name: 'rate-limit' },
);
