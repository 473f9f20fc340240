import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Gives up as soon as this process has exited (it will never answer then). */
  process?: { readonly name: string; readonly exited: Promise<unknown> };
  intervalMs?: number;
}

/**
 * Polls `url` until it answers 2xx.
 *
 * @example
 * await waitForHttp(`${apiUrl}/health/ready`, { timeoutMs: 60_000, process: api });
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const { timeoutMs, process: owner, intervalMs = 100 } = options;
  let gone = false;
  void owner?.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${owner?.name} exited before ${url} answered`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
