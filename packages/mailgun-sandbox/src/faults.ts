import { Value } from '@sinclair/typebox/value';
import { SandboxError } from './errors.js';
import { addressOf } from './message-store.js';
import { DeliveryFaultSpec, SendFaultSpec, type ActiveFault, type FaultSpec } from './schemas.js';

interface Entry {
  id: string;
  spec: FaultSpec;
  createdAt: number;
  remaining: number | undefined;
  expiresAt: number | undefined;
  hits: number;
}

/** Throws `SandboxError('FAULT_INVALID')` unless the spec is well-formed and does something. */
export function checkFaultSpec(spec: unknown): FaultSpec {
  if (typeof spec === 'object' && spec !== null && 'outcome' in spec) {
    return checkDeliveryFault(spec);
  }
  const issue = Value.Errors(SendFaultSpec, spec).First();
  if (issue !== undefined) {
    throw new SandboxError('FAULT_INVALID', `fault ${issue.path || '/'}: ${issue.message}`);
  }
  const fault = spec as SendFaultSpec;
  const hasEffect =
    fault.status !== undefined ||
    fault.drop === true ||
    fault.latencyMs !== undefined ||
    fault.latencyRangeMs !== undefined;
  if (!hasEffect) {
    throw new SandboxError(
      'FAULT_INVALID',
      'a fault needs at least one of status, drop, latencyMs or latencyRangeMs',
    );
  }
  if (fault.latencyRangeMs !== undefined && fault.latencyRangeMs[0] > fault.latencyRangeMs[1]) {
    throw new SandboxError('FAULT_INVALID', 'latencyRangeMs must be [min, max] with min <= max');
  }
  return fault;
}

function checkDeliveryFault(spec: object): DeliveryFaultSpec {
  const issue = Value.Errors(DeliveryFaultSpec, spec).First();
  if (issue !== undefined) {
    throw new SandboxError('FAULT_INVALID', `fault ${issue.path || '/'}: ${issue.message}`);
  }
  const fault = spec as DeliveryFaultSpec;
  if (fault.then !== undefined && fault.outcome !== 'temporary_fail') {
    throw new SandboxError('FAULT_INVALID', '`then` applies to the temporary_fail outcome only');
  }
  const failure = fault.outcome === 'permanent_fail' || fault.outcome === 'temporary_fail';
  if (!failure && (fault.code !== undefined || fault.message !== undefined)) {
    throw new SandboxError('FAULT_INVALID', '`code` and `message` apply to failures only');
  }
  return fault;
}

export const isDeliveryFault = (spec: FaultSpec): spec is DeliveryFaultSpec => 'outcome' in spec;

/**
 * Whether a recipient matches a fault's `to`: the same address (case-insensitive), or, when
 * `to` has a `*`, the address matches it with `*` standing for any run of characters.
 */
export function recipientMatches(pattern: string, recipient: string): boolean {
  const address = addressOf(recipient);
  if (!pattern.includes('*')) return address === addressOf(pattern);
  const source = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(address);
}

/**
 * The ordered list of injected faults. For each request the first active fault that matches
 * (recipient, then a probability roll) applies and uses up one of its `count`.
 */
export class FaultInjector {
  #entries: Entry[] = [];
  #seq = 0;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: { now?: () => number; random?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
  }

  add(spec: FaultSpec): ActiveFault {
    const checked = structuredClone(checkFaultSpec(spec));
    const createdAt = this.#now();
    this.#seq += 1;
    const entry: Entry = {
      id: `fault-${this.#seq}`,
      spec: checked,
      createdAt,
      remaining: checked.count,
      expiresAt: checked.durationMs === undefined ? undefined : createdAt + checked.durationMs,
      hits: 0,
    };
    this.#entries.push(entry);
    return describe(entry);
  }

  list(): ActiveFault[] {
    this.#prune();
    return this.#entries.map(describe);
  }

  remove(id: string): boolean {
    const before = this.#entries.length;
    this.#entries = this.#entries.filter((entry) => entry.id !== id);
    return this.#entries.length !== before;
  }

  clear(): void {
    this.#entries = [];
  }

  /** The send fault that hits a request to these recipients, if any; counts the hit. */
  take(recipients: readonly string[]): SendFaultSpec | undefined {
    const spec = this.#take(false, recipients);
    return spec === undefined || isDeliveryFault(spec) ? undefined : spec;
  }

  /** The delivery fault that hits this accepted recipient, if any; counts the hit. */
  takeOutcome(recipient: string): DeliveryFaultSpec | undefined {
    const spec = this.#take(true, [recipient]);
    return spec !== undefined && isDeliveryFault(spec) ? spec : undefined;
  }

  #take(delivery: boolean, recipients: readonly string[]): FaultSpec | undefined {
    if (this.#entries.length === 0) return undefined;
    this.#prune();
    for (const entry of this.#entries) {
      if (isDeliveryFault(entry.spec) !== delivery) continue;
      const { to, probability } = entry.spec;
      if (to !== undefined && !recipients.some((r) => recipientMatches(to, r))) continue;
      if (probability !== undefined && !(this.#random() < probability)) continue;
      entry.hits += 1;
      if (entry.remaining !== undefined) entry.remaining -= 1;
      return entry.spec;
    }
    return undefined;
  }

  #prune(): void {
    const now = this.#now();
    this.#entries = this.#entries.filter(
      (entry) =>
        (entry.remaining === undefined || entry.remaining > 0) &&
        (entry.expiresAt === undefined || now < entry.expiresAt),
    );
  }
}

function describe(entry: Entry): ActiveFault {
  return {
    id: entry.id,
    spec: entry.spec,
    createdAt: new Date(entry.createdAt).toISOString(),
    ...(entry.remaining === undefined ? {} : { remaining: entry.remaining }),
    ...(entry.expiresAt === undefined
      ? {}
      : { expiresAt: new Date(entry.expiresAt).toISOString() }),
    hits: entry.hits,
  };
}

/** The delay a fault adds, drawn uniformly from `latencyRangeMs` when given. */
export function faultLatency(spec: SendFaultSpec, random: () => number = Math.random): number {
  if (spec.latencyRangeMs !== undefined) {
    const [min, max] = spec.latencyRangeMs;
    return Math.round(min + random() * (max - min));
  }
  return spec.latencyMs ?? 0;
}
