import { backoffDelay, type BackoffOptions } from '@fluentmeet/email-contracts';

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
