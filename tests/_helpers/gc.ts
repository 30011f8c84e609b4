/**
 * Forcing a full garbage collection from a test, on every runtime that allows it: Bun through
 * `Bun.gc(true)`, Node and Deno through V8's `--expose-gc` flag set at run time. Resolves to
 * `undefined` where it cannot (e.g. workerd), so a test can say so instead of skipping silently.
 *
 * @module
 */

/** Runs one full, synchronous collection. */
export type ForceGc = () => void;

/** The way to force a collection on this runtime, if there is one. */
export async function findGc(): Promise<ForceGc | undefined> {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return () => void exposed();
  try {
    const v8 = await import("node:v8");
    const vm = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    if (typeof gc === "function") return () => void gc();
  } catch {
    // No V8 flags on this runtime.
  }
  return undefined;
}

/**
 * Collects garbage and lets finalization callbacks run (they run in a later task), until `done()`
 * or `rounds` rounds have passed. Each round waits one `setTimeout(0)`.
 */
export async function collectUntil(gc: ForceGc, done: () => boolean, rounds = 30): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
