/**
 * The fetch-upgrade path, used on Cloudflare Workers (workerd), whose `WebSocket` constructor
 * cannot send headers: `fetch` the http(s) twin of the URL with `Upgrade: websocket` and the
 * headers; a 101 response carries the client end in `response.webSocket`. This path sees the real
 * HTTP status and the `Retry-After` header of a refusal, and offers no permessage-deflate.
 *
 * @module
 */

import { ConnectionClosedError, NotSupportedError } from "../errors.ts";
import type { TransportGlobals } from "./runtime.ts";
import {
  describeUrl,
  errorForStatus,
  openTimedOut,
  permissionError,
  reasonOf,
} from "./open_failure.ts";
import type { OpenSettings } from "./wait_open.ts";

/** workerd's server-side half of a fetch-upgraded socket. */
type AcceptableWebSocket = WebSocket & { accept(): void };

/**
 * The `fetch` of the fetch-upgrade path: the injected one, else `globalThis.fetch` at call time.
 *
 * @param injected the test hook's `fetch`, if any
 * @returns the function to call
 * @throws {NotSupportedError} when there is none
 *
 * @example
 * ```ts
 * import { lookUpFetch } from "./upgrade_fetch.ts";
 * const fetchFn = lookUpFetch(undefined); // globalThis.fetch
 * ```
 */
export function lookUpFetch(injected: typeof fetch | undefined): typeof fetch {
  const found = injected ?? (globalThis as TransportGlobals).fetch;
  if (typeof found !== "function") {
    throw new NotSupportedError("Cannot upgrade through fetch as globalThis.fetch is missing");
  }
  return found as typeof fetch;
}

/**
 * Opens a socket through a `fetch` upgrade and accepts it; calls `settings.onOpen` before
 * resolving (if that throws, the socket is closed and the promise rejects with it).
 *
 * @param settings the URL, signal, timeout and open hook
 * @param headers the upgrade headers (`Upgrade: websocket` is added)
 * @param fetchFn the `fetch` to call (see {@linkcode lookUpFetch})
 * @returns the open socket, `binaryType = "arraybuffer"`
 * @throws {AuthenticationError} for a 401/403 answer
 * @throws {RateLimitedError} for a 429/418 answer, with `retryAfterMs` from `Retry-After`
 * @throws {NotSupportedError} when a 101 answer carries no `webSocket`, or a Deno permission is
 * missing
 * @throws {ConnectionClosedError} for any other answer, a network failure or a timeout
 *
 * @example
 * ```ts
 * import { openViaFetch } from "./upgrade_fetch.ts";
 * const ws = await openViaFetch(
 *   { url: new URL("wss://api.upbit.com/websocket/v1/private"), signal: undefined, timeoutMs: 5000, onOpen: undefined },
 *   { Authorization: "Bearer <jwt>" },
 *   fetch,
 * );
 * ```
 */
export async function openViaFetch(
  settings: OpenSettings,
  headers: Record<string, string>,
  fetchFn: typeof fetch,
): Promise<WebSocket> {
  const { url, signal, timeoutMs, onOpen } = settings;
  const httpUrl = new URL(url.href);
  httpUrl.protocol = url.protocol === "wss:" ? "https:" : "http:";
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  const timer = setTimeout(() => controller.abort(openTimedOut(url, timeoutMs)), timeoutMs);
  signal?.addEventListener("abort", onAbort);
  try {
    let response: Response;
    try {
      response = await fetchFn(httpUrl.href, {
        headers: { ...headers, Upgrade: "websocket" },
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      const denied = permissionError(error, url);
      if (denied !== undefined) throw denied;
      const why = error instanceof Error
        ? reasonOf(Object.assign(new Event("error"), { error }))
        : "";
      throw new ConnectionClosedError(
        `Cannot open a WebSocket to "${describeUrl(url)}"${why === "" ? "" : `: ${why}`}`,
        { cause: error },
      );
    }
    if (response.status !== 101) {
      await response.body?.cancel().catch(() => {});
      throw errorForStatus(response.status, url, response.headers.get("retry-after"));
    }
    const ws = (response as Response & { webSocket?: AcceptableWebSocket | null }).webSocket;
    if (ws === null || ws === undefined || typeof ws.accept !== "function") {
      throw new NotSupportedError(
        "Cannot upgrade through fetch as this runtime's Response has no webSocket",
      );
    }
    ws.accept();
    ws.binaryType = "arraybuffer";
    if (controller.signal.aborted) {
      ws.close();
      throw controller.signal.reason;
    }
    try {
      onOpen?.(ws);
    } catch (error) {
      ws.close();
      throw error;
    }
    return ws;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
