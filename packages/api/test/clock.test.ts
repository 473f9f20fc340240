import { describe, expect, it } from 'vitest';
import { TestClock } from './helpers/build.js';

// Why this check and not a CI run with the date moved: the API's test clock is
// handed to a real worker, Kafka and the sandbox in the end-to-end tests, and
// they read the real clock. A helper clock that starts at a fixed date passes
// until that date plus the longest token lifetime, then fails for every commit
// (that is how main went red on 2026-11-29). This test fails on the day such a
// start is written, costs nothing, and needs no faked system time for Kafka.
describe('the test clock', () => {
  it('starts at the real current time (no calendar date in a clock that meets a real process)', () => {
    const skewMs = Math.abs(new TestClock().now().getTime() - Date.now());
    expect(skewMs).toBeLessThan(60_000);
  });

  it('moves only when the test moves it', () => {
    const clock = new TestClock();
    const start = clock.now().getTime();
    clock.advance(90 * 60_000);
    expect(clock.now().getTime() - start).toBe(90 * 60_000);
  });
});
