import { Type, type Static } from '@sinclair/typebox';
import { RetrySchedule, WebhookUrl, WebhookUrls } from './webhook-schemas.js';

/**
 * A failure of the send request itself. At least one of `status`, `drop`, `latencyMs` or
 * `latencyRangeMs`. Without `count` and `durationMs` the fault stays until cleared.
 */
export const SendFaultSpec = Type.Object(
  {
    /**
     * Answer with this status instead of accepting the message (Mailgun's body for it). A 403
     * with `to` is about that recipient (the sandbox domain's authorized-recipients rule);
     * without `to`, about the account (its key may not send from the domain).
     */
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
    /** Replaces the default body; sent as JSON when it parses as JSON, else as text. */
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    /** The wait named in 429/420 bodies (default 120 s). */
    retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
    /** Also send a `Retry-After` header (Mailgun does not do this reliably). */
    retryAfterHeader: Type.Optional(Type.Boolean()),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
    latencyRangeMs: Type.Optional(
      Type.Tuple([
        Type.Integer({ minimum: 0, maximum: 600_000 }),
        Type.Integer({ minimum: 0, maximum: 600_000 }),
      ]),
    ),
    /** Destroy the connection without answering. */
    drop: Type.Optional(Type.Boolean()),
    /** Apply to this many requests, then expire. */
    count: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Chance (0..1) that a request is hit; a miss does not use up `count`. */
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** Active for this long after it was injected. */
    durationMs: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Only requests to this recipient are hit (an address, or a pattern with `*`). */
    to: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type SendFaultSpec = Static<typeof SendFaultSpec>;

/** What a delivery fault makes of an accepted recipient; the names of Mailgun's webhooks. */
export const DeliveryOutcome = Type.Union([
  Type.Literal('permanent_fail'),
  Type.Literal('temporary_fail'),
  Type.Literal('complained'),
  Type.Literal('unsubscribed'),
]);
export type DeliveryOutcome = Static<typeof DeliveryOutcome>;

/**
 * A failure after the send was accepted: instead of `delivered`, the recipient's events
 * (and webhooks) tell of a bounce, a temporary failure, a complaint or an unsubscribe.
 * Applies per recipient; `count` counts recipients.
 */
export const DeliveryFaultSpec = Type.Object(
  {
    outcome: DeliveryOutcome,
    /** Only this recipient is hit (an address, or a pattern with `*`, e.g. `*@bounce.test`). */
    to: Type.Optional(Type.String({ minLength: 1 })),
    count: Type.Optional(Type.Integer({ minimum: 1 })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    durationMs: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Wait between `accepted` and the first event after it (default: the sandbox's delivery delay). */
    delayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    /** `temporary_fail` only: what follows the temporary failure (default `delivered`). */
    then: Type.Optional(
      Type.Union([Type.Literal('delivered'), Type.Literal('permanent_fail'), Type.Literal('none')]),
    ),
    /**
     * Wait before the second event: the complaint or unsubscribe after `delivered` (default 0),
     * or what follows a temporary failure (default 1000).
     */
    thenAfterMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    /** SMTP code in `delivery-status` of a failure (default 550 permanent, 421 temporary). */
    code: Type.Optional(Type.Integer({ minimum: 200, maximum: 599 })),
    /** SMTP answer in `delivery-status.message` of a failure. */
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 2_000 })),
  },
  { additionalProperties: false },
);
export type DeliveryFaultSpec = Static<typeof DeliveryFaultSpec>;

/** What `POST /api/faults` takes: a send fault, or a delivery fault (it has `outcome`). */
export const FaultSpec = Type.Union([SendFaultSpec, DeliveryFaultSpec]);
export type FaultSpec = Static<typeof FaultSpec>;

/** A fault as listed by `GET /api/faults`: the spec plus its identity and what is left of it. */
export const ActiveFault = Type.Object({
  id: Type.String(),
  spec: FaultSpec,
  createdAt: Type.String(),
  /** Requests it may still hit; absent when unlimited. */
  remaining: Type.Optional(Type.Integer()),
  /** When it stops applying; absent when it has no time window. */
  expiresAt: Type.Optional(Type.String()),
  /** Requests it has hit so far. */
  hits: Type.Integer(),
});
export type ActiveFault = Static<typeof ActiveFault>;

/** A message accepted by `POST /v3/:domain/messages`. */
export const CapturedMessage = Type.Object({
  /** Exactly the `id` of the 200 answer, angle brackets included. */
  id: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  domain: Type.String(),
  from: Type.String(),
  to: Type.Array(Type.String()),
  cc: Type.Array(Type.String()),
  bcc: Type.Array(Type.String()),
  subject: Type.String(),
  text: Type.Optional(Type.String()),
  html: Type.Optional(Type.String()),
  ampHtml: Type.Optional(Type.String()),
  template: Type.Optional(Type.String()),
  /** `o:tag` values. */
  tags: Type.Array(Type.String()),
  /** `v:` fields, prefix removed. */
  variables: Type.Record(Type.String(), Type.String()),
  /** `h:` fields, prefix removed, name as sent. */
  headers: Type.Record(Type.String(), Type.String()),
  /** Other `o:` fields (tracking, testmode...), prefix removed. */
  options: Type.Record(Type.String(), Type.String()),
  /** From `v:envelope_id`. */
  envelopeId: Type.Optional(Type.String()),
  /** File parts are not kept; this is how many were sent. */
  attachmentCount: Type.Integer(),
});
export type CapturedMessage = Static<typeof CapturedMessage>;

/** What the event stream and the inbox list carry: a message without its bodies. */
export type MessageSummary = Pick<
  CapturedMessage,
  'id' | 'receivedAt' | 'domain' | 'from' | 'to' | 'subject' | 'tags' | 'envelopeId'
>;

export const MessageFilter = Type.Object(
  {
    /** A recipient (to, cc or bcc), matched case-insensitively on the address. */
    to: Type.Optional(Type.String()),
    tag: Type.Optional(Type.String()),
    envelope_id: Type.Optional(Type.String()),
    /** Case-insensitive substring of a recipient or of the subject. */
    q: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type MessageFilter = Static<typeof MessageFilter>;

/** `PUT /api/config`: each given setting changes, the others stay. */
export const SandboxConfigUpdate = Type.Object(
  {
    apiKey: Type.Optional(Type.String({ minLength: 1 })),
    /** Replaces the URLs of each webhook given (`[]` removes them); the others stay. */
    webhooks: Type.Optional(WebhookUrls),
    /** Sets this one URL for every outcome webhook (all but `accepted`). */
    webhookUrl: Type.Optional(WebhookUrl),
    webhookSigningKey: Type.Optional(Type.String({ minLength: 1 })),
    webhookRetryScheduleMs: Type.Optional(RetrySchedule),
    deliveryDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    addressRules: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SandboxConfigUpdate = Static<typeof SandboxConfigUpdate>;
