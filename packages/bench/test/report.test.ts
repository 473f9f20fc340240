import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';
import {
  evaluateTargets,
  findRun,
  renderMarkdown,
  target,
  type BenchResults,
} from '../src/report.js';
import type { ApiStageResult } from '../src/scenarios/api.js';
import type { FixedRateResult } from '../src/scenarios/api-load.js';
import type { CapacityResult } from '../src/scenarios/capacity.js';
import type { ThroughputRun } from '../src/scenarios/throughput.js';
import { summarize } from '../src/stats.js';

const run = (
  worker: 'ours' | 'naive',
  latency: number,
  rate: number,
  profiled = false,
): ThroughputRun => ({
  worker,
  mailgunLatencyMs: latency,
  method: worker === 'ours' ? 'count' : 'window',
  produced: 1000,
  delivered: 1000,
  durationMs: 1000,
  emailsPerSecond: rate,
  produceMs: 10,
  peakRssMb: 100,
  cpuMsPerEmail: { worker: 0.5, sandbox: 0.2 },
  cpuCores: { worker: 0.5, sandbox: 0.2 },
  nodeOptions: '',
  tuned: false,
  profiled,
});

const load = (p99: number): FixedRateResult => ({
  rate: 50,
  durationS: 10,
  connections: 10,
  latencyMs: { ...summarize([1, 2, 3]), p99 },
  samplesMs: [1, 2, 3],
  autocannonP50Ms: 2,
  autocannonP99Ms: 3,
  sent: 500,
  ok: 500,
  non2xx: 0,
  errors: 0,
});

const capacity: CapacityResult = {
  connections: 64,
  durationS: 10,
  requests: 20_000,
  non2xx: 0,
  errors: 0,
  requestsPerSecond: 2000,
  bodyBytes: 7467,
  latencyP50Ms: 10,
  latencyP99Ms: 30,
};

const api = (stoppedP99: number | null): ApiStageResult => ({
  users: 10,
  healthy: load(10),
  healthyRuns: [load(10), load(10)],
  slowMailgun: { ...load(11), mailgunLatencyMs: 5000 },
  kafkaStopped: stoppedP99 === null ? null : load(stoppedP99),
  freshness: {
    rate: 10,
    requests: 10,
    matched: 10,
    latencyMs: { ...summarize([20, 30]), p99: 300 },
  },
  apiPeakRssMb: 120,
  workerPeakRssMb: 90,
});

describe('target', () => {
  it('is met only by a finite value on the right side of the goal', () => {
    expect(target('x', 30, '×', '>=', 25).met).toBe(true);
    expect(target('x', 1.3, '×', '<=', 1.2).met).toBe(false);
    expect(target('x', Number.NaN, '×', '<=', 1.2).met).toBe(false);
  });
});

describe('evaluateTargets', () => {
  const runs = [
    run('ours', 0, 1200),
    run('naive', 0, 300),
    run('ours', 50, 1000),
    run('naive', 50, 18),
  ];

  it('computes the ratios of the issue from side-by-side runs', () => {
    const byName = Object.fromEntries(
      evaluateTargets(runs, capacity, api(12), 140).map((t) => [t.name, t]),
    );
    expect(byName['Our worker vs naive at 50 ms Mailgun latency']).toMatchObject({
      value: 55.6,
      met: true,
    });
    expect(byName['Our worker at 0 ms as a share of the sandbox capacity']).toMatchObject({
      value: 60,
      met: true,
    });
    expect(byName['API p99, Mailgun slow / healthy']).toMatchObject({ value: 1.1, met: true });
    expect(byName['API p99, Kafka stopped / healthy']).toMatchObject({ value: 1.2, met: true });
    expect(byName['Freshness p99']).toMatchObject({ value: 300, met: false });
    expect(byName['Worker peak RSS']).toMatchObject({ value: 140, met: true });
  });

  it('marks a skipped condition as missed rather than met', () => {
    const stopped = evaluateTargets(runs, capacity, api(null), 140).find((t) =>
      t.name.includes('Kafka stopped'),
    );
    expect(stopped?.met).toBe(false);
  });
});

describe('findRun', () => {
  it('prefers the unprofiled run and falls back to the profiled one', () => {
    const profiled = run('ours', 0, 900, true);
    const plain = run('ours', 0, 1000);
    expect(findRun([profiled, plain], 'ours', 0)).toBe(plain);
    expect(findRun([profiled], 'ours', 0)).toBe(profiled);
    expect(findRun([profiled], 'naive', 0)).toBeUndefined();
  });
});

describe('parseOptions', () => {
  it('turns quick mode on from --quick or BENCH_QUICK', () => {
    expect(parseOptions(['--quick'], {}).quick).toBe(true);
    expect(parseOptions([], { BENCH_QUICK: '1' }).quick).toBe(true);
    expect(parseOptions([], { BENCH_QUICK: '0' }).quick).toBe(false);
    expect(parseOptions([], {}).quick).toBe(false);
  });

  it('plans enough distinct accounts for the freshness run', () => {
    for (const quick of [true, false]) {
      const opts = parseOptions(quick ? ['--quick'] : [], {});
      expect(opts.api.users).toBeGreaterThanOrEqual(opts.freshness.rate * opts.freshness.durationS);
    }
  });
});

describe('renderMarkdown', () => {
  it('names the caller of native hot spots, sums packages and marks missed targets', () => {
    const runs = [
      run('ours', 0, 1200),
      run('naive', 0, 300),
      run('ours', 50, 1000),
      run('naive', 50, 18),
    ];
    const results: BenchResults = {
      mode: 'full',
      command: 'pnpm bench',
      startedAt: '2026-11-28T00:00:00.000Z',
      durationS: 240,
      machine: { cpuModel: 'Test CPU', cores: 2, node: '24.21.0', kafka: '4.4.0', os: 'Linux' },
      settings: { concurrency: 64, logLevel: 'info' },
      capacity,
      throughput: runs,
      profile: {
        top: [
          {
            functionName: 'writeBuffer',
            location: '',
            calledFrom: 'write undici/h1.js:1',
            selfMs: 10,
            percent: 20,
          },
        ],
        byPackage: [{ name: 'undici', selfMs: 10, percent: 20 }],
        busyMs: 50,
        emailsPerSecond: 1100,
      },
      api: api(12),
      targets: evaluateTargets(runs, capacity, api(12), 400),
    };
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('Test CPU, 2 cores');
    expect(markdown).toContain('native, from `write undici/h1.js:1`');
    expect(markdown).toContain('undici 20%');
    expect(markdown).toContain('| Worker peak RSS | 400 MiB | <= 150 MiB | **missed** |');
    expect(markdown).toContain('| 50 ms | 1000 emails/s');
  });
});
