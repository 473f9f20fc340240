import type { Kysely } from 'kysely';
import fp from 'fastify-plugin';
import { databaseKind, openDatabase, type DatabaseKind } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrations.js';
import type { Database } from '../../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    /** `postgres` when DATABASE_URL is set (several instances may share it), else `sqlite`. */
    dbKind: DatabaseKind;
  }
}

/**
 * The database: PostgreSQL at DATABASE_URL, else the SQLite file (or `:memory:` in tests),
 * migrated before the app answers. Several instances may migrate one PostgreSQL at once:
 * the migrator takes a lock, so one applies and the others find nothing left to do.
 */
export default fp(
  async (fastify) => {
    const db = openDatabase(fastify.config);
    fastify.addHook('onClose', async () => {
      await db.destroy();
    });
    const applied = await migrateToLatest(db);
    if (applied.length > 0) fastify.log.info({ migrations: applied }, 'database migrated');
    fastify.decorate('db', db);
    fastify.decorate('dbKind', databaseKind(fastify.config));
  },
  { name: 'db', dependencies: ['config'] },
);
