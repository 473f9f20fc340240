import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { onTestFinished } from 'vitest';
import {
  buildEnvelope,
  toRecord,
  type EmailRequest,
  type TopicSet,
} from '@fluentmeet/email-contracts';
import { createKafka, EmailProducer } from '@fluentmeet/email-contracts/producer';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '@fluentmeet/mailgun-sandbox';
import { randomName } from '@fluentmeet/testkit';
import {
  createLogger,
  loadConfig,
  startWorker,
  type WorkerConfig,
  type WorkerHandle,
} from '../src/index.js';
import { ensureTopics, type TopicSpec } from '../src/kafka/topic-admin.js';

export interface TestTopics extends TopicSet {
  group: string;
}

/** A test topic on the one test broker: replication 1, no managed configs. */
export function testTopic(topic: string, numPartitions = 1): TopicSpec {
  return { topic, numPartitions, replicationFactor: 1, configs: {} };
}

/** Creates test topics with the worker's own topic admin. */
export async function createTopics(brokers: string[], specs: TopicSpec[]): Promise<void> {
  await ensureTopics(createKafka({ clientId: 'ew-test', brokers }), specs);
}

/** A fresh work, retry, DLQ and suppressions topic plus a consumer group, all with random names. */
export async function makeTopics(brokers: string[], partitions = 3): Promise<TestTopics> {
  const base = randomName('ew');
  const topics = {
    email: `${base}.email`,
    retry: `${base}.retry`,
    dlq: `${base}.dlq`,
    suppressions: `${base}.suppressions`,
    group: `${base}-group`,
  };
  await createTopics(brokers, [
    testTopic(topics.email, partitions),
    testTopic(topics.retry, partitions),
    testTopic(topics.dlq),
    { ...testTopic(topics.suppressions, 2), configs: { 'cleanup.policy': 'compact' } },
  ]);
  return topics;
}

export async function sandboxFor(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const sandbox = await startSandbox(options);
  onTestFinished(() => sandbox.close());
  return sandbox;
}

/** Worker environment with short timings so that tests stay quick. */
export function workerEnv(
  brokers: string[],
  sandbox: SandboxHandle,
  topics: TestTopics,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers.join(','),
    MAILGUN_API_KEY: sandbox.apiKey,
    MAILGUN_DOMAIN: 'mg.fluentmeet.test',
    MAILGUN_BASE_URL: sandbox.url,
    EMAIL_TOPIC: topics.email,
    RETRY_TOPIC: topics.retry,
    DLQ_TOPIC: topics.dlq,
    SUPPRESSIONS_TOPIC: topics.suppressions,
    CONSUMER_GROUP: topics.group,
    WORKER_CONCURRENCY: '32',
    RETRY_MAX_ATTEMPTS: '5',
    RETRY_BASE_DELAY_MS: '50',
    RETRY_MAX_DELAY_MS: '500',
    RETRY_INLINE_MAX_MS: '5000',
    CIRCUIT_FAILURE_THRESHOLD: '5',
    CIRCUIT_PROBE_INTERVAL_MS: '200',
    CIRCUIT_MAX_PROBE_INTERVAL_MS: '1000',
    CONFIG_ERROR_PROBE_INTERVAL_MS: '500',
    COMMIT_INTERVAL_MS: '200',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    SHUTDOWN_TIMEOUT_MS: '5000',
    HEALTH_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  };
}

/** Starts an in-process worker, waits for its group join and stops it after the test. */
export async function runWorker(config: WorkerConfig): Promise<WorkerHandle> {
  const worker = await startWorker(config, { logger: createLogger(config.LOG_LEVEL) });
  onTestFinished(async () => {
    await worker.stop();
  });
  await worker.ready;
  return worker;
}

export async function startWorkerFromEnv(env: Record<string, string>): Promise<WorkerHandle> {
  return runWorker(loadConfig(env));
}

export async function emailProducer(brokers: string[], topic: string): Promise<EmailProducer> {
  const producer = new EmailProducer({ config: { clientId: 'ew-test', brokers }, topic });
  await producer.connect();
  onTestFinished(() => producer.disconnect());
  return producer;
}

export function request(index: number, overrides: Partial<EmailRequest> = {}): EmailRequest {
  return {
    to: `user${index}@example.com`,
    template: 'verification',
    data: { verification_link: `https://app.fluentmeet.test/verify-email?token=t${index}` },
    ...overrides,
  } as EmailRequest;
}

/** Publishes `count` envelopes in batches; returns their ids. */
export async function publishMany(producer: EmailProducer, count: number): Promise<string[]> {
  const envelopes = Array.from({ length: count }, (_, index) => buildEnvelope(request(index)));
  for (let start = 0; start < envelopes.length; start += 500) {
    await producer.publish(envelopes.slice(start, start + 500));
  }
  return envelopes.map((envelope) => envelope.id);
}

function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'ew-test', brokers, logLevel: logLevel.NOTHING });
}

/** Writes raw records (poison tests). */
export async function produceRaw(
  brokers: string[],
  topic: string,
  messages: Array<{ key?: string; value: string; headers?: IHeaders }>,
): Promise<void> {
  const producer = kafkaClient(brokers).producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

export interface CollectedRecord {
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
  offset: string;
  partition: number;
}

/** Reads a topic from the beginning into `records` until the test ends. */
export async function collect(brokers: string[], topic: string): Promise<CollectedRecord[]> {
  const records: CollectedRecord[] = [];
  const consumer = kafkaClient(brokers).consumer({
    groupId: randomName('reader'),
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  // Returned only once the reader owns the topic's partitions: a record written while its
  // group was still joining was seen missing (the retry-budget test got attempt 2 only).
  const joined = new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
  await consumer.run({
    eachMessage: ({ message, partition }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        if (value !== undefined)
          headers[name] = String(Array.isArray(value) ? value.at(-1) : value);
      }
      records.push({
        key: message.key?.toString(),
        value: message.value?.toString(),
        headers,
        offset: message.offset,
        partition,
      });
      return Promise.resolve();
    },
  });
  onTestFinished(() => consumer.disconnect());
  await joined;
  return records;
}

/** Records on a topic (sum of high watermarks), without consuming it. */
export async function topicSize(brokers: string[], topic: string): Promise<number> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Record of a raw envelope (for producing it by hand). */
export function rawRecord(index: number) {
  return toRecord(buildEnvelope(request(index)));
}

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Runs the built worker (`node dist/main.js`) as a child process; killed after the test if still alive. */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, exited, output: () => output };
}

/** Envelope ids the sandbox received, with how often each arrived. */
export function receivedIds(sandbox: SandboxHandle): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of sandbox.messages({ limit: 1_000_000 })) {
    if (message.envelopeId !== undefined) {
      counts.set(message.envelopeId, (counts.get(message.envelopeId) ?? 0) + 1);
    }
  }
  return counts;
}

export interface Supervised {
  /** Processes that exited non-zero and were started again. */
  restarts(): number;
  /** SIGTERM to the current process; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Runs the built worker like a process supervisor would: started again whenever it exits non-zero. */
export function superviseWorker(env: Record<string, string>): Supervised {
  let restarts = 0;
  let stopping = false;
  let current = spawnWorker(env);
  const watch = (process: WorkerProcess): void => {
    void process.exited.then(({ code }) => {
      if (stopping || code === 0) return;
      restarts += 1;
      current = spawnWorker(env);
      watch(current);
    });
  };
  watch(current);
  onTestFinished(() => {
    stopping = true;
  });
  return {
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      current.child.kill('SIGTERM');
      return (await current.exited).code;
    },
  };
}
