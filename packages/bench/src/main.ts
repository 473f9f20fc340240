// `pnpm bench`: worker throughput vs a naive baseline, the sandbox's raw capacity, the worker's
// CPU profile, API decoupling, freshness and footprint, all in one run on this machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { freePort, startKafka, waitForHttp, type KafkaHandle } from '@fluentmeet/testkit';
import { BENCH_DIR, entry, REPO_DIR, SANDBOX_API_KEY, type BenchContext } from './context.js';
import { describeMachine, kafkaVersion } from './machine.js';
import { parseOptions } from './options.js';
import { startNode, type Child } from './processes.js';
import {
  evaluateTargets,
  findRun,
  renderMarkdown,
  renderSummary,
  type BenchResults,
} from './report.js';
import { SandboxClient } from './sandbox-client.js';
import { runApiStage } from './scenarios/api.js';
import { measureCapacity } from './scenarios/capacity.js';
import { runThroughput, type ThroughputRun } from './scenarios/throughput.js';

const opts = parseOptions(process.argv.slice(2), process.env);
const mode = opts.quick ? 'quick' : 'full';
const outDir = opts.quick ? `${BENCH_DIR}bench-results/quick` : `${REPO_DIR}docs`;
const logDir = `${BENCH_DIR}bench-results/${mode}-logs`;
mkdirSync(outDir, { recursive: true });
mkdirSync(logDir, { recursive: true });
const started = Date.now();
const log = (message: string) =>
  process.stdout.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

let kafka: KafkaHandle | undefined;
let sandboxChild: Child | undefined;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await sandboxChild?.stop(5_000).catch(() => undefined);
    if (kafka !== undefined) {
      log('stopping Kafka');
      await kafka.stop().catch((error: unknown) => log(`Kafka stop failed: ${String(error)}`));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<BenchResults> {
  log(`${mode} run; logs in ${logDir}`);
  let brokers = process.env.KAFKA_BROKERS?.split(',').filter((b) => b !== '');
  if (brokers === undefined || brokers.length === 0) {
    log('starting Kafka (testkit)');
    kafka = await startKafka();
    brokers = kafka.brokers;
  }
  log(`Kafka at ${brokers.join(',')}`);

  const sandboxPort = await freePort();
  sandboxChild = startNode(
    'sandbox',
    entry('@fluentmeet/mailgun-sandbox/main'),
    {
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_API_KEY,
      SANDBOX_MAX_MESSAGES: '5000',
      SANDBOX_LOG_LEVEL: 'warn',
    },
    `${logDir}/sandbox.log`,
  );
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  await waitForHttp(`${sandboxUrl}/api/messages/count`, {
    timeoutMs: 30_000,
    process: sandboxChild,
  });
  const ctx: BenchContext = {
    opts,
    brokers,
    kafka,
    sandbox: new SandboxClient(sandboxUrl),
    sandboxUrl,
    sandboxPid: sandboxChild.pid,
    logDir,
    log,
  };

  const capacity = await measureCapacity(ctx);
  // Sized so that our worker runs for at least oursTargetS even at 80% of the sandbox's capacity.
  const ceiling = 0.8 * capacity.requestsPerSecond;
  const emailsFor = (perSecond: number, seconds: number) =>
    Math.max(500, Math.min(opts.maxEmails, Math.round(Math.min(perSecond, ceiling) * seconds)));
  const throughput: ThroughputRun[] = [];
  for (const latency of opts.mailgunLatenciesMs) {
    const oursRate = latency === 0 ? ceiling : (opts.concurrency * 1000) / latency;
    throughput.push(
      await runThroughput(ctx, {
        worker: 'ours',
        mailgunLatencyMs: latency,
        emails: emailsFor(oursRate, opts.oursTargetS),
        profile: opts.profileTargetS === undefined && latency === 0,
      }),
    );
    throughput.push(
      await runThroughput(ctx, {
        worker: 'naive',
        mailgunLatencyMs: latency,
        windowS: opts.naiveWindowS,
      }),
    );
  }
  if (opts.profileTargetS !== undefined) {
    throughput.push(
      await runThroughput(ctx, {
        worker: 'ours',
        mailgunLatencyMs: 0,
        emails: emailsFor(ceiling, opts.profileTargetS),
        profile: true,
      }),
    );
  }
  // The footprint with other heap settings (default: V8's own sizing for this 24 GiB host),
  // to show what the worker's shipped heap flags buy.
  throughput.push(
    await runThroughput(ctx, {
      worker: 'ours',
      mailgunLatencyMs: 0,
      emails: emailsFor(ceiling, opts.oursTargetS),
      nodeOptions: opts.tunedNodeOptions,
    }),
  );
  const profiled = throughput.find((r) => r.profile !== undefined);

  const api = await runApiStage(ctx);
  const oursRuns = throughput.filter((r) => r.worker === 'ours' && !r.profiled && !r.tuned);
  const workerPeakRssMb = Math.max(...oursRuns.map((r) => r.peakRssMb), api.workerPeakRssMb);

  const quickCommand = process.argv.includes('--quick')
    ? 'pnpm bench -- --quick'
    : 'BENCH_QUICK=1 pnpm bench';
  return {
    mode,
    command: opts.quick ? quickCommand : 'pnpm bench',
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    machine: describeMachine(kafkaVersion(kafka?.image)),
    settings: {
      partitions: opts.partitions,
      concurrency: opts.concurrency,
      logLevel: opts.logLevel,
      capacityDurationS: opts.capacityDurationS,
      naiveWindowS: opts.naiveWindowS,
      api: opts.api,
      freshness: opts.freshness,
    },
    capacity,
    throughput,
    profile:
      profiled?.profile === undefined
        ? undefined
        : { ...profiled.profile, emailsPerSecond: profiled.emailsPerSecond },
    api,
    targets: evaluateTargets(throughput, capacity, api, workerPeakRssMb),
  };
}

try {
  const results = await main();
  results.durationS = (Date.now() - started) / 1000;
  const withoutSamples = (key: string, value: unknown) => (key === 'samplesMs' ? undefined : value);
  writeFileSync(`${outDir}/benchmarks.json`, `${JSON.stringify(results, withoutSamples, 2)}\n`);
  writeFileSync(`${outDir}/benchmarks.md`, renderMarkdown(results));
  const ours0 = findRun(results.throughput, 'ours', 0);
  log(
    `done in ${results.durationS.toFixed(0)} s; our worker at 0 ms: ${ours0?.emailsPerSecond.toFixed(0)} emails/s`,
  );
  process.stdout.write(
    `\n${renderSummary(results)}\n\nwritten: ${outDir}/benchmarks.md and benchmarks.json\n`,
  );
  if (opts.quick) process.stdout.write('(quick mode: targets are informational only)\n');
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
