import { Type, type Static, type TInteger } from '@sinclair/typebox';

/** The longest timer Node sets (2^31-1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

const int = (defaultValue: number, minimum = 0, description?: string): TInteger =>
  Type.Integer({
    default: defaultValue,
    minimum,
    maximum: MAX_TIMER_MS,
    ...(description ? { description } : {}),
  });

/** How delivery retries, dead-letters and protects the provider (`RETRY_*`, `CIRCUIT_*`, ...). */
export const DeliveryEnv = Type.Object({
  RETRY_MAX_ATTEMPTS: int(10, 1),
  RETRY_BASE_DELAY_MS: int(1_000, 1),
  /** The longest wait before a retry: Mailgun's rate-limit waits and `retryAt` are clamped to it. */
  RETRY_MAX_DELAY_MS: int(300_000, 1),
  RETRY_INLINE_MAX_MS: int(10_000, 0),
  CIRCUIT_FAILURE_THRESHOLD: int(5, 1),
  CIRCUIT_PROBE_INTERVAL_MS: int(5_000, 1),
  CIRCUIT_MAX_PROBE_INTERVAL_MS: int(60_000, 1),
  CONFIG_ERROR_PROBE_INTERVAL_MS: int(60_000, 1),
  DEDUP_CACHE_SIZE: int(10_000, 1),
  CLOCK_SKEW_TOLERANCE_MS: int(
    60_000,
    0,
    'How far the clock of the host that stamped notAfter may be behind ours before we drop an email as expired',
  ),
});
export type DeliverySettings = Static<typeof DeliveryEnv>;

export function deliveryEnvProblems(env: DeliverySettings): string[] {
  return env.RETRY_MAX_DELAY_MS < env.RETRY_BASE_DELAY_MS
    ? ['RETRY_MAX_DELAY_MS must not be smaller than RETRY_BASE_DELAY_MS']
    : [];
}
