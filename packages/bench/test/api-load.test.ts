import { describe, expect, it } from 'vitest';
import { pool, type FixedRateResult } from '../src/scenarios/api-load.js';
import { summarize } from '../src/stats.js';

const run = (samplesMs: number[]): FixedRateResult => ({
  rate: 50,
  durationS: 10,
  connections: 10,
  latencyMs: summarize(samplesMs),
  samplesMs,
  autocannonP50Ms: 1,
  autocannonP99Ms: 2,
  sent: samplesMs.length,
  ok: samplesMs.length,
  non2xx: 1,
  errors: 0,
});

describe('pool', () => {
  it('summarizes the latencies of both runs together and adds the counts', () => {
    const pooled = pool(run([1, 2, 3]), run([10, 20]));
    expect(pooled.latencyMs).toEqual(summarize([1, 2, 3, 10, 20]));
    expect(pooled).toMatchObject({ durationS: 20, sent: 5, ok: 5, non2xx: 2, rate: 50 });
  });
});
