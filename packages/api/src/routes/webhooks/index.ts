import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyError } from 'fastify';
import { maskEmail } from '@fluentmeet/email-contracts';
import { AppError, errorResponse, type ErrorCode } from '../../errors.js';
import { metricEventOf } from '../../delivery/status.js';
import { MailgunEventData, MailgunWebhook, toDeliveryEvent } from '../../webhooks/mailgun-event.js';
import { checkSignature, WebhookSignature } from '../../webhooks/signature.js';
import { internalError, rateLimited } from '../schemas.js';

const Recorded = Type.Object({ message: Type.String() });

/** 406 tells Mailgun never to post this again; anything but 200 and 406 makes it retry. */
function refuse(code: ErrorCode, message: string): AppError {
  return new AppError(code, 406, message);
}

/**
 * Mailgun's webhooks (configure this URL for delivered, permanent and temporary
 * failure, complained, unsubscribed and, for the `accepted` status, accepted).
 * 200 once the event is stored; 406 for what can never be taken (a wrong or stale
 * signature, a replayed token, a body that is not a Mailgun event); 503 while no
 * signing key is configured and 5xx on a database failure, so Mailgun retries.
 */
const webhooks: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, metrics } = fastify;

  // Mailgun retries a 4xx other than 406 for hours; a body it can never fix gets 406.
  fastify.setErrorHandler((error: FastifyError, _request, _reply) => {
    const status = error.statusCode ?? 500;
    if (
      status >= 400 &&
      status < 500 &&
      status !== 406 &&
      status !== 429 &&
      !(error instanceof AppError)
    ) {
      metrics.webhooks.inc({ result: 'invalid' });
      throw refuse(
        'WEBHOOK_INVALID',
        'The body is not a Mailgun webhook (JSON) of an acceptable size.',
      );
    }
    throw error;
  });

  fastify.post(
    '/mailgun',
    {
      bodyLimit: 256 * 1024,
      // The body is checked in the handler, after the signature and without type
      // coercion; the schema is for the documentation.
      validatorCompiler: () => () => true,
      config: {
        rateLimit: {
          max: config.RATE_LIMIT_WEBHOOK_MAX,
          timeWindow: config.RATE_LIMIT_WEBHOOK_WINDOW_SECONDS * 1000,
        },
      },
      schema: {
        tags: ['webhooks'],
        summary: "Mailgun's delivery webhooks (signed); configure this URL in Mailgun",
        body: MailgunWebhook,
        response: {
          200: Recorded,
          406: errorResponse(
            ['WEBHOOK_SIGNATURE_INVALID', 'WEBHOOK_STALE', 'WEBHOOK_REPLAYED', 'WEBHOOK_INVALID'],
            'Never to be taken, so Mailgun stops retrying: a wrong or stale signature, a replayed token, a body that is no Mailgun event',
          ),
          429: rateLimited,
          500: internalError,
          503: errorResponse(['WEBHOOKS_DISABLED'], 'MAILGUN_WEBHOOK_SIGNING_KEY is not set'),
        },
      },
    },
    async (request) => {
      const key = config.MAILGUN_WEBHOOK_SIGNING_KEY;
      if (key === undefined) {
        metrics.webhooks.inc({ result: 'disabled' });
        request.log.warn(
          'webhook refused: MAILGUN_WEBHOOK_SIGNING_KEY is not set (Mailgun will retry)',
        );
        throw new AppError('WEBHOOKS_DISABLED', 503, 'Webhook intake is not configured.');
      }
      const signature = (request.body as { signature?: unknown } | undefined)?.signature;
      if (!Value.Check(WebhookSignature, signature)) {
        metrics.webhooks.inc({ result: 'signature_invalid' });
        throw refuse('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing or wrong.');
      }
      const check = checkSignature(
        key,
        signature,
        fastify.now(),
        config.MAILGUN_WEBHOOK_MAX_AGE_SECONDS,
      );
      if (check !== 'valid') {
        metrics.webhooks.inc({ result: check === 'stale' ? 'stale' : 'signature_invalid' });
        request.log.warn({ check }, 'webhook refused');
        throw check === 'stale'
          ? refuse('WEBHOOK_STALE', 'The webhook timestamp is too old or too far ahead.')
          : refuse('WEBHOOK_SIGNATURE_INVALID', 'The webhook signature is missing or wrong.');
      }
      const data = request.body['event-data'] as unknown;
      if (!Value.Check(MailgunEventData, data)) {
        const problem = Value.Errors(MailgunEventData, data).First();
        metrics.webhooks.inc({ result: 'invalid' });
        request.log.warn(
          { problem: problem && `${problem.path || '/'}: ${problem.message}` },
          'webhook refused: not a Mailgun event',
        );
        throw refuse('WEBHOOK_INVALID', 'The webhook is not a Mailgun event we understand.');
      }
      const event = toDeliveryEvent(data);
      const signedAt = new Date(Number(signature.timestamp) * 1000);
      const result = await fastify.delivery.record(event, signature.token, signedAt);
      metrics.webhooks.inc({ result: result.outcome });
      if (result.outcome === 'replayed') {
        request.log.warn({ eventId: event.id }, 'webhook refused: signature token replayed');
        throw refuse('WEBHOOK_REPLAYED', 'This signature token was used before.');
      }
      const fields = {
        eventId: event.id,
        envelopeId: event.envelopeId,
        messageId: event.messageId,
        event: event.event,
        severity: event.severity,
        template: event.template,
        to: maskEmail(event.recipient),
      };
      if (result.outcome === 'duplicate') {
        request.log.info(fields, 'delivery event already recorded');
        return { message: 'Already recorded.' };
      }
      metrics.events.inc({ event: metricEventOf(event), template: event.template ?? 'unknown' });
      request.log.info({ ...fields, reason: event.reason }, 'delivery event recorded');
      if (result.suppressed !== undefined) {
        metrics.suppressed.inc({ reason: result.suppressed });
        request.log.info(
          { to: fields.to, reason: result.suppressed, eventId: event.id },
          'address suppressed',
        );
      }
      return { message: 'Recorded.' };
    },
  );
};

export default webhooks;
