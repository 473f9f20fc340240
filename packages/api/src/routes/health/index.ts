import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { outboxStats } from '../../outbox/outbox-store.js';

const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  outbox: Type.Object(
    {
      pending: Type.Integer(),
      oldest_pending_age_ms: Type.Union([Type.Integer(), Type.Null()]),
      failed: Type.Integer(),
      kafka_connected: Type.Boolean(),
    },
    { description: 'Informational: readiness depends on the database only.' },
  ),
});

const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/live',
    {
      schema: {
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/ready',
    { schema: { tags: ['health'], response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const outbox = {
        pending: 0,
        oldest_pending_age_ms: null as number | null,
        failed: 0,
        kafka_connected: fastify.outboxRelay.connected,
      };
      try {
        await sql`select 1`.execute(fastify.db);
        const stats = await outboxStats(fastify.db);
        outbox.pending = stats.pending;
        outbox.failed = stats.failed;
        if (stats.oldestPendingAt !== null) {
          outbox.oldest_pending_age_ms = Math.max(
            0,
            fastify.now().getTime() - Date.parse(stats.oldestPendingAt),
          );
        }
      } catch (error) {
        fastify.log.error({ err: error }, 'readiness check failed');
        return reply.code(503).send({ status: 'unavailable', database: 'error', outbox });
      }
      return { status: 'ready' as const, database: 'ok' as const, outbox };
    },
  );
};

export default health;
