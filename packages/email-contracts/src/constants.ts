/** Kafka topics of the email pipeline. */
export const TOPICS = {
  /** Work queue: one record per email to send. */
  email: 'notifications.email',
  /** Delayed retries that must not block a partition of the work queue. */
  retry: 'notifications.email.retry',
  /** Dead letters: the original record plus reason headers. */
  dlq: 'notifications.email.dlq',
  /** Compacted: the suppression list, one record per address (key = lower-cased address). */
  suppressions: 'notifications.email.suppressions',
} as const;

/**
 * How long the work and retry topics keep a record (7 days). Every pause of consumption
 * (a rotated Mailgun key, a provider outage) must end within it, or Kafka deletes mail
 * the worker has not sent. Token lifetimes longer than this are warned about at start:
 * an email whose link still works could be lost in an outage it outlives.
 */
export const QUEUE_RETENTION_MS = 7 * 24 * 3_600_000;

/** Consumer group of the email worker. */
export const DEFAULT_CONSUMER_GROUP = 'email-worker';

/** Current envelope version written by this package. */
export const ENVELOPE_VERSION = 1;

/** Current version of the suppression record written by this package. */
export const SUPPRESSION_VERSION = 1;

/** Record headers written by producers of the work queue. */
export const HEADERS = {
  contentType: 'content-type',
  schemaVersion: 'schema-version',
  envelopeId: 'envelope-id',
  correlationId: 'correlation-id',
} as const;

/** Headers of records on the retry topic. */
export const RETRY_HEADERS = {
  /** Deliveries attempted so far (all topics). */
  attempts: 'fm-retry-attempts',
  /** Epoch milliseconds before which the record must not be tried again. */
  notBefore: 'fm-retry-not-before',
  /** ISO time of the first failure. */
  firstFailure: 'fm-retry-first-failure',
  /** Error code of the last failure. */
  lastError: 'fm-retry-last-error',
} as const;

/**
 * Headers of dead letters. The `kafka_dlt-*` names follow Spring Kafka's
 * DeadLetterPublishingRecoverer so that existing tooling can read them.
 */
export const DLQ_HEADERS = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  originalConsumerGroup: 'kafka_dlt-original-consumer-group',
  /** Our stable error code (Spring puts the exception class name here). */
  exceptionFqcn: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  attempts: 'fm-dlt-attempts',
  firstFailure: 'fm-dlt-first-failure',
  lastFailure: 'fm-dlt-last-failure',
} as const;

export const CONTENT_TYPE_JSON = 'application/json';
