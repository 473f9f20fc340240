import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WorkerConfig } from '../config.js';
import { RecentIds } from '../dedup.js';
import { startHealthServer, type HealthServer } from '../health-server.js';
import { createLogger } from '../logger.js';
import { MailgunClient } from '../mailgun/index.js';
import { createMetrics } from '../metrics.js';
import { createRenderer, type Renderer } from '../templates/index.js';
import { backoffDelay } from './backoff.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { createKafka } from './kafka-client.js';
import { KafkaIntake } from './kafka-intake.js';
import { KafkaPublisher } from './kafka-publisher.js';
import { processRecord, type RecordContext } from './process-record.js';
import type { InboundRecord } from './record.js';

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
  inFlight(): number;
  metricsRegistry: Registry;
  /** The health server's port, when one runs. */
  healthPort: number | undefined;
  /** Graceful stop: see `KafkaIntake.stop`. Safe to call twice. */
  stop(): Promise<{ abandoned: number }>;
}

const CIRCUIT_GAUGE: Record<CircuitState, number> = { closed: 0, open: 1, 'config-error': 2 };

/** Starts consuming; resolves once connected (the group join is `handle.ready`). */
export async function startWorker(
  config: WorkerConfig,
  options: WorkerOptions = {},
): Promise<WorkerHandle> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const renderer = options.renderer ?? createRenderer();
  const mailgun = new MailgunClient(config.mailgun, { logger });
  const kafka = createKafka(config.kafka, logger);
  const publisher = new KafkaPublisher(kafka, logger);
  let joined = false;
  let stopping = false;
  let fatal: Error | undefined;
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);

  const breaker = new CircuitBreaker({
    ...config.circuit,
    onStateChange(state, previous) {
      metrics.circuit.set(CIRCUIT_GAUGE[state]);
      if (state === 'config-error') {
        logger.error(
          { circuit: state, domain: config.mailgun.domain, baseUrl: config.mailgun.baseUrl },
          'Mailgun rejects our credentials or domain (401/403/domain not found): consumption paused, nothing is dead-lettered; fix MAILGUN_API_KEY/MAILGUN_DOMAIN. Probing every ' +
            `${config.circuit.configErrorProbeIntervalMs} ms`,
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

  const context: RecordContext = {
    config,
    logger,
    metrics,
    renderer,
    mailgun,
    breaker,
    sentIds: new RecentIds(config.dedupCacheSize),
    activeIds: new Map(),
    publish: (topic, record, signal) => publisher.publish(topic, record, signal),
  };

  // processRecord only rejects on abort; anything else is a bug, retried rather than lost or skipped.
  const handle = async (record: InboundRecord, signal: AbortSignal): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await processRecord(context, record, signal);
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
    groupId: config.consumerGroup,
    topics: config.topics,
    concurrency: config.concurrency,
    commitIntervalMs: config.commitIntervalMs,
    sessionTimeoutMs: config.sessionTimeoutMs,
    inlineMaxMs: config.retry.inlineMaxMs,
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
      fatal = error;
      logger.fatal({ err: error }, 'kafka consumer crashed and will not restart');
      failReady(error);
      options.onFatal?.(error);
    },
    onLag(topic, partition, lag) {
      const labels = { topic, partition: String(partition) };
      if (lag === undefined) metrics.lag.remove(labels);
      else metrics.lag.set(labels, lag);
    },
    onInFlight(count) {
      metrics.inFlight.set(count);
    },
  });

  const notReadyReasons = (): string[] => {
    const reasons: string[] = [];
    if (fatal !== undefined) reasons.push('kafka consumer crashed');
    if (!joined) reasons.push('not a member of the consumer group');
    if (breaker.state === 'config-error')
      reasons.push('Mailgun configuration error (credentials or domain)');
    if (stopping) reasons.push('shutting down');
    return reasons;
  };

  let health: HealthServer | undefined;
  try {
    if (config.healthPort !== undefined) {
      health = await startHealthServer(
        { notReadyReasons, registry: metrics.registry },
        config.healthPort,
      );
    }
    await publisher.connect();
    await intake.start();
  } catch (error) {
    breaker.close(error instanceof Error ? error : new Error(String(error)));
    await health?.close();
    await publisher.disconnect().catch(() => undefined);
    await mailgun.close();
    throw error;
  }
  logger.info(
    {
      groupId: config.consumerGroup,
      topics: config.topics,
      concurrency: config.concurrency,
      healthPort: health?.port,
    },
    'email worker started',
  );

  let stopped: Promise<{ abandoned: number }> | undefined;
  const stop = async (): Promise<{ abandoned: number }> => {
    stopping = true;
    const result = await intake.stop(config.shutdownTimeoutMs);
    breaker.close(new Error('worker stopped'));
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
    inFlight: () => intake.inFlight,
    metricsRegistry: metrics.registry,
    healthPort: health?.port,
    stop: () => (stopped ??= stop()),
  };
}
