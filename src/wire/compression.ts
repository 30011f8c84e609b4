/**
 * permessage-deflate (RFC 7692) negotiation, which Upbit accepts whenever a client offers it, by
 * runtime (measured at a local server): the native `WebSocket` of Node (undici) and Bun offers it
 * on every upgrade and undici cannot be told not to; Bun's takes `{ perMessageDeflate: false }`;
 * Deno's never offers it; workerd's constructor offers it (the `web_socket_compression`
 * compatibility flag, on by default) while its fetch-upgrade path offers nothing. So the
 * `compression` option declines it on Node through the `ws` package (`upgrade_ws_package.ts`), on
 * Bun through that init option, on workerd through the fetch-upgrade path (`upgrade_fetch.ts`).
 *
 * @module
 */

import { type RuntimeKind, runtimeKind, type TransportGlobals } from "./runtime.ts";
import { loadWsPackage } from "./upgrade_ws_package.ts";

/**
 * Whether each runtime offers permessage-deflate when `compression` is unset. Off wherever it
 * can be declined: on this machine inflating costs more CPU per frame than the whole client
 * (BENCHMARKS.md, "Compression"), and a bot pays in CPU what it saves in bandwidth.
 *
 * @example
 * ```ts
 * import { COMPRESSION_DEFAULT } from "./compression.ts";
 * console.log(COMPRESSION_DEFAULT.node); // false
 * ```
 */
export const COMPRESSION_DEFAULT: Readonly<Record<RuntimeKind, boolean>> = {
  node: false,
  bun: false,
  deno: false,
  workerd: false,
  other: true,
};

/**
 * Why the runtime's own `WebSocket` cannot honour `compression` here, as the message of a
 * `NotSupportedError`, or `undefined` when it can (always, when `compression` is unset).
 *
 * @param compression the option
 * @param headers whether the socket needs upgrade headers (the private endpoint)
 * @param wsPackage the package that declines deflate on Node (tests)
 * @returns the problem, or undefined
 *
 * @example On Deno, `compression: true` cannot be had
 * ```ts
 * import { compressionProblem } from "./compression.ts";
 * console.log(compressionProblem(true, false)); // a message on Deno, undefined on Node and Bun
 * ```
 */
export function compressionProblem(
  compression: boolean | undefined,
  headers: boolean,
  wsPackage?: string,
): string | undefined {
  if (compression === undefined) return undefined;
  const globals = globalThis as TransportGlobals;
  const kind = runtimeKind(globals);
  if (kind === "deno" && compression) {
    return "Cannot offer permessage-deflate as Deno's WebSocket has no compression; leave compression unset or false";
  }
  if (kind === "workerd" && compression && headers) {
    return "Cannot offer permessage-deflate on workerd with headers as its fetch upgrade does not negotiate it; leave compression unset or false";
  }
  if (kind === "other" && !compression) {
    return "Cannot decline permessage-deflate as this runtime's WebSocket has no such option; leave compression unset or true";
  }
  if (kind === "node" && !compression && loadWsPackage(globals, wsPackage) === undefined) {
    return 'Cannot decline permessage-deflate on Node without the "ws" package; install ws or leave compression unset';
  }
  return undefined;
}
