import type { ColumnType, Generated, Selectable } from 'kysely';

/** Times are ISO-8601 UTC strings, stored as text on SQLite and PostgreSQL alike: they sort as text. */
export interface UsersTable {
  id: string;
  /** The address to deliver to: `normalizeEmail` (domain in lower-case ASCII form). */
  email: string;
  /**
   * `emailKey(email)`, unique: one mailbox signs up once, whatever its case, Unicode form
   * or IDN spelling. For ASCII addresses (all that were accepted before IDN) it is the
   * lower-cased address, as it always was, so existing rows need no migration.
   */
  email_key: string;
  password_hash: string;
  full_name: string | null;
  /**
   * The language every email to this user is written in: one of the contracts'
   * `LANGUAGES`, chosen at signup or negotiated from its Accept-Language; `en` for
   * accounts created before languages existed (the column's default).
   */
  language: ColumnType<string, string | undefined, string>;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export type TokenPurpose = 'verify_email' | 'reset_password';

export interface TokensTable {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  purpose: TokenPurpose;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** What an outbox row carries: an email envelope, or a record of the suppression list. */
export type OutboxKind = 'email' | 'suppression';

export interface OutboxTable {
  id: Generated<number>;
  /** The envelope's id; for a suppression row, an id of its own. */
  envelope_id: string;
  kind: Generated<OutboxKind>;
  /** The envelope (or suppression record) as it will be published. */
  payload: string;
  created_at: string;
  published_at: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  last_attempt_at: string | null;
  /** Set when the row can never be published (its payload is no longer a valid envelope). */
  failed_at: string | null;
}

/** Signature tokens of accepted webhooks, kept as long as their timestamp would be accepted. */
export interface WebhookTokensTable {
  token: string;
  signed_at: string;
}

/** One Mailgun event, stored once by its `event-data.id`. */
export interface DeliveryEventsTable {
  id: string;
  envelope_id: string | null;
  message_id: string | null;
  event: string;
  severity: string | null;
  reason: string | null;
  /** Mailgun's delivery-status message (the SMTP answer), shortened. */
  detail: string | null;
  recipient: string;
  template: string | null;
  occurred_at: string;
  received_at: string;
}

export type DeliveryStatus = 'accepted' | 'delivered' | 'failed' | 'complained' | 'unsubscribed';

/** Where one email stands, by envelope id; only ever moves forward (see `status_rank`). */
export interface EmailStatusTable {
  envelope_id: string;
  message_id: string | null;
  recipient: string;
  template: string | null;
  status: DeliveryStatus;
  severity: string | null;
  reason: string | null;
  detail: string | null;
  status_rank: number;
  event_id: string;
  occurred_at: string;
  updated_at: string;
}

/** The suppression list (the API's copy; the workers read the Kafka topic). */
export interface SuppressionsTable {
  /** Lower-cased address. */
  address: string;
  reason: string;
  detail: string | null;
  event_id: string | null;
  suppressed_at: string;
  lifted_at: string | null;
  lifted_by: string | null;
  lift_note: string | null;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  outbox: OutboxTable;
  webhook_tokens: WebhookTokensTable;
  delivery_events: DeliveryEventsTable;
  email_status: EmailStatusTable;
  suppressions: SuppressionsTable;
}

export type User = Selectable<UsersTable>;
export type Token = Selectable<TokensTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type DeliveryEventRow = Selectable<DeliveryEventsTable>;
export type EmailStatusRow = Selectable<EmailStatusTable>;
export type SuppressionRow = Selectable<SuppressionsTable>;
