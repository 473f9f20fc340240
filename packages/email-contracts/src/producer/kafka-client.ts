import {
  Kafka,
  Partitioners,
  logLevel,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type logCreator,
} from 'kafkajs';
import { kafkaLogLevel } from './kafka-log-level.js';

/** What kafkajs' log lines are written to; a pino logger is one. */
export interface KafkaLogger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

export interface KafkaClientOptions {
  /** Where kafkajs' warnings and errors go; without one kafkajs logs nothing. */
  logger?: KafkaLogger;
  /**
   * Log kafkajs' warnings and errors at debug: for a caller that logs each failure
   * that matters itself (the API's outbox relay), so that an outage is one line per attempt.
   */
  quiet?: boolean;
  /** kafkajs client settings that differ from its defaults. */
  tuning?: Pick<KafkaConfig, 'connectionTimeout' | 'requestTimeout' | 'retry'>;
}

/**
 * The one kafkajs → pino adapter: one structured line per kafkajs entry, tagged
 * `component: kafkajs`, at the level `kafkaLogLevel` gives it.
 */
function logTo(logger: KafkaLogger, quiet: boolean): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const line = { component: 'kafkajs', namespace, ...fields };
      logger[kafkaLogLevel({ namespace, level, message, error: fields.error }, quiet)](
        line,
        message,
      );
    };
}

let negativeTimeoutsIgnored = false;

/**
 * kafkajs 2.2.4 arms timers with a negative delay (tulios/kafkajs#1751), which Node 24
 * reports as a TimeoutNegativeWarning every time. Node then waits 1 ms, as kafkajs
 * meant; kafkajs is unmaintained, so the warning is dropped here, once per process that
 * creates a client, instead of by a node flag in every script that starts one.
 */
function ignoreNegativeTimeoutWarnings(): void {
  if (negativeTimeoutsIgnored) return;
  negativeTimeoutsIgnored = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const kind = rest[0];
    const type = typeof kind === 'string' ? kind : (kind as { type?: unknown } | undefined)?.type;
    if (type !== 'TimeoutNegativeWarning') emitWarning(warning, ...rest);
  };
}

/**
 * The kafkajs client every FluentMeet process uses (producer, worker, topic and replay
 * tools): warnings and errors through `logger`, and no TimeoutNegativeWarning noise.
 *
 * @example
 * const kafka = createKafka(kafkaConfig(config), { logger });
 * const admin = kafka.admin();
 */
export function createKafka(config: KafkaConfig, options: KafkaClientOptions = {}): Kafka {
  ignoreNegativeTimeoutWarnings();
  const { logger, quiet = false, tuning = {} } = options;
  return new Kafka({
    ...config,
    ...tuning,
    logLevel: logger === undefined ? logLevel.NOTHING : logLevel.WARN,
    ...(logger === undefined ? {} : { logCreator: logTo(logger, quiet) }),
  });
}

export interface ProducerOptions {
  /**
   * Let the brokers drop the copies a retry writes (a producer id and a sequence per
   * partition), with what kafkajs requires for it: one request in flight per
   * connection and acks from all in-sync replicas (`acks: -1` on every send). Retries
   * stay at kafkajs' default 5, not its unbounded default for idempotence, so that a
   * send still fails while the cluster is away; after a failed send, start a new
   * producer before the next one (`EmailProducer` does), because kafkajs would reuse
   * the failed send's sequence numbers and a broker could take new records for its
   * copies. Sends must not overlap for the same reason.
   */
  idempotent?: boolean;
}

/**
 * A producer that writes only to existing topics and places keys with the Java
 * client's murmur2 partitioner, so that one recipient's records land in the same
 * partition whichever FluentMeet process (or Java service) wrote them.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...(options.idempotent === true
      ? { idempotent: true, maxInFlightRequests: 1, retry: { retries: 5 } }
      : {}),
  });
}
