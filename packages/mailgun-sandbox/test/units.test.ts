import { describe, expect, it } from 'vitest';
import { addressRule } from '../src/address-rules.js';
import { EventLog } from '../src/event-log.js';
import { FaultInjector, recipientMatches } from '../src/faults.js';
import { MessageStore } from '../src/message-store.js';
import type { CapturedMessage } from '../src/schemas.js';
import type { SandboxEvent, WebhookName } from '../src/webhook-schemas.js';

const message = (id: string): CapturedMessage => ({
  id,
  receivedAt: new Date(0).toISOString(),
  domain: 'mg.example.com',
  from: 'a@example.com',
  to: ['b@example.com'],
  cc: [],
  bcc: [],
  subject: id,
  tags: [],
  variables: {},
  headers: {},
  options: {},
  attachmentCount: 0,
});

describe('FaultInjector', () => {
  it('uses up count only on hits, not on missed probability rolls', () => {
    const rolls = [0.9, 0.1, 0.9, 0.1];
    const faults = new FaultInjector({ random: () => rolls.shift() ?? 0 });
    faults.add({ status: 503, count: 2, probability: 0.5 });

    const results = [1, 2, 3, 4].map(() => faults.take([])?.status);

    expect(results).toEqual([undefined, 503, undefined, 503]);
    expect(faults.list()).toEqual([]);
  });

  it('stops applying when its time window ends', () => {
    let now = 1_000;
    const faults = new FaultInjector({ now: () => now });
    faults.add({ status: 500, durationMs: 100 });

    now = 1_099;
    expect(faults.take([])?.status).toBe(500);
    now = 1_100;
    expect(faults.take([])).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('skips a fault meant for another recipient and keeps the stack order', () => {
    const faults = new FaultInjector();
    faults.add({ status: 400, to: 'poison@example.com' });
    faults.add({ latencyMs: 5 });

    expect(faults.take(['ok@example.com'])).toEqual({ latencyMs: 5 });
    expect(faults.take(['Poison <poison@EXAMPLE.com>'])?.status).toBe(400);
  });
});

describe('MessageStore', () => {
  it('forgets evicted messages by id too', () => {
    const store = new MessageStore(2);
    for (const id of ['a', 'b', 'c']) store.add(message(id));

    expect(store.get('a')).toBeUndefined();
    expect(store.get('c')?.id).toBe('c');
    expect(store.list().map((m) => m.id)).toEqual(['c', 'b']);
    expect([store.size, store.accepted]).toEqual([2, 3]);
  });

  it('tells subscribers about messages and clears until they unsubscribe', () => {
    const store = new MessageStore(5);
    const seen: string[] = [];
    const unsubscribe = store.subscribe((event) =>
      seen.push(event.type === 'message' ? event.message.id : event.type),
    );

    store.add(message('a'));
    store.clear();
    unsubscribe();
    store.add(message('b'));

    expect(seen).toEqual(['a', 'cleared']);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new MessageStore(0)).toThrow(RangeError);
  });
});

describe('recipientMatches', () => {
  it.each([
    ['ann@example.com', 'Ann <ANN@example.com>', true],
    ['ann@example.com', 'anna@example.com', false],
    ['*@bounces.example', 'zed@Bounces.Example', true],
    ['*@bounces.example', 'zed@bounces.example.org', false],
    ['bounce+*@*', 'bounce+1@x.test', true],
    ['a.b@x.test', 'aXb@x.test', false],
  ])('%s matches %s: %s', (pattern, recipient, expected) => {
    expect(recipientMatches(pattern, recipient)).toBe(expected);
  });
});

describe('addressRule', () => {
  it.each([
    ['bounce@example.com', 'permanent_fail'],
    ['Bounce+ann@example.com', 'permanent_fail'],
    ['"Ann" <tempfail+1@example.com>', 'temporary_fail'],
    ['complain+x@example.com', 'complained'],
    ['unsubscribe@example.com', 'unsubscribed'],
    ['bouncer@example.com', undefined],
    ['ann+bounce@example.com', undefined],
  ])('%s → %s', (recipient, outcome) => {
    expect(addressRule(recipient)?.outcome).toBe(outcome);
  });
});

describe('EventLog', () => {
  let seq = 0;
  const event = (messageId: string, recipient: string, webhook: WebhookName): SandboxEvent => {
    seq += 1;
    return {
      id: `e${seq}`,
      messageId,
      recipient,
      webhook,
      eventData: {} as SandboxEvent['eventData'],
      deliveries: [],
    };
  };

  it("takes each recipient's latest event and the most telling across recipients", () => {
    const log = new EventLog(100);
    log.add(event('<m1@x>', 'a@x', 'accepted'));
    log.add(event('<m1@x>', 'b@x', 'accepted'));
    expect(log.status('m1@x')).toBe('accepted');
    log.add(event('<m1@x>', 'a@x', 'temporary_fail'));
    log.add(event('<m1@x>', 'b@x', 'delivered'));
    expect(log.status('<m1@x>')).toBe('temporary_fail');
    log.add(event('<m1@x>', 'a@x', 'delivered'));
    expect(log.status('<m1@x>')).toBe('delivered');
    log.add(event('<m1@x>', 'b@x', 'complained'));
    expect(log.status('<m1@x>')).toBe('complained');
    expect(log.status('<unknown@x>')).toBeUndefined();
  });

  it('drops the oldest events past its capacity, also from the per-message lists', () => {
    const log = new EventLog(3);
    for (const webhook of ['accepted', 'delivered'] as const)
      log.add(event('<m1@x>', 'a@x', webhook));
    log.add(event('<m2@x>', 'a@x', 'accepted'));
    log.add(event('<m2@x>', 'a@x', 'permanent_fail'));

    expect(log.size).toBe(3);
    expect(log.forMessage('<m1@x>').map((e) => e.webhook)).toEqual(['delivered']);
    expect(log.list({ limit: 2 }).map((e) => e.webhook)).toEqual(['accepted', 'permanent_fail']);
    expect(log.list({ webhook: 'delivered' })).toHaveLength(1);
  });
});
