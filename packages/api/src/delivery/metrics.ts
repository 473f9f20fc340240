import { Counter, type Registry } from 'prom-client';

/** What the webhook intake and the operator endpoints count, on the API's registry. */
export function createDeliveryMetrics(registry: Registry) {
  return {
    events: new Counter({
      name: 'fluentmeet_api_delivery_events_total',
      help: 'Mailgun delivery events recorded (each once), by event (accepted, delivered, bounced, failed_temporary, complained, unsubscribed, other) and template',
      labelNames: ['event', 'template'],
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'fluentmeet_api_webhook_requests_total',
      help: 'Webhook requests by result (recorded, duplicate, replayed, signature_invalid, stale, invalid, disabled)',
      labelNames: ['result'],
      registers: [registry],
    }),
    suppressed: new Counter({
      name: 'fluentmeet_api_suppressions_total',
      help: 'Addresses put on the suppression list, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    lifted: new Counter({
      name: 'fluentmeet_api_suppressions_lifted_total',
      help: 'Suppressions lifted by an operator',
      registers: [registry],
    }),
  };
}

export type DeliveryMetrics = ReturnType<typeof createDeliveryMetrics>;
