import { randomUUID } from 'node:crypto';
import {
  buildEnvelope,
  emailKey,
  normalizeEmail,
  type EmailRequest,
} from '@fluentmeet/email-contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Token, TokenPurpose, User } from '../db/schema.js';
import { AppError, tokenError } from '../errors.js';
import { enqueueEmail } from '../outbox/outbox-store.js';
import { hashPassword } from './passwords.js';
import { publicUser, type PublicUser } from './public-user.js';
import { hashToken, linkTo, newToken } from './tokens.js';

export interface AuthSettings {
  publicAppUrl: string;
  verificationTtlHours: number;
  resetTtlMinutes: number;
}

export interface AuthServiceDeps {
  db: Kysely<Database>;
  settings: AuthSettings;
  now: () => Date;
  /** Called after a transaction that wrote to the outbox has committed. */
  onOutboxWrite: () => void;
}

type Trx = Transaction<Database>;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SQLITE_CONSTRAINT_UNIQUE = 2067;

function isUniqueViolation(error: unknown): boolean {
  return (error as { errcode?: unknown } | null)?.errcode === SQLITE_CONSTRAINT_UNIQUE;
}

/** The five auth flows. Every email intent is written in the same transaction as its change. */
export class AuthService {
  readonly #db: Kysely<Database>;
  readonly #settings: AuthSettings;
  readonly #now: () => Date;
  readonly #onOutboxWrite: () => void;

  constructor(deps: AuthServiceDeps) {
    this.#db = deps.db;
    this.#settings = deps.settings;
    this.#now = deps.now;
    this.#onOutboxWrite = deps.onOutboxWrite;
  }

  async signup(
    input: { email: string; password: string; full_name?: string | undefined },
    correlationId: string,
  ): Promise<PublicUser> {
    // Hashing is slow; it happens before the transaction so it never holds the database.
    const passwordHash = await hashPassword(input.password);
    const now = this.#now();
    const user: User = {
      id: randomUUID(),
      email: normalizeEmail(input.email),
      email_key: emailKey(input.email),
      password_hash: passwordHash,
      full_name: input.full_name ?? null,
      verified_at: null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    try {
      await this.#db.transaction().execute(async (trx) => {
        const existing = await this.#findUser(trx, user.email);
        if (existing !== undefined) throw emailTaken();
        await trx.insertInto('users').values(user).execute();
        await this.#sendVerification(trx, user, now, correlationId);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? emailTaken() : error;
    }
    this.#onOutboxWrite();
    return publicUser(user);
  }

  async verifyEmail(token: string): Promise<PublicUser> {
    const now = this.#now();
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#consumeToken(trx, token, 'verify_email', now);
      // Already verified: the answer is the same, the original time is kept.
      await trx
        .updateTable('users')
        .set({ verified_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', row.user_id)
        .where('verified_at', 'is', null)
        .execute();
      const user = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', row.user_id)
        .executeTakeFirstOrThrow();
      return publicUser(user);
    });
  }

  /** Sends a new verification link to an existing unverified account; silent otherwise. */
  async resendVerification(email: string, correlationId: string): Promise<void> {
    const now = this.#now();
    const wrote = await this.#db.transaction().execute(async (trx) => {
      const user = await this.#findUser(trx, email);
      if (user === undefined || user.verified_at !== null) return false;
      await this.#sendVerification(trx, user, now, correlationId);
      return true;
    });
    if (wrote) this.#onOutboxWrite();
  }

  /** Sends a reset link to an existing account; silent otherwise. */
  async forgotPassword(email: string, correlationId: string): Promise<void> {
    const now = this.#now();
    const wrote = await this.#db.transaction().execute(async (trx) => {
      const user = await this.#findUser(trx, email);
      if (user === undefined) return false;
      const expiresAt = new Date(now.getTime() + this.#settings.resetTtlMinutes * MINUTE);
      const token = await this.#issueToken(trx, user.id, 'reset_password', now, expiresAt);
      await this.#enqueue(trx, now, {
        to: user.email,
        template: 'password_reset',
        data: {
          reset_link: linkTo(this.#settings.publicAppUrl, 'reset-password', token),
          expires_in_minutes: this.#settings.resetTtlMinutes,
          ...(user.full_name === null ? {} : { full_name: user.full_name }),
        },
        correlationId,
        notAfter: expiresAt,
      });
      return true;
    });
    if (wrote) this.#onOutboxWrite();
  }

  async resetPassword(token: string, newPassword: string, correlationId: string): Promise<void> {
    // Check first so that a bad token costs no hashing; check again inside the transaction.
    await this.#usableToken(this.#db, token, 'reset_password', this.#now());
    const passwordHash = await hashPassword(newPassword);
    const now = this.#now();
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#consumeToken(trx, token, 'reset_password', now);
      await trx
        .deleteFrom('tokens')
        .where('user_id', '=', row.user_id)
        .where('purpose', '=', 'reset_password')
        .where('used_at', 'is', null)
        .execute();
      // The reset link proved control of the mailbox, so the address counts as verified.
      await trx
        .updateTable('users')
        .set((eb) => ({
          password_hash: passwordHash,
          updated_at: now.toISOString(),
          verified_at: eb.fn.coalesce('verified_at', eb.val(now.toISOString())),
        }))
        .where('id', '=', row.user_id)
        .execute();
      const user = await trx
        .selectFrom('users')
        .selectAll()
        .where('id', '=', row.user_id)
        .executeTakeFirstOrThrow();
      await this.#enqueue(trx, now, {
        to: user.email,
        template: 'password_changed',
        data: {
          changed_at: now.toISOString(),
          ...(user.full_name === null ? {} : { full_name: user.full_name }),
        },
        correlationId,
      });
    });
    this.#onOutboxWrite();
  }

  /** Deletes tokens that expired before `before` (used or not); returns how many went. */
  async pruneTokens(before: Date): Promise<number> {
    const result = await this.#db
      .deleteFrom('tokens')
      .where('expires_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  #findUser(db: Kysely<Database> | Trx, email: string): Promise<User | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', emailKey(email))
      .executeTakeFirst();
  }

  async #sendVerification(trx: Trx, user: User, now: Date, correlationId: string): Promise<void> {
    const hours = this.#settings.verificationTtlHours;
    const expiresAt = new Date(now.getTime() + hours * HOUR);
    const token = await this.#issueToken(trx, user.id, 'verify_email', now, expiresAt);
    await this.#enqueue(trx, now, {
      to: user.email,
      template: 'verification',
      data: {
        verification_link: linkTo(this.#settings.publicAppUrl, 'verify-email', token),
        expires_in_hours: hours,
        ...(user.full_name === null ? {} : { full_name: user.full_name }),
      },
      correlationId,
      notAfter: expiresAt,
    });
  }

  /** A new token for the purpose; unused older ones stop working. */
  async #issueToken(
    trx: Trx,
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

  async #usableToken(
    db: Kysely<Database> | Trx,
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
   * exactly one updates the row; the others learn why from `#usableToken`.
   */
  async #consumeToken(trx: Trx, token: string, purpose: TokenPurpose, now: Date): Promise<Token> {
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
      await this.#usableToken(trx, token, purpose, now);
      throw tokenError('TOKEN_USED');
    }
    return trx
      .selectFrom('tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirstOrThrow();
  }

  async #enqueue(trx: Trx, now: Date, request: EmailRequest): Promise<void> {
    await enqueueEmail(trx, buildEnvelope(request, now), now);
  }
}

function emailTaken(): AppError {
  return new AppError(
    'EMAIL_ALREADY_REGISTERED',
    409,
    'An account with this email already exists.',
  );
}
