import type { Kysely, Transaction } from 'kysely';
import type { Database, Token, TokenPurpose } from '../db/schema.js';
import { tokenError } from '../errors.js';
import { hashToken, newToken } from './tokens.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A new token for the purpose; unused older ones stop working. Returns the token itself. */
export async function issueToken(
  trx: Transaction<Database>,
  userId: string,
  purpose: TokenPurpose,
  now: Date,
  expiresAt: Date,
): Promise<string> {
  await trx
    .deleteFrom('tokens')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  const { token, hash } = newToken();
  await trx
    .insertInto('tokens')
    .values({
      token_hash: hash,
      user_id: userId,
      purpose,
      expires_at: expiresAt.toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return token;
}

/** The token's row if it can be used now; else throws INVALID_TOKEN, TOKEN_USED or TOKEN_EXPIRED. */
export async function usableToken(
  db: Db,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<Token> {
  const row = await db
    .selectFrom('tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (row === undefined || row.purpose !== purpose) throw tokenError('INVALID_TOKEN');
  if (row.used_at !== null) throw tokenError('TOKEN_USED');
  if (row.expires_at <= now.toISOString()) throw tokenError('TOKEN_EXPIRED');
  return row;
}

/**
 * Marks the token used and returns its row, in the caller's transaction. The write is
 * conditional and comes first: of requests racing with one token, on any database,
 * exactly one updates the row; the others learn why from `usableToken`.
 */
export async function consumeToken(
  trx: Transaction<Database>,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<Token> {
  const tokenHash = hashToken(token);
  const result = await trx
    .updateTable('tokens')
    .set({ used_at: now.toISOString() })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) {
    await usableToken(trx, token, purpose, now);
    throw tokenError('TOKEN_USED');
  }
  return trx
    .selectFrom('tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirstOrThrow();
}

/** Deletes tokens that expired before `before` (used or not); returns how many went. */
export async function pruneTokens(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('tokens')
    .where('expires_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
