export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base·2^(attempt-1))].
 * `attempt` counts failures so far (1 for the first retry). The one backoff of the
 * pipeline: the worker's retries and publishes, and the API's outbox relay.
 *
 * @example
 * await sleep(backoffDelay(failures, { baseDelayMs: 250, maxDelayMs: 30_000 }));
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(exponent, 52));
  return Math.floor(random() * ceiling);
}
