import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { signWebhook } from './signing.js';
import type { SandboxEvent, WebhookDelivery, WebhookStats } from './webhook-schemas.js';

export interface PosterOptions {
  /** Read at each failure, so that a schedule set at run time applies to what is pending. */
  retryScheduleMs: () => readonly number[];
  signingKey: () => string;
  timeoutMs: number;
  /** Most deliveries queued, in flight and waiting to retry together; more are dropped. */
  queueLimit: number;
  concurrency: number;
  logger: FastifyBaseLogger;
  onChange: (event: SandboxEvent, delivery: WebhookDelivery) => void;
}

interface Job {
  event: SandboxEvent;
  delivery: WebhookDelivery;
  generation: number;
  timer?: NodeJS.Timeout;
}

const emptyCounts = () => ({ delivered: 0, rejected: 0, failed: 0, dropped: 0, attempts: 0 });

/**
 * Posts events to webhook URLs as Mailgun does: a JSON body signed afresh for each attempt;
 * 2xx ends it, 406 ends it without retry, anything else (or no answer) is retried on the
 * schedule until it runs out. The send endpoint never waits on any of this.
 */
export class WebhookPoster {
  readonly #options: PosterOptions;
  readonly #agent: Agent;
  readonly #closing = new AbortController();
  #queue: Job[] = [];
  #head = 0;
  readonly #retrying = new Set<Job>();
  readonly #inFlight = new Map<Job, Promise<void>>();
  #counts = emptyCounts();
  #generation = 0;
  #full = false;

  constructor(options: PosterOptions) {
    this.#options = options;
    this.#agent = new Agent({ connections: options.concurrency, keepAliveTimeout: 4_000 });
  }

  /** Queues one event for one URL; the returned record changes as attempts are made. */
  post(event: SandboxEvent, url: string): WebhookDelivery {
    const delivery: WebhookDelivery = { url, state: 'queued', attempts: [] };
    if (this.#closing.signal.aborted) {
      delivery.state = 'cancelled';
      return delivery;
    }
    if (this.#pending() >= this.#options.queueLimit) {
      delivery.state = 'dropped';
      this.#counts.dropped += 1;
      if (!this.#full) {
        this.#full = true;
        this.#options.logger.warn(
          { queueLimit: this.#options.queueLimit },
          'webhook queue full: new webhook deliveries are dropped until it drains',
        );
      }
      return delivery;
    }
    this.#queue.push({ event, delivery, generation: this.#generation });
    this.#pump();
    return delivery;
  }

  stats(): WebhookStats {
    return {
      queued: this.#queue.length - this.#head,
      inFlight: this.#inFlight.size,
      retrying: this.#retrying.size,
      capacity: this.#options.queueLimit,
      ...this.#counts,
    };
  }

  /** Cancels what is queued or waiting to retry and resets the counts. */
  clear(): void {
    this.#cancelAll();
    this.#counts = emptyCounts();
    this.#full = false;
  }

  /** Cancels everything pending, aborts requests in flight and closes the connections. */
  async close(): Promise<void> {
    this.#cancelAll();
    this.#closing.abort();
    await Promise.allSettled(this.#inFlight.values());
    await this.#agent.destroy();
  }

  #cancelAll(): void {
    this.#generation += 1;
    for (const job of this.#queue.slice(this.#head)) job.delivery.state = 'cancelled';
    for (const job of [...this.#retrying, ...this.#inFlight.keys()]) this.#cancel(job);
    this.#queue = [];
    this.#head = 0;
    this.#retrying.clear();
  }

  #pending(): number {
    return this.#queue.length - this.#head + this.#retrying.size + this.#inFlight.size;
  }

  #pump(): void {
    while (this.#inFlight.size < this.#options.concurrency && this.#head < this.#queue.length) {
      const job = this.#queue[this.#head] as Job;
      this.#head += 1;
      this.#inFlight.set(job, this.#attempt(job));
    }
    if (this.#head > 1_024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    if (this.#full && this.#pending() < this.#options.queueLimit) {
      this.#full = false;
      this.#options.logger.info({ dropped: this.#counts.dropped }, 'webhook queue has room again');
    }
  }

  async #attempt(job: Job): Promise<void> {
    const { delivery, event } = job;
    delivery.state = 'in-flight';
    delete delivery.nextAttemptAt;
    this.#options.onChange(event, delivery);
    const at = new Date().toISOString();
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    let statusCode: number | undefined;
    let error: string | undefined;
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mailgun-sandbox/webhooks' },
        body: JSON.stringify({
          signature: signWebhook(this.#options.signingKey()),
          'event-data': event.eventData,
        }),
        dispatcher: this.#agent,
        signal: AbortSignal.any([this.#closing.signal, timeout]),
      });
      statusCode = response.statusCode;
      await response.body.dump();
    } catch (cause) {
      error = timeout.aborted ? 'timeout' : describeError(cause);
    }
    this.#inFlight.delete(job);
    if (job.generation === this.#generation) {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      delivery.attempts.push({
        at,
        ...(statusCode === undefined ? {} : { statusCode }),
        ...(error === undefined ? {} : { error }),
        durationMs,
      });
      this.#counts.attempts += 1;
      this.#settle(job, statusCode);
      this.#options.onChange(event, delivery);
    }
    this.#pump();
  }

  #settle(job: Job, statusCode: number | undefined): void {
    const { delivery } = job;
    if (statusCode !== undefined && statusCode >= 200 && statusCode < 300) {
      delivery.state = 'delivered';
      this.#counts.delivered += 1;
      return;
    }
    if (statusCode === 406) {
      delivery.state = 'rejected';
      this.#counts.rejected += 1;
      return;
    }
    const wait = this.#options.retryScheduleMs()[delivery.attempts.length - 1];
    if (wait === undefined) {
      delivery.state = 'failed';
      this.#counts.failed += 1;
      this.#options.logger.warn(
        { url: safeUrl(delivery.url), attempts: delivery.attempts.length, eventId: job.event.id },
        'webhook delivery gave up: the retry schedule ran out',
      );
      return;
    }
    delivery.state = 'retrying';
    delivery.nextAttemptAt = new Date(Date.now() + wait).toISOString();
    this.#retrying.add(job);
    job.timer = setTimeout(() => {
      this.#retrying.delete(job);
      delivery.state = 'queued';
      this.#queue.push(job);
      this.#pump();
    }, wait);
    job.timer.unref();
  }

  #cancel(job: Job): void {
    clearTimeout(job.timer);
    job.delivery.state = 'cancelled';
    delete job.delivery.nextAttemptAt;
  }
}

function describeError(cause: unknown): string {
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Origin and path only: a URL may carry credentials or tokens in its query. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
