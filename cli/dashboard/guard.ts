/**
 * The dashboard server's gate: which `Host` headers it answers (a defence against DNS
 * rebinding, where a web page on another name resolves that name to 127.0.0.1 and reads the
 * local server as its own origin), and the random token that guards private data. Pure: no I/O.
 *
 * @module
 */

/**
 * Whether a request's `Host` header names this server: `127.0.0.1:<port>` or
 * `localhost:<port>` (case-insensitive), nothing else. A missing header is refused too.
 *
 * @param host the `Host` header, or undefined when absent
 * @param port the port the server listens on
 * @returns true to serve the request
 *
 * @example
 * ```ts
 * import { allowedHost } from "./guard.ts";
 * allowedHost("127.0.0.1:8080", 8080); // true
 * allowedHost("evil.example:8080", 8080); // false
 * ```
 */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.trim().toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/**
 * A fresh random token: 32 bytes from `crypto.getRandomValues`, base64url without padding
 * (43 characters).
 *
 * @returns the token
 *
 * @example
 * ```ts
 * import { newToken } from "./guard.ts";
 * newToken().length; // 43
 * ```
 */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * Compares a presented token with the expected one in time that does not depend on where they
 * first differ. With no expected token (private data off) every request passes.
 *
 * @param presented the `token` query parameter, or null when absent
 * @param expected the server's token, or undefined when none is required
 * @returns true to serve the request
 *
 * @example
 * ```ts
 * import { tokenMatches } from "./guard.ts";
 * tokenMatches("abc", "abc"); // true
 * tokenMatches(null, "abc"); // false
 * tokenMatches(null, undefined); // true
 * ```
 */
export function tokenMatches(presented: string | null, expected: string | undefined): boolean {
  if (expected === undefined) return true;
  if (presented === null || presented.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    diff |= presented.charCodeAt(i) ^ expected.charCodeAt(i);
  }
  return diff === 0;
}
