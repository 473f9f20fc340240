/** A bounded set of recently seen keys; the least recently used one is dropped first. */
export class RecentIds {
  readonly #ids = new Map<string, true>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  has(id: string): boolean {
    if (!this.#ids.has(id)) return false;
    this.#ids.delete(id);
    this.#ids.set(id, true);
    return true;
  }

  add(id: string): void {
    this.#ids.delete(id);
    this.#ids.set(id, true);
    while (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.keys().next().value as string;
      this.#ids.delete(oldest);
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
