import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { backoffDelay } from '@fluentmeet/email-contracts';
import { createProducer } from '@fluentmeet/email-contracts/producer';
import type { OutboundRecord } from './records.js';

/** Writes retry and dead-letter records; a write resolves only once all in-sync replicas have it. */
export class KafkaPublisher {
  readonly #producer: Producer;
  readonly #logger: Logger;

  constructor(kafka: Kafka, logger: Logger) {
    this.#producer = createProducer(kafka);
    this.#logger = logger;
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  disconnect(): Promise<void> {
    return this.#producer.disconnect();
  }

  /** Keeps trying (with capped backoff) until acknowledged or `signal` aborts. */
  async publish(topic: string, record: OutboundRecord, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      signal.throwIfAborted();
      try {
        await this.#producer.send({ topic, acks: -1, messages: [record] });
        return;
      } catch (error) {
        const delayMs = backoffDelay(attempt, { baseDelayMs: 200, maxDelayMs: 10_000 });
        this.#logger.warn(
          { topic, attempt, delayMs, err: error },
          'publishing failed; the source offset stays uncommitted until it succeeds',
        );
        await sleep(delayMs, undefined, { signal });
      }
    }
  }
}
