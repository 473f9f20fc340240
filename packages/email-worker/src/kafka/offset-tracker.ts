/**
 * Per-partition record of dispatched offsets. The committable position is the
 * contiguous watermark: the lowest unfinished dispatched offset, or one past the
 * highest dispatched offset when everything dispatched is finished. Offsets that
 * were never dispatched (compaction gaps, control records) do not hold it back.
 */
export type DispatchState = 'new' | 'in-flight' | 'finished';

export class PartitionTracker {
  /** Dispatched offsets not yet passed by the watermark, ascending. */
  readonly #pending: number[] = [];
  readonly #finished = new Set<number>();
  /** Every offset below this is finished (or was never ours to process). */
  #floor: number | undefined;
  #committed: number | undefined;
  /** The next offset we expect to read: one past the last dispatched, or the group's commit. */
  #expected: number | undefined;
  /** Record timestamps (epoch ms) of the offsets in `#pending`. */
  readonly #timestamps = new Map<number, number>();
  highWatermark: number | undefined;
  /** Aborted when the partition is revoked, so that its waiting work stops. */
  readonly controller = new AbortController();

  /** What is known about an offset, without registering it. */
  state(offset: number): DispatchState {
    if (this.#floor !== undefined && offset < this.#floor) return 'finished';
    if (this.#finished.has(offset)) return 'finished';
    return this.#pending[this.#search(offset)] === offset ? 'in-flight' : 'new';
  }

  /**
   * Registers a fetched offset. `new` means: process it. `in-flight`/`finished`
   * mean it was re-fetched (after a rebalance or restart of the fetcher) and must
   * not be processed again.
   */
  dispatch(offset: number, timestamp?: number): DispatchState {
    if (this.#floor !== undefined && offset < this.#floor) return 'finished';
    if (this.#finished.has(offset)) return 'finished';
    const last = this.#pending.at(-1);
    if (last === undefined || offset > last) {
      this.#pending.push(offset);
    } else {
      const index = this.#search(offset);
      if (this.#pending[index] === offset) return 'in-flight';
      this.#pending.splice(index, 0, offset);
    }
    if (timestamp !== undefined && Number.isFinite(timestamp))
      this.#timestamps.set(offset, timestamp);
    this.expectNext(offset + 1);
    return 'new';
  }

  /** Records where reading resumes (the group's committed offset); never moves back. */
  expectNext(offset: number): void {
    if (this.#expected === undefined || offset > this.#expected) this.#expected = offset;
  }

  /**
   * How many records were skipped when reading resumes at `offset`: more than 0 means the
   * log start moved past our position (retention deleted them) and the consumer jumped.
   * The work topics are never compacted, so every gap is a loss.
   */
  gapBefore(offset: number): number {
    if (this.#expected === undefined || offset <= this.#expected) return 0;
    const lost = offset - this.#expected;
    this.#expected = offset;
    return lost;
  }

  /**
   * Whether this tracker may be kept after a generation change, given the group's
   * committed offset: it agrees with what we committed, and nobody committed past our
   * unfinished position (another member processed it while we were away).
   */
  agreesWith(committed: number): boolean {
    if (this.#committed !== undefined) return this.#committed === committed;
    const position = this.committable() ?? this.#pending[0];
    return position === undefined || committed <= position;
  }

  /** Timestamp (epoch ms) of the oldest dispatched, unfinished record; undefined when none. */
  oldestPendingTimestamp(): number | undefined {
    for (const offset of this.#pending) {
      if (this.#finished.has(offset)) continue;
      return this.#timestamps.get(offset);
    }
    return undefined;
  }

  /** Marks a dispatched offset finished; returns true when the watermark moved. */
  finish(offset: number): boolean {
    const index = this.#search(offset);
    if (this.#pending[index] !== offset) return false;
    this.#finished.add(offset);
    let moved = false;
    while (this.#pending.length > 0 && this.#finished.has(this.#pending[0]!)) {
      const head = this.#pending.shift()!;
      this.#finished.delete(head);
      this.#timestamps.delete(head);
      this.#floor = head + 1;
      moved = true;
    }
    return moved;
  }

  /** The offset to commit (next offset to read), or undefined when nothing was finished yet. */
  committable(): number | undefined {
    if (this.#floor === undefined) return undefined;
    // The head of #pending is always unfinished and never below the floor.
    return this.#pending[0] ?? this.#floor;
  }

  /** The committable offset when it is newer than the last commit, else undefined. */
  uncommitted(): number | undefined {
    const offset = this.committable();
    if (offset === undefined) return undefined;
    if (this.#committed !== undefined && offset <= this.#committed) return undefined;
    return offset;
  }

  markCommitted(offset: number): void {
    if (this.#committed === undefined || offset > this.#committed) this.#committed = offset;
  }

  get committed(): number | undefined {
    return this.#committed;
  }

  /** Dispatched records not finished yet. */
  get inFlight(): number {
    return this.#pending.length - this.#finished.size;
  }

  #search(offset: number): number {
    let low = 0;
    let high = this.#pending.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#pending[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** Trackers for every partition this consumer currently owns. */
export class OffsetTracker {
  readonly #partitions = new Map<string, PartitionTracker>();

  get(topic: string, partition: number): PartitionTracker {
    const key = `${topic}\u0000${partition}`;
    let tracker = this.#partitions.get(key);
    if (tracker === undefined) {
      tracker = new PartitionTracker();
      this.#partitions.set(key, tracker);
    }
    return tracker;
  }

  /** The tracker of a partition we own, without creating one. */
  find(topic: string, partition: number): PartitionTracker | undefined {
    return this.#partitions.get(`${topic}\u0000${partition}`);
  }

  has(topic: string, partition: number, tracker: PartitionTracker): boolean {
    return this.#partitions.get(`${topic}\u0000${partition}`) === tracker;
  }

  /** Replaces a partition's tracker with a fresh one (the old one's work is aborted). */
  reset(topic: string, partition: number): PartitionTracker {
    const key = `${topic}\u0000${partition}`;
    this.#partitions.get(key)?.controller.abort(new Error('partition tracker reset'));
    const tracker = new PartitionTracker();
    this.#partitions.set(key, tracker);
    return tracker;
  }

  /** The oldest unfinished record's timestamp per partition that has one. */
  oldestPending(): Array<{ topic: string; partition: number; timestamp: number }> {
    const result: Array<{ topic: string; partition: number; timestamp: number }> = [];
    for (const [key, tracker] of this.#partitions) {
      const timestamp = tracker.oldestPendingTimestamp();
      if (timestamp === undefined) continue;
      const [topic, partition] = key.split('\u0000') as [string, string];
      result.push({ topic, partition: Number(partition), timestamp });
    }
    return result;
  }

  /** Forgets partitions not in `assignment` (revoked); returns the forgotten ones. */
  retain(assignment: Record<string, number[]>): Array<{ topic: string; partition: number }> {
    const dropped: Array<{ topic: string; partition: number }> = [];
    for (const key of [...this.#partitions.keys()]) {
      const [topic, partitionText] = key.split('\u0000') as [string, string];
      const partition = Number(partitionText);
      if (!(assignment[topic] ?? []).includes(partition)) {
        this.#partitions.get(key)?.controller.abort(new Error('partition revoked'));
        this.#partitions.delete(key);
        dropped.push({ topic, partition });
      }
    }
    return dropped;
  }

  /** Offsets ready to commit, as kafkajs `commitOffsets` wants them. */
  uncommitted(): TopicPartitionOffset[] {
    const offsets: TopicPartitionOffset[] = [];
    for (const [key, tracker] of this.#partitions) {
      const offset = tracker.uncommitted();
      if (offset === undefined) continue;
      const [topic, partition] = key.split('\u0000') as [string, string];
      offsets.push({ topic, partition: Number(partition), offset: String(offset) });
    }
    return offsets;
  }

  markCommitted(offsets: TopicPartitionOffset[]): void {
    for (const { topic, partition, offset } of offsets) {
      this.#partitions.get(`${topic}\u0000${partition}`)?.markCommitted(Number(offset));
    }
  }
}
