/**
 * The options-init constructor path: `new WS(url, { headers, perMessageDeflate: false })`, the
 * way to decline permessage-deflate. On Node it opens with the `ws` package (loaded lazily, only
 * there, see {@linkcode loadWsPackage}), since Node's own `WebSocket` (undici) always offers
 * deflate; the same call serves Bun's `WebSocket` (which takes that init) and an injected
 * constructor when `compression: false` is asked for.
 *
 * @module
 */

import type { TransportGlobals } from "./runtime.ts";
import { type OpenSettings, waitForOpen } from "./wait_open.ts";

/** A constructor that takes an options object (the `ws` package's, Bun's). */
type OptionsWebSocketConstructor = new (
  url: string,
  init: { headers?: Record<string, string>; perMessageDeflate: false },
) => WebSocket;

/** The package that declines permessage-deflate on Node. */
const WS_PACKAGE = "ws";

/** A listener that keeps an EventEmitter-based socket from throwing an unheard `error`. */
function ignoreError(): void {}

/**
 * The `ws` package's `WebSocket` on Node, or undefined when it is not installed (or Node is older
 * than 22.3). Loaded with `require` from `process.getBuiltinModule("node:module")`, never with
 * an `import`, so that no bundle (workerd, browsers, which reject even a dynamic import of a
 * computed name) and no other runtime ever sees the package.
 *
 * @param globals the global object
 * @param specifier the package (tests name one that does not exist)
 * @returns the constructor, or undefined
 *
 * @example
 * ```ts
 * import { loadWsPackage } from "./upgrade_ws_package.ts";
 * import type { TransportGlobals } from "./runtime.ts";
 * console.log(loadWsPackage(globalThis as TransportGlobals) !== undefined); // true on Node with ws
 * ```
 */
export function loadWsPackage(
  globals: TransportGlobals,
  specifier: string = WS_PACKAGE,
): OptionsWebSocketConstructor | undefined {
  try {
    const node = globals.process;
    const nodeModule = node?.getBuiltinModule?.("node:module") as
      | { createRequire?: (from: string) => (id: string) => unknown }
      | undefined;
    const requireHere = nodeModule?.createRequire?.(import.meta.url);
    const exported = requireHere?.(specifier) as { WebSocket?: unknown } | undefined;
    const found = exported?.WebSocket ?? exported;
    return typeof found === "function" ? found as OptionsWebSocketConstructor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `new WS(url, { perMessageDeflate: false })`, with `headers` in the same object when there are
 * some; then waits for it to open.
 *
 * @param WS a constructor that takes an options object (checked to be a function by the caller)
 * @param target the socket's URL
 * @param headers the upgrade headers, or undefined
 * @param injected whether `WS` is the user's: the `ws` package's socket the transport made itself
 * gets an `error` listener so that an unheard `error` is never thrown as uncaught
 * @param settings the URL, signal, timeout and open hook
 * @returns the open socket
 * @throws what {@linkcode waitForOpen} throws, or what the constructor threw
 *
 * @example
 * ```ts
 * import { loadWsPackage, openDecliningDeflate } from "./upgrade_ws_package.ts";
 * import type { TransportGlobals } from "./runtime.ts";
 * const url = new URL("wss://api.upbit.com/websocket/v1");
 * const WS = loadWsPackage(globalThis as TransportGlobals)!;
 * const ws = await openDecliningDeflate(WS, url, undefined, false, {
 *   url,
 *   signal: undefined,
 *   timeoutMs: 5000,
 *   onOpen: undefined,
 * });
 * ```
 */
export function openDecliningDeflate(
  WS: unknown,
  target: URL,
  headers: Record<string, string> | undefined,
  injected: boolean,
  settings: OpenSettings,
): Promise<WebSocket> {
  const perMessageDeflate = false;
  const ws = new (WS as OptionsWebSocketConstructor)(
    target.href,
    headers === undefined ? { perMessageDeflate } : { headers, perMessageDeflate },
  );
  if (!injected) {
    // The `ws` package's socket is also an EventEmitter: an `error` emitted with no listener
    // (e.g. "closed before the connection was established" after an abort) would be thrown
    // as an uncaught exception. Every error still reaches the other listeners.
    ws.addEventListener("error", ignoreError);
  }
  ws.binaryType = (settings.binaryType ?? "arraybuffer") as BinaryType;
  return waitForOpen(ws, settings);
}
