/**
 * A manual clock for unit tests (the client's `clock` option), and steps that move it while letting
 * the client's async work run in between.
 *
 * @module
 */
import type { Clock } from "../../src/clock.ts";

/** A manual clock for tests: time moves only when `tick` or `runAll` says so. */
export interface FakeClock extends Clock {
  tick(ms: number): void;
  /** Runs every due timer until none is left within `limitMs`, moving time as it goes. */
  runFor(limitMs: number): void;
  readonly pending: number;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const runDue = (until: number) => {
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of timers) {
        if (entry[1].at <= until && (!best || entry[1].at < best[1].at)) best = entry;
      }
      if (!best) break;
      timers.delete(best[0]);
      now = Math.max(now, best[1].at);
      best[1].fn();
    }
    now = until;
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(id) {
      timers.delete(id as number);
    },
    tick(ms) {
      runDue(now + ms);
    },
    runFor(limitMs) {
      runDue(now + limitMs);
    },
    get pending() {
      return timers.size;
    },
  };
}

/** Lets every pending microtask and immediate run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Moves the fake clock in small steps, letting the client's async loop run between them. */
export async function advance(clock: FakeClock, ms: number, step = 25): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.tick(Math.min(step, ms - t));
    await settle();
  }
}
