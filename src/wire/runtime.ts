/**
 * Which runtime a socket is opened on, looked up on the global object at call time (never at
 * import time): the few globals the transport reads, and the runtimes that differ in how a
 * socket opens (see `transport.ts`).
 *
 * @module
 */

/**
 * The global object, narrowed to what the transport looks up at call time.
 *
 * @example
 * ```ts
 * import type { TransportGlobals } from "./runtime.ts";
 * const globals = globalThis as TransportGlobals;
 * console.log(typeof globals.WebSocketPair === "function"); // true on workerd
 * ```
 */
export type TransportGlobals = {
  /** The runtime's `WebSocket` constructor, if any. */
  WebSocket?: unknown;
  /** workerd's socket pair (its presence says "workerd"). */
  WebSocketPair?: unknown;
  /** The runtime's `fetch`, if any. */
  fetch?: unknown;
  /** Bun's namespace. */
  Bun?: unknown;
  /** Deno's namespace. */
  Deno?: unknown;
  /** Node's `process` (Bun and Deno have one too: look at `Bun` and `Deno` first). */
  process?: { versions?: { node?: unknown }; getBuiltinModule?: (id: string) => unknown };
};

/**
 * The runtimes that differ in how a socket opens: `"other"` is a browser or anything unknown.
 *
 * @example
 * ```ts
 * import type { RuntimeKind } from "./runtime.ts";
 * const kind: RuntimeKind = "workerd";
 * ```
 */
export type RuntimeKind = "node" | "bun" | "deno" | "workerd" | "other";

/**
 * The runtime, told from its globals: workerd by `WebSocketPair`, Bun by `Bun`, Deno by `Deno`,
 * Node by `process.versions.node`; anything else is `"other"`.
 *
 * @param globals the global object
 * @returns the runtime's kind
 *
 * @example
 * ```ts
 * import { runtimeKind, type TransportGlobals } from "./runtime.ts";
 * console.log(runtimeKind(globalThis as TransportGlobals)); // "node" on Node
 * ```
 */
export function runtimeKind(globals: TransportGlobals): RuntimeKind {
  if (typeof globals.WebSocketPair === "function") return "workerd";
  if (globals.Bun !== undefined) return "bun";
  if (globals.Deno !== undefined) return "deno";
  return typeof globals.process?.versions?.node === "string" ? "node" : "other";
}
