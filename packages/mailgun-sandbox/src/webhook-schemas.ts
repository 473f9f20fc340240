import { Type, type Static } from '@sinclair/typebox';

/** What a URL set for "all events" receives: every outcome, not `accepted`. */
export const OUTCOME_WEBHOOKS = [
  'delivered',
  'permanent_fail',
  'temporary_fail',
  'complained',
  'unsubscribed',
] as const;
/** Mailgun's domain webhook names that the sandbox produces (it tracks no opens or clicks). */
export const WEBHOOK_NAMES = ['accepted', ...OUTCOME_WEBHOOKS] as const;
export const WebhookName = Type.Union(WEBHOOK_NAMES.map((name) => Type.Literal(name)));
export type WebhookName = Static<typeof WebhookName>;

export const WebhookUrl = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2_048 });
/** Mailgun keeps at most three URLs per webhook. */
const UrlList = Type.Array(WebhookUrl, { maxItems: 3 });

/** The URLs per webhook, like Mailgun's `GET /v3/domains/{domain}/webhooks`. */
export const WebhookUrls = Type.Object(
  {
    accepted: Type.Optional(UrlList),
    delivered: Type.Optional(UrlList),
    permanent_fail: Type.Optional(UrlList),
    temporary_fail: Type.Optional(UrlList),
    complained: Type.Optional(UrlList),
    unsubscribed: Type.Optional(UrlList),
  },
  { additionalProperties: false },
);
export type WebhookUrls = Static<typeof WebhookUrls>;

/** Waits between webhook attempts in ms: attempt n+1 comes `schedule[n-1]` after attempt n. */
export const RetrySchedule = Type.Array(Type.Integer({ minimum: 0, maximum: 86_400_000 }), {
  maxItems: 20,
});
export type RetrySchedule = Static<typeof RetrySchedule>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** `event-data.delivery-status` of `delivered` and `failed` events. */
export const DeliveryStatus = Type.Object({
  'attempt-no': Type.Integer(),
  code: Type.Integer(),
  message: Type.String(),
  description: NullableString,
  'enhanced-code': NullableString,
  'session-seconds': Type.Number(),
  'mx-host': Type.Optional(Type.String()),
  'retry-seconds': Type.Optional(Type.Integer()),
  'bounce-type': Type.Optional(Type.Union([Type.Literal('hard'), Type.Literal('soft')])),
  tls: Type.Optional(Type.Boolean()),
  'certificate-verified': Type.Optional(Type.Boolean()),
  utf8: Type.Optional(Type.Boolean()),
});
export type DeliveryStatus = Static<typeof DeliveryStatus>;

/** The `event-data` Mailgun posts, with the fields the sandbox fills. */
export const EventData = Type.Object({
  /** Unique per event; a retried webhook carries the same id. */
  id: Type.String(),
  /** Seconds since the epoch, with a fraction. */
  timestamp: Type.Number(),
  event: Type.Union(
    (['accepted', 'delivered', 'failed', 'complained', 'unsubscribed'] as const).map((e) =>
      Type.Literal(e),
    ),
  ),
  'log-level': Type.Union([Type.Literal('info'), Type.Literal('warn'), Type.Literal('error')]),
  severity: Type.Optional(Type.Union([Type.Literal('permanent'), Type.Literal('temporary')])),
  reason: Type.Optional(Type.String()),
  recipient: Type.String(),
  'recipient-domain': Type.String(),
  domain: Type.Object({ name: Type.String() }),
  envelope: Type.Optional(
    Type.Object({
      sender: Type.Optional(Type.String()),
      targets: Type.Optional(Type.String()),
      transport: Type.Optional(Type.String()),
    }),
  ),
  flags: Type.Optional(Type.Record(Type.String(), Type.Boolean())),
  message: Type.Object({
    headers: Type.Object({
      /** The id of the send's answer without its angle brackets. */
      'message-id': Type.String(),
      to: Type.Optional(Type.String()),
      from: Type.Optional(Type.String()),
      subject: Type.Optional(Type.String()),
    }),
    attachments: Type.Optional(Type.Array(Type.Unknown())),
    size: Type.Optional(Type.Integer()),
  }),
  'delivery-status': Type.Optional(DeliveryStatus),
  tags: Type.Array(Type.String()),
  campaigns: Type.Array(Type.Unknown()),
  /** The message's `v:` variables; `[]` when it had none, as Mailgun's payloads show. */
  'user-variables': Type.Union([Type.Record(Type.String(), Type.String()), Type.Tuple([])]),
});
export type EventData = Static<typeof EventData>;

/** `signature`: hex HMAC-SHA256 of `timestamp + token` under the webhook signing key. */
export const WebhookSignature = Type.Object({
  /** Seconds since the epoch, as a string. */
  timestamp: Type.String(),
  /** 50 random hex characters, new for every attempt. */
  token: Type.String(),
  signature: Type.String(),
});
export type WebhookSignature = Static<typeof WebhookSignature>;

/** The JSON body of one webhook POST. */
export const WebhookPayload = Type.Object({
  signature: WebhookSignature,
  'event-data': EventData,
});
export type WebhookPayload = Static<typeof WebhookPayload>;

export const WebhookAttempt = Type.Object({
  at: Type.String({ format: 'date-time' }),
  /** The receiver's status; absent when the connection failed or timed out. */
  statusCode: Type.Optional(Type.Integer()),
  /** Why no status came back (e.g. `ECONNREFUSED`, `timeout`). */
  error: Type.Optional(Type.String()),
  durationMs: Type.Number(),
});
export type WebhookAttempt = Static<typeof WebhookAttempt>;

export const DeliveryState = Type.Union(
  (
    [
      'queued',
      'in-flight',
      'retrying',
      'delivered',
      'rejected',
      'failed',
      'dropped',
      'cancelled',
    ] as const
  ).map((state) => Type.Literal(state)),
);
export type DeliveryState = Static<typeof DeliveryState>;

/**
 * One event's way to one URL: `delivered` (2xx), `rejected` (406, never retried), `failed`
 * (the schedule ran out), `dropped` (the queue was full), `cancelled` (cleared or closed).
 */
export const WebhookDelivery = Type.Object({
  url: Type.String(),
  state: DeliveryState,
  attempts: Type.Array(WebhookAttempt),
  nextAttemptAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** An event the sandbox produced for one recipient of one message, and where it was posted. */
export const SandboxEvent = Type.Object({
  /** `event-data.id`. */
  id: Type.String(),
  /** The id of the send's answer, angle brackets included. */
  messageId: Type.String(),
  envelopeId: Type.Optional(Type.String()),
  recipient: Type.String(),
  /** The webhook it goes to, which also says the event and severity. */
  webhook: WebhookName,
  eventData: EventData,
  /** One per URL configured for `webhook` when the event happened. */
  deliveries: Type.Array(WebhookDelivery),
});
export type SandboxEvent = Static<typeof SandboxEvent>;

/** Where a message stands: the most telling latest event among its recipients. */
export const MessageStatus = Type.Union(
  (
    [
      'accepted',
      'delivered',
      'temporary_fail',
      'permanent_fail',
      'complained',
      'unsubscribed',
    ] as const
  ).map((status) => Type.Literal(status)),
);
export type MessageStatus = Static<typeof MessageStatus>;

export const EventFilter = Type.Object(
  {
    message_id: Type.Optional(Type.String()),
    envelope_id: Type.Optional(Type.String()),
    /** Matched case-insensitively on the address. */
    recipient: Type.Optional(Type.String()),
    webhook: Type.Optional(WebhookName),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type EventFilter = Static<typeof EventFilter>;

/** `POST /api/messages/:id/events`: an event that happens later, e.g. a complaint days after. */
export const TriggerEventSpec = Type.Object(
  {
    webhook: Type.Union(OUTCOME_WEBHOOKS.map((name) => Type.Literal(name))),
    /** One of the message's recipients; all of them when absent. */
    recipient: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type TriggerEventSpec = Static<typeof TriggerEventSpec>;

export const WebhookStats = Type.Object({
  /** Waiting for a free connection. */
  queued: Type.Integer(),
  inFlight: Type.Integer(),
  /** Waiting for their next attempt. */
  retrying: Type.Integer(),
  /** The most that may be queued, in flight and retrying together. */
  capacity: Type.Integer(),
  delivered: Type.Integer(),
  rejected: Type.Integer(),
  failed: Type.Integer(),
  /** Refused because the queue was full. */
  dropped: Type.Integer(),
  attempts: Type.Integer(),
});
export type WebhookStats = Static<typeof WebhookStats>;
