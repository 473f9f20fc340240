import fp from 'fastify-plugin';
import { AuthService } from '../../auth/auth-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

const HOUR = 3_600_000;
/** Expired tokens are kept a week, so an old link still says "expired" rather than "invalid". */
const EXPIRED_TOKEN_RETENTION_MS = 7 * 24 * HOUR;

export default fp(
  async (fastify) => {
    const { config } = fastify;
    const auth = new AuthService({
      db: fastify.db,
      now: fastify.now,
      settings: {
        publicAppUrl: config.PUBLIC_APP_URL,
        verificationTtlHours: config.VERIFICATION_TOKEN_TTL_HOURS,
        resetTtlMinutes: config.RESET_TOKEN_TTL_MINUTES,
      },
      onOutboxWrite: () => fastify.outboxRelay.wake(),
    });
    fastify.decorate('auth', auth);

    const prune = async () => {
      try {
        const deleted = await auth.pruneTokens(
          new Date(fastify.now().getTime() - EXPIRED_TOKEN_RETENTION_MS),
        );
        if (deleted > 0) fastify.log.info({ deleted }, 'expired tokens pruned');
      } catch (error) {
        fastify.log.warn({ err: error }, 'token prune failed');
      }
    };
    let timer: NodeJS.Timeout | undefined;
    fastify.addHook('onReady', async () => {
      timer = setInterval(() => void prune(), HOUR).unref();
    });
    fastify.addHook('onClose', async () => {
      clearInterval(timer);
    });
  },
  { name: 'auth-service', dependencies: ['config', 'clock', 'db', 'outbox-relay'] },
);
