import { randomUUID } from 'node:crypto';
import { createDatabase, type TestDatabase } from '@fluentmeet/testkit';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

/**
 * The database the suite runs on: `API_TEST_DB=postgres` runs every test file against
 * the run's PostgreSQL server (a fresh database per file, a fresh schema per app),
 * otherwise each app gets its own SQLite `:memory:` database.
 */
export const TEST_DB: 'sqlite' | 'postgres' =
  process.env.API_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

let fileDatabase: Promise<TestDatabase> | undefined;

afterAll(async () => {
  if (fileDatabase !== undefined) await (await fileDatabase).drop();
  fileDatabase = undefined;
});

/** This test file's PostgreSQL database (created on first use, dropped after the file). */
export function fileDatabaseUrl(): Promise<string> {
  fileDatabase ??= createDatabase(inject('postgresUrl'), 'api');
  return fileDatabase.then((db) => db.url);
}

/** A new, empty schema in this file's database; the URL connects with it as search_path. */
export async function freshPostgresUrl(): Promise<string> {
  const base = await fileDatabaseUrl();
  const schema = `app_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** The variables that give one app a database of its own. */
export async function freshDatabaseEnv(): Promise<Record<string, string>> {
  if (TEST_DB === 'sqlite') return { DATABASE_PATH: ':memory:' };
  return { DATABASE_URL: await freshPostgresUrl() };
}
