import { Type, type Static, type TInteger } from '@sinclair/typebox';

const int = (defaultValue: number, minimum = 0, description?: string): TInteger =>
  Type.Integer({ default: defaultValue, minimum, ...(description ? { description } : {}) });

/** How delivery retries, dead-letters and protects the provider (`RETRY_*`, `CIRCUIT_*`, ...). */
export const DeliveryEnv = Type.Object({
  RETRY_MAX_ATTEMPTS: int(10, 1),
  RETRY_BASE_DELAY_MS: int(1_000, 1),
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
