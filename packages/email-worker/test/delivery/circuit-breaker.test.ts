import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, type CircuitState } from '../../src/delivery/circuit-breaker.js';

function breaker(states: CircuitState[] = []) {
  return new CircuitBreaker({
    failureThreshold: 3,
    probeIntervalMs: 100,
    maxProbeIntervalMs: 300,
    configErrorProbeIntervalMs: 1_000,
    onStateChange: (state) => states.push(state),
  });
}

describe('CircuitBreaker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens after failures of different messages, not of one message', async () => {
    const states: CircuitState[] = [];
    const circuit = breaker(states);
    const pass = await circuit.acquire();
    expect(circuit.recordFailure(pass, 'transient', 'a')).toBe(false);
    expect(circuit.recordFailure(pass, 'transient', 'a')).toBe(false);
    expect(circuit.recordFailure(pass, 'transient', 'b')).toBe(false);
    expect(circuit.state).toBe('closed');
    expect(circuit.recordFailure(pass, 'transient', 'c')).toBe(true);
    expect(states).toEqual(['open']);
    expect(circuit.wantsTraffic).toBe(false);
    circuit.stop();
  });

  it('a success resets the count', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    circuit.recordFailure(pass, 'transient', 'a');
    circuit.recordFailure(pass, 'transient', 'b');
    circuit.recordSuccess(pass);
    expect(circuit.recordFailure(pass, 'transient', 'c')).toBe(false);
    expect(circuit.state).toBe('closed');
  });

  it('lets one probe through per interval, backs off, and closes on success', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    for (const id of ['a', 'b', 'c']) circuit.recordFailure(pass, 'transient', id);
    const first = circuit.acquire();
    const second = circuit.acquire();
    let firstPermit: { probe: boolean } | undefined;
    void first.then((permit) => (firstPermit = permit));
    await vi.advanceTimersByTimeAsync(99);
    expect(firstPermit).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(firstPermit).toEqual({ probe: true });
    // The probe fails: the next one comes after a doubled interval.
    expect(circuit.recordFailure(firstPermit!, 'transient', 'a')).toBe(true);
    const third = circuit.acquire();
    let secondPermit: { probe: boolean } | undefined;
    void second.then((permit) => (secondPermit = permit));
    await vi.advanceTimersByTimeAsync(199);
    expect(secondPermit).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(secondPermit).toEqual({ probe: true });
    circuit.recordSuccess(secondPermit!);
    expect(circuit.state).toBe('closed');
    await expect(third).resolves.toEqual({ probe: false });
  });

  it('goes to config-error at once and probes at the slow interval', async () => {
    const states: CircuitState[] = [];
    const circuit = breaker(states);
    const pass = await circuit.acquire();
    expect(circuit.recordFailure(pass, 'config-error', 'a')).toBe(true);
    expect(states).toEqual(['config-error']);
    let permit: { probe: boolean } | undefined;
    void circuit.acquire().then((granted) => (permit = granted));
    await vi.advanceTimersByTimeAsync(999);
    expect(permit).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(permit).toEqual({ probe: true });
    circuit.recordFailure(permit!, 'config-error', 'a');
    expect(circuit.state).toBe('config-error');
    circuit.stop();
  });

  it('asks for traffic when a probe is due and nobody waits', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    for (const id of ['a', 'b', 'c']) circuit.recordFailure(pass, 'transient', id);
    expect(circuit.wantsTraffic).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(circuit.wantsTraffic).toBe(true);
    await expect(circuit.acquire()).resolves.toEqual({ probe: true });
    expect(circuit.wantsTraffic).toBe(false);
    circuit.stop();
  });

  it('honours the rate-limit wait of a failed probe', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    for (const id of ['a', 'b', 'c']) circuit.recordFailure(pass, 'transient', id);
    await vi.advanceTimersByTimeAsync(100);
    const probe = await circuit.acquire();
    circuit.recordFailure(probe, 'transient', 'a', Date.now() + 5_000);
    let next: { probe: boolean } | undefined;
    void circuit.acquire().then((permit) => (next = permit));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(next).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(next).toEqual({ probe: true });
    circuit.stop();
  });

  it('rejects an aborted waiter', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    circuit.recordFailure(pass, 'config-error', 'a');
    const controller = new AbortController();
    const waiting = circuit.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(circuit.waiting).toBe(0);
    circuit.stop();
  });

  it('a probe handed back without an outcome frees the slot and the next probe follows', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    for (const id of ['a', 'b', 'c']) circuit.recordFailure(pass, 'transient', id);
    await vi.advanceTimersByTimeAsync(100);
    const probe = await circuit.acquire();
    expect(probe.probe).toBe(true);
    // The probe's partition is revoked mid-send: no outcome, only release.
    circuit.release(probe);
    circuit.release(probe); // idempotent (a finally may run after an outcome)
    await vi.advanceTimersByTimeAsync(100);
    expect(circuit.wantsTraffic).toBe(true);
    const next = await circuit.acquire();
    expect(next.probe).toBe(true);
    circuit.recordSuccess(next);
    expect(circuit.state).toBe('closed');
    circuit.stop();
  });

  it('never sets a probe timer beyond 2^31-1 ms (a rate-limit wait of years)', async () => {
    const circuit = breaker();
    const pass = await circuit.acquire();
    for (const id of ['a', 'b']) circuit.recordFailure(pass, 'transient', id);
    const spy = vi.spyOn(globalThis, 'setTimeout');
    circuit.recordFailure(pass, 'transient', 'c', Date.now() + 10 * 365 * 86_400_000);
    const delays = spy.mock.calls.map((call) => call[1] ?? 0);
    spy.mockRestore();
    expect(Math.max(...delays)).toBeLessThanOrEqual(2_147_483_647);
    circuit.stop();
  });
});
