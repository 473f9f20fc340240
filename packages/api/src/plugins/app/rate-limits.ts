import type {
  FastifyInstance,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { emailKey } from '@fluentmeet/email-contracts';
import { AppError } from '../../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    limits: {
      /** Per client IP, for every auth route and page. */
      perIp: onRequestHookHandler;
      /** Per target address (the `email` body field), for routes that send to it. */
      perAddress: preHandlerHookHandler;
    };
  }
}

type Check = ReturnType<FastifyInstance['createRateLimit']>;

function enforce(check: Check, what: string) {
  return async (req: FastifyRequest) => {
    const result = await check(req);
    if (!result.isAllowed && result.isExceeded) {
      const retryAfter = Math.max(1, result.ttlInSeconds);
      throw new AppError(
        'RATE_LIMITED',
        429,
        `Too many requests ${what}; retry in ${retryAfter} s.`,
        {
          retryAfter,
        },
      );
    }
  };
}

function targetAddress(req: FastifyRequest): string {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `address:${typeof email === 'string' ? emailKey(email) : ''}`;
}

/**
 * Two independent limiters. The address limiter answers the same for known and
 * unknown addresses, so it reveals nothing about who has an account.
 */
export default fp(
  async (fastify) => {
    const { config } = fastify;
    const perIp = fastify.createRateLimit({
      max: config.RATE_LIMIT_IP_MAX,
      timeWindow: config.RATE_LIMIT_IP_WINDOW_SECONDS * 1000,
    });
    const perAddress = fastify.createRateLimit({
      max: config.RATE_LIMIT_ADDRESS_MAX,
      timeWindow: config.RATE_LIMIT_ADDRESS_WINDOW_SECONDS * 1000,
      keyGenerator: targetAddress,
    });
    fastify.decorate('limits', {
      perIp: enforce(perIp, 'from this address'),
      perAddress: enforce(perAddress, 'for this email address'),
    });
  },
  { name: 'rate-limits', dependencies: ['config', 'rate-limit'] },
);
