import {
  buildSuppression,
  isEmail,
  suppressionKey,
  type SuppressionReason,
} from '@fluentmeet/email-contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database, SuppressionRow } from '../db/schema.js';
import { enqueueSuppression } from '../outbox/outbox-store.js';
import type { DeliveryEvent } from '../webhooks/mailgun-event.js';

type Trx = Transaction<Database>;

/**
 * Suppresses the event's recipient and queues the record for the workers, unless
 * the address is suppressed already, or was lifted after the event happened (a late
 * webhook must not undo an operator's lift). Returns whether it was suppressed now.
 */
export async function suppressForEvent(
  trx: Trx,
  event: DeliveryEvent,
  reason: SuppressionReason,
  now: Date,
): Promise<boolean> {
  if (!isEmail(event.recipient)) return false;
  const row = await trx
    .insertInto('suppressions')
    .values({
      address: event.recipient,
      reason,
      detail: event.detail,
      event_id: event.id,
      suppressed_at: event.occurredAt,
      lifted_at: null,
      lifted_by: null,
      lift_note: null,
      updated_at: now.toISOString(),
    })
    .onConflict((oc) =>
      oc
        .column('address')
        .doUpdateSet((eb) => ({
          reason: eb.ref('excluded.reason'),
          detail: eb.ref('excluded.detail'),
          event_id: eb.ref('excluded.event_id'),
          suppressed_at: eb.ref('excluded.suppressed_at'),
          lifted_at: null,
          lifted_by: null,
          lift_note: null,
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where((eb) =>
          eb.and([
            eb('suppressions.lifted_at', 'is not', null),
            eb('suppressions.lifted_at', '<', eb.ref('excluded.suppressed_at')),
          ]),
        ),
    )
    .returning('address')
    .executeTakeFirst();
  if (row === undefined) return false;
  const record = buildSuppression(
    { address: event.recipient, state: 'suppressed', reason },
    new Date(event.occurredAt),
  );
  await enqueueSuppression(trx, record, now);
  return true;
}

/** Lifts a suppression and queues the `lifted` record; `undefined` when the address is not suppressed. */
export async function liftSuppression(
  trx: Trx,
  address: string,
  by: { operator: string; note: string | undefined },
  now: Date,
): Promise<SuppressionRow | undefined> {
  const key = suppressionKey(address);
  const row = await trx
    .updateTable('suppressions')
    .set({
      lifted_at: now.toISOString(),
      lifted_by: by.operator,
      lift_note: by.note ?? null,
      updated_at: now.toISOString(),
    })
    .where('address', '=', key)
    .where('lifted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const record = buildSuppression(
    { address: key, state: 'lifted', ...(by.note === undefined ? {} : { note: by.note }) },
    now,
  );
  await enqueueSuppression(trx, record, now);
  return row;
}

export function findSuppression(
  db: Kysely<Database> | Trx,
  address: string,
): Promise<SuppressionRow | undefined> {
  return db
    .selectFrom('suppressions')
    .selectAll()
    .where('address', '=', suppressionKey(address))
    .executeTakeFirst();
}
