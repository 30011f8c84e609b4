/**
 * The bounded queue between `push()` and a slow consumer: a ring that grows ×2 up to its limit,
 * and what happens when it is full (the {@linkcode OverflowPolicy}).
 *
 * @module
 */

/**
 * What a {@linkcode Subscription} does when its buffer is full because the consumer is slower
 * than the stream.
 *
 * - `"drop-oldest"` (default): discard the oldest buffered event.
 * - `"latest"`: buffer at most one event per key (`keyOf`, e.g. per code): a newer event replaces
 *   the buffered one of its key in place, so keys keep their order and a slow consumer always reads
 *   the newest state. When more distinct keys are buffered than `bufferSize`, the oldest is dropped.
 * - `"error"`: fail the subscription with an {@linkcode OverflowError} (after the buffered events).
 *
 * Every discarded or replaced event counts in {@linkcode Subscription.dropped}.
 *
 * @example Keep only the newest ticker per code
 * ```ts
 * import type { OverflowPolicy } from "upbit-ws";
 * const overflow: OverflowPolicy = "latest";
 * ```
 */
export type OverflowPolicy = "drop-oldest" | "latest" | "error";

/**
 * Every {@linkcode OverflowPolicy}, in the order error messages list them (a test checks, at
 * compile time, that it names exactly the union's values).
 */
export const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ["drop-oldest", "latest", "error"];

/** How a {@linkcode RingBuffer} is sized and what it does when full. */
export interface RingBufferInit<E> {
  /** The most events held: an integer >= 1 (checked by the caller). */
  limit: number;
  /** What `push()` does when `limit` events are held. */
  overflow: OverflowPolicy;
  /** The key of an event under `"latest"`; without it every event has the key `""`. */
  keyOf?: ((event: E) => string) | undefined;
  /** Told when `keyOf` throws; the event then gets the key `""`. */
  onKeyError?: ((error: unknown) => void) | undefined;
}

/** The ring's first allocation; it doubles from here up to the limit. */
const INITIAL_CAPACITY = 16;

/**
 * A first-in first-out queue of at most `limit` events with an overflow policy. `"drop-oldest"`
 * and `"latest"` always accept an event; `"error"` refuses one when full and leaves failing to
 * the caller. Not a public API: the {@linkcode Subscription} owns one.
 *
 * @typeParam E the event type
 * @example
 * ```ts
 * import { RingBuffer } from "./ring_buffer.ts";
 * const buffer = new RingBuffer<number>({ limit: 2, overflow: "drop-oldest" });
 * buffer.push(1);
 * buffer.push(2);
 * buffer.push(3); // drops 1
 * console.log(buffer.shift(), buffer.shift(), buffer.dropped); // 2 3 1
 * ```
 */
export class RingBuffer<E> {
  // `#size` events from `#head`, in `#ring` of length `#capacity`. Under "latest", `#keys` is a
  // parallel ring and `#slots` maps a key to the absolute position of its event: the number of
  // events shifted out so far plus its offset from the head, so that it survives shifts.
  #ring: (E | undefined)[];
  #keys: (string | undefined)[] | undefined;
  #slots: Map<string, number> | undefined;
  #capacity: number;
  #head = 0;
  #size = 0;
  #shifted = 0;
  #dropped = 0;
  readonly #limit: number;
  readonly #dropOldest: boolean;
  readonly #keyOf: ((event: E) => string) | undefined;
  readonly #onKeyError: ((error: unknown) => void) | undefined;

  /** @param init the limit, the policy and, for `"latest"`, the key */
  constructor(init: RingBufferInit<E>) {
    this.#limit = init.limit;
    this.#dropOldest = init.overflow === "drop-oldest";
    this.#keyOf = init.keyOf;
    this.#onKeyError = init.onKeyError;
    this.#capacity = Math.min(init.limit, INITIAL_CAPACITY);
    this.#ring = new Array<E | undefined>(this.#capacity);
    if (init.overflow === "latest") {
      this.#keys = new Array<string | undefined>(this.#capacity);
      this.#slots = new Map();
    }
  }

  /** How many events are held. */
  get size(): number {
    return this.#size;
  }

  /** How many events the policy discarded, replaced, or (`"error"`) refused. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The most events held. */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Adds `event` at the end, applying the policy when full.
   *
   * @returns `false` only under `"error"` when full: the event is refused (and counted in
   *   `dropped`); `true` otherwise
   */
  push(event: E): boolean {
    const slots = this.#slots;
    if (slots !== undefined) {
      this.#pushLatest(event, slots);
      return true;
    }
    if (this.#size === this.#capacity) {
      if (this.#capacity < this.#limit) {
        this.#grow();
      } else if (this.#dropOldest) {
        // Full at the limit: the new event takes the oldest one's slot and becomes the newest.
        const head = this.#head;
        this.#ring[head] = event;
        this.#head = head + 1 === this.#capacity ? 0 : head + 1;
        this.#shifted++;
        this.#dropped++;
        return true;
      } else {
        this.#dropped++;
        return false;
      }
    }
    let tail = this.#head + this.#size;
    if (tail >= this.#capacity) tail -= this.#capacity;
    this.#ring[tail] = event;
    this.#size++;
    return true;
  }

  /**
   * Removes and returns the oldest event. Call it only when `size` is not 0.
   *
   * @returns the oldest event
   */
  shift(): E {
    const head = this.#head;
    const event = this.#ring[head] as E;
    this.#ring[head] = undefined;
    const keys = this.#keys;
    if (keys !== undefined) {
      (this.#slots as Map<string, number>).delete(keys[head] as string);
      keys[head] = undefined;
    }
    this.#head = head + 1 === this.#capacity ? 0 : head + 1;
    this.#size--;
    this.#shifted++;
    return event;
  }

  /** Drops every held event (not counted in `dropped`) and frees the ring. */
  clear(): void {
    this.#shifted += this.#size;
    this.#size = 0;
    this.#head = 0;
    this.#capacity = 0;
    this.#ring = [];
    if (this.#keys !== undefined) this.#keys = [];
    this.#slots?.clear();
  }

  #pushLatest(event: E, slots: Map<string, number>): void {
    let key = "";
    const keyOf = this.#keyOf;
    if (keyOf !== undefined) {
      try {
        key = keyOf(event);
      } catch (error) {
        this.#onKeyError?.(error);
      }
    }
    const position = slots.get(key);
    if (position !== undefined) {
      let slot = this.#head + position - this.#shifted;
      if (slot >= this.#capacity) slot -= this.#capacity;
      this.#ring[slot] = event;
      this.#dropped++;
      return;
    }
    if (this.#size === this.#capacity) {
      if (this.#capacity < this.#limit) {
        this.#grow();
      } else {
        this.shift();
        this.#dropped++;
      }
    }
    let tail = this.#head + this.#size;
    if (tail >= this.#capacity) tail -= this.#capacity;
    this.#ring[tail] = event;
    (this.#keys as (string | undefined)[])[tail] = key;
    slots.set(key, this.#shifted + this.#size);
    this.#size++;
  }

  #grow(): void {
    const capacity = Math.min(Math.max(this.#capacity * 2, INITIAL_CAPACITY), this.#limit);
    this.#ring = reorder(this.#ring, this.#head, this.#size, capacity);
    if (this.#keys !== undefined) {
      this.#keys = reorder(this.#keys, this.#head, this.#size, capacity);
    }
    this.#head = 0;
    this.#capacity = capacity;
  }
}

/** Copies the `count` items of a ring starting at `head` into a new ring of `capacity`. */
function reorder<T>(ring: T[], head: number, count: number, capacity: number): T[] {
  const next = new Array<T>(capacity);
  for (let i = 0, j = head; i < count; i++) {
    next[i] = ring[j] as T;
    if (++j === ring.length) j = 0;
  }
  return next;
}
