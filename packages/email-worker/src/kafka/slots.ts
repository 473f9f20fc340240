/** A counting limit on work in flight; `whenFree` resolves at the next release. */
export class Slots {
  readonly #capacity: number;
  #used = 0;
  #waiters: Array<() => void> = [];
  #idle: Array<() => void> = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get used(): number {
    return this.#used;
  }

  get full(): boolean {
    return this.#used >= this.#capacity;
  }

  take(): void {
    this.#used += 1;
  }

  release(): void {
    this.#used -= 1;
    for (const wake of this.#waiters.splice(0)) wake();
    if (this.#used === 0) for (const wake of this.#idle.splice(0)) wake();
  }

  /** Resolves at the next release (the caller re-checks `full`). */
  whenFree(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves when nothing is in flight. */
  whenIdle(): Promise<void> {
    if (this.#used === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
