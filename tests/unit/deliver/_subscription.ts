/**
 * What the tests of src/deliver/ share: a subscription wired to mocks, draining an iterable, a
 * macrotask tick, and an AbortSignal that counts its listeners.
 *
 * @module
 */
import { mock } from "node:test";
import { Subscription } from "../../../src/deliver/subscription.ts";
import type { SubscriptionInit } from "../../../src/deliver/subscription_init.ts";

/** A keyed event for the "latest" tests. */
export interface Tick {
  code: string;
  n: number;
}

/** A subscription whose onClose/onError are mocks; errors fail the test unless expected. */
// deno-lint-ignore explicit-module-boundary-types
export function make<E>(init: Partial<SubscriptionInit<E>> = {}) {
  const onClose = mock.fn();
  const onError = mock.fn((_error: unknown) => {});
  const sub = new Subscription<E>({ onClose, onError, ...init });
  return { sub, onClose, onError };
}

/** Reads `sub` to its end. */
export async function drain<E>(sub: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const e of sub) out.push(e);
  return out;
}

/** One macrotask: every pending microtask has run. */
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Wraps a real AbortSignal's add/removeEventListener to count live "abort" listeners. */
// deno-lint-ignore explicit-module-boundary-types
export function countingSignal(controller: AbortController) {
  const signal = controller.signal;
  const listeners = new Set<unknown>();
  let added = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: () => void, options?: unknown) => {
    if (type === "abort") {
      added++;
      listeners.add(listener);
    }
    add(type, listener, options as AddEventListenerOptions);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: () => void, options?: unknown) => {
    if (type === "abort") listeners.delete(listener);
    remove(type, listener, options as EventListenerOptions);
  }) as typeof signal.removeEventListener;
  return { signal, live: () => listeners.size, added: () => added };
}
