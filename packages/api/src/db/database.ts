import { Kysely, PostgresAdapter, PostgresDialect } from 'kysely';
import pg from 'pg';
import { nodeSqliteDialect } from './node-sqlite-dialect.js';
import type { Database } from './schema.js';

/** Which database the API runs on: the embedded default, or PostgreSQL for several instances. */
export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseSettings {
  /** `postgres://…`: PostgreSQL; unset: SQLite at `DATABASE_PATH`. */
  DATABASE_URL?: string | undefined;
  DATABASE_PATH: string;
  /** Connections per instance on PostgreSQL. */
  DATABASE_POOL_MAX?: number;
}

export function databaseKind(settings: Pick<DatabaseSettings, 'DATABASE_URL'>): DatabaseKind {
  return settings.DATABASE_URL === undefined ? 'sqlite' : 'postgres';
}

/** Whether a Kysely instance (a migration's, a store's) talks to PostgreSQL. */
export function isPostgres(db: Kysely<unknown> | Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A pool for the URL: `bigint` counts come back as strings and are read with Number(). */
export function postgresPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server (a restart, a failover) must not crash the process;
  // the pool drops it and the next query opens a new connection.
  pool.on('error', () => undefined);
  return pool;
}

/** Opens the configured database. Nothing is migrated here (see `migrateToLatest`). */
export function openDatabase(settings: DatabaseSettings): Kysely<Database> {
  if (settings.DATABASE_URL !== undefined) {
    return new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: postgresPool(settings.DATABASE_URL, settings.DATABASE_POOL_MAX),
      }),
    });
  }
  return new Kysely<Database>({ dialect: nodeSqliteDialect(settings.DATABASE_PATH) });
}

/** `postgres://user:***@host:port/db`: a URL fit for a log line or an error message. */
export function redactedDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}
