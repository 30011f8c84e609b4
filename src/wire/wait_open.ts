/**
 * Waiting for a constructed socket to open, shared by the constructor paths
 * (`upgrade_constructor.ts`, `upgrade_ws_package.ts`): settles on `open`, `error`, `close`, abort
 * or timeout, and removes every listener it added. The fetch-upgrade path (`upgrade_fetch.ts`)
 * takes the same settings but gets its socket already open.
 *
 * @module
 */

import { ConnectionClosedError } from "../errors.ts";
import {
  describeUrl,
  errorForStatus,
  openTimedOut,
  reasonOf,
  statusInMessage,
} from "./open_failure.ts";

/**
 * What every upgrade path needs to settle, checked by `openSocket` (`transport.ts`).
 *
 * @example
 * ```ts
 * import type { OpenSettings } from "./wait_open.ts";
 * const settings: OpenSettings = {
 *   url: new URL("wss://api.upbit.com/websocket/v1"),
 *   signal: undefined,
 *   timeoutMs: 10_000,
 *   onOpen: undefined,
 * };
 * ```
 */
export interface OpenSettings {
  /** The socket's URL, a checked `ws:` or `wss:` URL. */
  url: URL;
  /** Aborting while connecting closes the half-open socket and rejects with `signal.reason`. */
  signal: AbortSignal | undefined;
  /** How long to wait for the socket to open, in milliseconds (positive, finite). */
  timeoutMs: number;
  /** Called synchronously at open, before the promise resolves (see `OpenSocketOptions`). */
  onOpen: ((ws: WebSocket) => void) | undefined;
  /**
   * The socket's `binaryType`: `"arraybuffer"` (the default), or `"nodebuffer"` for the `ws`
   * package the transport loads itself, whose `Buffer`s the decoder reads without the copy into a
   * fresh `ArrayBuffer` that `"arraybuffer"` costs per frame (11% of the client's CPU on Node 22,
   * BENCHMARKS.md).
   */
  binaryType?: "arraybuffer" | "nodebuffer";
}

/**
 * Waits for `open`; rejects on `error`, `close`, abort or timeout, closing the half-open socket
 * and removing every listener. On `open` it sets `binaryType` (`settings.binaryType`, by default
 * `"arraybuffer"`) and calls
 * `settings.onOpen` (if that throws, the socket is closed and the promise rejects with it).
 *
 * @param ws a socket just constructed
 * @param settings the URL (for messages), signal, timeout and open hook
 * @returns the open socket
 * @throws {AuthenticationError} for a 401/403 upgrade whose status the runtime shows
 * @throws {RateLimitedError} for a 429/418 upgrade whose status the runtime shows
 * @throws {ConnectionClosedError} when it failed, closed or timed out before opening
 *
 * @example
 * ```ts
 * import { waitForOpen } from "./wait_open.ts";
 * const url = new URL("wss://api.upbit.com/websocket/v1");
 * const ws = await waitForOpen(new WebSocket(url), {
 *   url,
 *   signal: undefined,
 *   timeoutMs: 5000,
 *   onOpen: undefined,
 * });
 * ws.close();
 * ```
 */
export function waitForOpen(ws: WebSocket, settings: OpenSettings): Promise<WebSocket> {
  const { url, signal, timeoutMs, onOpen: hook } = settings;
  return new Promise<WebSocket>((resolve, reject) => {
    const fail = (reason: unknown): void => {
      cleanup();
      try {
        ws.close();
      } catch {
        // Already closing; nothing more to release.
      }
      reject(reason);
    };
    const onOpen = (): void => {
      cleanup();
      ws.binaryType = (settings.binaryType ?? "arraybuffer") as BinaryType;
      try {
        hook?.(ws);
      } catch (error) {
        fail(error);
        return;
      }
      resolve(ws);
    };
    // Node 22 fires `error` but never `close` after a refused upgrade: settle on the error.
    const onError = (event: Event): void => {
      const message = (event as { message?: unknown }).message;
      const status = typeof message === "string" ? statusInMessage(message) : undefined;
      const reason = reasonOf(event);
      const cause = (event as { error?: unknown }).error ?? (reason === "" ? message : reason);
      fail(
        status === undefined
          ? new ConnectionClosedError(
            `Cannot open a WebSocket to "${describeUrl(url)}": ${
              reason === "" || /non-101 status code/i.test(reason)
                ? `${reason === "" ? "the runtime gave no reason" : reason.replace(/\.$/, "")} ` +
                  "(it does not tell a refused connection from an upgrade answered with an " +
                  "HTTP error such as 401 or 429)"
                : reason
            }`,
            { cause },
          )
          : errorForStatus(status, url, undefined, cause),
      );
    };
    const onClose = (event: Event): void => {
      const code = (event as { code?: unknown }).code;
      // Deno reports 0 for a connection that never opened; that is no close code.
      const closeCode = typeof code === "number" && code > 0 ? code : undefined;
      fail(
        new ConnectionClosedError(
          `Cannot open a WebSocket to "${describeUrl(url)}" as it closed` +
            (closeCode === undefined ? "" : ` with code ${closeCode}`),
          closeCode === undefined ? {} : { closeCode },
        ),
      );
    };
    const onAbort = (): void => fail(signal?.reason);
    const timer = setTimeout(() => fail(openTimedOut(url, timeoutMs)), timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      ws.removeEventListener("open", onOpen);
      ws.removeEventListener("error", onError);
      ws.removeEventListener("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    }
    ws.addEventListener("open", onOpen);
    ws.addEventListener("error", onError);
    ws.addEventListener("close", onClose);
    signal?.addEventListener("abort", onAbort);
  });
}
