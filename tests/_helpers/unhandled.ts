/**
 * Counting unhandled rejections and uncaught errors during a run, through each runtime's own
 * hook (the chaos and fuzz runs must end with none).
 *
 * @module
 */
import process from "node:process";

/** Counts unhandled rejections and uncaught errors while installed. */
export interface UnhandledTracker {
  readonly errors: unknown[];
  stop(): void;
}

/** Starts counting unhandled rejections and uncaught errors (every runtime's own hook). */
export function trackUnhandled(): UnhandledTracker {
  const errors: unknown[] = [];
  const seen = new Set<unknown>();
  const note = (reason: unknown) => {
    if (seen.has(reason) && reason !== undefined) return;
    seen.add(reason);
    errors.push(reason);
  };
  const onRejection = (e: Event) => {
    e.preventDefault();
    note((e as PromiseRejectionEvent).reason);
  };
  const onError = (e: Event) => {
    e.preventDefault();
    note((e as ErrorEvent).error ?? (e as ErrorEvent).message);
  };
  const onProcessRejection = (reason: unknown) => note(reason);
  const onProcessError = (error: unknown) => note(error);
  const g = globalThis as {
    addEventListener?: (t: string, l: (e: Event) => void) => void;
    removeEventListener?: (t: string, l: (e: Event) => void) => void;
  };
  const hasProcess = typeof process?.on === "function";
  // Deno and workerd dispatch the web events; Node and Bun call the process hooks. Deno has both
  // and reports a rejection through each, hence the de-duplication above.
  g.addEventListener?.("unhandledrejection", onRejection);
  g.addEventListener?.("error", onError);
  if (hasProcess) {
    process.on("unhandledRejection", onProcessRejection);
    process.on("uncaughtException", onProcessError);
  }
  return {
    errors,
    stop() {
      g.removeEventListener?.("unhandledrejection", onRejection);
      g.removeEventListener?.("error", onError);
      if (hasProcess) {
        process.off("unhandledRejection", onProcessRejection);
        process.off("uncaughtException", onProcessError);
      }
    },
  };
}
