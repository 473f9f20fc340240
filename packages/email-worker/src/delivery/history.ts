import { DLQ_HEADERS, RETRY_HEADERS, redactText } from '@fluentmeet/email-contracts';
import {
  headerNumber,
  headerText,
  retryNotBefore,
  type InboundRecord,
  type OutboundRecord,
} from '../kafka/records.js';

/** What is known about earlier attempts of one email, carried across the retry topic. */
export interface DeliveryHistory {
  attempts: number;
  firstFailure: string | undefined;
  lastError: string | undefined;
  /** Epoch ms before which the record must not be tried (retry records only). */
  notBefore: number | undefined;
  origin: { topic: string; partition: string; offset: string; timestamp: string };
}

const OWN_HEADERS = new Set<string>([
  ...Object.values(RETRY_HEADERS),
  ...Object.values(DLQ_HEADERS),
]);
const MAX_MESSAGE = 1_000;

/** Reads the retry headers; records straight from the work queue start with a blank history. */
export function historyOf(record: InboundRecord): DeliveryHistory {
  const attempts = headerNumber(record, RETRY_HEADERS.attempts);
  const originTopic = headerText(record, DLQ_HEADERS.originalTopic);
  return {
    attempts: attempts === undefined ? 0 : Math.max(0, Math.floor(attempts)),
    firstFailure: headerText(record, RETRY_HEADERS.firstFailure),
    lastError: headerText(record, RETRY_HEADERS.lastError),
    notBefore: retryNotBefore(record),
    origin:
      attempts !== undefined && originTopic !== undefined
        ? {
            topic: originTopic,
            partition: headerText(record, DLQ_HEADERS.originalPartition) ?? '',
            offset: headerText(record, DLQ_HEADERS.originalOffset) ?? '',
            timestamp: headerText(record, DLQ_HEADERS.originalTimestamp) ?? '',
          }
        : {
            topic: record.topic,
            partition: String(record.partition),
            offset: record.offset,
            timestamp: record.timestamp,
          },
  };
}

function passThroughHeaders(record: InboundRecord): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  for (const [name, raw] of Object.entries(record.headers)) {
    if (OWN_HEADERS.has(name) || raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

function originHeaders(history: DeliveryHistory): Record<string, string> {
  return {
    [DLQ_HEADERS.originalTopic]: history.origin.topic,
    [DLQ_HEADERS.originalPartition]: history.origin.partition,
    [DLQ_HEADERS.originalOffset]: history.origin.offset,
    [DLQ_HEADERS.originalTimestamp]: history.origin.timestamp,
  };
}

/** The same key and value, re-published to the retry topic with the history so far. */
export function toRetryRecord(
  record: InboundRecord,
  history: DeliveryHistory,
  next: { notBefore: number; lastError: string; firstFailure: string },
): OutboundRecord {
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...passThroughHeaders(record),
      ...originHeaders(history),
      [RETRY_HEADERS.attempts]: String(history.attempts),
      [RETRY_HEADERS.notBefore]: String(next.notBefore),
      [RETRY_HEADERS.firstFailure]: next.firstFailure,
      [RETRY_HEADERS.lastError]: next.lastError,
    },
  };
}

export interface DeadLetterReason {
  code: string;
  message: string;
  attempts: number;
  firstFailure: string;
  lastFailure: string;
  consumerGroup: string;
}

/** The original key and value, unchanged, with Spring-style reason headers. */
export function toDeadLetter(
  record: InboundRecord,
  history: DeliveryHistory,
  reason: DeadLetterReason,
): OutboundRecord {
  return {
    key: record.key,
    value: record.value,
    headers: {
      ...passThroughHeaders(record),
      ...originHeaders(history),
      [DLQ_HEADERS.originalConsumerGroup]: reason.consumerGroup,
      [DLQ_HEADERS.exceptionFqcn]: reason.code,
      [DLQ_HEADERS.exceptionMessage]: reason.message,
      [DLQ_HEADERS.attempts]: String(reason.attempts),
      [DLQ_HEADERS.firstFailure]: reason.firstFailure,
      [DLQ_HEADERS.lastFailure]: reason.lastFailure,
    },
  };
}

/** An error message fit for a header and a log line: secrets removed, truncated. */
export function safeMessage(message: string, secrets: readonly string[] = []): string {
  const text = redactText(message, secrets);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}
