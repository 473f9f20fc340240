/**
 * Stops the whole worker from hammering a provider that fails across the board.
 *
 * - closed: sends go out; `failureThreshold` consecutive transient failures of
 *   different messages open the circuit; one configuration failure (bad key,
 *   unknown domain) moves straight to `config-error`.
 * - open / config-error: callers of `acquire` wait. Every probe interval one
 *   waiter is let through as the probe; its success closes the circuit and
 *   releases everyone, its failure re-opens it with a longer interval (doubling up
 *   to `maxProbeIntervalMs`; a fixed `configErrorProbeIntervalMs` in config-error).
 * A probe can fall due while nobody waits (their partitions were revoked);
 * `wantsTraffic` then turns true so that the owner resumes fetching and the next
 * message becomes the probe.
 *
 * Failures reported while the circuit is not closed are "suppressed": the caller
 * must not charge them to the message's retry budget.
 *
 * Every permit ends with exactly one of `recordSuccess`, `recordFailure` or
 * `release` (the send ended without an answer: aborted, partition revoked). A probe
 * permit that is released frees the probe slot and schedules the next probe, so a
 * probe lost mid-send can never leave the circuit waiting for an outcome for ever.
 */
const MAX_TIMER_MS = 2_147_483_647;

export type CircuitState = 'closed' | 'open' | 'config-error';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  probeIntervalMs: number;
  maxProbeIntervalMs: number;
  configErrorProbeIntervalMs: number;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
  /** Called when `wantsTraffic` may have changed. */
  onTrafficChange?: () => void;
  now?: () => number;
}

export interface Permit {
  readonly probe: boolean;
}

interface Waiter {
  resolve: (permit: Permit) => void;
  reject: (reason: Error) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

const PASS: Permit = { probe: false };

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

export class CircuitBreaker {
  #state: CircuitState = 'closed';
  readonly #options: CircuitBreakerOptions;
  readonly #failingIds = new Set<string>();
  readonly #waiters: Waiter[] = [];
  #interval: number;
  #timer: NodeJS.Timeout | undefined;
  #probeOut = false;
  #probeDue = false;
  /** Probe permits granted and not ended yet (at most one). */
  readonly #probesOut = new WeakSet<Permit>();

  constructor(options: CircuitBreakerOptions) {
    this.#options = options;
    this.#interval = options.probeIntervalMs;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** True while sends may go out: closed, or a probe is due and nobody is waiting to take it. */
  get wantsTraffic(): boolean {
    return this.#state === 'closed' || (this.#probeDue && !this.#probeOut);
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves when a send may go out; `probe` tells the caller it is testing the provider. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (this.#state === 'closed') return Promise.resolve(PASS);
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#probeDue && !this.#probeOut) return Promise.resolve(this.#grantProbe());
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(abortReason(signal));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** The send reached the provider and it answered (delivered or rejected this one message). */
  recordSuccess(permit: Permit): void {
    const probe = this.#settle(permit);
    this.#failingIds.clear();
    if (probe) this.#probeOut = false;
    if (this.#state !== 'closed') this.#close();
  }

  /**
   * Hands a permit back that ended without an outcome (the send was aborted). Safe
   * after an outcome was recorded (then it does nothing), so callers may call it in
   * a `finally`. A released probe frees the probe slot and the next probe is scheduled.
   */
  release(permit: Permit): void {
    if (!this.#settle(permit)) return;
    this.#probeOut = false;
    if (this.#state !== 'closed') this.#schedule(0);
  }

  /**
   * A transient failure (5xx, timeout, rate limit) or a configuration failure.
   * Returns true when the failure is suppressed (circuit not closed).
   */
  recordFailure(
    permit: Permit,
    kind: 'transient' | 'config-error',
    id: string,
    retryAt?: number,
  ): boolean {
    const now = this.#now();
    if (this.#settle(permit)) {
      this.#probeOut = false;
      if (kind === 'config-error') this.#enter('config-error');
      else {
        this.#interval = Math.min(this.#interval * 2, this.#options.maxProbeIntervalMs);
        this.#enter('open');
      }
      this.#schedule(retryAt === undefined ? 0 : retryAt - now);
      return true;
    }
    if (this.#state !== 'closed') {
      if (kind === 'config-error' && this.#state !== 'config-error') {
        this.#enter('config-error');
        this.#schedule(0);
      }
      return true;
    }
    if (kind === 'config-error') {
      this.#enter('config-error');
      this.#schedule(0);
      return true;
    }
    this.#failingIds.add(id);
    if (this.#failingIds.size < this.#options.failureThreshold) return false;
    this.#interval = this.#options.probeIntervalMs;
    this.#enter('open');
    this.#schedule(retryAt === undefined ? 0 : retryAt - now);
    return true;
  }

  /** Stops the probe timer and rejects waiters (shutdown; not to be confused with closing the circuit). */
  stop(reason: Error = new Error('circuit breaker stopped')): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(reason);
    }
  }

  /** Ends a probe permit; false when it is no probe or already ended (its outcome counts as a pass's). */
  #settle(permit: Permit): boolean {
    return this.#probesOut.delete(permit);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #schedule(minimumMs: number): void {
    clearTimeout(this.#timer);
    if (this.#probeDue) {
      this.#probeDue = false;
      this.#options.onTrafficChange?.();
    }
    const interval =
      this.#state === 'config-error' ? this.#options.configErrorProbeIntervalMs : this.#interval;
    // Node fires a timer beyond 2^31-1 ms after 1 ms: never set one (the caller clamps `retryAt`).
    const delay = Math.min(Math.max(interval, minimumMs), MAX_TIMER_MS);
    this.#timer = setTimeout(() => this.#probeTime(), delay);
  }

  #probeTime(): void {
    this.#timer = undefined;
    if (this.#state === 'closed' || this.#probeOut) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.#grantProbe());
      return;
    }
    this.#probeDue = true;
    this.#options.onTrafficChange?.();
  }

  #grantProbe(): Permit {
    const wasDue = this.#probeDue;
    this.#probeDue = false;
    this.#probeOut = true;
    if (wasDue) this.#options.onTrafficChange?.();
    const permit: Permit = { probe: true };
    this.#probesOut.add(permit);
    return permit;
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#probeDue = false;
    this.#probeOut = false;
    this.#interval = this.#options.probeIntervalMs;
    this.#enter('closed');
    for (const waiter of this.#waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(PASS);
    }
  }

  #enter(state: CircuitState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#options.onStateChange?.(state, previous);
    this.#options.onTrafficChange?.();
  }
}
