/**
 * The one table that says what an Upbit error frame (`{"error":{"name","message"}}`) means to the
 * client. Every place that reacts to an error frame — the public, private and `/info`
 * connections, `ServerError.code` — asks {@linkcode classifyServerError}; nothing matches on
 * `error.message`, which is Korean on the Korean host and English on the regional hosts, and may
 * come before `name` on the wire (`upbit-protocol.md` §5.2, §10.1).
 *
 * @module
 */

/**
 * What an error name means:
 * - `rate-limit`: too many requests, connections or subscription combinations. The request was
 *   refused as a whole, not for its content: wait (jittered), reconnect, re-send everything,
 *   never give up on it, never fail a subscription for it.
 * - `auth`: the credentials were refused; retrying with the same keys cannot help for long.
 * - `refusal`: the request's content was refused; one or more subscriptions in it caused it, and
 *   only those fail (the client finds them by re-sending without the newest change, then
 *   bisecting).
 * - `unknown`: a name this table does not know. Treated as transient: reported as an error
 *   event, never a reason on its own to end the connection or fail a subscription.
 */
export type ServerErrorKind = "rate-limit" | "auth" | "refusal" | "unknown";

/**
 * The table. Sources: the WebSocket error page (ERR), the type pages, the 2026-09-23 indicator
 * pages (`TOO_MANY_REQUEST`, no `s`), and a regional host's `WRONG_FORMAT` for `level` off KRW
 * (`upbit-protocol.md` §5.2, §10.2).
 */
const TABLE: ReadonlyMap<string, ServerErrorKind> = new Map<string, ServerErrorKind>([
  // Documented since 2026-09-23: too many combinations in one request, or the common WebSocket
  // request limit exceeded; the request is refused as a whole and the socket closed.
  ["TOO_MANY_REQUEST", "rate-limit"],
  // The older type pages' names for the same limits (REST's 429 and 418).
  ["Too Many Requests", "rate-limit"],
  ["I'm a teapot", "rate-limit"],
  ["INVALID_AUTH", "auth"],
  ["WRONG_FORMAT", "refusal"],
  ["INVALID_PARAM", "refusal"],
  ["NO_CODES", "refusal"],
  ["NO_TICKET", "refusal"],
  ["NO_TYPE", "refusal"],
]);

/**
 * Classifies an Upbit error name (`error.name`, matched exactly: Upbit's names are
 * case-sensitive and `message` is never looked at).
 *
 * @param name the frame's `error.name`
 * @returns what the client does about it
 *
 * @example
 * ```ts
 * import { classifyServerError } from "./server_errors.ts";
 * classifyServerError("TOO_MANY_REQUEST"); // "rate-limit"
 * classifyServerError("WRONG_FORMAT"); // "refusal"
 * classifyServerError("SOMETHING_NEW"); // "unknown"
 * ```
 */
export function classifyServerError(name: string): ServerErrorKind {
  return TABLE.get(name) ?? "unknown";
}
