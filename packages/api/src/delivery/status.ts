import type { SuppressionReason } from '@fluentmeet/email-contracts';
import type { DeliveryStatus } from '../db/schema.js';
import type { DeliveryEvent } from '../webhooks/mailgun-event.js';

export interface StatusChange {
  status: DeliveryStatus;
  /**
   * Events only move an email forward: a later event of a lower rank (a late
   * `delivered` after a complaint, a temporary failure after delivery) changes nothing.
   */
  rank: number;
}

/** The status an event gives its email; `undefined` for events that say nothing about delivery (opened, clicked). */
export function statusOf(event: DeliveryEvent): StatusChange | undefined {
  switch (event.event) {
    case 'accepted':
      return { status: 'accepted', rank: 0 };
    case 'failed':
      return event.severity === 'permanent'
        ? { status: 'failed', rank: 4 }
        : { status: 'failed', rank: 1 };
    case 'delivered':
      return { status: 'delivered', rank: 2 };
    case 'unsubscribed':
      return { status: 'unsubscribed', rank: 3 };
    case 'complained':
      return { status: 'complained', rank: 5 };
    default:
      return undefined;
  }
}

/** Whether the event puts its recipient on the suppression list, and why. */
export function suppressionOf(event: DeliveryEvent): SuppressionReason | undefined {
  if (event.event === 'failed' && event.severity === 'permanent') return 'bounced';
  if (event.event === 'complained') return 'complained';
  if (event.event === 'unsubscribed') return 'unsubscribed';
  return undefined;
}

/** The label a metric counts an event under. */
export function metricEventOf(event: DeliveryEvent): string {
  if (event.event === 'failed')
    return event.severity === 'permanent' ? 'bounced' : 'failed_temporary';
  return ['accepted', 'delivered', 'complained', 'unsubscribed'].includes(event.event)
    ? event.event
    : 'other';
}
