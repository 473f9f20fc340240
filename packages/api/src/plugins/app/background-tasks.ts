import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** Runs work after the response has been sent; errors are logged, close waits for it. */
    runInBackground: (name: string, task: () => Promise<void>) => void;
  }
}

/**
 * Work that must not shape the response (its timing would tell whether an address
 * exists) runs here, after the answer. Registered after the database and the relay,
 * so on close it finishes before they go.
 */
export default fp(
  async (fastify) => {
    const pending = new Set<Promise<void>>();
    fastify.decorate('runInBackground', (name: string, task: () => Promise<void>) => {
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch((error: unknown) =>
          fastify.log.error({ err: error, task: name }, 'background task failed'),
        )
        .finally(() => pending.delete(run));
      pending.add(run);
    });
    fastify.addHook('onClose', async () => {
      await Promise.allSettled([...pending]);
    });
  },
  { name: 'background-tasks', dependencies: ['db', 'outbox-relay'] },
);
