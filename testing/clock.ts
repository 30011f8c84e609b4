/**
 * Time sources for the emulator. Everything the emulator does over time (market ticks, snapshot
 * delays, the `{"status":"UP"}` heartbeat, idle closes, rate-limit windows, replays) goes through
 * a {@linkcode Clock}, so unit tests can drive it with a {@linkcode FakeClock} instead of waiting.
 *
 * @module
 */

/**
 * An opaque timer handle returned by {@linkcode Clock.setTimeout}.
 *
 * @example Keep a handle to cancel
 * ```ts
 * import { systemClock, type TimerHandle } from "upbit-ws/testing";
 * const clock = systemClock();
 * const h: TimerHandle = clock.setTimeout(() => {}, 10);
 * clock.clearTimeout(h);
 * ```
 */
export type TimerHandle = unknown;

/**
 * The time source the emulator runs on: the current time in ms since the epoch and one-shot
 * timers.
 *
 * @example A clock that runs 10 s ahead of the system clock
 * ```ts
 * import { systemClock, type Clock } from "upbit-ws/testing";
 * const real = systemClock();
 * const ahead: Clock = { ...real, now: () => real.now() + 10_000 };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or spent handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock: `Date.now` and the global timers.
 *
 * @returns a clock backed by the runtime
 *
 * @example Schedule and cancel a timer
 * ```ts
 * import { systemClock } from "upbit-ws/testing";
 * const clock = systemClock();
 * const t = clock.setTimeout(() => console.log("later"), 10);
 * clock.clearTimeout(t);
 * ```
 */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A manual clock for tests: time only moves when {@linkcode FakeClock.tick} is called, and due
 * timers then run in time order (ties in creation order).
 *
 * @example Drive a timer without waiting
 * ```ts
 * import { FakeClock } from "upbit-ws/testing";
 * const clock = new FakeClock(Date.UTC(2026, 0, 1));
 * let fired = false;
 * clock.setTimeout(() => (fired = true), 1000);
 * clock.tick(1000);
 * console.log(fired); // true
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: FakeTimer[] = [];
  #nextId = 1;

  /**
   * Creates a clock stopped at `start`.
   *
   * @param start the initial time in ms since the epoch (default 2026-01-01T00:00:00Z)
   */
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    if (!Number.isFinite(start)) {
      throw new RangeError(
        `Cannot create a FakeClock as start must be a finite number: current value is "${start}"`,
      );
    }
    this.#now = start;
  }

  /** The current fake time. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at `now() + max(0, ms)`. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.#timers.push({ id, at: this.#now + delay, fn });
    return id;
  }

  /** Cancels a pending timer. */
  clearTimeout(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** The number of pending timers. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Advances time by `ms`, running every timer that falls due (including timers those timers
   * schedule) at its own due time.
   */
  tick(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(
        `Cannot tick the clock as ms must be a non-negative number: current value is "${ms}"`,
      );
    }
    const end = this.#now + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.#timers) {
        if (t.at <= end && (next === undefined || t.at < next.at)) next = t;
      }
      if (next === undefined) break;
      const due = next;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = end;
  }
}
