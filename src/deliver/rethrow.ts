/**
 * The last resort of the delivery side for an error that has nobody to go to.
 *
 * @module
 */

/**
 * Rethrows `error` in a microtask, where the runtime reports it as uncaught: for errors with no
 * `onError` to go to, raised where throwing would break the caller (e.g. inside `push()`).
 *
 * @param error what to rethrow
 * @example
 * ```ts
 * import { rethrowLater } from "./rethrow.ts";
 * rethrowLater(new Error("nobody listens")); // uncaught in the next microtask
 * ```
 */
export function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
