/**
 * Garbage collection of subscriptions: a subscription that its consumer drops without closing it
 * is unsubscribed once collected, and one whose consumer still waits on it is held strongly.
 *
 * @module
 */

import { quote } from "../args.ts";
import { rethrowLater } from "./rethrow.ts";

/**
 * Garbage-collection support for the subscriptions of one client, built on one
 * `FinalizationRegistry` that the client owns.
 *
 * @internal Plumbing between the client and its subscriptions; users never need it.
 * @example
 * ```ts
 * import { createSubscriptionFinalizer } from "upbit-ws";
 * const finalizer = createSubscriptionFinalizer();
 * console.log(finalizer.supported, finalizer.registered); // true 0
 * ```
 */
export interface SubscriptionFinalizer {
  /** Whether the runtime has `FinalizationRegistry`; if not, `register` does nothing. */
  readonly supported: boolean;
  /** Subscriptions registered and neither unregistered nor collected yet. */
  readonly registered: number;
  /** Subscriptions currently held strongly by {@linkcode SubscriptionFinalizer.retain}. */
  readonly retained: number;
  /**
   * Calls `onCollect` once after `subscription` is garbage-collected, unless it is unregistered
   * first. `onCollect` must not reference `subscription`.
   *
   * @throws {TypeError} if `subscription` is already registered or `onCollect` is not a function
   */
  register(subscription: object, onCollect: () => void): void;
  /** Forgets `subscription` (it was closed), so its `onCollect` never runs. */
  unregister(subscription: object): void;
  /** Holds `subscription` strongly (while a consumer is waiting on it, or it has a callback). */
  retain(subscription: object): void;
  /** Undoes {@linkcode SubscriptionFinalizer.retain}. */
  release(subscription: object): void;
}

/**
 * Creates the garbage-collection support of one client. No registry is shared between clients.
 *
 * How the client is expected to use it:
 * 1. Create one per client and pass it as `finalizer` in every {@linkcode SubscriptionInit}.
 * 2. Give each subscription an `onClose` that captures a token (an id, a registry entry), never
 *    the subscription itself: the registry holds `onClose` strongly, so capturing the
 *    subscription would keep it alive forever.
 * 3. Hold subscriptions in the router through `WeakRef`s (`ref.deref()?.push(event)`; a ref
 *    that derefs to `undefined` is one whose `onClose` is about to run). The subscription keeps
 *    itself strongly reachable through {@linkcode SubscriptionFinalizer.retain} whenever it
 *    must not be collected: in callback mode (the callback is its consumer, until closed), and
 *    while a `next()` is pending (otherwise a `for await` loop that nothing else references
 *    would be collected mid-wait and silently never resume). So only an iterator subscription
 *    that its consumer dropped between reads, or never read, is collected; then `onClose` runs
 *    and its `signal` listener is removed.
 *
 * @internal Plumbing between the client and its subscriptions; users never need it.
 * @returns a finalizer; `supported` is `false` where `FinalizationRegistry` is missing
 * @example One per client
 * ```ts
 * import { createSubscriptionFinalizer, Subscription } from "upbit-ws";
 * const finalizer = createSubscriptionFinalizer();
 * const live = new Map<number, WeakRef<Subscription<string>>>();
 * const id = 1;
 * const sub = new Subscription<string>({ finalizer, onClose: () => live.delete(id) });
 * live.set(id, new WeakRef(sub));
 * live.get(id)?.deref()?.push("event");
 * ```
 */
export function createSubscriptionFinalizer(): SubscriptionFinalizer {
  // `retain`/`release` run twice per event for a `for await` loop that waits for each event, so
  // they must cost the same however many other subscriptions are held. A `Set` does not: each
  // delete leaves a hole that a rehash of the whole table clears later, so churning one entry
  // among n held ones costs O(n) (measured per add+delete with 100 others held: ~0.8 µs on Bun,
  // ~0.3 µs on Node). Instead each object gets a slot while it is registered or held (a lookup,
  // not an insert, per event), recycled once it is neither.
  const slotOf = new WeakMap<object, number>();
  const held: (object | undefined)[] = [];
  const isRegistered: boolean[] = [];
  const free: number[] = [];
  let retained = 0;
  let registered = 0;
  const slotFor = (subscription: object): number => {
    let slot = slotOf.get(subscription);
    if (slot === undefined) {
      slot = free.pop() ?? held.length;
      slotOf.set(subscription, slot);
      held[slot] = undefined;
      isRegistered[slot] = false;
    }
    return slot;
  };
  const recycle = (subscription: object | undefined, slot: number): void => {
    if (subscription !== undefined) slotOf.delete(subscription);
    isRegistered[slot] = false;
    free.push(slot);
  };
  const registry = typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<Registration>(({ onCollect, slot }) => {
      registered--;
      recycle(undefined, slot);
      try {
        onCollect();
      } catch (error) {
        rethrowLater(error);
      }
    })
    : undefined;
  return {
    get supported(): boolean {
      return registry !== undefined;
    },
    get registered(): number {
      return registered;
    },
    get retained(): number {
      return retained;
    },
    register(subscription: object, onCollect: () => void): void {
      if (typeof onCollect !== "function") {
        throw new TypeError(
          `Cannot register a subscription as onCollect must be a function: current value is ${
            quote(onCollect)
          }`,
        );
      }
      const known = slotOf.get(subscription);
      if (known !== undefined && isRegistered[known] === true) {
        throw new TypeError("Cannot register a subscription as it is already registered");
      }
      if (registry === undefined) return;
      const slot = slotFor(subscription);
      isRegistered[slot] = true;
      registry.register(subscription, { onCollect, slot }, subscription);
      registered++;
    },
    unregister(subscription: object): void {
      if (registry !== undefined && registry.unregister(subscription)) registered--;
      const slot = slotOf.get(subscription);
      if (slot === undefined) return;
      isRegistered[slot] = false;
      if (held[slot] === undefined) recycle(subscription, slot);
    },
    retain(subscription: object): void {
      const slot = slotFor(subscription);
      if (held[slot] !== undefined) return;
      held[slot] = subscription;
      retained++;
    },
    release(subscription: object): void {
      const slot = slotOf.get(subscription);
      if (slot === undefined || held[slot] === undefined) return;
      held[slot] = undefined;
      retained--;
      if (isRegistered[slot] !== true) recycle(subscription, slot);
    },
  };
}

/** What the registry keeps for a registered subscription: never the subscription itself. */
interface Registration {
  onCollect: () => void;
  slot: number;
}

// The closures below are built here, away from any `this`, so that they capture only what they
// name: a closure made in the subscription's constructor could share a context holding the
// subscription, which would then never be collected.

/**
 * The `abort` listener of a subscription without a finalizer: it may hold the subscription.
 *
 * @param subscription what the signal closes
 * @returns the listener
 * @example
 * ```ts
 * import { closeOnAbort } from "./finalizer.ts";
 * const controller = new AbortController();
 * controller.signal.addEventListener("abort", closeOnAbort({ close: () => console.log("closed") }));
 * controller.abort(); // "closed"
 * ```
 */
export function closeOnAbort(subscription: { close(): void }): () => void {
  return () => subscription.close();
}

/**
 * The `abort` listener of a subscription with a finalizer: it must not keep the subscription
 * alive (a long-lived signal would pin every subscription), so it reaches it through a `WeakRef`.
 *
 * @param ref the subscription, weakly
 * @returns the listener
 * @example
 * ```ts
 * import { closeOnAbortWeakly } from "./finalizer.ts";
 * const listener = closeOnAbortWeakly(new WeakRef({ close: () => console.log("closed") }));
 * listener(); // "closed", if the object was not collected yet
 * ```
 */
export function closeOnAbortWeakly(ref: WeakRef<{ close(): void }>): () => void {
  return () => ref.deref()?.close();
}

/**
 * What runs when a registered subscription is collected: removes its `abort` listener, then
 * calls its `onClose` (a throw goes to `onError`, or is rethrown without one).
 *
 * @param onClose the subscription's `onClose`
 * @param onError the subscription's `onError`, if any
 * @param signal the subscription's signal, if any
 * @param onAbort the listener it added to `signal`, if any
 * @returns the `onCollect` to register
 * @example
 * ```ts
 * import { collector } from "./finalizer.ts";
 * const onCollect = collector(() => console.log("unsubscribe"), undefined, undefined, undefined);
 * onCollect(); // "unsubscribe"
 * ```
 */
export function collector(
  onClose: () => void,
  onError: ((error: unknown) => void) | undefined,
  signal: AbortSignal | undefined,
  onAbort: (() => void) | undefined,
): () => void {
  return () => {
    if (signal !== undefined && onAbort !== undefined) {
      signal.removeEventListener("abort", onAbort);
    }
    try {
      onClose();
    } catch (error) {
      if (onError === undefined) throw error;
      onError(error);
    }
  };
}
