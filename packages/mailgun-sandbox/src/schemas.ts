import { Type, type Static } from '@sinclair/typebox';

/**
 * One injected failure. At least one of `status`, `drop`, `latencyMs` or `latencyRangeMs`.
 * Without `count` and `durationMs` the fault stays until cleared.
 */
export const FaultSpec = Type.Object(
  {
    /** Answer with this status instead of accepting the message (Mailgun's body for it). */
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
    /** Only requests with this recipient (case-insensitive address) are hit. */
    to: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
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

export const SandboxConfigUpdate = Type.Object(
  { apiKey: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type SandboxConfigUpdate = Static<typeof SandboxConfigUpdate>;
