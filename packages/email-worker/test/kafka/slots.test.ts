import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/kafka/slots.js';

describe('Slots', () => {
  it('counts work in flight and wakes waiters on release and when idle', async () => {
    const slots = new Slots(2);
    slots.take();
    slots.take();
    expect(slots.full).toBe(true);
    let freed = false;
    let idle = false;
    void slots.whenFree().then(() => (freed = true));
    void slots.whenIdle().then(() => (idle = true));
    slots.release();
    await expect.poll(() => freed).toBe(true);
    expect(slots.full).toBe(false);
    expect(idle).toBe(false);
    slots.release();
    await expect.poll(() => idle).toBe(true);
    expect(slots.used).toBe(0);
    await expect(slots.whenIdle()).resolves.toBeUndefined();
  });
});
