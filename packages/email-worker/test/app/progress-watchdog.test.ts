import { describe, expect, it } from 'vitest';
import { ProgressWatchdog } from '../../src/app/progress-watchdog.js';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ProgressWatchdog', () => {
  it('reports a stall once records wait longer than the bound with the circuit closed', () => {
    const time = clock();
    const watchdog = new ProgressWatchdog(1_000, time.now);
    watchdog.waiting(3);
    time.advance(1_000);
    expect(watchdog.stalled(3, true)).toBeUndefined();
    time.advance(1);
    expect(watchdog.stalled(3, true)).toMatch(/no progress: 3 records in flight .* 1001 ms/);
    watchdog.progress();
    expect(watchdog.stalled(3, true)).toBeUndefined();
  });

  it('does not count idle time or an open circuit (records held on purpose)', () => {
    const time = clock();
    const watchdog = new ProgressWatchdog(1_000, time.now);
    time.advance(10_000); // idle: nothing waits
    watchdog.waiting(1);
    expect(watchdog.stalled(1, true)).toBeUndefined();
    time.advance(5_000);
    expect(watchdog.stalled(1, false)).toBeUndefined(); // open circuit
    time.advance(500);
    expect(watchdog.stalled(1, true)).toBeUndefined();
    time.advance(501);
    expect(watchdog.stalled(1, true)).toBeDefined();
    expect(watchdog.stalled(0, true)).toBeUndefined();
  });
});
