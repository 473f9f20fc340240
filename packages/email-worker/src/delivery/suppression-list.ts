import {
  parseSuppression,
  suppressionKey,
  type SuppressionReason,
} from '@fluentmeet/email-contracts';

export interface Suppression {
  reason: SuppressionReason;
  /** When the address was suppressed (ISO time). */
  at: string;
}

export type SuppressionChange =
  ({ address: string; state: 'suppressed' } & Suppression) | { address: string; state: 'lifted' };

/**
 * The suppression list as this worker knows it: the addresses whose latest record
 * on the suppressions topic says `suppressed`. Lifted addresses are forgotten.
 */
export class SuppressionList {
  readonly #entries = new Map<string, Suppression>();

  get size(): number {
    return this.#entries.size;
  }

  /** The suppression of an address (any case), if it has one. */
  lookup(address: string): Suppression | undefined {
    return this.#entries.get(suppressionKey(address));
  }

  /**
   * Applies one record of the topic (key = address; a `null` value is a tombstone)
   * and says what changed, `undefined` when nothing did. Throws `SUPPRESSION_INVALID`
   * for a value that is not a suppression record; the list is then unchanged.
   */
  apply(key: string | null, value: Buffer | null): SuppressionChange | undefined {
    const record = parseSuppression(value);
    const raw = key ?? record?.address;
    if (raw === undefined) return undefined;
    const address = suppressionKey(raw);
    if (record === null || record.state === 'lifted') {
      return this.#entries.delete(address) ? { address, state: 'lifted' } : undefined;
    }
    const previous = this.#entries.get(address);
    const entry = { reason: record.reason, at: record.at };
    this.#entries.set(address, entry);
    if (previous?.reason === entry.reason && previous.at === entry.at) return undefined;
    return { address, state: 'suppressed', ...entry };
  }
}
