/**
 * Cleanups that run after each test of a file, newest first (clients before the emulator they
 * use), awaited one by one, whether the test passed or not.
 *
 * ```ts
 * const defer = cleanupAfterEach();
 * it("…", async () => {
 *   const emu = await useEmulator();
 *   defer(() => emu.close());
 * });
 * ```
 *
 * @module
 */
import { afterEach } from "node:test";

/** Registers the file's `afterEach` and returns the function that queues a cleanup. */
export function cleanupAfterEach(): (...cleanups: Array<() => unknown>) => void {
  const queued: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of queued.splice(0).reverse()) await cleanup();
  });
  return (...cleanups) => void queued.push(...cleanups);
}
