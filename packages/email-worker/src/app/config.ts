import { Type, type Static } from '@sinclair/typebox';
import {
  DEFAULT_CONSUMER_GROUP,
  TopicsEnv,
  logLevelEnv,
  parseEnv,
  topicsEnvProblems,
  type EnvSource,
} from '@fluentmeet/email-contracts';
import { kafkaEnv, kafkaEnvProblems } from '@fluentmeet/email-contracts/producer';
import { DeliveryEnv, deliveryEnvProblems } from '../delivery/settings.js';
import { MailgunEnv, mailgunEnvProblems } from '../mailgun/settings.js';

const int = (defaultValue: number, minimum: number, maximum?: number) =>
  Type.Integer({ default: defaultValue, minimum, ...(maximum === undefined ? {} : { maximum }) });

/** How the worker consumes, and its process: group, window, commits, shutdown, health port. */
const ConsumerEnv = Type.Object({
  CONSUMER_GROUP: Type.String({ minLength: 1, default: DEFAULT_CONSUMER_GROUP }),
  WORKER_CONCURRENCY: int(64, 1),
  COMMIT_INTERVAL_MS: int(1_000, 10),
  /**
   * How long the group waits for a silent member (a killed process) before moving its
   * partitions: after a crash their emails wait about this long. A process that cannot
   * heartbeat for this long (a GC pause, a starved CPU) is taken for dead as well; the
   * minimum is the broker's `group.min.session.timeout.ms` default.
   */
  KAFKA_SESSION_TIMEOUT_MS: int(7_000, 6_000),
  SHUTDOWN_TIMEOUT_MS: int(20_000, 0, 2_147_483_647),
  /**
   * After SHUTDOWN_TIMEOUT_MS, how long the final commit and leaving the group may take
   * before the process exits anyway (code 124) even though Kafka does not answer.
   */
  SHUTDOWN_GRACE_MS: int(5_000, 0, 2_147_483_647),
  /**
   * /health/live fails when records wait, the circuit is closed and none finished for this
   * long: the process is stuck and should be restarted. Far above a send's timeouts plus
   * RETRY_INLINE_MAX_MS.
   */
  PROGRESS_WATCHDOG_MS: int(300_000, 1_000, 2_147_483_647),
  /** 0 picks a free port. */
  HEALTH_PORT: int(9464, 0, 65_535),
});

/** Every environment variable of the worker process, each declared once in its fragment. */
export const WorkerEnv = Type.Composite([
  kafkaEnv({ clientId: 'email-worker' }),
  TopicsEnv,
  logLevelEnv(),
  MailgunEnv,
  DeliveryEnv,
  ConsumerEnv,
]);
export type WorkerConfig = Static<typeof WorkerEnv>;

/**
 * Reads the worker configuration from the environment and checks all of it at once.
 * Throws `CONFIG_INVALID` (an `EmailContractError`) naming every problem, never a secret.
 */
export function loadConfig(env: EnvSource = process.env): WorkerConfig {
  return parseEnv(
    WorkerEnv,
    env,
    kafkaEnvProblems,
    topicsEnvProblems,
    mailgunEnvProblems,
    deliveryEnvProblems,
  );
}
