import { Counter, Histogram, type Registry } from 'prom-client';

/** What delivery counts, on the worker's registry. */
export function createDeliveryMetrics(registry: Registry) {
  return {
    sent: new Counter({
      name: 'email_worker_sent_total',
      help: 'Emails accepted by Mailgun',
      labelNames: ['template'],
      registers: [registry],
    }),
    failed: new Counter({
      name: 'email_worker_failed_total',
      help: 'Failed send attempts and unprocessable records, by class',
      labelNames: ['class', 'code'],
      registers: [registry],
    }),
    retried: new Counter({
      name: 'email_worker_retried_total',
      help: 'Retries scheduled: inline (in the window) or via the retry topic',
      labelNames: ['via'],
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'email_worker_dead_lettered_total',
      help: 'Records written to the dead-letter topic, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    suppressed: new Counter({
      name: 'email_worker_suppressed_total',
      help: 'Emails not sent because the address is on the suppression list (dead-lettered as SUPPRESSED)',
      labelNames: ['template'],
      registers: [registry],
    }),
    localeFallback: new Counter({
      name: 'email_worker_locale_fallback_total',
      help: 'Renders whose envelope locale has no templates: kind=language (pt-BR as pt) or default (English)',
      labelNames: ['kind', 'language'],
      registers: [registry],
    }),
    duplicatesSkipped: new Counter({
      name: 'email_worker_duplicates_skipped_total',
      help: 'Re-delivered envelopes skipped because this process already sent them',
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'email_worker_mailgun_latency_seconds',
      help: 'Mailgun send latency by outcome kind',
      labelNames: ['outcome'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

export type DeliveryMetrics = ReturnType<typeof createDeliveryMetrics>;
