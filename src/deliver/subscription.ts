/**
 * The per-consumer handle: a bounded queue that feeds one `for await` loop or one callback, and
 * one path (`onClose`) through which leaving the loop, `close()`, `using`, an `AbortSignal`,
 * `end()`, `fail()` or garbage collection unsubscribes.
 *
 * This file is the state machine (open → ending/failing → closed) and the public face. The parts
 * it drives live beside it: `ring_buffer.ts` (the buffer and its overflow policies),
 * `iterator.ts` (waiting reads), `callback_pump.ts` (callback mode), `ready.ts` (`ready`),
 * `finalizer.ts` (garbage collection), `subscription_init.ts` (the options and their checks).
 * Over 250 lines because of the doc comments and examples of the eleven public members.
 *
 * @module
 */

import { ConnectionClosedError, OverflowError } from "../errors.ts";
import { CallbackPump } from "./callback_pump.ts";
import {
  closeOnAbort,
  closeOnAbortWeakly,
  collector,
  type SubscriptionFinalizer,
} from "./finalizer.ts";
import { DONE, iteratorOf, PendingReads } from "./iterator.ts";
import { Readiness } from "./ready.ts";
import { rethrowLater } from "./rethrow.ts";
import { RingBuffer } from "./ring_buffer.ts";
import { checkInit, type SubscriptionInit } from "./subscription_init.ts";

const OPEN = 0;
/** `end()` was called: the consumer drains the buffer, then it is done. */
const ENDING = 1;
/** `fail()` was called: the consumer drains the buffer, then gets the error once. */
const FAILING = 2;
const CLOSED = 3;
type State = typeof OPEN | typeof ENDING | typeof FAILING | typeof CLOSED;

/** Reasons to be held strongly through the finalizer (bits of `#holds`). */
const HOLD_CONSUMER = 1; // a callback, or a pending `next()`
const HOLD_READY = 2; // someone awaits `ready`

/**
 * One consumer's stream of events: an `AsyncIterable` (or, with a `callback`, a push handle)
 * over a bounded ring buffer, that is also `Disposable` and `AsyncDisposable`.
 *
 * The client `push()`es every routed event; the consumer reads them in order with `for await`,
 * or receives them through its callback. Whatever ends it — `close()`, leaving the loop, `using`,
 * the signal, `end()`, `fail()`, or garbage collection — calls `onClose` exactly once.
 *
 * @typeParam E the event type
 * @example Iterate, then leave the loop
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * for await (const t of client.ticker(["KRW-BTC"])) {
 *   if (t.tradePrice > 150_000_000) break; // unsubscribes
 * }
 * ```
 * @example Drive one by hand
 * ```ts
 * import { Subscription } from "upbit-ws";
 * const sub = new Subscription<number>({ onClose: () => console.log("closed") });
 * sub.push(1);
 * sub.push(2);
 * sub.end();
 * for await (const n of sub) console.log(n); // 1, 2
 * ```
 */
export class Subscription<E> implements AsyncIterable<E>, Disposable, AsyncDisposable {
  #state: State = OPEN;
  readonly #onClose: () => void;
  readonly #report: (error: unknown) => void;
  readonly #buffer: RingBuffer<E>;
  /** Callback mode; `undefined` in iterator mode. */
  readonly #pump: CallbackPump<E> | undefined;
  readonly #reads = new PendingReads<E>();
  #iterating = false;
  #error: unknown = undefined;
  #signal: AbortSignal | undefined = undefined;
  #onAbort: (() => void) | undefined = undefined;
  /** Set while open (if given): `undefined` means there is nothing to hold or release. */
  #finalizer: SubscriptionFinalizer | undefined = undefined;
  #holds = 0;
  readonly #readiness = new Readiness((held) => {
    if (held) this.#hold(HOLD_READY);
    else this.#unhold(HOLD_READY);
  });

  /**
   * Creates an open subscription; with an already-aborted `signal` it is closed at once (and
   * `onClose` has run by the time the constructor returns).
   *
   * @internal The client builds subscriptions; users get them from `client.ticker()` and its
   *   siblings.
   * @param init the client's wiring and the buffer options
   * @throws {TypeError} if `onClose`, `onError`, `callback` or `keyOf` is not a function, `signal`
   *   is not an `AbortSignal`, or `bufferSize` is not a number
   * @throws {RangeError} if `bufferSize` is not an integer >= 1, or `overflow` is not an
   *   {@linkcode OverflowPolicy}
   */
  constructor(init: SubscriptionInit<E>) {
    const { bufferSize, overflow } = checkInit(init);
    const { onClose, onError, callback, keyOf, signal, finalizer } = init;
    const report = reporter(onError);
    this.#onClose = onClose;
    this.#report = report;
    this.#buffer = new RingBuffer<E>({ limit: bufferSize, overflow, keyOf, onKeyError: report });
    this.#pump = callback === undefined
      ? undefined
      : new CallbackPump<E>(callback, this.#buffer, report);
    if (signal?.aborted) {
      this.close();
      return;
    }
    this.#finalizer = finalizer;
    if (signal !== undefined) {
      this.#signal = signal;
      // With a finalizer the listener must not keep the subscription alive (a long-lived signal
      // would pin every subscription); the collector removes it if the subscription is collected.
      this.#onAbort = finalizer === undefined
        ? closeOnAbort(this)
        : closeOnAbortWeakly(new WeakRef(this));
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    if (finalizer !== undefined) {
      if (callback !== undefined) this.#hold(HOLD_CONSUMER);
      else finalizer.register(this, collector(onClose, onError, signal, this.#onAbort));
    }
  }

  /**
   * `true` once the subscription accepts no more events (after `close()`, `end()`, `fail()`, the
   * signal, or leaving the loop). An iterator may still be draining buffered events.
   */
  get closed(): boolean {
    return this.#state !== OPEN;
  }

  /**
   * Settles once the subscription is live: its request is on the wire (sent on the open socket)
   * and every snapshot it asked for has arrived (or was given up on after retries). Rejects if the
   * subscription closes or fails first (with the failure, or a `ConnectionClosedError`). It
   * settles once: a later reconnect does not reset it.
   *
   * What "live" can mean: Upbit acknowledges no subscription. A snapshot proves the request was
   * applied; for streams without one (`stream: "realtime"`, and the private `myOrder`/`myAsset`)
   * the client follows the request with a `LIST_SUBSCRIPTIONS` and waits for its answer, which
   * Upbit gives after applying what came before on that connection. An event that happened
   * before that, or while a reconnect was under way, is not replayed: Upbit keeps no history.
   *
   * @example Place orders only once the order stream is live
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * const orders = client.myOrder(["KRW-BTC"]);
   * await orders.ready; // now every order event of KRW-BTC reaches the loop below
   * for await (const o of orders) console.log(o.uuid, o.state);
   * ```
   */
  get ready(): Promise<void> {
    return this.#readiness.promise;
  }

  /**
   * Marks the subscription live, resolving {@linkcode Subscription.ready}. The client calls it;
   * once the subscription closed it does nothing. With `confirm`, `ready` resolves only once the
   * promise it returns settles; `confirm` runs only if and when someone reads `ready`.
   *
   * @internal The client calls it; users only read `ready`.
   * @param confirm a round trip that proves the server applied the request (client: a
   *   `LIST_SUBSCRIPTIONS`); it must not reject
   *
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * const sub = new Subscription<number>({ onClose() {} });
   * sub.markReady();
   * await sub.ready;
   * ```
   */
  markReady(confirm?: () => Promise<void>): void {
    this.#readiness.markReady(confirm);
  }

  /** How many events the overflow policy discarded or replaced. */
  get dropped(): number {
    return this.#buffer.dropped;
  }

  /** How many events wait in the buffer. */
  get buffered(): number {
    return this.#buffer.size;
  }

  /**
   * Delivers one event: resolves a waiting `next()`, calls the idle callback, or buffers it under
   * the overflow policy. Ignored once closed. Never throws.
   *
   * @internal The client pushes every routed event.
   * @param event the routed event
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * const sub = new Subscription<string>({ onClose() {}, callback: (s) => console.log(s) });
   * sub.push("hello"); // logs "hello" synchronously
   * ```
   */
  push(event: E): void {
    if (this.#state !== OPEN) return;
    const pump = this.#pump;
    if (pump === undefined) {
      const reads = this.#reads;
      if (reads.deliver(event)) {
        if (!reads.waiting) this.#unhold(HOLD_CONSUMER);
        return;
      }
    } else if (!pump.busy && this.#buffer.size === 0) {
      pump.deliver(event);
      return;
    }
    if (!this.#buffer.push(event)) {
      this.fail(
        new OverflowError(`Cannot buffer more events as the limit is ${this.#buffer.limit}`),
      );
    }
  }

  /**
   * Ends the stream gracefully (e.g. a `"snapshot"` subscription got every snapshot): calls
   * `onClose` now; the iterator or callback still receives what is buffered, then finishes.
   *
   * @internal The client ends a subscription whose stream is complete.
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * const sub = new Subscription<number>({ onClose() {} });
   * sub.push(1);
   * sub.end();
   * console.log(await Array.fromAsync(sub)); // [1]
   * ```
   */
  end(): void {
    if (this.#state !== OPEN) return;
    this.#state = ENDING;
    if (this.#buffer.size === 0 && !this.#pump?.busy) this.#finish();
    this.#detach();
  }

  /**
   * Ends the stream with a fatal error: the iterator still yields what is buffered, then its
   * `next()` rejects with `error` once; in callback mode the subscription closes and then
   * `onError(error)` is called (so `closed` is already `true` there). Calls `onClose`.
   *
   * @internal The client fails a subscription when its connection gives up.
   * @param error the reason, e.g. a `ConnectionClosedError`
   * @example
   * ```ts
   * import { ConnectionClosedError, Subscription } from "upbit-ws";
   * const sub = new Subscription<number>({ onClose() {} });
   * sub.fail(new ConnectionClosedError("Connection closed with code 1006"));
   * try {
   *   for await (const _ of sub);
   * } catch (e) {
   *   console.log((e as Error).name); // "ConnectionClosedError"
   * }
   * ```
   */
  fail(error: Error): void {
    if (this.#state !== OPEN) return;
    this.#readiness.fail(error);
    if (this.#pump !== undefined) {
      // Closed first, so that `onError` can tell this final error from the passing ones by
      // `closed` being true.
      this.close();
      this.#report(error);
      return;
    }
    this.#state = FAILING;
    this.#error = error;
    if (this.#buffer.size === 0) this.#finish();
    this.#detach();
  }

  /**
   * Closes now: a pending `next()` resolves `done`, the buffer is dropped, and `onClose` runs
   * (once, however often `close()` is called).
   *
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * const sub = new Subscription<number>({ onClose: () => console.log("unsubscribed") });
   * sub.close();
   * sub.close(); // no second "unsubscribed"
   * ```
   */
  close(): void {
    const wasOpen = this.#state === OPEN;
    this.#state = CLOSED;
    this.#error = undefined;
    this.#buffer.clear();
    this.#finish();
    if (wasOpen) this.#detach();
  }

  /**
   * Returns the iterator of the single consumer. Leaving a `for await` loop (the iterator's
   * `return()`) closes the subscription.
   *
   * @returns the iterator
   * @throws {TypeError} if another loop iterates this open subscription, or events go to a
   *   callback. An ended subscription can be iterated again: the loop drains what is left and ends.
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * const sub = new Subscription<number>({ onClose() {} });
   * const it = sub[Symbol.asyncIterator]();
   * sub.push(7);
   * console.log(await it.next()); // { value: 7, done: false }
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<E> {
    if (this.#pump !== undefined) {
      throw new TypeError("Cannot iterate a subscription as its events go to a callback");
    }
    // Only an open subscription has a consumer to protect. An ended one (its stream finished,
    // failed or was closed) may be iterated again, like a spent iterator: the new loop drains
    // what is left (or gets the failure) and ends, even if an earlier loop never read the end.
    if (this.#iterating && this.#state === OPEN) {
      throw new TypeError(
        "Cannot iterate a subscription as another loop is already iterating it (one consumer per subscription; subscribe again for a second)",
      );
    }
    this.#iterating = true;
    return iteratorOf(() => this.#next(), () => this.close());
  }

  /**
   * `using sub = …` closes the subscription at the end of the scope.
   *
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * {
   *   using sub = new Subscription<number>({ onClose: () => console.log("closed") });
   * } // "closed"
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * `await using sub = …` closes the subscription at the end of the scope.
   *
   * @returns a promise that is already settled
   * @example
   * ```ts
   * import { Subscription } from "upbit-ws";
   * {
   *   await using sub = new Subscription<number>({ onClose: () => console.log("closed") });
   * } // "closed"
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  #next(): Promise<IteratorResult<E>> {
    const buffer = this.#buffer;
    if (buffer.size !== 0) return Promise.resolve({ value: buffer.shift(), done: false });
    const state = this.#state;
    if (state === OPEN) {
      const read = this.#reads.wait();
      this.#hold(HOLD_CONSUMER);
      return read;
    }
    this.#state = CLOSED;
    this.#iterating = false;
    if (state === FAILING) {
      const error = this.#error;
      this.#error = undefined;
      return Promise.reject(error);
    }
    return Promise.resolve(DONE);
  }

  /** Settles pending `next()` calls once nothing is buffered and nothing more will come. */
  #finish(): void {
    if (this.#pump !== undefined) {
      this.#state = CLOSED;
      return;
    }
    const reads = this.#reads;
    if (!reads.waiting) return;
    this.#unhold(HOLD_CONSUMER);
    const failing = this.#state === FAILING;
    const error = this.#error;
    this.#error = undefined;
    this.#state = CLOSED;
    this.#iterating = false;
    reads.finish(failing, error);
  }

  /** Runs once, when the state leaves OPEN. */
  #detach(): void {
    this.#readiness.fail(new ConnectionClosedError("The subscription closed before it was live"));
    const signal = this.#signal;
    if (signal !== undefined) {
      signal.removeEventListener("abort", this.#onAbort as () => void);
      this.#signal = undefined;
      this.#onAbort = undefined;
    }
    const finalizer = this.#finalizer;
    if (finalizer !== undefined) {
      finalizer.unregister(this);
      if (this.#holds !== 0) finalizer.release(this);
      this.#holds = 0;
      this.#finalizer = undefined;
    }
    try {
      this.#onClose();
    } catch (error) {
      this.#report(error);
    }
  }

  /** Holds the subscription strongly for `reason` (a `HOLD_*` bit), if it has a finalizer. */
  #hold(reason: number): void {
    const finalizer = this.#finalizer;
    if (finalizer === undefined || (this.#holds & reason) !== 0) return;
    if (this.#holds === 0) finalizer.retain(this);
    this.#holds |= reason;
  }

  /** Drops the hold for `reason`; the subscription is released when no reason is left. */
  #unhold(reason: number): void {
    if ((this.#holds & reason) === 0) return;
    this.#holds &= ~reason;
    if (this.#holds === 0) this.#finalizer?.release(this);
  }
}

/**
 * The reporting function of a subscription: `onError`, guarded, or a rethrow in a microtask.
 * Built here, away from `this`, so that it captures only `onError`.
 */
function reporter(onError: ((error: unknown) => void) | undefined): (error: unknown) => void {
  if (onError === undefined) return rethrowLater;
  return (error) => {
    try {
      onError(error);
    } catch (thrown) {
      rethrowLater(thrown);
    }
  };
}
