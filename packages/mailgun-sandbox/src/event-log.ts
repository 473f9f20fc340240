import { addressOf } from './message-store.js';
import type {
  EventFilter,
  MessageStatus,
  SandboxEvent,
  WebhookDelivery,
  WebhookName,
} from './webhook-schemas.js';

export type EventLogChange =
  | { type: 'event'; event: SandboxEvent; status: MessageStatus }
  | { type: 'webhook'; event: SandboxEvent; delivery: WebhookDelivery };

/** Later in this list = says more about the message (a bounce outweighs a delivery). */
const STATUS_WEIGHT: readonly MessageStatus[] = [
  'delivered',
  'accepted',
  'temporary_fail',
  'unsubscribed',
  'complained',
  'permanent_fail',
];

const bare = (messageId: string): string => messageId.replace(/^<|>$/g, '');

/** The events the sandbox produced, oldest first, at most `capacity` (the oldest go first). */
export class EventLog {
  readonly #byId = new Map<string, SandboxEvent>();
  readonly #byMessage = new Map<string, SandboxEvent[]>();
  readonly #listeners = new Set<(change: EventLogChange) => void>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`maxEvents must be a positive integer, got ${capacity}`);
    }
  }

  add(event: SandboxEvent): void {
    if (this.#byId.size >= this.capacity) this.#evictOldest();
    this.#byId.set(event.id, event);
    const key = bare(event.messageId);
    const list = this.#byMessage.get(key);
    if (list === undefined) this.#byMessage.set(key, [event]);
    else list.push(event);
    this.#emit({ type: 'event', event, status: this.status(event.messageId) ?? 'accepted' });
  }

  get(id: string): SandboxEvent | undefined {
    return this.#byId.get(id);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** A message's events, oldest first; its id with or without angle brackets. */
  forMessage(messageId: string): SandboxEvent[] {
    return [...(this.#byMessage.get(bare(messageId)) ?? [])];
  }

  /** Oldest first; with `limit`, the newest `limit` of the matches. */
  list(filter: EventFilter = {}): SandboxEvent[] {
    const source =
      filter.message_id === undefined
        ? [...this.#byId.values()]
        : this.forMessage(filter.message_id);
    const recipient = filter.recipient === undefined ? undefined : addressOf(filter.recipient);
    const matches = source.filter(
      (event) =>
        (filter.envelope_id === undefined || event.envelopeId === filter.envelope_id) &&
        (recipient === undefined || event.recipient === recipient) &&
        (filter.webhook === undefined || event.webhook === filter.webhook),
    );
    return filter.limit === undefined ? matches : matches.slice(-filter.limit);
  }

  /** Per recipient the latest event counts; across recipients the most telling one. */
  status(messageId: string): MessageStatus | undefined {
    const events = this.#byMessage.get(bare(messageId));
    if (events === undefined || events.length === 0) return undefined;
    const latest = new Map<string, WebhookName>();
    for (const event of events) latest.set(event.recipient, event.webhook);
    let status: MessageStatus = 'delivered';
    for (const webhook of latest.values()) {
      if (STATUS_WEIGHT.indexOf(webhook) > STATUS_WEIGHT.indexOf(status)) status = webhook;
    }
    return status;
  }

  /** Tells subscribers that an attempt changed one of an event's deliveries. */
  deliveryChanged(event: SandboxEvent, delivery: WebhookDelivery): void {
    if (this.#byId.get(event.id) === event) this.#emit({ type: 'webhook', event, delivery });
  }

  clear(): void {
    this.#byId.clear();
    this.#byMessage.clear();
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (change: EventLogChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #evictOldest(): void {
    const oldest = this.#byId.values().next().value;
    if (oldest === undefined) return;
    this.#byId.delete(oldest.id);
    const key = bare(oldest.messageId);
    const list = this.#byMessage.get(key);
    list?.shift();
    if (list?.length === 0) this.#byMessage.delete(key);
  }

  #emit(change: EventLogChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
