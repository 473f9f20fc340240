import type { Generated, Selectable } from 'kysely';

/** Times are ISO-8601 UTC strings: they sort as text here and load as timestamptz on PostgreSQL. */
export interface UsersTable {
  id: string;
  email: string;
  /** Lower-cased address; unique, so the same mailbox cannot sign up twice in another case. */
  email_key: string;
  password_hash: string;
  full_name: string | null;
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

export interface OutboxTable {
  id: Generated<number>;
  envelope_id: string;
  /** The envelope as it will be published (its id and key are in it). */
  payload: string;
  created_at: string;
  published_at: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  last_attempt_at: string | null;
  /** Set when the row can never be published (its payload is no longer a valid envelope). */
  failed_at: string | null;
}

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  outbox: OutboxTable;
}

export type User = Selectable<UsersTable>;
export type Token = Selectable<TokensTable>;
export type OutboxRow = Selectable<OutboxTable>;
