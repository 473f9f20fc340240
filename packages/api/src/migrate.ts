import { existsSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { parseEnv } from '@fluentmeet/email-contracts';
import { databaseKind, openDatabase, redactedDatabaseUrl } from './db/database.js';
import { migrateToLatest } from './db/migrations.js';

/**
 * `node dist/migrate.js`: brings the database (DATABASE_URL, else DATABASE_PATH) up to
 * date and exits, without the server, its Kafka or its settings. The Kubernetes
 * db-migrate Job runs it before the API's pods roll; the API also migrates at start,
 * so running it is never required, only earlier.
 */
if (existsSync('.env')) process.loadEnvFile('.env');

const settings = parseEnv(
  Type.Object({
    DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
    DATABASE_PATH: Type.String({ minLength: 1, default: './data/fluentmeet.db' }),
  }),
  process.env,
);

function line(level: number, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), msg, ...fields })}\n`);
}

const where =
  settings.DATABASE_URL === undefined
    ? settings.DATABASE_PATH
    : redactedDatabaseUrl(settings.DATABASE_URL);
const db = openDatabase(settings);
try {
  const applied = await migrateToLatest(db);
  line(30, 'database migrated', { database: databaseKind(settings), where, migrations: applied });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  line(50, 'database migration failed', { database: databaseKind(settings), where, err: message });
  process.exitCode = 1;
} finally {
  await db.destroy();
}
