import { randomUUID } from 'node:crypto';
import type { Kafka } from '@fluentmeet/email-contracts/producer';
import type { Logger } from 'pino';
import { EmailContractError, maskEmail } from '@fluentmeet/email-contracts';
import { SuppressionList } from '../delivery/suppression-list.js';
import { SuppressionReader, type SuppressionInput } from '../kafka/suppression-reader.js';
import type { createMetrics } from './metrics.js';

export interface Suppressions {
  list: SuppressionList;
  reader: SuppressionReader;
}

/**
 * The suppression list of this worker and the reader that fills it from the
 * compacted topic. Changes that arrive after the first full read are logged one
 * line each (the address masked); the first read is summed up by the caller.
 */
export function createSuppressions(
  kafka: Kafka,
  logger: Logger,
  metrics: ReturnType<typeof createMetrics>,
  options: {
    topic: string;
    consumerGroup: string;
    sessionTimeoutMs: number;
    onCrash: (error: Error, restart: boolean) => void;
  },
): Suppressions {
  const list = new SuppressionList();
  const apply = (record: SuppressionInput, live: boolean) => {
    let change;
    try {
      change = list.apply(record.key, record.value);
    } catch (error) {
      if (!(error instanceof EmailContractError)) throw error;
      logger.warn(
        {
          partition: record.partition,
          offset: record.offset,
          code: error.code,
          err: error.message,
        },
        'suppression record ignored',
      );
      return;
    }
    metrics.suppressedAddresses.set(list.size);
    if (change === undefined || !live) return;
    const fields = {
      to: maskEmail(change.address),
      partition: record.partition,
      offset: record.offset,
    };
    if (change.state === 'suppressed') {
      logger.info(
        { ...fields, suppression: 'suppressed', reason: change.reason, since: change.at },
        'address suppressed: its email is dead-lettered as SUPPRESSED',
      );
    } else {
      logger.info({ ...fields, suppression: 'lifted' }, 'suppression lifted');
    }
  };
  const reader = new SuppressionReader(kafka, logger, {
    topic: options.topic,
    groupId: `${options.consumerGroup}.suppressions.${randomUUID()}`,
    sessionTimeoutMs: options.sessionTimeoutMs,
    apply,
    onCrash: options.onCrash,
  });
  return { list, reader };
}
