import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicSet } from '@fluentmeet/email-contracts';
import {
  OffsetTracker,
  type PartitionTracker,
  type TopicPartitionOffset,
} from './offset-tracker.js';
import { retryNotBefore, type InboundRecord } from './records.js';
import { Slots } from './slots.js';
import { whenReady } from './not-ready.js';

export interface IntakeOptions {
  groupId: string;
  topics: Pick<TopicSet, 'email' | 'retry'>;
  concurrency: number;
  commitIntervalMs: number;
  sessionTimeoutMs: number;
  /** Retry records due later than this are not held in the window; their partition pauses. */
  inlineMaxMs: number;
  /** The longest a retry partition is held for its head record (RETRY_MAX_DELAY_MS). */
  maxDelayMs: number;
  /** Processes one record to a final state; rejects only when `signal` aborts. */
  handle(record: InboundRecord, signal: AbortSignal): Promise<void>;
  onJoin(assignment: Record<string, number[]>): void;
  onCrash(error: Error, restart: boolean): void;
  /** `lag` undefined: the partition is no longer ours. */
  onLag(topic: string, partition: number, lag: number | undefined): void;
  onInFlight(count: number): void;
  /**
   * The log start moved past our position (retention deleted records we had not
   * finished): `lost` records will never be delivered.
   */
  onRecordsLost(topic: string, partition: number, lost: number): void;
}

/** Node fires a timer beyond 2^31-1 ms after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The kafkajs edge of the worker: fetches from the work and retry topics,
 * dispatches each record into a bounded window shared by all partitions, and
 * commits per-partition contiguous watermarks itself (autoCommit off).
 */
export class KafkaIntake {
  readonly #options: IntakeOptions;
  readonly #logger: Logger;
  readonly #consumer: Consumer;
  readonly #admin: Admin;
  /** Settles once the trackers were checked against the group's committed offsets after a join. */
  #verified: Promise<void> = Promise.resolve();
  /**
   * The group's committed offsets as last known (read at start, before kafkajs fetches,
   * and updated by our commits): kafkajs overwrites an out-of-range offset with its reset
   * before a join's check can read it, so the loss is measured from here.
   */
  readonly #knownCommitted = new Map<string, number>();
  readonly #offsets = new OffsetTracker();
  readonly #slots: Slots;
  readonly #shutdown = new AbortController();
  readonly #held = new Map<string, NodeJS.Timeout>();
  #pausedAll = false;
  /** A group member right now: between a join and a crash. Commits are only tried then. */
  #member = false;
  #stopping = false;
  #commitTimer: NodeJS.Timeout | undefined;
  #committing: Promise<void> | undefined;

  constructor(kafka: Kafka, logger: Logger, options: IntakeOptions) {
    this.#options = options;
    this.#logger = logger;
    this.#slots = new Slots(options.concurrency);
    this.#consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
      // The window holds WORKER_CONCURRENCY records; kafkajs' 10 MB default fetch
      // would only pile up decoded records (and heap) waiting for a slot.
      maxBytes: 1_048_576,
      maxBytesPerPartition: 262_144,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(500, Math.floor(options.sessionTimeoutMs / 10)),
    });
    this.#admin = kafka.admin();
    const { GROUP_JOIN, CRASH, COMMIT_OFFSETS } = this.#consumer.events;
    // Marked committed only once kafkajs really sent the commit: its `commitOffsets`
    // returns without committing while its runner is not running (e.g. crashing).
    this.#consumer.on(COMMIT_OFFSETS, ({ payload }) => {
      for (const { topic, partitions } of payload.topics) {
        for (const { partition, offset } of partitions) {
          this.#offsets.find(topic, Number(partition))?.markCommitted(Number(offset));
          this.#knownCommitted.set(`${topic}:${partition}`, Number(offset));
        }
      }
    });
    this.#consumer.on(GROUP_JOIN, ({ payload }) => this.#joined(payload.memberAssignment));
    // Trackers survive a kafkajs restart: re-fetched offsets are recognised as in
    // flight or finished instead of being sent again; the next join drops revoked ones.
    this.#consumer.on(CRASH, ({ payload }) => {
      this.#member = false;
      options.onCrash(payload.error, payload.restart);
    });
  }

  get inFlight(): number {
    return this.#slots.used;
  }

  async start(): Promise<void> {
    await this.#admin.connect();
    await this.#readCommitted([this.#options.topics.email, this.#options.topics.retry]);
    await this.#consumer.connect();
    await this.#consumer.subscribe({
      topics: [this.#options.topics.email, this.#options.topics.retry],
      fromBeginning: true,
    });
    await this.#consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.#eachBatch(payload),
    });
    this.#commitTimer = setInterval(() => void this.commit(), this.#options.commitIntervalMs);
  }

  /** Stops or restarts fetching from every partition (provider outage, bad key, shutdown). */
  setPausedAll(paused: boolean): void {
    this.#pausedAll = paused;
    this.#applyPauses();
  }

  /** Commits every partition's finished watermark that is newer than the last commit. */
  commit(): Promise<void> {
    this.#committing ??= this.#commitOnce().finally(() => (this.#committing = undefined));
    return this.#committing;
  }

  /**
   * Stops fetching, waits up to `timeoutMs` for in-flight records, abandons the rest
   * (their offsets stay uncommitted), commits, and leaves the group.
   */
  async stop(timeoutMs: number): Promise<{ abandoned: number }> {
    this.#stopping = true;
    this.setPausedAll(true);
    const timer = new AbortController();
    await Promise.race([
      this.#slots.whenIdle(),
      sleep(timeoutMs, undefined, { signal: timer.signal }).catch(() => undefined),
    ]);
    timer.abort();
    const abandoned = this.#slots.used;
    this.#shutdown.abort(new Error('shutting down'));
    await this.#slots.whenIdle();
    clearInterval(this.#commitTimer);
    for (const timer of this.#held.values()) clearTimeout(timer);
    this.#held.clear();
    await this.#committing; // it may have started before the last records finished
    await this.commit();
    await this.#consumer.disconnect();
    await this.#admin.disconnect();
    return { abandoned };
  }

  async #commitOnce(): Promise<void> {
    const offsets = this.#offsets.uncommitted();
    if (offsets.length === 0 || !this.#member) return;
    try {
      await this.#verified;
      await this.#consumer.commitOffsets(offsets);
      this.#reportLag(offsets);
    } catch (error) {
      this.#logger.warn({ err: error, offsets }, 'offset commit failed; will retry');
    }
  }

  #reportLag(offsets: TopicPartitionOffset[]): void {
    for (const { topic, partition } of offsets) {
      const tracker = this.#offsets.find(topic, partition);
      const base = tracker?.committed ?? tracker?.committable();
      if (tracker?.highWatermark !== undefined && base !== undefined) {
        this.#options.onLag(topic, partition, Math.max(0, tracker.highWatermark - base));
      }
    }
  }

  #joined(assignment: Record<string, number[]>): void {
    this.#member = true;
    const revoked = this.#offsets.retain(assignment);
    for (const { topic, partition } of revoked) {
      this.#options.onLag(topic, partition, undefined);
      const key = `${topic}:${partition}`;
      clearTimeout(this.#held.get(key));
      this.#held.delete(key);
    }
    this.#applyPauses();
    this.#logger.info({ assignment, revoked }, 'joined the consumer group');
    const verified = this.#verify(assignment);
    this.#verified = verified;
    void verified.then(() => this.#options.onJoin(assignment));
  }

  /**
   * A tracker kept across a generation change is trusted only when it agrees with the
   * group's committed offset: while this member was gone (a missed session timeout)
   * another one may have processed the partition and committed further. Such a tracker
   * is dropped (its in-flight work aborted: the other member did it), so that no commit
   * ever moves the group's offset backwards. Also learns where each partition resumes.
   */
  async #verify(assignment: Record<string, number[]>): Promise<void> {
    const topics = Object.keys(assignment).filter((topic) => assignment[topic]!.length > 0);
    if (topics.length === 0) return;
    try {
      const fetched = await this.#admin.fetchOffsets({ groupId: this.#options.groupId, topics });
      for (const { topic, partitions } of fetched) {
        for (const { partition, offset } of partitions) {
          const fetchedOffset = Number(offset);
          // Negative: nothing committed yet, or kafkajs' own reset after an out-of-range fetch.
          const committed =
            fetchedOffset >= 0 ? fetchedOffset : this.#knownCommitted.get(`${topic}:${partition}`);
          if (committed === undefined) continue;
          if (fetchedOffset >= 0) this.#knownCommitted.set(`${topic}:${partition}`, committed);
          const tracker = this.#offsets.find(topic, partition);
          if (tracker === undefined) {
            this.#offsets.get(topic, partition).expectNext(committed);
            continue;
          }
          if (!tracker.agreesWith(committed)) {
            this.#logger.warn(
              { topic, partition, ours: tracker.committed ?? tracker.committable(), committed },
              'the group committed another offset while we were away: our tracker is dropped',
            );
            this.#offsets.reset(topic, partition).expectNext(committed);
          } else {
            tracker.expectNext(committed);
          }
        }
      }
    } catch (error) {
      // Cannot tell: trust nothing kept from before (re-sent records are caught by the dedup cache).
      this.#logger.warn(
        { err: error },
        'committed offsets not readable after the join; trackers reset',
      );
      for (const [topic, partitions] of Object.entries(assignment)) {
        for (const partition of partitions) {
          if (this.#offsets.find(topic, partition) !== undefined)
            this.#offsets.reset(topic, partition);
        }
      }
    }
  }

  async #readCommitted(topics: string[]): Promise<void> {
    // On a fresh cluster the group coordinator may still be loading: ask again for a while.
    const fetched = await whenReady(() =>
      this.#admin.fetchOffsets({ groupId: this.#options.groupId, topics }),
    );
    for (const { topic, partitions } of fetched) {
      for (const { partition, offset } of partitions) {
        if (Number(offset) >= 0) this.#knownCommitted.set(`${topic}:${partition}`, Number(offset));
      }
    }
  }

  /** Age in ms of the oldest dispatched, unfinished record per partition we own. */
  oldestPending(
    now: number = Date.now(),
  ): Array<{ topic: string; partition: number; ageMs: number }> {
    return this.#offsets.oldestPending().map(({ topic, partition, timestamp }) => ({
      topic,
      partition,
      ageMs: Math.max(0, now - timestamp),
    }));
  }

  #applyPauses(): void {
    const topics = [this.#options.topics.email, this.#options.topics.retry];
    try {
      if (this.#pausedAll) {
        this.#consumer.pause(topics.map((topic) => ({ topic })));
        return;
      }
      this.#consumer.resume(topics.map((topic) => ({ topic })));
      for (const key of this.#held.keys()) {
        const at = key.lastIndexOf(':');
        this.#consumer.pause([
          { topic: key.slice(0, at), partitions: [Number(key.slice(at + 1))] },
        ]);
      }
    } catch (error) {
      // The consumer group is not initialised (before run, or while kafkajs restarts); re-applied on join.
      this.#logger.debug({ err: error }, 'pause state not applied yet');
    }
  }

  #isPaused(topic: string, partition: number): boolean {
    return this.#pausedAll || this.#held.has(`${topic}:${partition}`);
  }

  /** Pauses one retry partition until its head record is nearly due. */
  #hold(topic: string, partition: number, delayMs: number): void {
    const key = `${topic}:${partition}`;
    clearTimeout(this.#held.get(key));
    this.#held.set(
      key,
      setTimeout(
        () => {
          this.#held.delete(key);
          this.#applyPauses();
        },
        Math.min(delayMs, MAX_TIMER_MS),
      ),
    );
    this.#applyPauses();
  }

  async #eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    await this.#verified;
    if (!payload.isRunning() || payload.isStale()) return;
    const tracker = this.#offsets.get(topic, partition);
    const first = batch.messages[0];
    const lost = first === undefined ? 0 : tracker.gapBefore(Number(first.offset));
    if (lost > 0) {
      this.#logger.error(
        {
          topic,
          partition,
          lost,
          expected: Number(first!.offset) - lost,
          resumedAt: first!.offset,
        },
        'records were deleted before they were processed (offset out of range: retention shorter than the pause?); they are lost',
      );
      this.#options.onRecordsLost(topic, partition, lost);
    }
    tracker.highWatermark = Number(batch.highWatermark);
    const go = () =>
      payload.isRunning() &&
      !payload.isStale() &&
      !this.#stopping &&
      !this.#isPaused(topic, partition);

    for (const message of batch.messages) {
      if (!go()) break;
      const offset = Number(message.offset);
      if (tracker.state(offset) !== 'new') {
        payload.resolveOffset(message.offset);
        continue;
      }
      const notBefore =
        topic === this.#options.topics.retry
          ? retryNotBefore({ headers: message.headers ?? {} })
          : undefined;
      if (notBefore !== undefined) {
        // Another worker's notBefore is trusted up to RETRY_MAX_DELAY_MS from now.
        const wait =
          Math.min(notBefore - Date.now(), this.#options.maxDelayMs) - this.#options.inlineMaxMs;
        if (wait > 0) {
          this.#hold(topic, partition, wait);
          break;
        }
      }
      while (this.#slots.full) {
        await Promise.race([this.#slots.whenFree(), sleep(1_000)]);
        await payload.heartbeat();
        if (!go()) return;
      }
      if (!this.#offsets.has(topic, partition, tracker)) return;
      tracker.dispatch(offset, Number(message.timestamp));
      this.#run(tracker, this.#record(topic, partition, message));
      payload.resolveOffset(message.offset);
    }
    const base = tracker.committed ?? tracker.committable();
    if (base !== undefined)
      this.#options.onLag(topic, partition, Math.max(0, tracker.highWatermark - base));
  }

  #record(topic: string, partition: number, message: KafkaMessage): InboundRecord {
    return {
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key,
      value: message.value,
      headers: message.headers ?? {},
    };
  }

  #run(tracker: PartitionTracker, record: InboundRecord): void {
    this.#slots.take();
    this.#options.onInFlight(this.#slots.used);
    const signal = AbortSignal.any([tracker.controller.signal, this.#shutdown.signal]);
    const offset = Number(record.offset);
    this.#options
      .handle(record, signal)
      .then(
        () => {
          if (
            tracker.finish(offset) &&
            this.#offsets.has(record.topic, record.partition, tracker)
          ) {
            void this.commit();
          }
        },
        (error: unknown) => {
          const level = signal.aborted ? 'debug' : 'error';
          this.#logger[level](
            { err: error, topic: record.topic, partition: record.partition, offset: record.offset },
            'record abandoned; its offset stays uncommitted',
          );
        },
      )
      .finally(() => {
        this.#slots.release();
        this.#options.onInFlight(this.#slots.used);
      });
  }
}
