import { v7 as uuidv7 } from 'uuid';
import { CONTENT_TYPE_JSON, ENVELOPE_VERSION, HEADERS } from './constants.js';
import { CUSTOM_TEMPLATE } from './schemas.js';
import { emailKey } from './formats.js';
import { assertEmailEnvelope } from './validate.js';
import type { EmailEnvelope, EmailRequest } from './schemas.js';

/** A Kafka record in client-neutral form (kafkajs' `Message` is structurally compatible). */
export interface EnvelopeRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Fills in `id` (UUIDv7), `version` and `createdAt`, and checks the result.
 * A request with `html` and no `template` is a `custom` email. Throws an
 * `EmailContractError` listing every problem; nothing is built from bad input.
 *
 * @example
 * const envelope = buildEnvelope({
 *   to: 'ada@example.com',
 *   template: 'verification',
 *   data: { verification_link: 'https://app.fluentmeet.com/verify-email?token=abc' },
 * });
 * const custom = buildEnvelope({ to: 'ada@example.com', subject: 'Hi', html: '<p>Hi</p>' });
 */
export function buildEnvelope(request: EmailRequest, now: Date = new Date()): EmailEnvelope {
  const { notAfter, ...rest } = request;
  const candidate: Record<string, unknown> = {
    id: uuidv7({ msecs: now.getTime() }),
    version: ENVELOPE_VERSION,
    createdAt: now.toISOString(),
    ...rest,
  };
  if (candidate.template === undefined && candidate.html !== undefined) {
    candidate.template = CUSTOM_TEMPLATE;
  }
  if (notAfter !== undefined) {
    candidate.notAfter = notAfter instanceof Date ? notAfter.toISOString() : notAfter;
  }
  return assertEmailEnvelope(candidate);
}

/** Kafka key of an envelope: the recipient's `emailKey`, so one person's emails stay in order. */
export function envelopeKey(envelope: Pick<EmailEnvelope, 'to'>): string {
  return emailKey(envelope.to);
}

/**
 * The Kafka record for an envelope: key, JSON value and the standard headers.
 *
 * @example
 * await producer.send({ topic: TOPICS.email, messages: [toRecord(envelope)] });
 */
export function toRecord(envelope: EmailEnvelope): EnvelopeRecord {
  const headers: Record<string, string> = {
    [HEADERS.contentType]: CONTENT_TYPE_JSON,
    [HEADERS.schemaVersion]: String(envelope.version),
    [HEADERS.envelopeId]: envelope.id,
  };
  if (envelope.correlationId !== undefined) headers[HEADERS.correlationId] = envelope.correlationId;
  return { key: envelopeKey(envelope), value: JSON.stringify(envelope), headers };
}
