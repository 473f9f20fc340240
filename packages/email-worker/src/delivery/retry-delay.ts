import { backoffDelay, type BackoffOptions } from '@fluentmeet/email-contracts';

/**
 * The wait before the next attempt: the jittered backoff, but never before the provider's
 * `retryAt`, and never longer than `maxDelayMs` (a provider asking for days is retried at
 * the cap, not trusted blindly).
 */
export function retryDelay(
  attempt: number,
  retryAt: number | undefined,
  now: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const jittered = backoffDelay(attempt, options, random);
  return retryAt === undefined
    ? jittered
    : Math.min(Math.max(jittered, retryAt - now), options.maxDelayMs);
}
