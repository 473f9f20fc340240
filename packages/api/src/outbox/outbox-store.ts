import { randomUUID } from 'node:crypto';
import type { EmailEnvelope, SuppressionRecord } from '@fluentmeet/email-contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, OutboxRow } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Writes the envelope as it will be sent; its id is fixed here, so every retry re-sends the same id. */
export async function enqueueEmail(db: Db, envelope: EmailEnvelope, now: Date): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      envelope_id: envelope.id,
      payload: JSON.stringify(envelope),
      created_at: now.toISOString(),
      published_at: null,
      last_error: null,
      last_attempt_at: null,
      failed_at: null,
    })
    .execute();
}

/** Writes a suppression record for the workers, in the caller's transaction. */
export async function enqueueSuppression(
  db: Db,
  record: SuppressionRecord,
  now: Date,
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      envelope_id: randomUUID(),
      kind: 'suppression',
      payload: JSON.stringify(record),
      created_at: now.toISOString(),
      published_at: null,
      last_error: null,
      last_attempt_at: null,
      failed_at: null,
    })
    .execute();
}

export function pendingBatch(db: Db, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('published_at', 'is', null)
    .where('failed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markPublished(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({
      published_at: at.toISOString(),
      last_attempt_at: at.toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .execute();
}

export async function recordFailure(db: Db, ids: number[], error: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set((eb) => ({
      last_error: error.slice(0, 500),
      last_attempt_at: at.toISOString(),
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', ids)
    .execute();
}

/** Parks a row that can never be published, keeping it for inspection. */
export async function markFailed(db: Db, id: number, error: string, at: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ failed_at: at.toISOString(), last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

export interface OutboxStats {
  pending: number;
  oldestPendingAt: string | null;
  failed: number;
}

export async function outboxStats(db: Db): Promise<OutboxStats> {
  const pending = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('published_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('failed_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    pending: Number(pending.count),
    oldestPendingAt: pending.oldest ?? null,
    failed: Number(failed.count),
  };
}

/** Deletes rows published before `before`; returns how many went. */
export async function prunePublished(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('published_at', 'is not', null)
    .where('published_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
