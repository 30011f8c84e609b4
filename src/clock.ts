/**
 * The clock the client reads and schedules with; injectable so tests run on fake time.
 *
 * @module
 */

/**
 * A source of time and timers. The default is the runtime's `Date.now`, `setTimeout` and
 * `clearTimeout`; tests pass a fake one.
 *
 * @example A clock that logs every timer
 * ```ts
 * import { systemClock, type Clock } from "upbit-ws";
 * const base = systemClock();
 * const logging: Clock = {
 *   now: base.now,
 *   setTimeout: (fn, ms) => (console.log("timer", ms), base.setTimeout(fn, ms)),
 *   clearTimeout: base.clearTimeout,
 * };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; returns an id for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer. */
  clearTimeout(id: unknown): void;
}

/**
 * The runtime's own clock.
 *
 * @returns a {@linkcode Clock} over `Date.now`, `setTimeout` and `clearTimeout`
 *
 * @example
 * ```ts
 * import { systemClock } from "upbit-ws";
 * const clock = systemClock();
 * const id = clock.setTimeout(() => console.log(clock.now()), 10);
 * clock.clearTimeout(id);
 * ```
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
}

/**
 * Waits `ms` on `clock`, or rejects with `signal.reason` as soon as `signal` aborts. The timer and
 * the listener are always removed.
 *
 * @param clock the clock to wait on
 * @param ms how long
 * @param signal cancels the wait
 * @returns a promise that settles after the wait
 *
 * @example
 * ```ts
 * import { delay, systemClock } from "./clock.ts";
 * await delay(systemClock(), 5, AbortSignal.timeout(1000));
 * ```
 */
export function delay(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clock.clearTimeout(id);
      reject(signal?.reason);
    };
    const id = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
