import type { SuppressionReason } from '@fluentmeet/email-contracts';
import type { Kysely } from 'kysely';
import type {
  Database,
  DeliveryEventRow,
  EmailStatusRow,
  OutboxRow,
  SuppressionRow,
} from '../db/schema.js';
import type { DeliveryEvent } from '../webhooks/mailgun-event.js';
import { applyStatus, rememberToken, storeEvent, type RecordOutcome } from './event-store.js';
import { findSuppression, liftSuppression, suppressForEvent } from './suppression-store.js';
import { suppressionOf } from './status.js';

export interface DeliveryServiceDeps {
  db: Kysely<Database>;
  now: () => Date;
  /** Called after a transaction that wrote to the outbox has committed. */
  onOutboxWrite: () => void;
}

export interface RecordResult {
  outcome: RecordOutcome;
  /** Set when this event put its recipient on the suppression list. */
  suppressed?: SuppressionReason;
}

export interface EmailReport {
  status: EmailStatusRow | undefined;
  events: DeliveryEventRow[];
  outbox: Pick<OutboxRow, 'created_at' | 'published_at'> | undefined;
  suppression: SuppressionRow | undefined;
}

/** Delivery events in, statuses and the suppression list out; every change in one transaction. */
export class DeliveryService {
  readonly #db: Kysely<Database>;
  readonly #now: () => Date;
  readonly #onOutboxWrite: () => void;

  constructor(deps: DeliveryServiceDeps) {
    this.#db = deps.db;
    this.#now = deps.now;
    this.#onOutboxWrite = deps.onOutboxWrite;
  }

  /**
   * Records one verified webhook: its token (a second use is a replay), the event
   * (once by id), the email's status, and a suppression when the event calls for one.
   */
  async record(event: DeliveryEvent, token: string, signedAt: Date): Promise<RecordResult> {
    const now = this.#now();
    const result = await this.#db.transaction().execute(async (trx): Promise<RecordResult> => {
      if (!(await rememberToken(trx, token, signedAt))) return { outcome: 'replayed' };
      if (!(await storeEvent(trx, event, now))) return { outcome: 'duplicate' };
      await applyStatus(trx, event, now);
      const reason = suppressionOf(event);
      if (reason !== undefined && (await suppressForEvent(trx, event, reason, now))) {
        return { outcome: 'recorded', suppressed: reason };
      }
      return { outcome: 'recorded' };
    });
    if (result.suppressed !== undefined) this.#onOutboxWrite();
    return result;
  }

  /** Everything known about one email, by envelope id; `undefined` when nothing is. */
  async report(envelopeId: string): Promise<EmailReport | undefined> {
    const status = await this.#db
      .selectFrom('email_status')
      .selectAll()
      .where('envelope_id', '=', envelopeId)
      .executeTakeFirst();
    const events = await this.#db
      .selectFrom('delivery_events')
      .selectAll()
      .where('envelope_id', '=', envelopeId)
      .orderBy('occurred_at')
      .orderBy('received_at')
      .execute();
    const outbox = await this.#db
      .selectFrom('outbox')
      .select(['created_at', 'published_at', 'payload'])
      .where('envelope_id', '=', envelopeId)
      .where('kind', '=', 'email')
      .executeTakeFirst();
    if (status === undefined && events.length === 0 && outbox === undefined) return undefined;
    const recipient = status?.recipient ?? events[0]?.recipient ?? recipientOf(outbox?.payload);
    return {
      status,
      events,
      outbox:
        outbox === undefined
          ? undefined
          : { created_at: outbox.created_at, published_at: outbox.published_at },
      suppression: recipient === undefined ? undefined : await findSuppression(this.#db, recipient),
    };
  }

  findSuppression(address: string): Promise<SuppressionRow | undefined> {
    return findSuppression(this.#db, address);
  }

  /** Lifts a suppression for an operator; `undefined` when the address is not suppressed. */
  async lift(address: string, by: { operator: string; note: string | undefined }) {
    const now = this.#now();
    const row = await this.#db
      .transaction()
      .execute((trx) => liftSuppression(trx, address, by, now));
    if (row !== undefined) this.#onOutboxWrite();
    return row;
  }
}

function recipientOf(payload: string | undefined): string | undefined {
  if (payload === undefined) return undefined;
  const to = (JSON.parse(payload) as { to?: unknown }).to;
  return typeof to === 'string' ? to : undefined;
}
