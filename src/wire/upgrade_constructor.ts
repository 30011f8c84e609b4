/**
 * The WHATWG constructor path: `new WebSocket(url)`, or with upgrade headers the non-standard
 * `new WebSocket(url, { headers })` that Node (undici), Deno and Bun accept. A browser-like
 * constructor reads that object as a subprotocol and throws a `SyntaxError`: on workerd the
 * socket then opens through the fetch-upgrade path instead (`upgrade_fetch.ts`); elsewhere it is
 * a {@linkcode NotSupportedError}.
 *
 * @module
 */

import { NotSupportedError } from "../errors.ts";
import { permissionError } from "./open_failure.ts";
import { openViaFetch } from "./upgrade_fetch.ts";
import { type OpenSettings, waitForOpen } from "./wait_open.ts";

/** The standard constructor, as called here. */
type PlainWebSocketConstructor = new (url: string) => WebSocket;

/** A constructor that takes the non-standard `{ headers }` init of undici, Deno and Bun. */
type HeadersWebSocketConstructor = new (
  url: string,
  init: { headers: Record<string, string> },
) => WebSocket;

function isSyntaxError(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as { name?: unknown }).name === "SyntaxError";
}

/**
 * `new WS(url)` or `new WS(url, { headers })`; then waits for it to open.
 *
 * @param WS the constructor (checked to be a function by the caller)
 * @param target the socket's URL
 * @param headers the upgrade headers, or undefined
 * @param fallbackFetch on workerd (where the socket may go through `fetch`), the `fetch` to use
 * when the constructor cannot take headers; undefined elsewhere
 * @param settings the URL, signal, timeout and open hook
 * @returns the open socket
 * @throws {NotSupportedError} when a Deno permission is missing, or the constructor cannot send
 * headers and there is no fetch-upgrade path
 * @throws what {@linkcode waitForOpen} throws, or what the constructor threw
 *
 * @example
 * ```ts
 * import { openWithConstructor } from "./upgrade_constructor.ts";
 * const url = new URL("wss://api.upbit.com/websocket/v1");
 * const ws = await openWithConstructor(WebSocket, url, undefined, undefined, {
 *   url,
 *   signal: undefined,
 *   timeoutMs: 5000,
 *   onOpen: undefined,
 * });
 * ```
 */
export function openWithConstructor(
  WS: unknown,
  target: URL,
  headers: Record<string, string> | undefined,
  fallbackFetch: typeof fetch | undefined,
  settings: OpenSettings,
): Promise<WebSocket> {
  let ws: WebSocket;
  if (headers === undefined) {
    try {
      ws = new (WS as PlainWebSocketConstructor)(target.href);
    } catch (error) {
      throw permissionError(error, target) ?? error;
    }
  } else {
    try {
      ws = new (WS as HeadersWebSocketConstructor)(target.href, { headers });
    } catch (error) {
      const denied = permissionError(error, target);
      if (denied !== undefined) throw denied;
      // The URL was checked before, so a SyntaxError here means the constructor read the init
      // object as a subprotocol: a browser-like WebSocket (workerd's included) without headers.
      if (!isSyntaxError(error)) throw error;
      if (fallbackFetch !== undefined) return openViaFetch(settings, headers, fallbackFetch);
      throw new NotSupportedError(
        "Cannot send the Authorization header as this runtime's WebSocket has no headers option",
        { cause: error },
      );
    }
  }
  ws.binaryType = "arraybuffer";
  return waitForOpen(ws, settings);
}
