import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DeliveryEvent } from '../webhooks/mailgun-event.js';
import { statusOf } from './status.js';

type Trx = Transaction<Database>;

export type RecordOutcome = 'recorded' | 'duplicate' | 'replayed';

/**
 * Remembers a webhook's signature token; false when it was seen before (a replay).
 * A token needs keeping only while its timestamp would still be accepted.
 */
export async function rememberToken(trx: Trx, token: string, signedAt: Date): Promise<boolean> {
  const row = await trx
    .insertInto('webhook_tokens')
    .values({ token, signed_at: signedAt.toISOString() })
    .onConflict((oc) => oc.column('token').doNothing())
    .returning('token')
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores the event once by its id; false when it was stored before (Mailgun posted it again). */
export async function storeEvent(trx: Trx, event: DeliveryEvent, now: Date): Promise<boolean> {
  const row = await trx
    .insertInto('delivery_events')
    .values({
      id: event.id,
      envelope_id: event.envelopeId,
      message_id: event.messageId,
      event: event.event,
      severity: event.severity,
      reason: event.reason,
      detail: event.detail,
      recipient: event.recipient,
      template: event.template,
      occurred_at: event.occurredAt,
      received_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves the email's status forward: one statement (insert, or update only when the
 * event ranks higher, or as high and is not older), so concurrent events need no lock.
 */
export async function applyStatus(trx: Trx, event: DeliveryEvent, now: Date): Promise<void> {
  const change = statusOf(event);
  if (change === undefined || event.envelopeId === null) return;
  await trx
    .insertInto('email_status')
    .values({
      envelope_id: event.envelopeId,
      message_id: event.messageId,
      recipient: event.recipient,
      template: event.template,
      status: change.status,
      severity: event.severity,
      reason: event.reason,
      detail: event.detail,
      status_rank: change.rank,
      event_id: event.id,
      occurred_at: event.occurredAt,
      updated_at: now.toISOString(),
    })
    .onConflict((oc) =>
      oc
        .column('envelope_id')
        .doUpdateSet((eb) => ({
          message_id: eb.fn.coalesce('excluded.message_id', 'email_status.message_id'),
          template: eb.fn.coalesce('excluded.template', 'email_status.template'),
          status: eb.ref('excluded.status'),
          severity: eb.ref('excluded.severity'),
          reason: eb.ref('excluded.reason'),
          detail: eb.ref('excluded.detail'),
          status_rank: eb.ref('excluded.status_rank'),
          event_id: eb.ref('excluded.event_id'),
          occurred_at: eb.ref('excluded.occurred_at'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where((eb) =>
          eb.or([
            eb('email_status.status_rank', '<', eb.ref('excluded.status_rank')),
            eb.and([
              eb('email_status.status_rank', '=', eb.ref('excluded.status_rank')),
              eb('email_status.occurred_at', '<=', eb.ref('excluded.occurred_at')),
            ]),
          ]),
        ),
    )
    .execute();
}

/** Deletes events and statuses older than `before`; returns how many rows went. */
export async function pruneDeliveryRecords(db: Kysely<Database>, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  const events = await db
    .deleteFrom('delivery_events')
    .where('received_at', '<', cutoff)
    .executeTakeFirst();
  const statuses = await db
    .deleteFrom('email_status')
    .where('updated_at', '<', cutoff)
    .executeTakeFirst();
  return Number(events.numDeletedRows) + Number(statuses.numDeletedRows);
}

/** Forgets tokens signed before `before` (their webhooks would be refused as stale anyway). */
export async function pruneTokens(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_tokens')
    .where('signed_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
