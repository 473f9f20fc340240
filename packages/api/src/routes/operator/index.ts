import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { maskEmail } from '@fluentmeet/email-contracts';
import type { SuppressionRow } from '../../db/schema.js';
import { AppError, errorResponse } from '../../errors.js';
import { bodyErrors, internalError, rateLimited } from '../schemas.js';
import { AddressBody, EmailStatusView, EnvelopeParams, LiftBody, Suppression } from './schemas.js';

function suppressionView(row: SuppressionRow) {
  return {
    address: row.address,
    suppressed: row.lifted_at === null,
    reason: row.reason,
    detail: row.detail,
    suppressed_at: row.suppressed_at,
    lifted_at: row.lifted_at,
    lifted_by: row.lifted_by,
    lift_note: row.lift_note,
  };
}

const notSuppressed = () =>
  new AppError('NOT_SUPPRESSED', 404, 'This address is not on the suppression list.');

const security = [{ operatorToken: [] }];
const operatorErrors = {
  401: errorResponse(['UNAUTHORIZED'], 'No valid operator token (Authorization: Bearer)'),
  403: errorResponse(['OPERATOR_DISABLED'], 'OPERATOR_TOKEN is not set: the endpoints are off'),
  429: rateLimited,
  500: internalError,
};
const suppressionErrors = {
  ...bodyErrors(),
  ...operatorErrors,
  404: errorResponse(['NOT_SUPPRESSED'], 'The address is not on the suppression list'),
};

/** For operators (Authorization: Bearer OPERATOR_TOKEN): where an email stands, and the suppression list. */
const operator: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onRequest', fastify.limits.perIp);
  fastify.addHook('onRequest', fastify.requireOperator);

  fastify.get(
    '/emails/:envelopeId',
    {
      schema: {
        tags: ['operator'],
        summary: 'Delivery status and events of one email, by envelope id',
        security,
        params: EnvelopeParams,
        response: {
          200: EmailStatusView,
          400: errorResponse(['VALIDATION_FAILED'], 'The envelope id is not one'),
          404: errorResponse(['NOT_FOUND'], 'Nothing is known about this envelope id'),
          ...operatorErrors,
        },
      },
    },
    async (request) => {
      const { envelopeId } = request.params;
      const report = await fastify.delivery.report(envelopeId);
      if (report === undefined) {
        throw new AppError('NOT_FOUND', 404, 'Nothing is known about this envelope id.');
      }
      const { status, events, outbox, suppression } = report;
      return {
        envelope_id: envelopeId,
        status: status?.status ?? ('pending' as const),
        severity: status?.severity ?? null,
        reason: status?.reason ?? null,
        detail: status?.detail ?? null,
        message_id: status?.message_id ?? events.find((e) => e.message_id)?.message_id ?? null,
        recipient: status?.recipient ?? events[0]?.recipient ?? null,
        template: status?.template ?? events[0]?.template ?? null,
        updated_at: status?.updated_at ?? null,
        outbox: outbox ?? null,
        suppression: suppression === undefined ? null : suppressionView(suppression),
        events: events.map((e) => ({
          id: e.id,
          event: e.event,
          severity: e.severity,
          reason: e.reason,
          detail: e.detail,
          message_id: e.message_id,
          occurred_at: e.occurred_at,
          received_at: e.received_at,
        })),
      };
    },
  );

  fastify.post(
    '/suppressions/lookup',
    {
      schema: {
        tags: ['operator'],
        summary: 'Whether an address is suppressed (the address stays out of URLs and logs)',
        security,
        body: AddressBody,
        response: { 200: Suppression, ...suppressionErrors },
      },
    },
    async (request) => {
      const row = await fastify.delivery.findSuppression(request.body.address);
      if (row === undefined) throw notSuppressed();
      return suppressionView(row);
    },
  );

  fastify.post(
    '/suppressions/lift',
    {
      schema: {
        tags: ['operator'],
        summary: 'Lift a suppression (a typo fixed, a mailbox restored); audited in the log',
        security,
        body: LiftBody,
        response: { 200: Suppression, ...suppressionErrors },
      },
    },
    async (request) => {
      const { address, operator: by, note } = request.body;
      const row = await fastify.delivery.lift(address, { operator: by, note });
      if (row === undefined) throw notSuppressed();
      fastify.metrics.lifted.inc();
      request.log.info(
        {
          audit: 'suppression.lifted',
          operator: by,
          to: maskEmail(row.address),
          reason: row.reason,
          suppressedAt: row.suppressed_at,
          liftedAt: row.lifted_at,
          note: note ?? null,
          ip: request.ip,
        },
        'suppression lifted by an operator',
      );
      return suppressionView(row);
    },
  );
};

export default operator;
