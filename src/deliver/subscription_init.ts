/**
 * What a {@linkcode Subscription} is built from, and the checks its constructor runs on it.
 *
 * @module
 */

import { quote } from "../args.ts";
import type { SubscriptionFinalizer } from "./finalizer.ts";
import type { OverflowPolicy } from "./ring_buffer.ts";

/**
 * How a {@linkcode Subscription} is wired to its client. Only the client builds these; users pass
 * the buffer options through `opts` of `client.ticker()` and its siblings.
 *
 * @internal Plumbing between the client and its subscriptions; users never need it.
 * @example A subscription fed by hand
 * ```ts
 * import { Subscription, type SubscriptionInit } from "upbit-ws";
 * const init: SubscriptionInit<number> = {
 *   onClose: () => console.log("unsubscribe"),
 *   bufferSize: 100,
 *   overflow: "drop-oldest",
 * };
 * const sub = new Subscription(init);
 * sub.push(1);
 * ```
 */
export interface SubscriptionInit<E> {
  /**
   * Called exactly once, when the subscription closes for any reason (`close()`, `break`,
   * `using`, `signal`, `fail()`, `end()`, garbage collection): the client unsubscribes here. With
   * a `finalizer` it must not reference the subscription (capture a token instead), or the
   * subscription can never be collected.
   */
  onClose: () => void;
  /**
   * Non-fatal problems (a callback threw or rejected, `onClose` threw, server error notices): the
   * client forwards them to its `error` event. Without it they are rethrown in a microtask.
   */
  onError?: (error: unknown) => void;
  /**
   * If set, events are delivered by calling it instead of through the iterator (the callback
   * twins: `subscribeTicker(codes, cb)`). A returned promise is awaited before the next event.
   */
  callback?: (event: E) => void;
  /** The most events buffered while the consumer is busy: an integer >= 1, default 1024. */
  bufferSize?: number;
  /** What to do when the buffer is full; default `"drop-oldest"`. */
  overflow?: OverflowPolicy;
  /**
   * The key that `"latest"` keeps one event for (e.g. `(e) => e.code`). Without it every event has
   * the same key, so `"latest"` keeps only the newest event.
   */
  keyOf?: (event: E) => string;
  /** Aborting it closes the subscription; an already-aborted signal closes it at once. */
  signal?: AbortSignal;
  /**
   * The client's {@linkcode SubscriptionFinalizer}: unsubscribes a subscription that becomes
   * unreachable without being closed (see {@linkcode createSubscriptionFinalizer}).
   */
  finalizer?: SubscriptionFinalizer;
}

/** The buffer options of a checked {@linkcode SubscriptionInit}, defaults filled in. */
export interface BufferOptions {
  /** An integer >= 1. */
  bufferSize: number;
  /** One of the three policies. */
  overflow: OverflowPolicy;
}

/**
 * Checks what the constructor of a {@linkcode Subscription} was given.
 *
 * @param init what the caller passed
 * @returns `bufferSize` (default 1024) and `overflow` (default `"drop-oldest"`)
 * @throws {TypeError} if `onClose`, `onError`, `callback` or `keyOf` is not a function, `signal`
 *   is not an `AbortSignal`, or `overflow` is not an {@linkcode OverflowPolicy}
 * @throws {RangeError} if `bufferSize` is not an integer >= 1
 * @example
 * ```ts
 * import { checkInit } from "./subscription_init.ts";
 * console.log(checkInit({ onClose() {} })); // { bufferSize: 1024, overflow: "drop-oldest" }
 * ```
 */
export function checkInit<E>(init: SubscriptionInit<E>): BufferOptions {
  const bufferSize = init.bufferSize ?? 1024;
  const overflow = init.overflow ?? "drop-oldest";
  mustBeFunction("onClose", init.onClose, false);
  mustBeFunction("onError", init.onError, true);
  mustBeFunction("callback", init.callback, true);
  mustBeFunction("keyOf", init.keyOf, true);
  if (!Number.isSafeInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(
      `Cannot create a subscription as bufferSize must be an integer >= 1: current value is ${
        quote(bufferSize)
      }`,
    );
  }
  if (overflow !== "drop-oldest" && overflow !== "latest" && overflow !== "error") {
    throw new TypeError(
      `Cannot create a subscription as overflow must be "drop-oldest", "latest" or "error": current value is ${
        quote(overflow)
      }`,
    );
  }
  const signal = init.signal;
  if (signal !== undefined && typeof signal?.addEventListener !== "function") {
    throw new TypeError(
      `Cannot create a subscription as signal must be an AbortSignal: current value is ${
        quote(signal)
      }`,
    );
  }
  return { bufferSize, overflow };
}

function mustBeFunction(name: string, value: unknown, optional: boolean): void {
  if (typeof value === "function" || (optional && value === undefined)) return;
  throw new TypeError(
    `Cannot create a subscription as ${name} must be a function: current value is ${quote(value)}`,
  );
}
