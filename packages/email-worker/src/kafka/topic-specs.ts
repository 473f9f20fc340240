import { QUEUE_RETENTION_MS, TOPICS, type TopicSet } from '@fluentmeet/email-contracts';
import type { TopicSpec } from './topic-admin.js';

const HOUR = 3_600_000;

/**
 * The documented topic layout (infra/kafka/README.md). Replication follows the
 * cluster: 3 replicas and min.insync.replicas 2 in production, 1/1 on a single
 * dev broker. The work and retry queues keep records 7 days (`QUEUE_RETENTION_MS`):
 * consumption pauses without limit on a configuration error or an open circuit, and
 * a weekend with a rotated Mailgun key must not lose mail (the links in the records
 * are secrets, but deleting them earlier would lose email, not protect it); dead
 * letters stay 14 days so that someone can look at them and replay. The suppression list is compacted:
 * the latest record per address is kept for good, and daily segments let the
 * cleaner drop superseded ones (it never compacts the segment being written).
 */
export function topicSpecs(
  brokerCount: number,
  options: { partitions?: number; names?: TopicSet } = {},
): TopicSpec[] {
  const names = options.names ?? TOPICS;
  const numPartitions = options.partitions ?? 12;
  const replicationFactor = Math.min(3, Math.max(1, brokerCount));
  const minIsr = String(Math.min(2, replicationFactor));
  const queue = {
    'retention.ms': String(QUEUE_RETENTION_MS),
    'min.insync.replicas': minIsr,
    'cleanup.policy': 'delete',
  };
  return [
    { topic: names.email, numPartitions, replicationFactor, configs: queue },
    { topic: names.retry, numPartitions, replicationFactor, configs: queue },
    {
      topic: names.dlq,
      numPartitions,
      replicationFactor,
      configs: { ...queue, 'retention.ms': String(14 * 24 * HOUR) },
    },
    {
      topic: names.suppressions,
      numPartitions,
      replicationFactor,
      configs: {
        'cleanup.policy': 'compact',
        'min.insync.replicas': minIsr,
        'segment.ms': String(24 * HOUR),
      },
    },
  ];
}
