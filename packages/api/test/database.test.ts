import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../src/db/migrations.js';
import { nodeSqliteDialect } from '../src/db/node-sqlite-dialect.js';
import type { Database } from '../src/db/schema.js';
import { build, signup } from './helpers/build.js';
import { nthEmail } from './helpers/flows.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fm-api-db-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('SQLite through node:sqlite and Kysely', () => {
  it('creates the file and its folder, uses WAL, and migrates once', async () => {
    const path = join(tempDir(), 'nested', 'dir', 'api.db');
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(path) });
    onTestFinished(() => db.destroy());
    expect(await migrateToLatest(db)).toEqual([
      '2026-11-28-0001-init',
      '2026-12-02-0002-outbox-without-topic-and-key',
      '2026-12-17-0003-delivery-events-and-suppressions',
      '2026-12-18-0004-full-names-without-controls',
      '2026-12-19-0005-user-language',
    ]);
    expect(await migrateToLatest(db)).toEqual([]);
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    expect(rows[0]?.journal_mode).toBe('wal');
  });

  it('keeps no outbox columns that nothing reads (topic and key live in the envelope)', async () => {
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(':memory:') });
    onTestFinished(() => db.destroy());
    await migrateToLatest(db);
    const { rows } = await sql<{ name: string }>`pragma table_info(outbox)`.execute(db);
    expect(rows.map((row) => row.name)).toEqual([
      'id',
      'envelope_id',
      'payload',
      'created_at',
      'published_at',
      'attempts',
      'last_error',
      'last_attempt_at',
      'failed_at',
      'kind',
    ]);
  });

  it('gives accounts created before languages existed English, and new ones their own', async () => {
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(':memory:') });
    onTestFinished(() => db.destroy());
    await migrateUpTo(db, '2026-12-18-0004-full-names-without-controls');
    const now = new Date().toISOString();
    const row = (id: string) => ({
      id,
      email: `${id}@example.com`,
      email_key: `${id}@example.com`,
      password_hash: 'x',
      full_name: null,
      verified_at: null,
      created_at: now,
      updated_at: now,
    });
    await db.insertInto('users').values(row('old')).execute();
    expect(await migrateToLatest(db)).toEqual(['2026-12-19-0005-user-language']);
    await db
      .insertInto('users')
      .values({ ...row('new'), language: 'fr' })
      .execute();
    const rows = await db.selectFrom('users').select(['id', 'language']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'new', language: 'fr' },
      { id: 'old', language: 'en' },
    ]);
  });

  it('cleans stored names of the control and bidi characters the envelope refuses', async () => {
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(':memory:') });
    onTestFinished(() => db.destroy());
    await migrateUpTo(db, '2026-12-17-0003-delivery-events-and-suppressions');
    const names = ['Ada\tLovelace', '\u202eevil\u202c name', '\u0007', 'Zoë O’Brien', null];
    const now = new Date().toISOString();
    await db
      .insertInto('users')
      .values(
        names.map((full_name, i) => ({
          id: `u${i}`,
          email: `u${i}@example.com`,
          email_key: `u${i}@example.com`,
          password_hash: 'x',
          full_name,
          verified_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    expect(await migrateToLatest(db)).toEqual([
      '2026-12-18-0004-full-names-without-controls',
      '2026-12-19-0005-user-language',
    ]);
    const rows = await db.selectFrom('users').select('full_name').orderBy('id').execute();
    expect(rows.map((row) => row.full_name)).toEqual([
      'Ada Lovelace',
      'evil name',
      null,
      'Zoë O’Brien',
      null,
    ]);
  });

  it('returns rows from RETURNING and counts from plain writes', async () => {
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(':memory:') });
    onTestFinished(() => db.destroy());
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const inserted = await db
      .insertInto('outbox')
      .values({
        envelope_id: 'e1',
        payload: '{}',
        created_at: now,
        published_at: null,
        last_error: null,
        last_attempt_at: null,
        failed_at: null,
      })
      .returning(['id', 'attempts'])
      .executeTakeFirstOrThrow();
    expect(inserted).toEqual({ id: 1, attempts: 0 });
    const updated = await db
      .updateTable('outbox')
      .set({ published_at: now })
      .where('id', '=', 1)
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
  });

  it('rolls back the user when the outbox write fails, so no account exists without its email', async () => {
    const { app, producer, logs } = await build();
    await app.db.schema.dropTable('outbox').execute();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: { email: 'atomic@example.com', password: 'long enough pass' },
    });
    // The answer does not depend on the work behind it; the failure is logged for someone to act.
    expect(res.statusCode).toBe(202);
    await expect
      .poll(() => logs.entries().find((entry) => entry.msg === 'background task failed'))
      .toMatchObject({ level: 50, task: 'signup' });
    expect(await app.db.selectFrom('users').selectAll().execute()).toEqual([]);
    expect(await app.db.selectFrom('tokens').selectAll().execute()).toEqual([]);
    expect(producer.published).toEqual([]);
  });

  it('keeps data in the file across restarts of the app', async () => {
    const path = join(tempDir(), 'api.db');
    const first = await build({ env: { DATABASE_PATH: path } });
    const user = await signup(first.app);
    await first.app.close();
    const second = await build({ env: { DATABASE_PATH: path } });
    await second.app.inject({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      payload: { email: user.email },
    });
    const resent = await nthEmail(second.producer, user.email, 'verification');
    expect(resent.to).toBe(user.email);
    expect(await second.app.db.selectFrom('users').select('id').execute()).toEqual([
      { id: user.id },
    ]);
  });
});
