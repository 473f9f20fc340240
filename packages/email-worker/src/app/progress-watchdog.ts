/**
 * The safety net behind every "this can never hang" argument: when records are waiting,
 * the circuit is closed (nothing holds them on purpose) and none has reached a final
 * state for longer than `boundMs`, the process is stuck; `/health/live` then fails so
 * that the orchestrator restarts it and its partitions move to a healthy worker.
 */
export class ProgressWatchdog {
  readonly #boundMs: number;
  readonly #now: () => number;
  #since: number;
  #waiting = 0;

  constructor(boundMs: number, now: () => number = Date.now) {
    this.#boundMs = boundMs;
    this.#now = now;
    this.#since = now();
  }

  /** A record reached a final state, or waiting (re)started for a reason that is not a stall. */
  progress(): void {
    this.#since = this.#now();
  }

  /** Records in flight changed: the clock starts again when waiting begins. */
  waiting(count: number): void {
    if (this.#waiting === 0 && count > 0) this.#since = this.#now();
    this.#waiting = count;
  }

  /** The reason the process counts as stuck, or undefined while it is not. */
  stalled(waiting: number, circuitClosed: boolean): string | undefined {
    if (waiting === 0 || !circuitClosed) {
      this.#since = this.#now();
      return undefined;
    }
    const idleMs = this.#now() - this.#since;
    if (idleMs <= this.#boundMs) return undefined;
    return `no progress: ${waiting} records in flight and none finished for ${idleMs} ms (PROGRESS_WATCHDOG_MS ${this.#boundMs}) while the circuit is closed`;
  }
}
