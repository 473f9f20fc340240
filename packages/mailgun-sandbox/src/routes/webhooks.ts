import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { SandboxError } from '../errors.js';
import type { SandboxState } from '../state.js';
import { EventFilter, TriggerEventSpec } from '../webhook-schemas.js';

/** Events and their webhook deliveries, for tests that poll and for the inbox. */
export function registerWebhookRoutes(app: FastifyInstance, state: SandboxState): void {
  const { events, simulator } = state;

  app.get<{ Params: { id: string } }>('/api/messages/:id/events', async (request) => {
    const { id } = request.params;
    const items = events.forMessage(id);
    const known = state.store.get(id) ?? state.store.get(`<${id.replace(/^<|>$/g, '')}>`);
    if (items.length === 0 && known === undefined) {
      throw new SandboxError('NOT_FOUND', 'Message not found');
    }
    return { messageId: known?.id ?? items[0]?.messageId, status: events.status(id), items };
  });

  app.post<{ Params: { id: string } }>('/api/messages/:id/events', async (request, reply) => {
    const issue = Value.Errors(TriggerEventSpec, request.body).First();
    if (issue !== undefined) {
      throw new SandboxError('EVENT_INVALID', `event ${issue.path || '/'}: ${issue.message}`);
    }
    const items = simulator.trigger(request.params.id, request.body as TriggerEventSpec);
    return reply.code(201).send({ items });
  });

  app.get<{ Querystring: EventFilter }>(
    '/api/webhook-events',
    { schema: { querystring: EventFilter } },
    async (request) => ({ total: events.size, items: events.list(request.query) }),
  );

  app.get<{ Params: { id: string } }>('/api/webhook-events/:id', async (request) => {
    const event = events.get(request.params.id);
    if (event === undefined) throw new SandboxError('NOT_FOUND', 'Event not found');
    return event;
  });

  app.post<{ Params: { id: string } }>('/api/webhook-events/:id/resend', async (request, reply) =>
    reply.code(202).send({ items: simulator.resend(request.params.id) }),
  );

  app.get('/api/webhooks/stats', async () => state.poster.stats());
}
