import { Kysely } from 'kysely';
import fp from 'fastify-plugin';
import { migrateToLatest } from '../../db/migrations.js';
import { nodeSqliteDialect } from '../../db/node-sqlite-dialect.js';
import type { Database } from '../../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

/** The SQLite database (file, or `:memory:` in tests), migrated before the app answers. */
export default fp(
  async (fastify) => {
    const db = new Kysely<Database>({ dialect: nodeSqliteDialect(fastify.config.DATABASE_PATH) });
    fastify.addHook('onClose', async () => {
      await db.destroy();
    });
    const applied = await migrateToLatest(db);
    if (applied.length > 0) fastify.log.info({ migrations: applied }, 'database migrated');
    fastify.decorate('db', db);
  },
  { name: 'db', dependencies: ['config'] },
);
