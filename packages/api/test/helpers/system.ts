import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, loadConfig, startWorker } from '@fluentmeet/email-worker';
import { startSandbox, type MessageFilter, type SandboxHandle } from '@fluentmeet/mailgun-sandbox';
import { freePort, randomName } from '@fluentmeet/testkit';
import type { FastifyInstance } from 'fastify';
import { inject, onTestFinished } from 'vitest';
import { build, LogCapture, TestClock } from './build.js';
import { createTopics } from './kafka.js';

export interface TestSystem {
  app: FastifyInstance;
  sandbox: SandboxHandle;
  origin: string;
  /** Where the sandbox posts its signed webhooks (every outcome and `accepted`). */
  webhookUrl: string;
  /** `Authorization` header value for the operator endpoints. */
  operatorAuth: string;
  brokers: string[];
  topics: { email: string; retry: string; dlq: string; suppressions: string };
  clock: TestClock;
  /** The worker's log lines, kept in memory (the worker prints nothing). */
  workerLogs: LogCapture;
  /**
   * Waits for `count` captured emails matching `filter`. Fails early when the
   * worker gave every matching envelope a final outcome other than sent, and on
   * timeout; either way the message says what happened to each envelope.
   */
  waitForEmail: (
    filter: MessageFilter & { to: string },
    options?: { count?: number; timeoutMs?: number },
  ) => Promise<void>;
}

export const WEBHOOK_SIGNING_KEY = 'whsec-test-signing-key-0001';
export const OPERATOR_TOKEN = 'operator-token-for-tests-only-0123456789';

/**
 * API + real Kafka + real worker + Mailgun sandbox, all owned by the test. The
 * sandbox posts its signed webhooks to the API (short retry schedule), as Mailgun would.
 */
export async function startSystem(options: { clock?: TestClock } = {}): Promise<TestSystem> {
  const brokers = inject('kafkaBrokers');
  const base = randomName('api-e2e');
  const topics = {
    email: `${base}.email`,
    retry: `${base}.retry`,
    dlq: `${base}.dlq`,
    suppressions: `${base}.suppressions`,
  };
  await createTopics(brokers, [
    { topic: topics.email, numPartitions: 3 },
    { topic: topics.retry, numPartitions: 3 },
    { topic: topics.dlq, numPartitions: 1 },
    { topic: topics.suppressions, numPartitions: 2, configs: { 'cleanup.policy': 'compact' } },
  ]);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const webhookUrl = `${origin}/api/v1/webhooks/mailgun`;
  const sandbox = await startSandbox({
    webhookUrl,
    webhooks: { accepted: [webhookUrl] },
    webhookSigningKey: WEBHOOK_SIGNING_KEY,
    webhookRetryScheduleMs: [100, 200, 400, 800],
  });
  onTestFinished(() => sandbox.close());
  const config = loadConfig({
    KAFKA_BROKERS: brokers.join(','),
    MAILGUN_API_KEY: sandbox.apiKey,
    MAILGUN_DOMAIN: 'mg.fluentmeet.test',
    MAILGUN_BASE_URL: sandbox.url,
    EMAIL_TOPIC: topics.email,
    RETRY_TOPIC: topics.retry,
    DLQ_TOPIC: topics.dlq,
    SUPPRESSIONS_TOPIC: topics.suppressions,
    CONSUMER_GROUP: `${base}-group`,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    HEALTH_PORT: '0',
  });
  const workerLogs = new LogCapture();
  const worker = await startWorker(config, { logger: createLogger('info', workerLogs) });
  onTestFinished(async () => {
    await worker.stop();
  });
  await worker.ready;

  const { app, clock } = await build({
    producer: 'kafka',
    env: {
      KAFKA_BROKERS: brokers.join(','),
      EMAIL_TOPIC: topics.email,
      SUPPRESSIONS_TOPIC: topics.suppressions,
      PUBLIC_APP_URL: origin,
      MAILGUN_WEBHOOK_SIGNING_KEY: WEBHOOK_SIGNING_KEY,
      OPERATOR_TOKEN,
    },
    // The sandbox signs its webhooks with the real time, which the API checks.
    clock: options.clock ?? new TestClock(Date.now(), { running: true }),
  });
  await app.listen({ port, host: '127.0.0.1' });

  async function waitForEmail(
    filter: MessageFilter & { to: string },
    { count = 1, timeoutMs = 30_000 } = {},
  ): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const captured = sandbox.messages(filter).length;
      if (captured >= count) return;
      const story = await envelopeStory(app, workerLogs, filter);
      const allFinal =
        story.length > 0 && story.every((entry) => entry.final && entry.final !== 'sent');
      if (allFinal || performance.now() > deadline) {
        const why = allFinal ? 'the worker finished its envelopes without sending' : 'timed out';
        throw new Error(
          `expected ${count} email(s) matching ${JSON.stringify(filter)}, captured ${captured} ` +
            `(${why} after ${Math.round(timeoutMs - (deadline - performance.now()))} ms). ` +
            `What happened to its envelopes:\n${describeStory(story)}`,
        );
      }
      await sleep(100);
    }
  }

  return {
    app,
    sandbox,
    origin,
    webhookUrl,
    operatorAuth: `Bearer ${OPERATOR_TOKEN}`,
    brokers,
    topics,
    clock,
    workerLogs,
    waitForEmail,
  };
}

interface EnvelopeStory {
  id: string;
  template: string;
  outbox: string;
  worker: string[];
  /** The worker's last final outcome, if any. */
  final?: string;
}

const FINAL = new Set(['sent', 'dead-lettered', 'duplicate-skipped']);

/** The outbox row and the worker's outcome lines of every envelope to the filter's recipient. */
async function envelopeStory(
  app: FastifyInstance,
  logs: LogCapture,
  filter: MessageFilter & { to: string },
): Promise<EnvelopeStory[]> {
  const rows = await app.db.selectFrom('outbox').selectAll().where('kind', '=', 'email').execute();
  const entries = logs.entries();
  const stories: EnvelopeStory[] = [];
  for (const row of rows) {
    const envelope = JSON.parse(row.payload) as { to: string; template: string };
    if (envelope.to.toLowerCase() !== filter.to.toLowerCase()) continue;
    if (filter.tag !== undefined && envelope.template !== filter.tag) continue;
    const outbox =
      row.published_at !== null
        ? `published ${row.published_at}`
        : row.failed_at !== null
          ? `failed ${row.failed_at}: ${row.last_error}`
          : `not published yet (attempts ${row.attempts}${row.last_error ? `, last error ${row.last_error}` : ''})`;
    const outcomes = entries.filter(
      (entry) => entry.envelopeId === row.envelope_id && typeof entry.outcome === 'string',
    );
    const finals = outcomes.filter((entry) => FINAL.has(entry.outcome as string));
    const story: EnvelopeStory = {
      id: row.envelope_id,
      template: envelope.template,
      outbox,
      worker: outcomes.map(describeOutcome),
    };
    if (finals.length > 0) story.final = finals.at(-1)!.outcome as string;
    stories.push(story);
  }
  return stories;
}

function describeOutcome(entry: Record<string, unknown>): string {
  const text = (value: unknown) => JSON.stringify(value);
  const parts = [entry.outcome as string];
  if (typeof entry.code === 'string') parts.push(entry.code);
  if (entry.reason !== undefined) parts.push(text(entry.reason));
  if (entry.attempts !== undefined) parts.push(`(attempts ${text(entry.attempts)})`);
  return parts.join(' ');
}

function describeStory(stories: EnvelopeStory[]): string {
  if (stories.length === 0) return '  no outbox row for this recipient';
  return stories
    .map(
      (story) =>
        `  - envelope ${story.id} (${story.template}): outbox ${story.outbox}; worker: ` +
        (story.worker.length > 0 ? story.worker.join('; ') : 'no outcome logged yet'),
    )
    .join('\n');
}
