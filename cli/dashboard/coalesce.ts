/**
 * Coalescing of updates between two sends: per key only the latest value is kept, so however
 * fast a stream runs, each send carries at most one value per key. Pure.
 *
 * @module
 */

/**
 * Latest value per key since the last {@linkcode Coalescer.take}, in first-put order.
 *
 * @example
 * ```ts
 * import { Coalescer } from "./coalesce.ts";
 * const c = new Coalescer<string, number>();
 * c.put("KRW-BTC", 1);
 * c.put("KRW-BTC", 2);
 * c.take(); // [2]
 * c.merged; // 1 (updates that replaced one not yet sent)
 * ```
 */
export class Coalescer<K, V> {
  #pending = new Map<K, V>();
  #merged = 0;

  /** Updates that replaced a value not yet taken, since creation. */
  get merged(): number {
    return this.#merged;
  }

  /** Keys waiting to be taken. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Records the latest value of a key.
   *
   * @param key e.g. a market code
   * @param value its newest state
   */
  put(key: K, value: V): void {
    if (this.#pending.has(key)) this.#merged++;
    this.#pending.set(key, value);
  }

  /**
   * The values put since the last take (one per key), and forgets them.
   *
   * @returns the values, in the order their keys were first put
   */
  take(): V[] {
    if (this.#pending.size === 0) return [];
    const out = [...this.#pending.values()];
    this.#pending = new Map();
    return out;
  }
}

/**
 * The newest `limit` items, oldest first: a bounded list for recent trades.
 *
 * @example
 * ```ts
 * import { Recent } from "./coalesce.ts";
 * const r = new Recent<number>(2);
 * r.push(1);
 * r.push(2);
 * r.push(3);
 * r.items(); // [2, 3]
 * ```
 */
export class Recent<T> {
  readonly #limit: number;
  #items: T[] = [];

  /** @param limit how many to keep (at least 1) */
  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(
        `Cannot keep recent items as the limit must be a positive integer: current value is ${limit}`,
      );
    }
    this.#limit = limit;
  }

  /** Items held. */
  get length(): number {
    return this.#items.length;
  }

  /** Adds an item, dropping the oldest beyond the limit. */
  push(item: T): void {
    this.#items.push(item);
    // Trim in batches so a long run does not shift the array on every push.
    if (this.#items.length >= this.#limit * 2) this.#items = this.#items.slice(-this.#limit);
  }

  /** The newest items up to the limit, oldest first (a copy). */
  items(): T[] {
    return this.#items.slice(-this.#limit);
  }

  /** Removes every item. */
  clear(): void {
    this.#items = [];
  }
}
