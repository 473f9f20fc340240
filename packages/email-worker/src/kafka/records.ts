import { RETRY_HEADERS } from '@fluentmeet/email-contracts';

type HeaderValue = Buffer | string | Array<Buffer | string> | undefined;

/** A consumed record, in client-neutral form. */
export interface InboundRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Epoch milliseconds, as a string (Kafka's record timestamp). */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, HeaderValue>;
}

/** A record to produce (retry or dead letter). */
export interface OutboundRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string | Buffer>;
}

/** A header as text: the last value when it was sent more than once. */
export function headerText(
  record: Pick<InboundRecord, 'headers'>,
  name: string,
): string | undefined {
  const raw = record.headers[name];
  const value = Array.isArray(raw) ? raw.at(-1) : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** A header as a finite number, or undefined when it is absent or not a number. */
export function headerNumber(
  record: Pick<InboundRecord, 'headers'>,
  name: string,
): number | undefined {
  const text = headerText(record, name);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Epoch ms before which a retry record must not be tried; undefined for work-queue records. */
export function retryNotBefore(record: Pick<InboundRecord, 'headers'>): number | undefined {
  return headerNumber(record, RETRY_HEADERS.notBefore);
}
