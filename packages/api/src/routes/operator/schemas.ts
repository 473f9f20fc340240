import { EmailAddress } from '@fluentmeet/email-contracts';
import { Type } from '@sinclair/typebox';

const Time = Type.String({ format: 'date-time' });
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const EnvelopeParams = Type.Object({
  envelopeId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }),
});

export const Suppression = Type.Object({
  address: Type.String(),
  suppressed: Type.Boolean({ description: 'false once lifted' }),
  reason: Type.String({ description: 'bounced, complained, unsubscribed' }),
  detail: NullableText,
  suppressed_at: Time,
  lifted_at: Type.Union([Time, Type.Null()]),
  lifted_by: NullableText,
  lift_note: NullableText,
});

export const DeliveryEventView = Type.Object({
  id: Type.String(),
  event: Type.String(),
  severity: NullableText,
  reason: NullableText,
  detail: NullableText,
  message_id: NullableText,
  occurred_at: Time,
  received_at: Time,
});

export const EmailStatusView = Type.Object({
  envelope_id: Type.String(),
  status: Type.Union(
    ['pending', 'accepted', 'delivered', 'failed', 'complained', 'unsubscribed'].map((s) =>
      Type.Literal(s),
    ),
    { description: 'pending: in our outbox or sent, no event from Mailgun yet' },
  ),
  severity: NullableText,
  reason: NullableText,
  detail: NullableText,
  message_id: NullableText,
  recipient: NullableText,
  template: NullableText,
  updated_at: Type.Union([Time, Type.Null()]),
  outbox: Type.Union([
    Type.Object({ created_at: Time, published_at: Type.Union([Time, Type.Null()]) }),
    Type.Null(),
  ]),
  suppression: Type.Union([Suppression, Type.Null()]),
  events: Type.Array(DeliveryEventView),
});

export const AddressBody = Type.Object({ address: EmailAddress }, { additionalProperties: false });

export const LiftBody = Type.Object(
  {
    address: EmailAddress,
    operator: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[^\\r\\n]*$',
      description: 'Who lifts it (for the audit log)',
    }),
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, pattern: '^[^\\r\\n]*$', description: 'Why' }),
    ),
  },
  { additionalProperties: false },
);
