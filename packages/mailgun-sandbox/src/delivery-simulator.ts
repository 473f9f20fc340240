import { addressRule } from './address-rules.js';
import { SandboxError } from './errors.js';
import { buildEventData, type EventDetails } from './event-data.js';
import type { EventLog } from './event-log.js';
import type { FaultInjector } from './faults.js';
import { addressOf, type MessageStore } from './message-store.js';
import type { CapturedMessage, DeliveryFaultSpec } from './schemas.js';
import type { WebhookPoster } from './webhook-poster.js';
import type {
  SandboxEvent,
  TriggerEventSpec,
  WebhookDelivery,
  WebhookName,
} from './webhook-schemas.js';

/** The settings that shape events and their webhooks; all can change at run time. */
export interface WebhookSettings {
  urls: Record<WebhookName, string[]>;
  signingKey: string;
  retryScheduleMs: number[];
  /** Wait between `accepted` and the next event of a recipient. */
  deliveryDelayMs: number;
  /** `bounce+…@`, `tempfail+…@`, `complain+…@`, `unsubscribe+…@` choose their outcome. */
  addressRules: boolean;
}

/** A temporary failure is followed this much later unless the rule says otherwise. */
export const DEFAULT_TEMPORARY_RETRY_MS = 1_000;

/**
 * Plays the part of Mailgun after `Queued`: every accepted recipient gets `accepted`, then
 * `delivered` or what a delivery fault or address rule says, each event posted to the
 * webhooks configured for it. Events are timers, so the send answer never waits on them.
 */
export class DeliverySimulator {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly deps: {
      store: MessageStore;
      events: EventLog;
      faults: FaultInjector;
      poster: WebhookPoster;
      settings: WebhookSettings;
    },
  ) {
    deps.store.subscribe((change) => {
      if (change.type === 'message') this.#accept(change.message);
      else this.clear();
    });
  }

  /** Events that happen later to an accepted message (a complaint days after, say). */
  trigger(messageId: string, spec: TriggerEventSpec): SandboxEvent[] {
    const { store } = this.deps;
    const message = store.get(messageId) ?? store.get(`<${messageId.replace(/^<|>$/g, '')}>`);
    if (message === undefined) throw new SandboxError('NOT_FOUND', 'Message not found');
    const all = recipientsOf(message);
    const recipients =
      spec.recipient === undefined
        ? all
        : all.filter((recipient) => recipient === addressOf(spec.recipient ?? ''));
    if (recipients.length === 0) {
      throw new SandboxError(
        'EVENT_INVALID',
        `${spec.recipient} is not a recipient of ${message.id}`,
      );
    }
    return recipients.map((recipient) => this.#emit(message, recipient, { webhook: spec.webhook }));
  }

  /** Posts an event again to the URLs now configured for it, with the same `event-data`. */
  resend(eventId: string): WebhookDelivery[] {
    const event = this.deps.events.get(eventId);
    if (event === undefined) throw new SandboxError('NOT_FOUND', 'Event not found');
    const deliveries = this.#post(event);
    event.deliveries.push(...deliveries);
    return deliveries;
  }

  /** Forgets all events, cancels those still to come and the webhooks not yet delivered. */
  clear(): void {
    this.close();
    this.deps.events.clear();
    this.deps.poster.clear();
  }

  /** Cancels the events still to come. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #accept(message: CapturedMessage): void {
    const { faults, settings } = this.deps;
    for (const recipient of recipientsOf(message)) {
      this.#emit(message, recipient, { webhook: 'accepted' });
      const rule =
        faults.takeOutcome(recipient) ??
        (settings.addressRules ? addressRule(recipient) : undefined);
      this.#plan(message, recipient, rule);
    }
  }

  #plan(message: CapturedMessage, recipient: string, rule: DeliveryFaultSpec | undefined): void {
    const delay = rule?.delayMs ?? this.deps.settings.deliveryDelayMs;
    const later = (ms: number, details: EventDetails, next?: () => void) =>
      this.#after(ms, () => {
        this.#emit(message, recipient, details);
        next?.();
      });
    const failure = { code: rule?.code, smtpMessage: rule?.message };
    switch (rule?.outcome) {
      case undefined:
        return later(delay, { webhook: 'delivered' });
      case 'permanent_fail':
        return later(delay, { webhook: 'permanent_fail', ...failure });
      case 'temporary_fail': {
        const then = rule.then ?? 'delivered';
        const retryMs = rule.thenAfterMs ?? DEFAULT_TEMPORARY_RETRY_MS;
        const retrySeconds = then === 'none' ? undefined : Math.max(1, Math.round(retryMs / 1000));
        return later(delay, { webhook: 'temporary_fail', retrySeconds, ...failure }, () => {
          if (then === 'delivered') later(retryMs, { webhook: 'delivered', attemptNo: 2 });
          if (then === 'permanent_fail') {
            later(retryMs, { webhook: 'permanent_fail', attemptNo: 2, tooOld: true, ...failure });
          }
        });
      }
      case 'complained':
      case 'unsubscribed': {
        const outcome = rule.outcome;
        return later(delay, { webhook: 'delivered' }, () =>
          later(rule.thenAfterMs ?? 0, { webhook: outcome }),
        );
      }
    }
  }

  #after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      action();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  #emit(message: CapturedMessage, recipient: string, details: EventDetails): SandboxEvent {
    const eventData = buildEventData(message, recipient, details, Date.now());
    const event: SandboxEvent = {
      id: eventData.id,
      messageId: message.id,
      ...(message.envelopeId === undefined ? {} : { envelopeId: message.envelopeId }),
      recipient: eventData.recipient,
      webhook: details.webhook,
      eventData,
      deliveries: [],
    };
    this.deps.events.add(event);
    event.deliveries.push(...this.#post(event));
    return event;
  }

  #post(event: SandboxEvent): WebhookDelivery[] {
    return this.deps.settings.urls[event.webhook].map((url) => this.deps.poster.post(event, url));
  }
}

/** Every address the message went to, once each, lower-cased. */
function recipientsOf(message: CapturedMessage): string[] {
  return [...new Set([...message.to, ...message.cc, ...message.bcc].map(addressOf))];
}
