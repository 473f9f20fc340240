import { logLevel } from 'kafkajs';

/**
 * kafkajs' messages (by protocol error type) for a cluster that is moving a partition
 * leader or a group coordinator: a fresh cluster, a broker restart, a reassignment.
 * kafkajs retries them itself yet logs them at ERROR; if they persist, the operation
 * fails and its caller reports that (the worker's crash handler, `PUBLISH_FAILED`).
 */
export const CLUSTER_IN_TRANSITION: Readonly<Record<string, string>> = {
  LEADER_NOT_AVAILABLE:
    'There is no leader for this topic-partition as we are in the middle of a leadership election',
  NOT_LEADER_FOR_PARTITION: 'This server is not the leader for that topic-partition',
  GROUP_LOAD_IN_PROGRESS:
    "The coordinator is loading and hence can't process requests for this group",
  GROUP_COORDINATOR_NOT_AVAILABLE: 'The group coordinator is not available',
  NOT_COORDINATOR_FOR_GROUP: 'This is not the correct coordinator for this group',
  NOT_CONTROLLER: 'This is not the correct controller for this cluster',
  FENCED_LEADER_EPOCH: 'The leader epoch in the request is older than the epoch on the broker',
  UNKNOWN_LEADER_EPOCH: 'The leader epoch in the request is newer than the epoch on the broker',
};
const TRANSITION_MESSAGES = Object.values(CLUSTER_IN_TRANSITION);

/**
 * kafkajs warns this once per idempotent producer whose retries are bounded;
 * `EmailProducer` bounds them on purpose and starts a new producer id after a failed
 * send, which is what keeps a later send from being taken for a duplicate.
 */
const BOUNDED_IDEMPOTENT_RETRIES = 'Limiting retries for the idempotent producer';

/**
 * kafkajs' notice, after a consumer crash it retries, that it starts the consumer
 * again: the crash line before it carries the cause at its own level.
 */
const CONSUMER_RESTART = 'Restarting the consumer in';

export type KafkaLogLevel = 'error' | 'warn' | 'debug';

export interface KafkaLogLine {
  namespace: string;
  level: logLevel;
  message: string;
  /** kafkajs puts the protocol error's message here on a failed response. */
  error?: unknown;
}

/**
 * The level a kafkajs entry is logged at: an ERROR line must mean that someone should
 * act, so a cluster in transition is a warning (and each failed response of it, which
 * the layer that retries also reports, is debug), and so is kafkajs restarting a
 * consumer after a crash; everything else keeps kafkajs' level.
 */
export function kafkaLogLevel(line: KafkaLogLine, quiet = false): KafkaLogLevel {
  if (quiet) return 'debug';
  const text = `${line.message} ${typeof line.error === 'string' ? line.error : ''}`;
  if (line.level === logLevel.ERROR) {
    if (line.message.startsWith(CONSUMER_RESTART)) return 'warn';
    if (!TRANSITION_MESSAGES.some((message) => text.includes(message))) return 'error';
    return line.namespace === 'Connection' ? 'debug' : 'warn';
  }
  return line.message.startsWith(BOUNDED_IDEMPOTENT_RETRIES) ? 'debug' : 'warn';
}
