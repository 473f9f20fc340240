import type { CapturedMessage, MessageFilter, MessageSummary } from './schemas.js';

export type StoreEvent = { type: 'message'; message: CapturedMessage } | { type: 'cleared' };

/** Captured messages in a fixed-size ring: adding past capacity drops the oldest. */
export class MessageStore {
  readonly #ring: (CapturedMessage | undefined)[];
  readonly #byId = new Map<string, CapturedMessage>();
  readonly #listeners = new Set<(event: StoreEvent) => void>();
  #next = 0;
  #size = 0;
  #accepted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`maxMessages must be a positive integer, got ${capacity}`);
    }
    this.#ring = new Array<CapturedMessage | undefined>(capacity);
  }

  add(message: CapturedMessage): void {
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#byId.delete(evicted.id);
    this.#ring[this.#next] = message;
    this.#byId.set(message.id, message);
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
    this.#accepted += 1;
    this.#emit({ type: 'message', message });
  }

  /** Messages accepted since start or the last clear, including those the ring dropped. */
  get accepted(): number {
    return this.#accepted;
  }

  /** Messages held now (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  get(id: string): CapturedMessage | undefined {
    return this.#byId.get(id);
  }

  /** Newest first. */
  list(filter: MessageFilter = {}): CapturedMessage[] {
    const matches = compileFilter(filter);
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const out: CapturedMessage[] = [];
    for (let i = 1; i <= this.#size && out.length < limit; i++) {
      const message = this.#ring[(this.#next - i + this.capacity) % this.capacity];
      if (message !== undefined && matches(message)) out.push(message);
    }
    return out;
  }

  clear(): void {
    this.#ring.fill(undefined);
    this.#byId.clear();
    this.#next = 0;
    this.#size = 0;
    this.#accepted = 0;
    this.#emit({ type: 'cleared' });
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: StoreEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

export function summarize(message: CapturedMessage): MessageSummary {
  const { id, receivedAt, domain, from, to, subject, tags, envelopeId } = message;
  return { id, receivedAt, domain, from, to, subject, tags, envelopeId };
}

/** `Ann <ann@example.com>` → `ann@example.com`; a bare address is lower-cased. */
export function addressOf(recipient: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(recipient);
  return (angle?.[1] ?? recipient).trim().toLowerCase();
}

function compileFilter(filter: MessageFilter): (message: CapturedMessage) => boolean {
  const to = filter.to === undefined ? undefined : addressOf(filter.to);
  const q = filter.q?.toLowerCase();
  return (message) => {
    const recipients = [...message.to, ...message.cc, ...message.bcc];
    if (to !== undefined && !recipients.some((r) => addressOf(r) === to)) return false;
    if (filter.tag !== undefined && !message.tags.includes(filter.tag)) return false;
    if (filter.envelope_id !== undefined && message.envelopeId !== filter.envelope_id) return false;
    if (q !== undefined && q !== '') {
      const inRecipients = recipients.some((r) => r.toLowerCase().includes(q));
      if (!inRecipients && !message.subject.toLowerCase().includes(q)) return false;
    }
    return true;
  };
}
