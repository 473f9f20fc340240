export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(max, base·2^(attempt-1))].
 * `attempt` counts failures so far (1 for the first retry).
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

/** The wait before the next attempt: the jittered backoff, but never before the provider's `retryAt`. */
export function retryDelay(
  attempt: number,
  retryAt: number | undefined,
  now: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const jittered = backoffDelay(attempt, options, random);
  return retryAt === undefined ? jittered : Math.max(jittered, retryAt - now);
}
