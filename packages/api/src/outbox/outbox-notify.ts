import { sql, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/schema.js';

/** The PostgreSQL channel an outbox write notifies, and every instance's relay listens on. */
export const OUTBOX_CHANNEL = 'fluentmeet_outbox';

/**
 * Notifies every listening instance, in the caller's transaction: PostgreSQL delivers
 * the notification when (and only if) the transaction commits, once per transaction.
 */
export async function notifyOutbox(trx: Kysely<Database> | Transaction<Database>): Promise<void> {
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(trx);
}

export interface OutboxListenerOptions {
  url: string;
  log: FastifyBaseLogger;
  /** Called for each notification (the relay's `wake`). */
  onNotify: () => void;
  /** Delay before reconnecting after the connection was lost. */
  reconnectMs?: number;
}

/**
 * One dedicated connection per instance that `LISTEN`s on the outbox channel, so a commit
 * on any instance wakes this instance's relay at once. Losing it costs latency only: the
 * relay still polls; the listener reconnects and wakes the relay once it is back (rows
 * committed while it was away are found by that pass).
 */
export class OutboxListener {
  readonly #o: Required<OutboxListenerOptions>;
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: OutboxListenerOptions) {
    this.#o = { reconnectMs: 1000, ...options };
  }

  async start(): Promise<void> {
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({
      connectionString: this.#o.url,
      connectionTimeoutMillis: 10_000,
    });
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) this.#o.onNotify();
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.#lost(client, error);
      return;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#o.onNotify();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#stopped || (this.#client !== undefined && this.#client !== client)) return;
    if (this.#client === undefined && this.#timer !== undefined) return;
    this.#client = undefined;
    client.removeAllListeners('end');
    void client.end().catch(() => undefined);
    this.#o.log.warn(
      { err: error instanceof Error ? error.message : undefined },
      'outbox listener lost its PostgreSQL connection; polling until it is back',
    );
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#connect();
    }, this.#o.reconnectMs).unref();
  }
}
