/**
 * A manual clock for unit tests (the client's `clock` option): the emulator's public `FakeClock`
 * (`upbit-ws/testing`), where time moves only when `tick` says so, and steps that move it while
 * letting the client's async work run in between.
 *
 * @module
 */
import { FakeClock } from "../../testing/clock.ts";

export { FakeClock };

/** A fake clock stopped at `start` (ms since the epoch; default 2023-11-14T22:13:20Z). */
export function fakeClock(start = 1_700_000_000_000): FakeClock {
  return new FakeClock(start);
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
