/**
 * Error types a broker answers for a moment while something new is being set up: a new
 * topic's leaders being elected or announced, a group coordinator (the internal offsets
 * topic) being created or loaded on a fresh cluster. Worth asking again; anything else is not.
 */
const NOT_READY = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'REPLICA_NOT_AVAILABLE',
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]);

export function isNotReady(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && NOT_READY.has(type);
}

/**
 * Runs `request`, asking again with a growing pause (50 ms doubling, at most 1 s) while the
 * broker answers that it is not ready yet, for up to `timeoutMs`. `beforeRetry` may refresh
 * the client's metadata. Other errors, and a not-ready answer past the deadline, are thrown.
 */
export async function whenReady<T>(
  request: () => Promise<T>,
  {
    timeoutMs = 30_000,
    beforeRetry,
  }: { timeoutMs?: number; beforeRetry?: () => Promise<unknown> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (!isNotReady(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000)));
      await beforeRetry?.().catch(() => undefined);
    }
  }
}
