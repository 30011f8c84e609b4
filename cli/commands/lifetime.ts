/**
 * How a command runs and ends: the signature every command has ({@linkcode Run}), and its
 * {@linkcode Lifetime}: SIGINT/SIGTERM (exit 130/143) or `--duration` (exit 0) abort its signal.
 *
 * @module
 */
import { type Invocation } from "../args/invocation.ts";
import type { Io, Signal } from "../runtime.ts";

/** A command: its parsed invocation, the runtime adapter and its lifetime in, the exit code out. */
export type Run<C extends Invocation["command"]> = (
  inv: Extract<Invocation, { command: C }>,
  io: Io,
  life: Lifetime,
) => Promise<number>;

/**
 * How a command ends: a signal (exit 130/143), `--duration` (exit 0), or its own end.
 * `signal` aborts on either of the first two.
 */
export interface Lifetime {
  readonly signal: AbortSignal;
  /** The exit code the stop reason implies, or undefined while running / on a normal end. */
  stopCode(): number | undefined;
  /** Removes the signal handlers and the duration timer. */
  dispose(): void;
}

/**
 * The lifetime of a command: the first SIGINT/SIGTERM aborts (exit 130/143), a second one exits
 * at once; `durationMs` aborts with exit 0.
 */
export function lifetime(io: Io, durationMs: number | undefined): Lifetime {
  const controller = new AbortController();
  let code: number | undefined;
  let signals = 0;
  const off = io.onSignal((signal: Signal) => {
    signals++;
    if (signals > 1) {
      // A second Ctrl-C while closing: leave now.
      void io.exit(signal === "SIGINT" ? 130 : 143);
      return;
    }
    code ??= signal === "SIGINT" ? 130 : 143;
    controller.abort(new Error(`Stopped by ${signal}`));
  });
  const timer = durationMs === undefined ? undefined : setTimeout(() => {
    code ??= 0;
    controller.abort(new Error("Stopped after --duration"));
  }, durationMs);
  return {
    signal: controller.signal,
    stopCode: () => code,
    dispose() {
      off();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** Resolves when the signal aborts. */
export function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
