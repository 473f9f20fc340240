import { mkdirSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmailEnvelope } from '@fluentmeet/email-contracts';
import { EmailProducer } from '@fluentmeet/email-contracts/producer';
import { randomName } from '@fluentmeet/testkit';
import {
  createWorkerTopics,
  startWorkerProcess,
  workerTopics,
  type BenchContext,
} from '../context.js';
import { benchEnvelope } from '../mailgun-form.js';
import { sampleMemory, type MemoryPeaks } from '../memory-sampler.js';
import { readProfile, topSelfTime, type ProfileSummary } from '../profile.js';
import { cpuSeconds } from '../processes.js';
import { perSecond } from '../stats.js';

export interface ThroughputRun {
  worker: 'ours' | 'naive';
  mailgunLatencyMs: number;
  /** `count`: a fixed number of emails, first produce to last capture. `window`: emails captured within a fixed time from the first produce. */
  method: 'count' | 'window' | 'timeout';
  produced: number;
  delivered: number;
  durationMs: number;
  emailsPerSecond: number;
  /** How long producing the whole batch took (shows whether the producer kept ahead). */
  produceMs: number;
  peakRssMb: number;
  /** CPU time per delivered email during the run, ms: the worker's and the sandbox's. */
  cpuMsPerEmail: { worker: number; sandbox: number };
  /** Share of one core used during the run. */
  cpuCores: { worker: number; sandbox: number };
  /** Peaks of the worker's own heap gauges during the run (our worker only). */
  memory?: MemoryPeaks;
  /** NODE_OPTIONS the worker ran with ('' = Node's defaults). */
  nodeOptions: string;
  /** Ran with `plan.nodeOptions` (a footprint experiment), not as shipped. */
  tuned: boolean;
  profiled: boolean;
  profile?: ProfileSummary & { file: string };
}

export interface ThroughputPlan {
  worker: 'ours' | 'naive';
  mailgunLatencyMs: number;
  /** Fixed count (ours). */
  emails?: number;
  /** Fixed window (naive). */
  windowS?: number;
  profile?: boolean;
  /** Overrides the worker's NODE_OPTIONS for this run. */
  nodeOptions?: string;
}

const BATCH = 500;

async function publishAll(producer: EmailProducer, envelopes: EmailEnvelope[]): Promise<void> {
  const batches: EmailEnvelope[][] = [];
  for (let i = 0; i < envelopes.length; i += BATCH) batches.push(envelopes.slice(i, i + BATCH));
  // Two batches in flight keep the producer well ahead of any consumer.
  let next = 0;
  const lane = async () => {
    while (next < batches.length) await producer.publish(batches[next++]!);
  };
  await Promise.all([lane(), lane()]);
}

/** One worker run against its own topics; the sandbox answers after `mailgunLatencyMs`. */
export async function runThroughput(
  ctx: BenchContext,
  plan: ThroughputPlan,
): Promise<ThroughputRun> {
  const { sandbox, opts } = ctx;
  const topics = workerTopics(`bench-${plan.worker}`);
  await createWorkerTopics(ctx, topics);
  await sandbox.setLatency(plan.mailgunLatencyMs);
  const nodeOptions = plan.nodeOptions ?? opts.workerNodeOptions;
  const label = `${plan.worker}-${plan.mailgunLatencyMs}ms${plan.profile === true ? '-profiled' : ''}${plan.nodeOptions === undefined ? '' : '-heap-variant'}`;
  const profileDir = `${ctx.logDir}/profile-${randomName('cpu')}`;
  const nodeArgs: string[] = [];
  if (plan.profile === true) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  }
  const producer = new EmailProducer({
    config: { clientId: 'bench-producer', brokers: ctx.brokers },
    topic: topics.email,
  });
  const { child: worker, metricsUrl } = await startWorkerProcess(
    ctx,
    plan.worker,
    topics,
    label,
    nodeArgs,
    nodeOptions,
  );
  const stopSampling = metricsUrl === undefined ? undefined : sampleMemory(metricsUrl);
  let run: ThroughputRun;
  try {
    await producer.connect();
    const cpu0 = { worker: worker.cpuSeconds(), sandbox: cpuSeconds(ctx.sandboxPid) };
    const base = await sandbox.count();
    const runId = randomName('r').slice(2);
    if (plan.emails !== undefined) {
      const envelopes = Array.from({ length: plan.emails }, (_, i) => benchEnvelope(i, runId));
      const started = Date.now();
      await publishAll(producer, envelopes);
      const produceMs = Date.now() - started;
      const done = await sandbox.waitForCount(base + plan.emails, opts.maxRunS * 1000);
      const end = done.reached ? await sandbox.newestReceivedAt() : Date.now();
      const delivered = done.count - base;
      run = result(
        plan,
        done.reached ? 'count' : 'timeout',
        plan.emails,
        delivered,
        end - started,
        produceMs,
      );
    } else {
      const windowMs = (plan.windowS ?? opts.naiveWindowS) * 1000;
      // Keep a backlog ahead of the worker for the whole window.
      let produced = 0;
      let index = 0;
      const started = Date.now();
      let produceMs = 0;
      let delivered = 0;
      while (Date.now() - started < windowMs) {
        delivered = (await sandbox.count()) - base;
        if (produced - delivered < 2 * BATCH) {
          const t = Date.now();
          const batch = Array.from({ length: BATCH }, () => benchEnvelope(index++, runId));
          await producer.publish(batch);
          produceMs += Date.now() - t;
          produced += BATCH;
        }
        await sleep(Math.max(0, Math.min(100, started + windowMs - Date.now())));
      }
      delivered = (await sandbox.count()) - base;
      run = result(plan, 'window', produced, delivered, Date.now() - started, produceMs);
    }
    run.peakRssMb = worker.peakRssMb();
    const used = {
      worker: worker.cpuSeconds() - cpu0.worker,
      sandbox: cpuSeconds(ctx.sandboxPid) - cpu0.sandbox,
    };
    run.cpuMsPerEmail = {
      worker: (used.worker * 1000) / run.delivered,
      sandbox: (used.sandbox * 1000) / run.delivered,
    };
    run.cpuCores = {
      worker: (used.worker * 1000) / run.durationMs,
      sandbox: (used.sandbox * 1000) / run.durationMs,
    };
    run.nodeOptions = nodeOptions;
    if (stopSampling !== undefined) run.memory = stopSampling();
  } finally {
    stopSampling?.();
    await worker.stop();
    await producer.disconnect().catch(() => undefined);
    await sandbox.setLatency(0);
  }
  if (plan.profile === true) {
    const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no .cpuprofile written in ${profileDir}`);
    const path = `${profileDir}/${file}`;
    run.profile = { ...topSelfTime(readProfile(path)), file: path };
  }
  const heap =
    run.memory === undefined
      ? ''
      : ` (heap peak ${run.memory.heapTotalMb.toFixed(0)} MiB total, ${run.memory.heapUsedMb.toFixed(0)} used, external ${run.memory.externalMb.toFixed(0)})`;
  ctx.log(
    `${label}: ${run.delivered}/${run.produced} emails in ${(run.durationMs / 1000).toFixed(1)} s = ${run.emailsPerSecond.toFixed(0)}/s (${run.method}), CPU ${run.cpuCores.worker.toFixed(2)} + sandbox ${run.cpuCores.sandbox.toFixed(2)} cores, peak RSS ${run.peakRssMb.toFixed(0)} MiB${heap}`,
  );
  return run;
}

function result(
  plan: ThroughputPlan,
  method: ThroughputRun['method'],
  produced: number,
  delivered: number,
  durationMs: number,
  produceMs: number,
): ThroughputRun {
  return {
    worker: plan.worker,
    mailgunLatencyMs: plan.mailgunLatencyMs,
    method,
    produced,
    delivered,
    durationMs,
    emailsPerSecond: perSecond(delivered, durationMs),
    produceMs,
    peakRssMb: Number.NaN,
    cpuMsPerEmail: { worker: Number.NaN, sandbox: Number.NaN },
    cpuCores: { worker: Number.NaN, sandbox: Number.NaN },
    nodeOptions: '',
    tuned: plan.nodeOptions !== undefined,
    profiled: plan.profile === true,
  };
}
