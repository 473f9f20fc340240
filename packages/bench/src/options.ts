import { WORKER_NODE_OPTIONS } from '@fluentmeet/email-worker';

/** Every knob of a run; quick mode only checks that the harness works. */
export interface BenchOptions {
  quick: boolean;
  partitions: number;
  /** Our worker's WORKER_CONCURRENCY, and autocannon's connections for the sandbox capacity. */
  concurrency: number;
  mailgunLatenciesMs: number[];
  capacityDurationS: number;
  /** Emails for our worker's runs are sized for at least this long a run. */
  oursTargetS: number;
  /** Upper bound of a fixed-count run. */
  maxEmails: number;
  /** The naive worker is measured over a fixed window instead of a fixed count. */
  naiveWindowS: number;
  /** Separate profiled run of our worker at 0 ms (quick mode profiles the measured run). */
  profileTargetS: number | undefined;
  maxRunS: number;
  api: {
    users: number;
    rate: number;
    durationS: number;
    warmUpS: number;
    connections: number;
    slowMailgunMs: number;
  };
  freshness: { rate: number; durationS: number };
  logLevel: string;
  /** NODE_OPTIONS for the worker processes; the heap flags the worker ships with by default. */
  workerNodeOptions: string;
  /** Another build of our worker to measure instead (A/B experiments); the shipped one by default. */
  workerScript: string | undefined;
  /** NODE_OPTIONS of the extra footprint run (default: none, i.e. V8's own heap sizing). */
  tunedNodeOptions: string;
}

export function parseOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): BenchOptions {
  const quick =
    argv.includes('--quick') ||
    (env.BENCH_QUICK !== undefined && env.BENCH_QUICK !== '' && env.BENCH_QUICK !== '0');
  const concurrency = Number(env.BENCH_WORKER_CONCURRENCY ?? 64);
  return {
    quick,
    partitions: 6,
    concurrency,
    mailgunLatenciesMs: [0, 50],
    capacityDurationS: quick ? 2 : 10,
    oursTargetS: quick ? 3 : 17,
    maxEmails: quick ? 1_500 : 60_000,
    naiveWindowS: quick ? 3 : 20,
    profileTargetS: quick ? undefined : 8,
    maxRunS: quick ? 25 : 120,
    api: {
      users: quick ? 30 : 240,
      rate: quick ? 20 : 50,
      durationS: quick ? 3 : 15,
      warmUpS: quick ? 1 : 5,
      connections: 10,
      slowMailgunMs: 5_000,
    },
    freshness: { rate: quick ? 10 : 10, durationS: quick ? 3 : 20 },
    logLevel: env.BENCH_LOG_LEVEL ?? 'info',
    workerNodeOptions: env.BENCH_WORKER_NODE_OPTIONS ?? WORKER_NODE_OPTIONS,
    workerScript: env.BENCH_WORKER_SCRIPT || undefined,
    // The comparison run: V8's default heap sizing, without the worker's shipped flags.
    tunedNodeOptions: env.BENCH_TUNED_NODE_OPTIONS ?? '',
  };
}
