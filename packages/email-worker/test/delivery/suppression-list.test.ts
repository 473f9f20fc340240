import { describe, expect, it } from 'vitest';
import { buildSuppression } from '@fluentmeet/email-contracts';
import { SuppressionList } from '../../src/delivery/suppression-list.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const value = (record: object) => Buffer.from(JSON.stringify(record));

describe('SuppressionList', () => {
  it('suppresses by lower-cased address and forgets on a lifted record or a tombstone', () => {
    const list = new SuppressionList();
    const bounced = buildSuppression(
      { address: 'Bounce+X@Example.com', state: 'suppressed', reason: 'bounced' },
      NOW,
    );
    expect(list.apply('bounce+x@example.com', value(bounced))).toEqual({
      address: 'bounce+x@example.com',
      state: 'suppressed',
      reason: 'bounced',
      at: NOW.toISOString(),
    });
    expect(list.lookup('BOUNCE+x@example.COM')).toEqual({
      reason: 'bounced',
      at: NOW.toISOString(),
    });
    // The same record again (a re-read) changes nothing.
    expect(list.apply('bounce+x@example.com', value(bounced))).toBeUndefined();

    const lifted = buildSuppression({ address: 'bounce+x@example.com', state: 'lifted' }, NOW);
    expect(list.apply('bounce+x@example.com', value(lifted))).toEqual({
      address: 'bounce+x@example.com',
      state: 'lifted',
    });
    expect(list.lookup('bounce+x@example.com')).toBeUndefined();
    expect(list.apply('bounce+x@example.com', value(lifted))).toBeUndefined();

    list.apply(
      'c@example.com',
      value({ ...bounced, address: 'c@example.com', reason: 'complained' }),
    );
    expect(list.size).toBe(1);
    expect(list.apply('c@example.com', null)).toEqual({
      address: 'c@example.com',
      state: 'lifted',
    });
    expect(list.size).toBe(0);
  });

  it('refuses a value that is not a suppression record and stays unchanged', () => {
    const list = new SuppressionList();
    expect(() => list.apply('a@example.com', Buffer.from('{"state":"suppressed"}'))).toThrow(
      expect.objectContaining({ code: 'SUPPRESSION_INVALID' }),
    );
    expect(list.size).toBe(0);
  });
});
