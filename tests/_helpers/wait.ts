/**
 * Waiting in tests over real loopback: a real pause, and polling until a condition holds.
 * Unit tests on a fake clock do not need these (see `fake_clock.ts`).
 *
 * @module
 */

/** A tiny real pause. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` (every `everyMs`) until it returns true; throws `explain()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  explain: () => string | Promise<string>,
  everyMs = 1,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(await explain());
    await pause(everyMs);
  }
}

/** Polls `pred` every 2 ms until it holds; rejects after `timeoutMs`. */
export async function eventually(
  pred: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await pred())) {
    if (performance.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await pause(2);
  }
}
