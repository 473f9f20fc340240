import { describe, expect, it } from 'vitest';
import { percentile, perSecond, ratio, round, summarize } from '../src/stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN for an empty sample', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts a copy and reports min, percentiles, max and mean', () => {
    const values = [5, 1, 4, 2, 3];
    expect(summarize(values)).toEqual({
      count: 5,
      min: 1,
      p50: 3,
      p90: 5,
      p99: 5,
      max: 5,
      mean: 3,
    });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });
});

describe('perSecond, ratio and round', () => {
  it('computes rates and guards against empty intervals', () => {
    expect(perSecond(500, 2_000)).toBe(250);
    expect(perSecond(1, 0)).toBeNaN();
  });

  it('is NaN when a side is missing or zero', () => {
    expect(ratio(30, 10)).toBe(3);
    expect(ratio(undefined, 10)).toBeNaN();
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });

  it('keeps three significant digits below 100', () => {
    expect(round(1.23456)).toBe(1.23);
    expect(round(1234.5)).toBe(1235);
  });
});
