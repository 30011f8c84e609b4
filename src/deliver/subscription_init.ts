/**
 * What a {@linkcode Subscription} is built from, and the checks its constructor runs on it.
 *
 * @module
 */

import { checkNumber, checkOneOf, quote } from "../args.ts";
import type { SubscriptionFinalizer } from "./finalizer.ts";
import { OVERFLOW_POLICIES, type OverflowPolicy } from "./ring_buffer.ts";

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

/** What a subscription buffers when neither it nor its client says: 1024 events, oldest dropped. */
export const DEFAULT_BUFFER: BufferOptions = { bufferSize: 1024, overflow: "drop-oldest" };

/**
 * The one check of `bufferSize` and `overflow`, wherever they are given: the client's options,
 * a stream method's options, and the constructor of a {@linkcode Subscription}.
 *
 * @param options what the caller passed (`undefined` fields take the default)
 * @param defaults what an absent field becomes (default {@linkcode DEFAULT_BUFFER})
 * @returns both, checked and completed
 * @throws {TypeError} if `bufferSize` is not a number
 * @throws {RangeError} if `bufferSize` is not an integer >= 1, or `overflow` is not
 *   `"drop-oldest"`, `"latest"` or `"error"`
 * @example
 * ```ts
 * import { checkBufferOptions } from "./subscription_init.ts";
 * checkBufferOptions({ overflow: "latest" }); // { bufferSize: 1024, overflow: "latest" }
 * ```
 */
export function checkBufferOptions(
  options: { bufferSize?: unknown; overflow?: unknown },
  defaults: BufferOptions = DEFAULT_BUFFER,
): BufferOptions {
  return {
    bufferSize: checkNumber(options.bufferSize ?? defaults.bufferSize, "bufferSize", 1, {
      integer: true,
    }),
    overflow: checkOneOf(options.overflow ?? defaults.overflow, OVERFLOW_POLICIES, "overflow"),
  };
}

/**
 * Checks what the constructor of a {@linkcode Subscription} was given.
 *
 * @param init what the caller passed
 * @returns `bufferSize` (default 1024) and `overflow` (default `"drop-oldest"`)
 * @throws {TypeError} if `onClose`, `onError`, `callback` or `keyOf` is not a function, `signal`
 *   is not an `AbortSignal`, or `bufferSize` is not a number
 * @throws {RangeError} if `bufferSize` is not an integer >= 1, or `overflow` is not an
 *   {@linkcode OverflowPolicy} (both checked by {@linkcode checkBufferOptions})
 * @example
 * ```ts
 * import { checkInit } from "./subscription_init.ts";
 * console.log(checkInit({ onClose() {} })); // { bufferSize: 1024, overflow: "drop-oldest" }
 * ```
 */
export function checkInit<E>(init: SubscriptionInit<E>): BufferOptions {
  mustBeFunction("onClose", init.onClose, false);
  mustBeFunction("onError", init.onError, true);
  mustBeFunction("callback", init.callback, true);
  mustBeFunction("keyOf", init.keyOf, true);
  const buffer = checkBufferOptions(init);
  const signal = init.signal;
  if (signal !== undefined && typeof signal?.addEventListener !== "function") {
    throw new TypeError(
      `Cannot create a subscription as signal must be an AbortSignal: current value is ${
        quote(signal)
      }`,
    );
  }
  return buffer;
}

function mustBeFunction(name: string, value: unknown, optional: boolean): void {
  if (typeof value === "function" || (optional && value === undefined)) return;
  throw new TypeError(
    `Cannot create a subscription as ${name} must be a function: current value is ${quote(value)}`,
  );
}
