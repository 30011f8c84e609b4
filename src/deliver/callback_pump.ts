/**
 * The reading side of a {@linkcode Subscription} in callback mode: calls the callback for each
 * event in order, and holds back the next event (in the subscription's {@linkcode RingBuffer})
 * while a promise the callback returned is pending.
 *
 * @module
 */

import type { RingBuffer } from "./ring_buffer.ts";

/**
 * Feeds one callback from a buffer. A synchronous callback runs inside `deliver()`; one that
 * returns a promise makes the pump busy until it settles, then the pump goes on with what was
 * buffered meanwhile. A throwing or rejecting callback is reported and delivery goes on. Once the
 * buffer is cleared (the subscription closed) nothing more is delivered. Not a public API: the
 * {@linkcode Subscription} owns one.
 *
 * @typeParam E the event type
 * @example
 * ```ts
 * import { CallbackPump } from "./callback_pump.ts";
 * import { RingBuffer } from "./ring_buffer.ts";
 * const buffer = new RingBuffer<number>({ limit: 8, overflow: "drop-oldest" });
 * const pump = new CallbackPump<number>((n) => console.log(n), buffer, console.error);
 * pump.deliver(1); // logs 1
 * ```
 */
export class CallbackPump<E> {
  readonly #callback: (event: E) => unknown;
  readonly #buffer: RingBuffer<E>;
  readonly #report: (error: unknown) => void;
  #busy = false;
  #onSettled = (): void => {
    this.#busy = false;
    this.#continue();
  };
  #onRejected = (error: unknown): void => {
    this.#busy = false;
    this.#report(error);
    this.#continue();
  };

  /**
   * @param callback receives each event; a returned promise (any thenable) is waited for
   * @param buffer where events wait while the callback is busy; the pump takes from it
   * @param report told of a callback that threw or rejected; must not throw
   */
  constructor(
    callback: (event: E) => unknown,
    buffer: RingBuffer<E>,
    report: (error: unknown) => void,
  ) {
    this.#callback = callback;
    this.#buffer = buffer;
    this.#report = report;
  }

  /** Whether a callback is running or its promise is pending: new events must be buffered. */
  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Calls the callback for `first`, then for buffered events until the buffer is empty or a
   * callback returns a promise. Call it only when not busy and the buffer is empty.
   *
   * @param first the event to deliver now
   */
  deliver(first: E): void {
    const callback = this.#callback;
    const buffer = this.#buffer;
    let event = first;
    for (;;) {
      this.#busy = true;
      try {
        const result: unknown = callback(event);
        if (isThenable(result)) {
          result.then(this.#onSettled, this.#onRejected);
          return;
        }
      } catch (error) {
        this.#report(error);
      }
      this.#busy = false;
      if (buffer.size === 0) return;
      event = buffer.shift();
    }
  }

  #continue(): void {
    if (this.#buffer.size !== 0) this.deliver(this.#buffer.shift());
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as { then?: unknown }).then === "function";
}
