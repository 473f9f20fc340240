import { EmailContractError } from '@fluentmeet/email-contracts';
import { loadConfig, type WorkerConfig } from './app/config.js';
import { createLogger } from './app/logger.js';
import { startWorker, type WorkerHandle } from './app/start-worker.js';

// The process wrapper: configuration, signals and exit codes. The worker itself is app/start-worker.ts.
const logger = createLogger('info'); // LOG_LEVEL itself is validated with the rest

let config: WorkerConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof EmailContractError && error.code === 'CONFIG_INVALID')) throw error;
  const problems = error.details.map((issue) => issue.message);
  logger.fatal({ problems }, `Invalid email-worker configuration:\n  - ${problems.join('\n  - ')}`);
  process.exit(78); // EX_CONFIG
}
logger.level = config.LOG_LEVEL;

let worker: WorkerHandle | undefined;
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting now; unfinished records will be redelivered');
    process.exit(130);
  }
  stopping = true;
  logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutting down');
  // Bounded: when Kafka does not answer the final commit or the leave, exit anyway.
  // Nothing is lost (unfinished offsets stay uncommitted); 124 tells a forced stop from 0.
  const boundMs = config.SHUTDOWN_TIMEOUT_MS + config.SHUTDOWN_GRACE_MS;
  setTimeout(() => {
    logger.warn(
      { signal, boundMs },
      'shutdown did not finish in SHUTDOWN_TIMEOUT_MS + SHUTDOWN_GRACE_MS: exiting (124); unfinished records will be redelivered',
    );
    process.exit(124);
  }, boundMs).unref();
  const done = worker?.stop() ?? Promise.resolve({ abandoned: 0 });
  done.then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

try {
  worker = await startWorker(config, {
    logger,
    onFatal() {
      // kafkajs will not restart the consumer: leave so that the supervisor starts a fresh process.
      process.exit(1);
    },
  });
} catch (error) {
  logger.fatal({ err: error }, 'email worker failed to start');
  process.exit(1);
}
