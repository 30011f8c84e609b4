/**
 * Which of Upbit's three WebSocket endpoints serves each data type, written once
 * (`upbit-protocol.md` §1.1): `myOrder`, `myAsset` and `announcement` on the private one (with a
 * JWT), `indicator` and `indicator_signal` on `/info` (with a JWT), everything else (ticker,
 * trade, orderbook, candles) on the public one. Only the public endpoint sends snapshots; the
 * other two stream realtime events only. The emulator (`testing/`) keeps its own reading on
 * purpose.
 *
 * @module
 */

/**
 * @internal The data types of the private endpoint: no snapshot, no `is_only_snapshot`/
 * `is_only_realtime` flags in the request, one stream per type (not per code).
 *
 * @example
 * ```ts
 * import { PRIVATE_TYPES } from "./data_types.ts";
 * PRIVATE_TYPES.has("myAsset"); // true
 * ```
 */
export const PRIVATE_TYPES: ReadonlySet<string> = new Set(["myOrder", "myAsset", "announcement"]);

/**
 * @internal The data types of the `/info` endpoint.
 *
 * @example
 * ```ts
 * import { INFO_TYPES } from "./data_types.ts";
 * INFO_TYPES.has("indicator_signal"); // true
 * ```
 */
export const INFO_TYPES: ReadonlySet<string> = new Set(["indicator", "indicator_signal"]);

/**
 * @internal The endpoint that serves a data type: `"private"` for {@linkcode PRIVATE_TYPES},
 * `"info"` for {@linkcode INFO_TYPES}, `"public"` for anything else (no check that the type
 * exists).
 *
 * @param type a wire type, e.g. `"ticker"`, `"candle.1m"`, `"myOrder"`
 * @returns the endpoint's name, as the client names its connections
 * @example
 * ```ts
 * import { endpointOf } from "./data_types.ts";
 * endpointOf("myOrder"); // "private"
 * endpointOf("candle.1m"); // "public"
 * ```
 */
export function endpointOf(type: string): "public" | "private" | "info" {
  return PRIVATE_TYPES.has(type) ? "private" : INFO_TYPES.has(type) ? "info" : "public";
}

/**
 * @internal Whether Upbit sends snapshots of a data type: only on the public endpoint.
 *
 * @param type a wire type
 * @returns `false` for private and `/info` types
 * @example
 * ```ts
 * import { hasSnapshot } from "./data_types.ts";
 * hasSnapshot("ticker"); // true
 * hasSnapshot("indicator"); // false
 * ```
 */
export function hasSnapshot(type: string): boolean {
  return endpointOf(type) === "public";
}
