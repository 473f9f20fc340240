import {
  assertSuppression,
  backoffDelay,
  EmailContractError,
  isEmailEnvelope,
  type EmailEnvelope,
  type SuppressionRecord,
} from '@fluentmeet/email-contracts';
import type { EmailProducer } from '@fluentmeet/email-contracts/producer';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database, OutboxRow } from '../db/schema.js';
import {
  markFailed,
  markPublished,
  pendingBatch,
  prunePublished,
  recordFailure,
} from './outbox-store.js';

/** What the relay needs of a producer: `EmailProducer`, or a fake in route tests. */
export type EmailPublisher = Pick<
  EmailProducer,
  'connect' | 'disconnect' | 'publish' | 'publishSuppressions'
>;

export interface OutboxRelayOptions {
  db: Kysely<Database>;
  producer: EmailPublisher;
  log: FastifyBaseLogger;
  now: () => Date;
  pollIntervalMs: number;
  batchSize: number;
  maxBackoffMs: number;
  retentionMs: number;
  /** How long `stop()` waits for an in-flight publish before giving up on it. */
  stopTimeoutMs?: number;
}

const BASE_BACKOFF_MS = 250;
const PRUNE_INTERVAL_MS = 3_600_000;

function describe(error: unknown): string {
  if (error instanceof EmailContractError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.code}${cause}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}

function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise.then(noop, noop), timeout]).finally(() => clearTimeout(timer));
}

function noop(): void {}

/**
 * Publishes committed outbox rows to Kafka: at once when woken after a commit, on a
 * poll tick otherwise, backing off while Kafka is unreachable. Rows are marked
 * published only after Kafka acknowledged them; nothing here is awaited by a request.
 */
export class OutboxRelay {
  readonly #o: Required<OutboxRelayOptions>;
  #connected = false;
  #running: Promise<void> | undefined;
  #again = false;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #pruneTimer: NodeJS.Timeout | undefined;
  #started = false;
  #stopping = false;

  constructor(options: OutboxRelayOptions) {
    this.#o = { stopTimeoutMs: 3000, ...options };
  }

  /** Whether the producer has connected at least once and not been stopped. */
  get connected(): boolean {
    return this.#connected;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS).unref();
    void this.prune();
    this.wake();
  }

  /** Asks for a publish pass now, unless Kafka is being backed off from. */
  wake(): void {
    if (!this.#started || this.#stopping) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    if (this.#failures > 0) return;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearTimeout(this.#timer);
    clearInterval(this.#pruneTimer);
    if (this.#running !== undefined) await settleWithin(this.#running, this.#o.stopTimeoutMs);
    // One last batch for rows committed just before shutdown, only while Kafka is answering.
    if (this.#running === undefined && this.#connected && this.#failures === 0) {
      await settleWithin(
        this.#publishBatch().catch((error: unknown) => {
          this.#o.log.warn({ err: describe(error) }, 'outbox final publish failed');
        }),
        this.#o.stopTimeoutMs,
      );
    }
    await settleWithin(this.#o.producer.disconnect(), this.#o.stopTimeoutMs);
    this.#connected = false;
  }

  async prune(): Promise<number> {
    const before = new Date(this.#o.now().getTime() - this.#o.retentionMs);
    try {
      const deleted = await prunePublished(this.#o.db, before);
      if (deleted > 0) this.#o.log.info({ deleted }, 'outbox pruned');
      return deleted;
    } catch (error) {
      this.#o.log.warn({ err: error }, 'outbox prune failed');
      return 0;
    }
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.#pass().finally(() => {
        this.#running = undefined;
        this.#afterPass();
      });
    }, delayMs).unref();
  }

  #afterPass(): void {
    if (this.#stopping) return;
    if (this.#failures > 0) {
      this.#schedule(
        backoffDelay(this.#failures, {
          baseDelayMs: BASE_BACKOFF_MS,
          maxDelayMs: this.#o.maxBackoffMs,
        }),
      );
    } else if (this.#again) {
      this.#schedule(0);
    } else {
      this.#schedule(this.#o.pollIntervalMs);
    }
  }

  async #pass(): Promise<void> {
    this.#again = false;
    try {
      if (!this.#connected) {
        await this.#connect();
        this.#connected = true;
        if (this.#stopping) return;
        this.#o.log.info({ failures: this.#failures }, 'outbox relay connected to Kafka');
      }
      let sent: number;
      do {
        sent = await this.#publishBatch();
      } while (sent === this.#o.batchSize && !this.#stopping);
      if (this.#failures > 0)
        this.#o.log.info({ failures: this.#failures }, 'outbox relay recovered');
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      this.#o.log.warn(
        { err: describe(error), failures: this.#failures },
        'outbox publish failed; backing off',
      );
    }
  }

  /** Connects; a failure counts as an attempt for the rows that are waiting. */
  async #connect(): Promise<void> {
    try {
      await this.#o.producer.connect();
    } catch (error) {
      const rows = await pendingBatch(this.#o.db, this.#o.batchSize);
      const ids = rows.map((row) => row.id);
      await recordFailure(this.#o.db, ids, describe(error), this.#o.now());
      throw error;
    }
  }

  /** Publishes one batch; returns how many rows it took (0 when idle). */
  async #publishBatch(): Promise<number> {
    const rows = await pendingBatch(this.#o.db, this.#o.batchSize);
    if (rows.length === 0) return 0;
    const emails: { row: OutboxRow; envelope: EmailEnvelope }[] = [];
    const suppressions: { row: OutboxRow; record: SuppressionRecord }[] = [];
    for (const row of rows) {
      const parsed = this.#parse(row);
      if (parsed === undefined) {
        const code = row.kind === 'email' ? 'ENVELOPE_INVALID' : 'SUPPRESSION_INVALID';
        await markFailed(this.#o.db, row.id, code, this.#o.now());
        this.#o.log.error(
          { outboxId: row.id, envelopeId: row.envelope_id, kind: row.kind },
          'outbox row unpublishable',
        );
      } else if (parsed.kind === 'email') {
        emails.push({ row, envelope: parsed.envelope });
      } else {
        suppressions.push({ row, record: parsed.record });
      }
    }
    if (emails.length > 0) {
      await this.#publishRows(
        emails.map(({ row }) => row.id),
        () => this.#o.producer.publish(emails.map(({ envelope }) => envelope)),
      );
      this.#o.log.info(
        { count: emails.length, envelopeIds: emails.map(({ envelope }) => envelope.id) },
        'outbox published',
      );
    }
    if (suppressions.length > 0) {
      await this.#publishRows(
        suppressions.map(({ row }) => row.id),
        () => this.#o.producer.publishSuppressions(suppressions.map(({ record }) => record)),
      );
      this.#o.log.info(
        {
          count: suppressions.length,
          states: suppressions.map(({ record }) => record.state),
        },
        'outbox published suppression records',
      );
    }
    return rows.length;
  }

  /** Publishes rows of one kind and marks them published only once Kafka acknowledged them. */
  async #publishRows(ids: number[], publish: () => Promise<unknown>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      await recordFailure(this.#o.db, ids, describe(error), this.#o.now());
      throw error;
    }
    await markPublished(this.#o.db, ids, this.#o.now());
  }

  #parse(
    row: OutboxRow,
  ):
    | { kind: 'email'; envelope: EmailEnvelope }
    | { kind: 'suppression'; record: SuppressionRecord }
    | undefined {
    try {
      const value: unknown = JSON.parse(row.payload);
      if (row.kind === 'suppression')
        return { kind: 'suppression', record: assertSuppression(value) };
      return isEmailEnvelope(value) ? { kind: 'email', envelope: value } : undefined;
    } catch {
      return undefined;
    }
  }
}
