import type { FastifyInstance } from 'fastify';
import { SandboxError } from '../errors.js';
import { checkFaultSpec } from '../faults.js';
import type { MessageFilter } from '../schemas.js';
import { MessageFilter as MessageFilterSchema } from '../schemas.js';
import { applyConfigUpdate, describeSettings } from '../settings.js';
import type { SandboxState } from '../state.js';

/** Default page size of `GET /api/messages` when no `limit` is given. */
export const DEFAULT_LIST_LIMIT = 100;

/** The JSON API read by tests, benchmarks and the web inbox. */
export function registerApiRoutes(app: FastifyInstance, state: SandboxState): void {
  const { store, faults } = state;

  app.get<{ Querystring: MessageFilter }>(
    '/api/messages',
    { schema: { querystring: MessageFilterSchema } },
    async (request) => {
      const filter = { ...request.query, limit: request.query.limit ?? DEFAULT_LIST_LIMIT };
      const items = store.list(filter);
      const statuses = Object.fromEntries(
        items.map((message) => [message.id, state.events.status(message.id) ?? 'accepted']),
      );
      return { total: store.size, items, statuses };
    },
  );

  app.get('/api/messages/count', async () => ({ count: store.accepted, stored: store.size }));

  app.get<{ Params: { id: string } }>('/api/messages/:id', async (request, reply) => {
    const { id } = request.params;
    const message = store.get(id) ?? store.get(`<${id}>`);
    if (message === undefined) return reply.code(404).send({ message: 'Message not found' });
    return message;
  });

  app.delete('/api/messages', async (_request, reply) => {
    store.clear();
    return reply.code(204).send();
  });

  app.get('/api/faults', async () => ({ items: faults.list() }));

  app.post('/api/faults', async (request, reply) => {
    const specs = Array.isArray(request.body) ? (request.body as unknown[]) : [request.body];
    const checked = specs.map(checkFaultSpec);
    const added = checked.map((spec) => faults.add(spec));
    return reply.code(201).send(Array.isArray(request.body) ? { items: added } : added[0]);
  });

  app.delete('/api/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/api/faults/:id', async (request, reply) => {
    if (!faults.remove(request.params.id)) {
      return reply.code(404).send({ message: 'Fault not found' });
    }
    return reply.code(204).send();
  });

  app.get('/api/config', async () => ({
    domains: state.domains === undefined ? null : [...state.domains],
    maxMessages: store.capacity,
    maxEvents: state.events.capacity,
    ...describeSettings(state.webhooks),
  }));

  app.put('/api/config', async (request, reply) => {
    applyConfigUpdate(state, request.body);
    return reply.code(204).send();
  });
}

/** Mailgun-style `{ message }` errors; 5xx details stay in the log. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof SandboxError) {
      const status = error.code === 'NOT_FOUND' ? 404 : 400;
      return reply.code(status).send({ message: error.message, code: error.code });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ message: 'Internal Server Error' });
    }
    return reply.code(status).send({ message: (error as Error).message });
  });
}
