import { randomUUID } from 'node:crypto';
import { emailKey, normalizeEmail, type Language } from '@fluentmeet/email-contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, User } from '../db/schema.js';
import {
  sendPasswordChanged,
  sendResetLink,
  sendVerification,
  type AuthSettings,
} from './auth-emails.js';
import { hashPassword } from './passwords.js';
import { publicUser, type PublicUser } from './public-user.js';
import { consumeToken, pruneTokens, usableToken } from './token-store.js';

export type { AuthSettings } from './auth-emails.js';

export interface SignupInput {
  email: string;
  password: string;
  full_name?: string | undefined;
  /** The language of every email to this user (the route negotiates one when none is given). */
  language: Language;
}

export interface AuthServiceDeps {
  db: Kysely<Database>;
  settings: AuthSettings;
  now: () => Date;
  /** Called after a transaction that wrote to the outbox has committed. */
  onOutboxWrite: () => void;
}

type Trx = Transaction<Database>;

const SQLITE_CONSTRAINT_UNIQUE = 2067;
const POSTGRES_UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { errcode?: unknown; code?: unknown } | null;
  return e?.errcode === SQLITE_CONSTRAINT_UNIQUE || e?.code === POSTGRES_UNIQUE_VIOLATION;
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

  /**
   * Signup answers alike for every address. `signup` does the work that every address
   * costs (hashing the password) and returns `finish`, the work that depends on who has an
   * account, to run after the answer: a new address gets an account and a verification
   * email; an unverified account a fresh verification email; a verified one an
   * `account_exists` email with a reset link, and nothing about it changes.
   */
  async signup(input: SignupInput, correlationId: string): Promise<() => Promise<void>> {
    // Hashing is slow; it happens before the transaction so it never holds the database.
    const passwordHash = await hashPassword(input.password);
    return async () => {
      try {
        await this.#finishSignup(input, passwordHash, correlationId);
      } catch (error) {
        // Another process created the account between our look-up and our insert.
        if (!isUniqueViolation(error)) throw error;
        await this.#finishSignup(input, passwordHash, correlationId);
      }
      this.#onOutboxWrite();
    };
  }

  async #finishSignup(input: SignupInput, passwordHash: string, correlationId: string) {
    const now = this.#now();
    const stamp = now.toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const existing = await this.#findUser(trx, input.email);
      if (existing === undefined) {
        const user: User = {
          id: randomUUID(),
          email: normalizeEmail(input.email),
          email_key: emailKey(input.email),
          password_hash: passwordHash,
          full_name: input.full_name ?? null,
          language: input.language,
          verified_at: null,
          created_at: stamp,
          updated_at: stamp,
        };
        await trx.insertInto('users').values(user).execute();
        await sendVerification(trx, this.#settings, user, now, correlationId);
      } else if (existing.verified_at === null) {
        // Nobody has proved the mailbox yet: the latest signup's password and name stand,
        // and still only the emailed link makes the account usable.
        const changes = {
          password_hash: passwordHash,
          full_name: input.full_name ?? existing.full_name,
          language: input.language,
          updated_at: stamp,
        };
        await trx.updateTable('users').set(changes).where('id', '=', existing.id).execute();
        await sendVerification(
          trx,
          this.#settings,
          { ...existing, ...changes },
          now,
          correlationId,
        );
      } else {
        await sendResetLink(trx, this.#settings, existing, 'account_exists', now, correlationId);
      }
    });
  }

  async verifyEmail(token: string): Promise<PublicUser> {
    const now = this.#now();
    return this.#db.transaction().execute(async (trx) => {
      const row = await consumeToken(trx, token, 'verify_email', now);
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
      await sendVerification(trx, this.#settings, user, now, correlationId);
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
      await sendResetLink(trx, this.#settings, user, 'password_reset', now, correlationId);
      return true;
    });
    if (wrote) this.#onOutboxWrite();
  }

  async resetPassword(token: string, newPassword: string, correlationId: string): Promise<void> {
    // Check first so that a bad token costs no hashing; check again inside the transaction.
    await usableToken(this.#db, token, 'reset_password', this.#now());
    const passwordHash = await hashPassword(newPassword);
    const now = this.#now();
    await this.#db.transaction().execute(async (trx) => {
      const row = await consumeToken(trx, token, 'reset_password', now);
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
      await sendPasswordChanged(trx, user, now, correlationId);
    });
    this.#onOutboxWrite();
  }

  /** Deletes tokens that expired before `before` (used or not); returns how many went. */
  pruneTokens(before: Date): Promise<number> {
    return pruneTokens(this.#db, before);
  }

  #findUser(db: Kysely<Database> | Trx, email: string): Promise<User | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where('email_key', '=', emailKey(email))
      .executeTakeFirst();
  }
}
