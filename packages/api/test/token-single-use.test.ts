import { randomUUID } from 'node:crypto';
import {
  CompiledQuery,
  Kysely,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AuthService } from '../src/auth/auth-service.js';
import { hashPassword, verifyPassword } from '../src/auth/passwords.js';
import { newToken } from '../src/auth/tokens.js';
import { migrateToLatest } from '../src/db/migrations.js';
import { nodeSqliteDialect } from '../src/db/node-sqlite-dialect.js';
import type { Database, TokenPurpose } from '../src/db/schema.js';
import { build, signup } from './helpers/build.js';
import { linkToken, nthEmail } from './helpers/flows.js';

const CONSUME = /^update "tokens" set "used_at"/;

/**
 * A database on which another request consumes the token between our read of it and
 * our write: what READ COMMITTED allows on PostgreSQL, and SQLite's one writer hides.
 */
function withRivalConsumer(dialect: Dialect): Dialect {
  const race = (connection: DatabaseConnection): DatabaseConnection => ({
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      if (CONSUME.test(query.sql)) {
        await connection.executeQuery(
          CompiledQuery.raw(`update tokens set used_at = 'rival' where token_hash = ?`, [
            query.parameters[1],
          ]),
        );
      }
      return connection.executeQuery<R>(query);
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  });
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: (): Driver => {
      const driver = dialect.createDriver();
      return {
        init: () => driver.init(),
        acquireConnection: async () => race(await driver.acquireConnection()),
        beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
        releaseConnection: (connection) => driver.releaseConnection(connection),
        destroy: () => driver.destroy(),
      };
    },
  };
}

async function serviceWithRival() {
  const db = new Kysely<Database>({ dialect: withRivalConsumer(nodeSqliteDialect(':memory:')) });
  onTestFinished(() => db.destroy());
  await migrateToLatest(db);
  const now = () => new Date();
  const auth = new AuthService({
    db,
    now,
    settings: { publicAppUrl: 'https://app.test', verificationTtlHours: 24, resetTtlMinutes: 60 },
    onOutboxWrite: () => {},
  });
  const userId = randomUUID();
  const stamp = now().toISOString();
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: 'ada@example.com',
      email_key: 'ada@example.com',
      password_hash: await hashPassword('the old passphrase'),
      full_name: null,
      verified_at: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  const tokenFor = async (purpose: TokenPurpose) => {
    const { token, hash } = newToken();
    await db
      .insertInto('tokens')
      .values({
        token_hash: hash,
        user_id: userId,
        purpose,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        used_at: null,
        created_at: stamp,
      })
      .execute();
    return token;
  };
  return { db, auth, tokenFor };
}

describe('a token is used once, whatever the database serialises', () => {
  it('a reset whose token another request used after our check answers TOKEN_USED and changes nothing', async () => {
    const { db, auth, tokenFor } = await serviceWithRival();
    const token = await tokenFor('reset_password');

    await expect(auth.resetPassword(token, 'a brand new passphrase', 'c-1')).rejects.toMatchObject({
      code: 'TOKEN_USED',
    });
    const user = await db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(await verifyPassword(user.password_hash, 'the old passphrase')).toBe(true);
    expect(await db.selectFrom('outbox').selectAll().execute()).toHaveLength(0);
  });

  it('a verification whose token another request used after our check answers TOKEN_USED', async () => {
    const { db, auth, tokenFor } = await serviceWithRival();
    const token = await tokenFor('verify_email');

    await expect(auth.verifyEmail(token)).rejects.toMatchObject({ code: 'TOKEN_USED' });
    const user = await db.selectFrom('users').select('verified_at').executeTakeFirstOrThrow();
    expect(user.verified_at).toBeNull();
  });

  it('20 concurrent resets with one token: exactly one 200, the others TOKEN_USED', async () => {
    const { app, producer } = await build();
    const user = await signup(app);
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      payload: { email: user.email },
    });
    const token = linkToken(await nthEmail(producer, user.email, 'password_reset'));

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/reset-password',
          payload: { token, new_password: `new passphrase number ${i}` },
        }),
      ),
    );

    const statuses = answers.map((res) => res.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const codes = answers
      .filter((res) => res.statusCode !== 200)
      .map((res) => res.json<{ code: string }>().code);
    expect(codes).toEqual(Array.from({ length: 19 }, () => 'TOKEN_USED'));
    const row = await app.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    const winner = statuses.indexOf(200);
    expect(await verifyPassword(row.password_hash, `new passphrase number ${winner}`)).toBe(true);
  });
});
