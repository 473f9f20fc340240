import { ENVELOPE_TEMPLATES, suppressionKey } from '@fluentmeet/email-contracts';
import { Type, type Static } from '@sinclair/typebox';
import { WebhookSignature } from './signature.js';

const Text = (maxLength: number) => Type.String({ maxLength });
const Nullable = <T extends ReturnType<typeof Text>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/**
 * The part of Mailgun's `event-data` that we read; Mailgun sends more (and adds
 * fields over time), which is accepted and ignored.
 */
export const MailgunEventData = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  event: Type.String({ minLength: 1, maxLength: 64 }),
  timestamp: Type.Number({ minimum: 0, maximum: 1e11, description: 'Seconds since the epoch' }),
  recipient: Type.String({ minLength: 1, maxLength: 320 }),
  severity: Type.Optional(Text(32)),
  reason: Type.Optional(Text(128)),
  tags: Type.Optional(Type.Array(Text(128), { maxItems: 10 })),
  'user-variables': Type.Optional(
    Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown())]),
  ),
  message: Type.Optional(
    Type.Object({
      headers: Type.Optional(Type.Object({ 'message-id': Type.Optional(Text(998)) })),
    }),
  ),
  'delivery-status': Type.Optional(
    Type.Object({
      code: Type.Optional(Type.Union([Type.Integer(), Type.String(), Type.Null()])),
      message: Type.Optional(Nullable(Text(4096))),
      description: Type.Optional(Nullable(Text(4096))),
    }),
  ),
});
export type MailgunEventData = Static<typeof MailgunEventData>;

/** The JSON body of one Mailgun webhook. */
export const MailgunWebhook = Type.Object(
  { signature: WebhookSignature, 'event-data': MailgunEventData },
  { description: "Mailgun's webhook payload (JSON), signed with the webhook signing key" },
);
export type MailgunWebhook = Static<typeof MailgunWebhook>;

/** One delivery event in our terms, as it is stored. */
export interface DeliveryEvent {
  id: string;
  /** `user-variables.envelope_id`: the worker sends every email with `v:envelope_id`. */
  envelopeId: string | null;
  /** Mailgun's message id, without angle brackets (as the send's answer has them). */
  messageId: string | null;
  event: string;
  severity: 'temporary' | 'permanent' | null;
  reason: string | null;
  detail: string | null;
  /** Lower-cased. */
  recipient: string;
  /** The template the worker tagged the email with (`o:tag`), when it is one of ours. */
  template: string | null;
  occurredAt: string;
}

const MAX_DETAIL = 500;

function envelopeIdOf(data: MailgunEventData): string | null {
  const variables = data['user-variables'];
  if (variables === undefined || Array.isArray(variables)) return null;
  const id = variables.envelope_id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

function detailOf(data: MailgunEventData): string | null {
  const status = data['delivery-status'];
  const text = [status?.message, status?.description].filter((part) => !!part).join(' ');
  if (text === '') return null;
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}

/** Maps Mailgun's `event-data` to our event; unknown kinds of event are kept as they are named. */
export function toDeliveryEvent(data: MailgunEventData): DeliveryEvent {
  const messageId = data.message?.headers?.['message-id']?.replace(/^<|>$/g, '') ?? '';
  const severity =
    data.severity === 'permanent' || data.severity === 'temporary' ? data.severity : null;
  const template =
    data.tags?.find((tag) => (ENVELOPE_TEMPLATES as readonly string[]).includes(tag)) ?? null;
  return {
    id: data.id,
    envelopeId: envelopeIdOf(data),
    messageId: messageId === '' ? null : messageId,
    event: data.event,
    severity,
    reason: data.reason ?? null,
    detail: detailOf(data),
    recipient: suppressionKey(data.recipient),
    template,
    occurredAt: new Date(Math.round(data.timestamp * 1000)).toISOString(),
  };
}
