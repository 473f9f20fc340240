import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageSummary } from '@fluentmeet/mailgun-sandbox';
import { request } from 'undici';

/** The sandbox's JSON API, as the harness uses it. */
export class SandboxClient {
  constructor(readonly url: string) {}

  async #json<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await request(`${this.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) {
      throw new Error(`sandbox ${method} ${path} answered ${response.statusCode}: ${text}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Messages accepted since start or the last clear. */
  async count(): Promise<number> {
    return (await this.#json<{ count: number }>('GET', '/api/messages/count')).count;
  }

  async list(query: Record<string, string | number>): Promise<MessageSummary[]> {
    const search = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return (
      await this.#json<{ items: MessageSummary[] }>('GET', `/api/messages?${search.toString()}`)
    ).items;
  }

  /** `receivedAt` of the newest captured message, epoch ms. */
  async newestReceivedAt(): Promise<number> {
    const [newest] = await this.list({ limit: 1 });
    return newest === undefined ? Number.NaN : Date.parse(newest.receivedAt);
  }

  async clear(): Promise<void> {
    await this.#json('DELETE', '/api/messages');
  }

  async setLatency(latencyMs: number): Promise<void> {
    await this.#json('DELETE', '/api/faults');
    if (latencyMs > 0) await this.#json('POST', '/api/faults', { latencyMs });
  }

  /**
   * Waits until `count()` reaches `target` or `timeoutMs` passes; returns the last count
   * and when it was read.
   */
  async waitForCount(
    target: number,
    timeoutMs: number,
    intervalMs = 100,
  ): Promise<{ count: number; reached: boolean }> {
    const deadline = Date.now() + timeoutMs;
    let count = await this.count();
    while (count < target && Date.now() < deadline) {
      await sleep(intervalMs);
      count = await this.count();
    }
    return { count, reached: count >= target };
  }
}
