import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { whenReady } from './not-ready.js';
import { fetchTopicOffsetsWhenReady } from './topic-admin.js';

/** One record of the suppressions topic, in client-neutral form. */
export interface SuppressionInput {
  key: string | null;
  /** `null` for a tombstone. */
  value: Buffer | null;
  partition: number;
  offset: string;
}

export interface SuppressionReaderOptions {
  topic: string;
  /** A group of this process alone: it commits nothing and is deleted on stop. */
  groupId: string;
  sessionTimeoutMs: number;
  /** Called once per record, in offset order per partition; `live` once caught up. */
  apply(record: SuppressionInput, live: boolean): void;
  onCrash(error: Error, restart: boolean): void;
  /** How often to log which partitions are still being read at start. */
  progressLogMs?: number;
}

/**
 * Reads the compacted suppressions topic from the beginning and then follows it.
 * `start` resolves once every partition has been read up to the end offset it had
 * when the reader started, so that the worker takes no email before it knows the
 * whole list. The group is this process's own (every worker needs every record);
 * nothing is committed, and a kafkajs restart re-reads from the beginning, which
 * is why offsets already applied are skipped.
 */
export class SuppressionReader {
  readonly #kafka: Kafka;
  readonly #logger: Logger;
  readonly #options: SuppressionReaderOptions;
  readonly #consumer: Consumer;
  readonly #applied = new Map<number, bigint>();
  readonly #remaining = new Map<number, bigint>();
  #caughtUp = false;
  #markCaughtUp: () => void = () => undefined;
  #failCatchUp: (error: Error) => void = () => undefined;

  constructor(kafka: Kafka, logger: Logger, options: SuppressionReaderOptions) {
    this.#kafka = kafka;
    this.#logger = logger.child({ component: 'suppressions', topic: options.topic });
    this.#options = options;
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
    });
    this.#consumer.on(this.#consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.#failCatchUp(payload.error);
      options.onCrash(payload.error, payload.restart);
    });
  }

  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  /** Connects and reads up to the end offsets seen now; resolves with how many records that took. */
  async start(): Promise<{ records: number; ms: number }> {
    const started = performance.now();
    await this.#readEndOffsets();
    const caughtUp = new Promise<void>((resolve, reject) => {
      this.#markCaughtUp = resolve;
      this.#failCatchUp = reject;
    });
    let records = 0;
    this.#check();
    await this.#consumer.connect();
    await this.#consumer.subscribe({ topics: [this.#options.topic], fromBeginning: true });
    await this.#consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (offset <= (this.#applied.get(partition) ?? -1n)) return;
        const live = this.#caughtUp;
        this.#options.apply(
          {
            key: message.key?.toString('utf8') ?? null,
            value: message.value,
            partition,
            offset: message.offset,
          },
          live,
        );
        this.#applied.set(partition, offset);
        if (!live) records += 1;
        const end = this.#remaining.get(partition);
        if (end !== undefined && offset + 1n >= end) {
          this.#remaining.delete(partition);
          this.#check();
        }
      },
    });
    const progress = setInterval(() => {
      this.#logger.warn(
        { partitions: [...this.#remaining.keys()], applied: Object.fromEntries(this.#applied) },
        'still reading the suppression list; no email is taken until it is read',
      );
    }, this.#options.progressLogMs ?? 30_000);
    try {
      await caughtUp;
    } finally {
      clearInterval(progress);
    }
    return { records, ms: Math.round(performance.now() - started) };
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
    const admin = this.#kafka.admin();
    try {
      await admin.connect();
      await admin.deleteGroups([this.#options.groupId]);
    } catch (error) {
      this.#logger.debug({ err: error }, 'could not delete the suppressions group');
    } finally {
      await admin.disconnect();
    }
  }

  async #readEndOffsets(): Promise<void> {
    const { topic } = this.#options;
    const admin = this.#kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) {
        throw new Error(`the suppressions topic "${topic}" does not exist: run kafka:topics`);
      }
      // On a fresh cluster the group coordinator may still be loading, and the reader's
      // consumer would crash joining: wait until it answers for our group.
      await whenReady(() =>
        admin.fetchOffsets({ groupId: this.#options.groupId, topics: [topic] }),
      );
      for (const { partition, high, low } of await fetchTopicOffsetsWhenReady(admin, topic)) {
        if (BigInt(high) > BigInt(low)) this.#remaining.set(partition, BigInt(high));
      }
    } finally {
      await admin.disconnect();
    }
  }

  #check(): void {
    if (this.#caughtUp || this.#remaining.size > 0) return;
    this.#caughtUp = true;
    this.#markCaughtUp();
  }
}
