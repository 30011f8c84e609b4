/**
 * The client's live subscriptions, held weakly: an iterator subscription its consumer dropped
 * without closing can be garbage-collected, and the finalizer then unsubscribes it.
 *
 * @module
 */
import type { Subscription } from "../deliver/subscription.ts";

/** What the client keeps of each subscription, whatever its event type. */
export type Handle = Pick<Subscription<unknown>, "close" | "fail" | "dropped">;

/**
 * Live subscriptions by token, held through `WeakRef`s. A subscription keeps itself reachable
 * while a `next()` is pending or it has a callback.
 */
export type LiveSubscriptions = Map<object, { deref(): Handle | undefined }>;

/**
 * A weak reference where the runtime has `WeakRef`, a strong one elsewhere.
 *
 * @param value the object to hold
 * @returns something whose `deref()` gives `value` back while it is alive
 */
export function weakRef<T extends object>(value: T): { deref(): T | undefined } {
  return typeof WeakRef === "function" ? new WeakRef(value) : { deref: () => value };
}

/**
 * The subscriptions of `live` that still exist (not yet collected).
 *
 * @param live the weakly held subscriptions
 * @returns the ones alive now
 */
export function liveHandles(live: LiveSubscriptions): Handle[] {
  const out: Handle[] = [];
  for (const ref of live.values()) {
    const sub = ref.deref();
    if (sub) out.push(sub);
  }
  return out;
}
