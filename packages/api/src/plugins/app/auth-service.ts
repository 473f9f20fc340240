import fp from 'fastify-plugin';
import { AuthService } from '../../auth/auth-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

export default fp(
  async (fastify) => {
    const { config } = fastify;
    fastify.decorate(
      'auth',
      new AuthService({
        db: fastify.db,
        now: fastify.now,
        settings: {
          publicAppUrl: config.PUBLIC_APP_URL,
          emailTopic: config.EMAIL_TOPIC,
          verificationTtlHours: config.VERIFICATION_TOKEN_TTL_HOURS,
          resetTtlMinutes: config.RESET_TOKEN_TTL_MINUTES,
        },
        onOutboxWrite: () => fastify.outboxRelay.wake(),
      }),
    );
  },
  { name: 'auth-service', dependencies: ['env', 'clock', 'db', 'outbox-relay'] },
);
