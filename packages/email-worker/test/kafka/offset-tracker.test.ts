import { describe, expect, it } from 'vitest';
import { OffsetTracker, PartitionTracker } from '../../src/kafka/offset-tracker.js';

describe('PartitionTracker', () => {
  it('commits only the contiguous finished prefix', () => {
    const tracker = new PartitionTracker();
    for (const offset of [10, 11, 12, 13]) expect(tracker.dispatch(offset)).toBe('new');
    expect(tracker.committable()).toBeUndefined();
    expect(tracker.finish(12)).toBe(false);
    expect(tracker.finish(11)).toBe(false);
    expect(tracker.committable()).toBeUndefined();
    expect(tracker.finish(10)).toBe(true);
    expect(tracker.committable()).toBe(13);
    expect(tracker.finish(13)).toBe(true);
    expect(tracker.committable()).toBe(14);
    expect(tracker.inFlight).toBe(0);
  });

  it('ignores gaps between dispatched offsets', () => {
    const tracker = new PartitionTracker();
    tracker.dispatch(5);
    tracker.dispatch(9);
    tracker.finish(9);
    expect(tracker.committable()).toBeUndefined();
    tracker.finish(5);
    expect(tracker.committable()).toBe(10);
  });

  it('recognises re-fetched offsets as finished or in flight', () => {
    const tracker = new PartitionTracker();
    tracker.dispatch(0);
    tracker.dispatch(1);
    tracker.finish(0);
    expect(tracker.state(0)).toBe('finished');
    expect(tracker.dispatch(0)).toBe('finished');
    expect(tracker.state(1)).toBe('in-flight');
    expect(tracker.dispatch(1)).toBe('in-flight');
    expect(tracker.state(2)).toBe('new');
  });

  it('reports a watermark once, until it moves again', () => {
    const tracker = new PartitionTracker();
    tracker.dispatch(0);
    tracker.finish(0);
    expect(tracker.uncommitted()).toBe(1);
    tracker.markCommitted(1);
    expect(tracker.uncommitted()).toBeUndefined();
    tracker.dispatch(1);
    tracker.finish(1);
    expect(tracker.uncommitted()).toBe(2);
  });

  it('ignores finishing an unknown offset', () => {
    const tracker = new PartitionTracker();
    tracker.dispatch(3);
    expect(tracker.finish(7)).toBe(false);
    expect(tracker.committable()).toBeUndefined();
  });
});

describe('OffsetTracker', () => {
  it('lists commits per partition and forgets revoked partitions', () => {
    const offsets = new OffsetTracker();
    const a = offsets.get('work', 0);
    const b = offsets.get('work', 1);
    a.dispatch(0);
    a.finish(0);
    b.dispatch(4);
    b.finish(4);
    expect(offsets.uncommitted()).toEqual([
      { topic: 'work', partition: 0, offset: '1' },
      { topic: 'work', partition: 1, offset: '5' },
    ]);
    expect(offsets.retain({ work: [1] })).toEqual([{ topic: 'work', partition: 0 }]);
    expect(a.controller.signal.aborted).toBe(true);
    expect(offsets.has('work', 0, a)).toBe(false);
    expect(offsets.uncommitted()).toEqual([{ topic: 'work', partition: 1, offset: '5' }]);
    offsets.markCommitted([{ topic: 'work', partition: 1, offset: '5' }]);
    expect(offsets.uncommitted()).toEqual([]);
  });

  it('counts the records skipped when reading resumes past the expected offset', () => {
    const tracker = new PartitionTracker();
    expect(tracker.gapBefore(50)).toBe(0); // nothing known yet
    tracker.expectNext(120); // the group's commit
    expect(tracker.gapBefore(100)).toBe(0); // re-fetched from below: no loss
    expect(tracker.gapBefore(300)).toBe(180); // the log start moved past 120
    expect(tracker.gapBefore(300)).toBe(0); // counted once
    tracker.dispatch(300);
    expect(tracker.gapBefore(301)).toBe(0);
  });

  it('is trusted after a join only when it agrees with the group committed offset', () => {
    const tracker = new PartitionTracker();
    expect(tracker.agreesWith(300)).toBe(true); // knows nothing
    for (const offset of [120, 121]) tracker.dispatch(offset);
    expect(tracker.agreesWith(120)).toBe(true);
    expect(tracker.agreesWith(300)).toBe(false); // another member went further
    tracker.finish(120);
    tracker.markCommitted(121);
    expect(tracker.agreesWith(121)).toBe(true);
    expect(tracker.agreesWith(300)).toBe(false);
  });

  it('tells the timestamp of the oldest unfinished record', () => {
    const tracker = new PartitionTracker();
    tracker.dispatch(1, 1_000);
    tracker.dispatch(2, 2_000);
    expect(tracker.oldestPendingTimestamp()).toBe(1_000);
    tracker.finish(1);
    expect(tracker.oldestPendingTimestamp()).toBe(2_000);
    tracker.finish(2);
    expect(tracker.oldestPendingTimestamp()).toBeUndefined();
  });
});
