import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook of the operator endpoints and /metrics: `Authorization: Bearer OPERATOR_TOKEN`. */
    requireOperator: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Compares the bearer token with OPERATOR_TOKEN in constant time (both hashed first,
 * so neither the length nor a prefix shows in the timing). Without OPERATOR_TOKEN the
 * endpoints refuse everyone.
 */
export default fp(
  async (fastify) => {
    const token = fastify.config.OPERATOR_TOKEN;
    const expected = token === undefined ? undefined : digest(token);
    fastify.decorate('requireOperator', async (request: FastifyRequest, reply: FastifyReply) => {
      if (expected === undefined) {
        throw new AppError(
          'OPERATOR_DISABLED',
          403,
          'Operator endpoints are disabled: OPERATOR_TOKEN is not set.',
        );
      }
      const header = request.headers.authorization ?? '';
      const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) {
        void reply.header('www-authenticate', 'Bearer');
        throw new AppError('UNAUTHORIZED', 401, 'A valid operator token is required.');
      }
    });
  },
  { name: 'operator-auth', dependencies: ['config'] },
);
