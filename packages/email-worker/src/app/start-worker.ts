import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { backoffDelay, topicSet } from '@fluentmeet/email-contracts';
import { createKafka, kafkaConfig } from '@fluentmeet/email-contracts/producer';
import { CircuitBreaker, type CircuitState } from '../delivery/circuit-breaker.js';
import { processRecord, type RecordContext } from '../delivery/process-record.js';
import { RecentIds } from '../delivery/recent-ids.js';
import { KafkaIntake } from '../kafka/intake.js';
import { KafkaPublisher } from '../kafka/publisher.js';
import type { InboundRecord } from '../kafka/records.js';
import { MailgunClient } from '../mailgun/index.js';
import { mailgunConfig } from '../mailgun/settings.js';
import { createRenderer, type Renderer } from '../templates/index.js';
import type { WorkerConfig } from './config.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { ProgressWatchdog } from './progress-watchdog.js';
import { createSuppressions } from './suppressions.js';

export interface WorkerOptions {
  logger?: Logger;
  renderer?: Renderer;
  /** Called when kafkajs gives up and will not restart the consumer; the process should exit. */
  onFatal?: (error: Error) => void;
}

export interface WorkerHandle {
  /** Resolves when the consumer has joined its group the first time. */
  ready: Promise<void>;
  isReady(): boolean;
  notReadyReasons(): string[];
  circuitState(): CircuitState;
  /** Empty while alive; otherwise why `/health/live` fails (the progress watchdog). */
  notLiveReasons(): string[];
  inFlight(): number;
  metricsRegistry: Registry;
  /** The port of the health server (`HEALTH_PORT`, or the one picked for 0). */
  healthPort: number;
  /** Graceful stop: see `KafkaIntake.stop`. Safe to call twice. */
  stop(): Promise<{ abandoned: number }>;
}

const CIRCUIT_GAUGE: Record<CircuitState, number> = { closed: 0, open: 1, 'config-error': 2 };

/** Starts consuming; resolves once connected (the group join is `handle.ready`). */
export async function startWorker(
  config: WorkerConfig,
  options: WorkerOptions = {},
): Promise<WorkerHandle> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const renderer = options.renderer ?? createRenderer();
  const topics = topicSet(config);
  const mailgun = new MailgunClient(mailgunConfig(config, config.WORKER_CONCURRENCY), { logger });
  const kafka = createKafka(kafkaConfig(config), { logger });
  const publisher = new KafkaPublisher(kafka, logger);
  let joined = false;
  let suppressionsRead = false;
  let stopping = false;
  let fatal: Error | undefined;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);

  const watchdog = new ProgressWatchdog(config.PROGRESS_WATCHDOG_MS);
  const breaker = new CircuitBreaker({
    failureThreshold: config.CIRCUIT_FAILURE_THRESHOLD,
    probeIntervalMs: config.CIRCUIT_PROBE_INTERVAL_MS,
    maxProbeIntervalMs: config.CIRCUIT_MAX_PROBE_INTERVAL_MS,
    configErrorProbeIntervalMs: config.CONFIG_ERROR_PROBE_INTERVAL_MS,
    onStateChange(state, previous) {
      metrics.circuit.set(CIRCUIT_GAUGE[state]);
      watchdog.progress(); // the watchdog's clock starts when the circuit closes

      if (state === 'config-error') {
        logger.error(
          { circuit: state, domain: config.MAILGUN_DOMAIN, baseUrl: config.MAILGUN_BASE_URL },
          'Mailgun rejects our credentials, domain or account (401, 402, 403 about the key/domain/account, domain not found): consumption paused, nothing is dead-lettered; fix MAILGUN_API_KEY/MAILGUN_DOMAIN or the account. Probing every ' +
            `${config.CONFIG_ERROR_PROBE_INTERVAL_MS} ms`,
        );
      } else if (state === 'open') {
        logger.warn(
          { circuit: state, previous },
          'Mailgun failing across the board: consumption paused, probing',
        );
      } else {
        logger.info({ circuit: state, previous }, 'Mailgun answers again: consumption resumed');
      }
    },
    onTrafficChange() {
      // Only fires once records flow, i.e. after `intake` below exists.
      intake.setPausedAll(stopping || !breaker.wantsTraffic);
    },
  });

  const onFatalCrash = (error: Error, what: string) => {
    fatal = error;
    logger.fatal({ err: error }, `${what} crashed and will not restart`);
    failReady(error);
    options.onFatal?.(error);
  };
  const suppressions = createSuppressions(kafka, logger, metrics, {
    topic: topics.suppressions,
    consumerGroup: config.CONSUMER_GROUP,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    onCrash(error, restart) {
      if (restart)
        logger.warn({ err: error }, 'suppressions consumer crashed; kafkajs restarts it');
      else onFatalCrash(error, 'suppressions consumer');
    },
  });

  const context: RecordContext = {
    settings: config,
    topics,
    consumerGroup: config.CONSUMER_GROUP,
    secrets: [config.MAILGUN_API_KEY],
    logger,
    metrics,
    renderer,
    mailgun,
    breaker,
    sentIds: new RecentIds(config.DEDUP_CACHE_SIZE),
    suppressions: suppressions.list,
    activeIds: new Map(),
    publish: (topic, record, signal) => publisher.publish(topic, record, signal),
  };

  // processRecord only rejects on abort; anything else is a bug, retried rather than lost or skipped.
  const handle = async (record: InboundRecord, signal: AbortSignal): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await processRecord(context, record, signal);
        watchdog.progress();
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        logger.error(
          { err: error, topic: record.topic, partition: record.partition, offset: record.offset },
          'unexpected error while processing a record; trying again',
        );
        await sleep(backoffDelay(attempt, { baseDelayMs: 500, maxDelayMs: 30_000 }), undefined, {
          signal,
        });
      }
    }
  };

  const intake = new KafkaIntake(kafka, logger, {
    groupId: config.CONSUMER_GROUP,
    topics,
    concurrency: config.WORKER_CONCURRENCY,
    commitIntervalMs: config.COMMIT_INTERVAL_MS,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    inlineMaxMs: config.RETRY_INLINE_MAX_MS,
    maxDelayMs: config.RETRY_MAX_DELAY_MS,
    handle,
    onJoin() {
      joined = true;
      markReady();
    },
    onCrash(error, restart) {
      joined = false;
      if (restart) {
        logger.warn({ err: error }, 'kafka consumer crashed; kafkajs restarts it');
        return;
      }
      onFatalCrash(error, 'kafka consumer');
    },
    onLag(topic, partition, lag) {
      const labels = { topic, partition: String(partition) };
      if (lag === undefined) metrics.lag.remove(labels);
      else metrics.lag.set(labels, lag);
    },
    onInFlight(count) {
      metrics.inFlight.set(count);
      watchdog.waiting(count);
    },
    onRecordsLost(topic, partition, lost) {
      metrics.recordsLost.inc({ topic, partition: String(partition) }, lost);
    },
  });

  const notReadyReasons = (): string[] => {
    const reasons: string[] = [];
    if (fatal !== undefined) reasons.push('kafka consumer crashed');
    if (!suppressionsRead) reasons.push('suppression list not read yet');
    if (!joined) reasons.push('not a member of the consumer group');
    if (breaker.state === 'config-error')
      reasons.push('Mailgun configuration error (credentials or domain)');
    if (stopping) reasons.push('shutting down');
    return reasons;
  };

  metrics.setOldestPendingSource(() => intake.oldestPending());
  const notLiveReasons = (): string[] => {
    const stalled = watchdog.stalled(intake.inFlight, breaker.state === 'closed');
    return stalled === undefined ? [] : [stalled];
  };

  let health: HealthServer | undefined;
  try {
    health = await startHealthServer(
      { notReadyReasons, notLiveReasons, registry: metrics.registry },
      config.HEALTH_PORT,
    );
    await publisher.connect();
    // No email is taken before the whole suppression list is known.
    const read = await suppressions.reader.start();
    suppressionsRead = true;
    logger.info(
      { suppressed: suppressions.list.size, records: read.records, ms: read.ms },
      'suppression list read',
    );
    await intake.start();
  } catch (error) {
    breaker.stop(error instanceof Error ? error : new Error(String(error)));
    await suppressions.reader.stop().catch(() => undefined);
    await health?.close();
    await publisher.disconnect().catch(() => undefined);
    await mailgun.close();
    throw error;
  }
  logger.info(
    {
      groupId: config.CONSUMER_GROUP,
      topics,
      concurrency: config.WORKER_CONCURRENCY,
      healthPort: health?.port,
    },
    'email worker started',
  );

  let stopped: Promise<{ abandoned: number }> | undefined;
  const stop = async (): Promise<{ abandoned: number }> => {
    stopping = true;
    const result = await intake.stop(config.SHUTDOWN_TIMEOUT_MS);
    breaker.stop(new Error('worker stopped'));
    await suppressions.reader
      .stop()
      .catch((error: unknown) => logger.warn({ err: error }, 'suppressions reader stop failed'));
    await publisher
      .disconnect()
      .catch((error: unknown) => logger.warn({ err: error }, 'producer disconnect failed'));
    await mailgun.close();
    await health?.close();
    logger.info({ abandoned: result.abandoned }, 'email worker stopped');
    return result;
  };

  return {
    ready,
    isReady: () => notReadyReasons().length === 0,
    notReadyReasons,
    circuitState: () => breaker.state,
    notLiveReasons,
    inFlight: () => intake.inFlight,
    metricsRegistry: metrics.registry,
    healthPort: health.port,
    stop: () => (stopped ??= stop()),
  };
}
