import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import {
  DLQ_HEADERS,
  EmailContractError,
  parseEnvelope,
  toRecord,
} from '@fluentmeet/email-contracts';
import { createProducer } from '@fluentmeet/email-contracts/producer';
import { headerText } from './records.js';

export interface ReplayOptions {
  from: string;
  to: string;
  /** Only dead letters with one of these error codes (all when empty). */
  codes: string[];
  /** Only dead letters whose last failure is at or after this instant. */
  since?: Date;
  until?: Date;
  /** Records per second. */
  rate: number;
  dryRun: boolean;
}

export interface ReplayReport {
  scanned: number;
  replayed: Record<string, number>;
  skippedByFilter: number;
  /** Records whose value is not a valid envelope: replaying them would only dead-letter them again. */
  skippedInvalid: Record<string, number>;
  dryRun: boolean;
}

function deadAt(message: KafkaMessage): number {
  const text = headerText({ headers: message.headers ?? {} }, DLQ_HEADERS.lastFailure);
  const parsed = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(parsed) ? Number(message.timestamp) : parsed;
}

/**
 * Re-publishes dead letters to the work topic: reads the DLQ from the beginning
 * up to the end offsets seen at start (so that it terminates), filters by error
 * code and time, and writes the original key and value with fresh headers.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const report: ReplayReport = {
    scanned: 0,
    replayed: {},
    skippedByFilter: 0,
    skippedInvalid: {},
    dryRun: options.dryRun,
  };
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `email-worker-dlq-replay-${randomUUID()}`;
  const remaining = new Map<number, bigint>();
  try {
    for (const { partition, low, high } of await admin.fetchTopicOffsets(options.from)) {
      if (BigInt(high) > BigInt(low)) remaining.set(partition, BigInt(high));
    }
    if (remaining.size === 0) return report;

    const producer = createProducer(kafka);
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    await producer.connect();
    await consumer.connect();
    const started = Date.now();
    let published = 0;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    try {
      await consumer.subscribe({ topic: options.from, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const end = remaining.get(partition);
          if (end === undefined || BigInt(message.offset) >= end) return;
          report.scanned += 1;
          const code =
            headerText({ headers: message.headers ?? {} }, DLQ_HEADERS.exceptionFqcn) ?? 'UNKNOWN';
          const at = deadAt(message);
          const selected =
            (options.codes.length === 0 || options.codes.includes(code)) &&
            (options.since === undefined || at >= options.since.getTime()) &&
            (options.until === undefined || at <= options.until.getTime());
          if (!selected) report.skippedByFilter += 1;
          else {
            try {
              // Key and headers as the producer writes them; the value stays byte for byte.
              const { key, headers } = toRecord(parseEnvelope(message.value));
              if (!options.dryRun) {
                const due = started + (published * 1_000) / options.rate;
                if (due > Date.now()) await sleep(due - Date.now());
                await producer.send({
                  topic: options.to,
                  acks: -1,
                  messages: [{ key, value: message.value, headers }],
                });
                published += 1;
              }
              report.replayed[code] = (report.replayed[code] ?? 0) + 1;
            } catch (error) {
              if (!(error instanceof EmailContractError)) throw error;
              report.skippedInvalid[code] = (report.skippedInvalid[code] ?? 0) + 1;
            }
          }
          if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (remaining.size === 0) finish();
        },
      });
      await done;
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    await admin.deleteGroups([groupId]).catch(() => undefined);
    return report;
  } finally {
    await admin.disconnect();
  }
}
