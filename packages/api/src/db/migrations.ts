import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { isPostgres } from './database.js';
import type { Database } from './schema.js';

/*
 * One set of migrations for SQLite and PostgreSQL. Times are ISO-8601 UTC text on both
 * (they compare and sort as text); where the dialects differ, the migration says so.
 */

const migrations: Record<string, Migration> = {
  '2026-11-28-0001-init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_key', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('full_name', 'text')
        .addColumn('verified_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('tokens_user_purpose')
        .on('tokens')
        .columns(['user_id', 'purpose'])
        .execute();
      await db.schema
        .createTable('outbox')
        // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT; PostgreSQL: an identity column.
        .addColumn('id', 'integer', (c) =>
          isPostgres(db)
            ? c.primaryKey().generatedByDefaultAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('envelope_id', 'text', (c) => c.notNull().unique())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('last_attempt_at', 'text')
        .addColumn('failed_at', 'text')
        .execute();
      await db.schema
        .createIndex('outbox_pending')
        .on('outbox')
        .columns(['topic', 'id'])
        .where(sql.ref('published_at'), 'is', null)
        .execute();
      await db.schema
        .createIndex('outbox_published_at')
        .on('outbox')
        .column('published_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('outbox').execute();
      await db.schema.dropTable('tokens').execute();
      await db.schema.dropTable('users').execute();
    },
  },
  // The relay publishes every row to EMAIL_TOPIC with the key in its envelope:
  // `topic` and `key` were written and never read.
  '2026-12-02-0002-outbox-without-topic-and-key': {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex('outbox_pending').execute();
      await db.schema.alterTable('outbox').dropColumn('topic').execute();
      await db.schema.alterTable('outbox').dropColumn('key').execute();
      await db.schema
        .createIndex('outbox_pending')
        .on('outbox')
        .column('id')
        .where(sql.ref('published_at'), 'is', null)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('outbox_pending').execute();
      await db.schema
        .alterTable('outbox')
        .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('outbox')
        .addColumn('key', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createIndex('outbox_pending')
        .on('outbox')
        .columns(['topic', 'id'])
        .where(sql.ref('published_at'), 'is', null)
        .execute();
    },
  },
  // Mailgun's delivery events, a status per email, the suppression list, the replay
  // cache of webhook tokens, and outbox rows that carry suppression records.
  '2026-12-17-0003-delivery-events-and-suppressions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('outbox')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('email'))
        .execute();
      await db.schema
        .createTable('webhook_tokens')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_tokens_signed_at')
        .on('webhook_tokens')
        .column('signed_at')
        .execute();
      await db.schema
        .createTable('delivery_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('envelope_id', 'text')
        .addColumn('message_id', 'text')
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('template', 'text')
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('delivery_events_envelope')
        .on('delivery_events')
        .column('envelope_id')
        .execute();
      await db.schema
        .createIndex('delivery_events_received_at')
        .on('delivery_events')
        .column('received_at')
        .execute();
      await db.schema
        .createTable('email_status')
        .addColumn('envelope_id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text')
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('template', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .addColumn('status_rank', 'integer', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('email_status_updated_at')
        .on('email_status')
        .column('updated_at')
        .execute();
      await db.schema
        .createTable('suppressions')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('detail', 'text')
        .addColumn('event_id', 'text')
        .addColumn('suppressed_at', 'text', (c) => c.notNull())
        .addColumn('lifted_at', 'text')
        .addColumn('lifted_by', 'text')
        .addColumn('lift_note', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('suppressions').execute();
      await db.schema.dropTable('email_status').execute();
      await db.schema.dropTable('delivery_events').execute();
      await db.schema.dropTable('webhook_tokens').execute();
      await db.schema.alterTable('outbox').dropColumn('kind').execute();
    },
  },
  // Names are printed into emails, and the envelope now refuses control characters and
  // bidi controls in them: clean the names stored before (a control becomes a space).
  '2026-12-18-0004-full-names-without-controls': {
    async up(db: Kysely<unknown>) {
      const { rows } = await sql<{ id: string; full_name: string }>`
        select id, full_name from users where full_name is not null`.execute(db);
      for (const row of rows) {
        const clean = row.full_name
          .replace(/\p{Cc}+/gu, ' ')
          .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
          .trim();
        if (clean === row.full_name) continue;
        await sql`update users set full_name = ${clean === '' ? null : clean} where id = ${row.id}`.execute(
          db,
        );
      }
    },
    async down() {
      // The characters removed are not kept anywhere; there is nothing to restore.
    },
  },
  // Every email is written in the user's language; accounts from before are English.
  // Schema-builder only (no dialect SQL), so it runs on SQLite and PostgreSQL alike.
  '2026-12-19-0005-user-language': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('users')
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('language').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * On PostgreSQL, Kysely's bookkeeping tables go in the schema the connection works in
 * (`search_path`): it looks for them in every schema otherwise, and a second schema of
 * the same database (another environment, a test's) would pass for this one's.
 */
async function migrator(db: Kysely<Database>): Promise<Migrator> {
  if (!isPostgres(db)) return new Migrator({ db, provider });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined) throw new Error('PostgreSQL has no current schema (check search_path)');
  return new Migrator({ db, provider, migrationTableSchema: schema });
}

/** Migrates up to and including `name` (tests of a migration start from the one before). */
export async function migrateUpTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await (await migrator(db)).migrateTo(name);
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error('Database migration failed', { cause: error });
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await (await migrator(db)).migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error('Database migration failed', { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
