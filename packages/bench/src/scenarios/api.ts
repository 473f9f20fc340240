import { rmSync } from 'node:fs';
import { freePort, waitForHttp } from '@fluentmeet/testkit';
import {
  createWorkerTopics,
  entry,
  startWorkerProcess,
  workerTopics,
  type BenchContext,
} from '../context.js';
import { BENCH_DOMAIN } from '../mailgun-form.js';
import { startNode } from '../processes.js';
import { summarize, type Summary } from '../stats.js';
import {
  forgotPasswordAtRate,
  forgotPasswordEach,
  pool,
  signupUsers,
  type FixedRateResult,
} from './api-load.js';

export interface ApiStageResult {
  users: number;
  /** Both healthy runs pooled: one before and one after the slow-Mailgun run. */
  healthy: FixedRateResult;
  healthyRuns: FixedRateResult[];
  slowMailgun: FixedRateResult & { mailgunLatencyMs: number };
  /** Null when the broker is not the harness's own (KAFKA_BROKERS was set). */
  kafkaStopped: FixedRateResult | null;
  freshness: { rate: number; requests: number; matched: number; latencyMs: Summary };
  apiPeakRssMb: number;
  workerPeakRssMb: number;
}

/**
 * The API with our worker behind it: accounts first, then forgot-password at a fixed rate
 * while healthy, one request per account for freshness, then with Mailgun slow, then with
 * Kafka stopped (last, since the broker stays down).
 */
export async function runApiStage(ctx: BenchContext): Promise<ApiStageResult> {
  const { opts, sandbox } = ctx;
  const topics = workerTopics('bench-api');
  await createWorkerTopics(ctx, topics);
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const databasePath = `${ctx.logDir}/api.db`;
  rmSync(databasePath, { force: true });
  const { child: worker } = await startWorkerProcess(ctx, 'ours', topics, 'api-stage-worker');
  const api = startNode(
    'api',
    entry('@fluentmeet/api/server'),
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_APP_URL: apiUrl,
      DATABASE_PATH: databasePath,
      KAFKA_BROKERS: ctx.brokers.join(','),
      EMAIL_TOPIC: topics.email,
      LOG_LEVEL: opts.logLevel,
      // The bench is one client hammering a few addresses: the limits would answer 429.
      RATE_LIMIT_IP_MAX: '1000000000',
      RATE_LIMIT_ADDRESS_MAX: '1000000000',
    },
    `${ctx.logDir}/api.log`,
  );
  try {
    await waitForHttp(`${apiUrl}/health/ready`, { timeoutMs: 60_000, process: api });
    const { users, rate, durationS, connections, slowMailgunMs } = opts.api;
    const emails = Array.from({ length: users }, (_, i) => `user-${i}@${BENCH_DOMAIN}`);
    await sandbox.clear();
    await signupUsers(apiUrl, emails);
    await drain(ctx, users, 'verification emails');
    ctx.log(`api: ${users} accounts created, verification emails delivered`);

    const load = (seconds = durationS) =>
      forgotPasswordAtRate(apiUrl, emails, rate, seconds, connections);
    // Warm-up (not counted): JIT and first-use costs of the route, the outbox and the relay.
    const warmUp = await load(opts.api.warmUpS);
    await drain(ctx, users + warmUp.ok, 'warm-up emails');
    const afterWarmUp = await sandbox.count();
    const healthy1 = await load();
    logLoad(ctx, 'healthy (1)', healthy1);
    await drain(ctx, afterWarmUp + healthy1.ok, 'healthy-run emails');

    const freshness = await measureFreshness(ctx, apiUrl, emails);

    const beforeSlow = await sandbox.count();
    await sandbox.setLatency(slowMailgunMs);
    let slow: FixedRateResult;
    try {
      slow = await load();
    } finally {
      await sandbox.setLatency(0);
    }
    logLoad(ctx, `Mailgun answering after ${slowMailgunMs} ms`, slow);
    // The backlog the slow run left behind is delivered before the second healthy run.
    await drain(ctx, beforeSlow + slow.ok, 'slow-run emails');
    const healthy2 = await load();
    logLoad(ctx, 'healthy (2)', healthy2);
    const healthy = pool(healthy1, healthy2);

    let workerPeakRssMb = worker.peakRssMb();
    let kafkaStopped: FixedRateResult | null = null;
    if (ctx.kafka !== undefined) {
      ctx.log('api: stopping the Kafka broker');
      await ctx.kafka.stopBroker();
      kafkaStopped = await load();
      logLoad(ctx, 'Kafka stopped', kafkaStopped);
    } else {
      ctx.log('api: KAFKA_BROKERS is not ours to stop; the Kafka-stopped condition is skipped');
    }
    workerPeakRssMb = Math.max(workerPeakRssMb, worker.peakRssMb() || 0);
    return {
      users,
      healthy,
      healthyRuns: [healthy1, healthy2],
      slowMailgun: { ...slow, mailgunLatencyMs: slowMailgunMs },
      kafkaStopped,
      freshness,
      apiPeakRssMb: api.peakRssMb(),
      workerPeakRssMb,
    };
  } finally {
    await api.stop();
    await worker.stop(5_000);
  }
}

async function drain(ctx: BenchContext, target: number, what: string): Promise<void> {
  const done = await ctx.sandbox.waitForCount(target, ctx.opts.maxRunS * 1000);
  if (!done.reached) ctx.log(`api: only ${done.count}/${target} ${what} arrived in time`);
}

function logLoad(ctx: BenchContext, condition: string, result: FixedRateResult): void {
  const l = result.latencyMs;
  ctx.log(
    `api ${condition}: ${result.ok} × 202 at ${result.rate}/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms (${result.non2xx} non-2xx, ${result.errors} errors)`,
  );
}

/** From each 202 to the sandbox capturing that account's reset email (its `receivedAt`). */
async function measureFreshness(
  ctx: BenchContext,
  apiUrl: string,
  emails: readonly string[],
): Promise<ApiStageResult['freshness']> {
  const { rate, durationS } = ctx.opts.freshness;
  const chosen = emails.slice(0, Math.min(emails.length, Math.round(rate * durationS)));
  await ctx.sandbox.clear();
  const answered = await forgotPasswordEach(apiUrl, chosen, rate);
  await ctx.sandbox.waitForCount(answered.size, ctx.opts.maxRunS * 1000);
  const captured = await ctx.sandbox.list({ tag: 'password_reset', limit: chosen.length * 2 });
  const latencies: number[] = [];
  const seen = new Set<string>();
  for (const message of captured) {
    const to = message.to[0]?.toLowerCase();
    const answeredAt = to === undefined ? undefined : answered.get(to);
    if (to === undefined || answeredAt === undefined || seen.has(to)) continue;
    seen.add(to); // newest first: the first one per address is this run's
    latencies.push(Date.parse(message.receivedAt) - answeredAt);
  }
  const result = {
    rate,
    requests: chosen.length,
    matched: latencies.length,
    latencyMs: summarize(latencies),
  };
  ctx.log(
    `freshness: ${result.matched}/${result.requests} matched, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`,
  );
  return result;
}
