/**
 * Why a socket did not open, shared by every upgrade path: the error for a refused upgrade
 * (401/403 → {@linkcode AuthenticationError}, 429/418 → {@linkcode RateLimitedError} with
 * `Retry-After`), the runtime's reason in its own words, a missing Deno permission, a runtime with
 * no `WebSocket`, and the classification the reconnect loop reads ({@linkcode openFailureKind}).
 * No message ever holds a header value or the URL's query.
 *
 * @module
 */

import {
  AuthenticationError,
  ConnectionClosedError,
  NotSupportedError,
  RateLimitedError,
  type UpbitError,
} from "../errors.ts";

/**
 * The URL for messages: no credentials, no query (which could carry a token).
 *
 * @param url the socket's URL
 * @returns `protocol//host/path`
 *
 * @example
 * ```ts
 * import { describeUrl } from "./open_failure.ts";
 * describeUrl(new URL("wss://u:p@api.upbit.com/websocket/v1?t=x")); // "wss://api.upbit.com/websocket/v1"
 * ```
 */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * What a runtime without a global `WebSocket` (Node before 22) gets, at once.
 *
 * @param compressionOnly whether `compression: true` is all that keeps the client from the `ws`
 * package (Node, the package found): then the way out is to drop the option or inject a socket
 * @returns the error to throw
 *
 * @example
 * ```ts
 * import { missingWebSocket } from "./open_failure.ts";
 * console.log(missingWebSocket().code); // "NOT_SUPPORTED"
 * ```
 */
export function missingWebSocket(compressionOnly = false): NotSupportedError {
  if (compressionOnly) {
    return new NotSupportedError(
      "Cannot open a WebSocket with compression: true as this runtime has no global WebSocket " +
        '(Node before 22 has none): leave compression unset or false to use the "ws" package, ' +
        "or pass a constructor as the WebSocket option",
    );
  }
  return new NotSupportedError(
    "Cannot open a WebSocket as this runtime has no global WebSocket (Node before 22 has none): " +
      "run on Node 22 or later, Deno, Bun or Cloudflare Workers, or pass a constructor as the " +
      'WebSocket option, e.g. new UpbitClient({ WebSocket }) with import { WebSocket } from "ws"',
  );
}

/**
 * A missing Deno permission (`NotCapable`, `PermissionDenied`), named as such with the flag to
 * add; undefined for any other error. Permanent: retrying cannot grant it.
 *
 * @param error what the constructor or `fetch` threw
 * @param url the socket's URL
 * @returns the error to throw instead, or undefined
 *
 * @example
 * ```ts
 * import { permissionError } from "./open_failure.ts";
 * const denied = Object.assign(new Error("no"), { name: "NotCapable" });
 * permissionError(denied, new URL("wss://api.upbit.com/websocket/v1")); // NotSupportedError
 * ```
 */
export function permissionError(error: unknown, url: URL): NotSupportedError | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== "NotCapable" && name !== "PermissionDenied") return undefined;
  return new NotSupportedError(
    `Cannot open a WebSocket to "${describeUrl(url)}" as Deno's net permission is missing: run ` +
      `with --allow-net=${url.host} (or a wider --allow-net)`,
    { cause: error },
  );
}

/** A connection-level failure the runtime named (refused port, DNS, unreachable network). */
const NETWORK_FAILURE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|tcp connect error|dns error|failed to lookup|Failed to connect|os error 111|Connection refused|No such host/i;

/**
 * Why a socket failed before opening, in the runtime's words (never a header value): the
 * event's `message` and its `error` (with the error's `code` and its cause's), without repeats.
 *
 * @param event the `error` event (or an `Event` carrying an `error`)
 * @returns the reason, or `""` when the runtime gave none
 *
 * @example
 * ```ts
 * import { reasonOf } from "./open_failure.ts";
 * reasonOf(Object.assign(new Event("error"), { message: "connect ECONNREFUSED" })); // "connect ECONNREFUSED"
 * ```
 */
export function reasonOf(event: Event): string {
  const error = (event as { error?: unknown }).error;
  const parts: string[] = [];
  for (const value of [(event as { message?: unknown }).message, error]) {
    if (typeof value === "string") parts.push(value);
    else if (value instanceof Error) {
      parts.push(value.message);
      const code = (value as { code?: unknown }).code;
      if (typeof code === "string") parts.push(code);
      const inner = (value as { cause?: { message?: unknown; code?: unknown } }).cause;
      if (typeof inner?.message === "string") parts.push(inner.message);
      if (typeof inner?.code === "string") parts.push(inner.code);
    }
  }
  const clean = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))];
  // Deno repeats the message with a prefix in the event and its error: keep the longer one.
  return clean.filter((p) => !clean.some((q) => q !== p && q.includes(p))).join("; ");
}

/**
 * How an attempt that never opened failed, for the reconnect loop: `"network"` when the runtime
 * named a connection-level cause (refused port, DNS), `"refused"` when the server (or something
 * on the way) ended it without a reason the runtime shows — Node's `WebSocket` reports an upgrade
 * refused with 429 or 401 just like that, so it is treated like a rate limit — and `"other"`
 * (timeouts, known statuses, anything else).
 *
 * @param error what `openSocket` (`transport.ts`) rejected with
 * @returns the kind of failure
 *
 * @example
 * ```ts
 * import { openFailureKind } from "./open_failure.ts";
 * import { ConnectionClosedError } from "../errors.ts";
 * openFailureKind(new ConnectionClosedError("x", { cause: new Error("connect ECONNREFUSED") })); // "network"
 * ```
 */
export function openFailureKind(error: unknown): "network" | "refused" | "other" {
  if (!(error instanceof ConnectionClosedError)) return "other";
  if (/timed out after/.test(error.message)) return "other";
  const cause = error.cause;
  const text = [
    error.message,
    typeof cause === "string" ? cause : cause instanceof Error ? cause.message : "",
    String((cause as { code?: unknown } | null)?.code ?? ""),
  ].join(" ");
  return NETWORK_FAILURE.test(text) ? "network" : "refused";
}

/**
 * The HTTP status in Deno's ("Invalid status code: 401"), Bun's ("…101 status code: 401") and the
 * `ws` package's ("Unexpected server response: 401") error messages.
 *
 * @param message the `error` event's message
 * @returns the status (never 101), or undefined when the message names none
 *
 * @example
 * ```ts
 * import { statusInMessage } from "./open_failure.ts";
 * statusInMessage("Unexpected server response: 429"); // 429
 * ```
 */
export function statusInMessage(message: string): number | undefined {
  const match = /(?:status code|server response):?\s*(\d{3})\b/i.exec(message);
  const status = match?.[1] === undefined ? undefined : Number(match[1]);
  return status === 101 ? undefined : status;
}

/**
 * The error for an upgrade refused with an HTTP status: {@linkcode AuthenticationError} for
 * 401/403, {@linkcode RateLimitedError} for 429/418 (with `retryAfterMs` from `Retry-After`),
 * {@linkcode ConnectionClosedError} for any other.
 *
 * @param status the HTTP status
 * @param url the socket's URL
 * @param retryAfter the `Retry-After` header, where the path sees it
 * @param cause the runtime's error, if any
 * @returns the error
 *
 * @example
 * ```ts
 * import { errorForStatus } from "./open_failure.ts";
 * errorForStatus(429, new URL("wss://api.upbit.com/websocket/v1"), "2").code; // "RATE_LIMITED"
 * ```
 */
export function errorForStatus(
  status: number,
  url: URL,
  retryAfter: string | null | undefined,
  cause?: unknown,
): UpbitError {
  const what = `Cannot open a WebSocket to "${describeUrl(url)}" as the server answered ${status}`;
  const options = cause === undefined ? {} : { cause };
  if (status === 401 || status === 403) return new AuthenticationError(what, options);
  if (status === 429 || status === 418) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return new RateLimitedError(
      what,
      retryAfterMs === undefined ? options : { ...options, retryAfterMs },
    );
  }
  return new ConnectionClosedError(what, options);
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A timeout of an open that took longer than `timeoutMs`.
 *
 * @param url the socket's URL
 * @param timeoutMs the connect timeout
 * @returns the error
 *
 * @example
 * ```ts
 * import { openTimedOut } from "./open_failure.ts";
 * openTimedOut(new URL("wss://api.upbit.com/websocket/v1"), 5000).message; // "… timed out after 5000 ms"
 * ```
 */
export function openTimedOut(url: URL, timeoutMs: number): ConnectionClosedError {
  return new ConnectionClosedError(
    `Cannot open a WebSocket to "${describeUrl(url)}" as it timed out after ${timeoutMs} ms`,
  );
}
