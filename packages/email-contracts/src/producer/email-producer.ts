import type { Kafka, KafkaConfig, Producer, RecordMetadata } from 'kafkajs';
import { TOPICS } from '../constants.js';
import { buildEnvelope, toRecord, type EnvelopeRecord } from '../envelope.js';
import { EmailContractError } from '../errors.js';
import { assertEmailEnvelope } from '../validate.js';
import type { EmailEnvelope, EmailRequest } from '../schemas.js';
import { assertSuppression, suppressionToRecord, type SuppressionRecord } from '../suppression.js';
import { createKafka, createProducer, type KafkaLogger } from './kafka-client.js';

export interface EmailProducerOptions {
  /** A kafkajs client to create the producer from… */
  kafka?: Kafka;
  /** …or a client configuration (see `kafkaConfig`, `kafkaConfigFromEnv`)… */
  config?: KafkaConfig;
  /** …and, with `config`, where kafkajs' warnings and errors go (nowhere without it). */
  logger?: KafkaLogger;
  /** A ready-made kafkajs producer (tests inject one). */
  producer?: Producer;
  /** Topic to publish to; defaults to `notifications.email`. */
  topic?: string;
  /** Topic of `publishSuppressions`; defaults to `notifications.email.suppressions`. */
  suppressionsTopic?: string;
}

/**
 * Most bytes of record values and headers `publish` puts into one request. Kafka
 * refuses a record batch (all records of one partition in one request) over its
 * `message.max.bytes`, 1 MB by default, so a batch of large `custom` envelopes is
 * sent as several requests, one after another (in order); an envelope larger than
 * this on its own (at most ~593 KB, see `CUSTOM_LIMITS`) goes in a request alone.
 */
export const PUBLISH_REQUEST_MAX_BYTES = 524_288;

function recordBytes(record: EnvelopeRecord): number {
  let bytes = Buffer.byteLength(record.key) + Buffer.byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  }
  return bytes;
}

/** Consecutive groups of records of at most `maxBytes` each (a larger record alone). */
export function requestsOf(
  records: readonly EnvelopeRecord[],
  maxBytes: number = PUBLISH_REQUEST_MAX_BYTES,
): EnvelopeRecord[][] {
  const requests: EnvelopeRecord[][] = [];
  let current: EnvelopeRecord[] = [];
  let size = 0;
  for (const record of records) {
    const bytes = recordBytes(record);
    if (current.length > 0 && size + bytes > maxBytes) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export interface PublishedEmail {
  /** The envelope id (UUIDv7). */
  id: string;
  topic: string;
  /** Known when one record was sent. */
  partition: number | undefined;
  /** Known when one record was sent. */
  offset: string | undefined;
}

/**
 * Publishes email envelopes to Kafka with `acks: -1` (all in-sync replicas), once
 * each: an idempotent producer, so that the brokers drop the copies kafkajs writes
 * when it retries a request (a leader that moved, an answer lost with its
 * connection). Sends go out one after another; after a failed one the next starts a
 * new producer id (see `createProducer`). A `producer` you pass in is used as it is.
 *
 * @example
 * const producer = new EmailProducer({ config: kafkaConfigFromEnv(process.env, 'billing') });
 * await producer.connect();
 * await producer.sendEmail({
 *   to: 'ada@example.com',
 *   template: 'password_changed',
 *   data: { changed_at: new Date().toISOString() },
 * });
 * await producer.disconnect();
 */
export class EmailProducer {
  readonly topic: string;
  readonly suppressionsTopic: string;
  /** Makes a fresh kafkajs producer; undefined for one passed in. */
  readonly #create: (() => Producer) | undefined;
  #producer: Producer;
  /** Whether `#producer` itself is connected (a new one connects on its first send). */
  #producerConnected = false;
  #connected = false;
  /** The send in progress: the next one starts after it. */
  #sending: Promise<unknown> = Promise.resolve();

  constructor(options: EmailProducerOptions) {
    this.topic = options.topic ?? TOPICS.email;
    this.suppressionsTopic = options.suppressionsTopic ?? TOPICS.suppressions;
    if (options.producer !== undefined) {
      this.#producer = options.producer;
      return;
    }
    const { config, logger } = options;
    const kafka =
      options.kafka ??
      (config === undefined
        ? undefined
        : createKafka(config, logger === undefined ? {} : { logger }));
    if (kafka === undefined) {
      throw new EmailContractError(
        'CONFIG_INVALID',
        'EmailProducer needs `kafka`, `config` or `producer`',
      );
    }
    this.#create = () => createProducer(kafka, { idempotent: true });
    this.#producer = this.#create();
  }

  get connected(): boolean {
    return this.#connected;
  }

  async connect(): Promise<void> {
    if (this.#connected) return;
    await this.#producer.connect();
    this.#producerConnected = true;
    this.#connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.#connected) return;
    this.#connected = false;
    if (!this.#producerConnected) return;
    this.#producerConnected = false;
    await this.#producer.disconnect();
  }

  /**
   * Validates the request, fills in the metadata and publishes it.
   * Invalid input throws `ENVELOPE_INVALID`/`UNKNOWN_TEMPLATE` and publishes nothing.
   */
  async sendEmail(request: EmailRequest): Promise<PublishedEmail> {
    const envelope = buildEnvelope(request);
    const [published] = await this.publish([envelope]);
    return published!;
  }

  /**
   * Publishes ready-made envelopes (the outbox relay's batch form): in one request, or
   * in several of at most `PUBLISH_REQUEST_MAX_BYTES` each, one after another, when
   * they are large. Every envelope is checked first; if any is invalid, none is sent.
   * When a later request fails, the earlier ones stay published (publish again:
   * the worker de-duplicates by id).
   */
  async publish(envelopes: readonly EmailEnvelope[]): Promise<PublishedEmail[]> {
    const records = envelopes.map((envelope) => toRecord(assertEmailEnvelope(envelope)));
    if (records.length === 0) {
      this.#assertConnected();
      return [];
    }
    let metadata: RecordMetadata[] = [];
    for (const request of requestsOf(records)) {
      metadata = await this.#send(this.topic, request);
    }
    // kafkajs reports one base offset per partition, so exact positions are only
    // known for a single record; batches report the ids.
    const only = envelopes.length === 1 ? metadata[0] : undefined;
    return envelopes.map((envelope) => ({
      id: envelope.id,
      topic: this.topic,
      partition: only?.partition,
      offset: only?.baseOffset,
    }));
  }

  /**
   * Publishes suppression records (key = lower-cased address) to the compacted
   * suppressions topic, which every email worker reads. Every record is checked
   * first (`SUPPRESSION_INVALID`); if any is invalid, none is sent.
   *
   * @example
   * await producer.publishSuppressions([buildSuppression({ address, state: 'lifted' })]);
   */
  async publishSuppressions(records: readonly SuppressionRecord[]): Promise<void> {
    const messages = records.map((record) => suppressionToRecord(assertSuppression(record)));
    await this.#send(this.suppressionsTopic, messages);
  }

  /** Sends after the send in progress, so that sends never overlap (see `createProducer`). */
  #send(topic: string, messages: EnvelopeRecord[]): Promise<RecordMetadata[]> {
    this.#assertConnected();
    if (messages.length === 0) return Promise.resolve([]);
    const sent = this.#sending.then(() => this.#sendNow(topic, messages));
    this.#sending = sent.catch(() => undefined);
    return sent;
  }

  #assertConnected(): void {
    if (!this.#connected) {
      throw new EmailContractError(
        'PRODUCER_NOT_CONNECTED',
        'EmailProducer.connect() must be awaited before sending',
      );
    }
  }

  async #sendNow(topic: string, messages: EnvelopeRecord[]): Promise<RecordMetadata[]> {
    this.#assertConnected();
    try {
      if (!this.#producerConnected) {
        await this.#producer.connect();
        this.#producerConnected = true;
      }
      return await this.#producer.send({ topic, acks: -1, messages });
    } catch (cause) {
      await this.#startNewProducer();
      throw new EmailContractError('PUBLISH_FAILED', `Publishing to ${topic} failed`, {
        cause,
        retryable: true,
      });
    }
  }

  /** Replaces the producer after a failed send, so the next send has a new producer id. */
  async #startNewProducer(): Promise<void> {
    if (this.#create === undefined) return;
    const failed = this.#producer;
    this.#producer = this.#create();
    this.#producerConnected = false;
    // Also after a failed connect, which may have left connections open.
    await failed.disconnect().catch(() => undefined);
  }
}
