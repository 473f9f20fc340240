import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/** Prometheus metrics (delivery events by template, webhook results, suppressions); operator token required. */
const metrics: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.requireOperator);
  fastify.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { registry } = fastify.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

export default metrics;
