import { fileURLToPath } from 'node:url';
import type { TopicSet } from '@fluentmeet/email-contracts';
import { createKafka } from '@fluentmeet/email-contracts/producer';
import { ensureTopics, topicSpecs } from '@fluentmeet/email-worker';
import { freePort, randomName, waitForHttp, type KafkaHandle } from '@fluentmeet/testkit';
import type { BenchOptions } from './options.js';
import { startNode, type Child } from './processes.js';
import type { SandboxClient } from './sandbox-client.js';
import { BENCH_DOMAIN, BENCH_FROM } from './mailgun-form.js';

export const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url));

/** A package's runnable entry point (its package.json `exports`). */
export const entry = (specifier: string): string => fileURLToPath(import.meta.resolve(specifier));
export const SANDBOX_API_KEY = 'key-bench';

/** What every scenario shares: the broker, the sandbox, where logs go. */
export interface BenchContext {
  opts: BenchOptions;
  brokers: string[];
  /** Absent when KAFKA_BROKERS points at a broker the harness does not own. */
  kafka: KafkaHandle | undefined;
  sandbox: SandboxClient;
  sandboxUrl: string;
  /** The sandbox process, for its CPU time. */
  sandboxPid: number;
  logDir: string;
  log(message: string): void;
}

export interface WorkerTopics extends TopicSet {
  group: string;
}

export function workerTopics(prefix: string): WorkerTopics {
  const id = randomName(prefix);
  return {
    email: `${id}.email`,
    retry: `${id}.email.retry`,
    dlq: `${id}.email.dlq`,
    suppressions: `${id}.email.suppressions`,
    group: `${id}-group`,
  };
}

/** The topics of one run, created by the worker's topic admin (the DLQ needs one partition only). */
export async function createWorkerTopics(ctx: BenchContext, topics: WorkerTopics): Promise<void> {
  const kafka = createKafka({ clientId: 'bench-topics', brokers: ctx.brokers });
  const specs = topicSpecs(1, { partitions: ctx.opts.partitions, names: topics });
  await ensureTopics(
    kafka,
    specs.map((spec) => (spec.topic === topics.dlq ? { ...spec, numPartitions: 1 } : spec)),
  );
}

/** Starts our worker (`@fluentmeet/email-worker/main`) or the naive one and waits until it joined. */
export async function startWorkerProcess(
  ctx: BenchContext,
  kind: 'ours' | 'naive',
  topics: WorkerTopics,
  label: string,
  nodeArgs: string[] = [],
  nodeOptions = ctx.opts.workerNodeOptions,
): Promise<{ child: Child; metricsUrl: string | undefined }> {
  const healthPort = await freePort();
  const env = {
    KAFKA_BROKERS: ctx.brokers.join(','),
    MAILGUN_API_KEY: SANDBOX_API_KEY,
    MAILGUN_DOMAIN: BENCH_DOMAIN,
    MAILGUN_BASE_URL: ctx.sandboxUrl,
    MAILGUN_FROM_ADDRESS: BENCH_FROM,
    EMAIL_TOPIC: topics.email,
    RETRY_TOPIC: topics.retry,
    DLQ_TOPIC: topics.dlq,
    SUPPRESSIONS_TOPIC: topics.suppressions,
    CONSUMER_GROUP: topics.group,
    WORKER_CONCURRENCY: String(ctx.opts.concurrency),
    HEALTH_PORT: String(healthPort),
    LOG_LEVEL: ctx.opts.logLevel,
    NODE_OPTIONS: nodeOptions,
  };
  const script =
    kind === 'ours'
      ? (ctx.opts.workerScript ?? entry('@fluentmeet/email-worker/main'))
      : fileURLToPath(new URL('./naive-worker.js', import.meta.url));
  const child = startNode(label, script, env, `${ctx.logDir}/${label}.log`, {
    nodeArgs,
    watchOutput: kind === 'naive',
  });
  try {
    if (kind === 'ours') {
      await waitForHttp(`http://127.0.0.1:${healthPort}/health/ready`, {
        timeoutMs: 60_000,
        process: child,
      });
    } else {
      await child.waitForLine('naive-worker joined', 60_000);
    }
  } catch (error) {
    await child.stop(2_000);
    throw error;
  }
  return {
    child,
    metricsUrl: kind === 'ours' ? `http://127.0.0.1:${healthPort}/metrics` : undefined,
  };
}
