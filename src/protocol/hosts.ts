/**
 * Where Upbit serves, written once: the host of each region and the WebSocket API version with
 * its paths (`upbit-protocol.md` §1.1). The public endpoint is `wss://<host>/websocket/v1`; the
 * private one (`myOrder`, `myAsset`, announcements; carries the JWT) adds `/private`, the
 * indicator one `/info`. The REST API lives on the same hosts under `/v1`.
 *
 * @module
 */

/**
 * @internal Upbit's host per region: Korea (`kr`), Singapore (`sg`), Indonesia (`id`) and
 * Thailand (`th`).
 *
 * @example Name a region's host
 * ```ts
 * import { REGION_HOSTS } from "./hosts.ts";
 * console.log(REGION_HOSTS.sg); // "sg-api.upbit.com"
 * ```
 */
export const REGION_HOSTS = {
  kr: "api.upbit.com",
  sg: "sg-api.upbit.com",
  id: "id-api.upbit.com",
  th: "th-api.upbit.com",
} as const;

/**
 * @internal The API version in every path (`/websocket/v1`, `/v1/market/all`).
 *
 * @example
 * ```ts
 * import { API_VERSION } from "./hosts.ts";
 * console.log(`/v1` === `/${API_VERSION}`); // true
 * ```
 */
export const API_VERSION = "v1";

/**
 * @internal The path of the public WebSocket endpoint, `/websocket/v1`.
 *
 * @example A region's public endpoint
 * ```ts
 * import { REGION_HOSTS, WEBSOCKET_PATH } from "./hosts.ts";
 * console.log(`wss://${REGION_HOSTS.kr}${WEBSOCKET_PATH}`); // "wss://api.upbit.com/websocket/v1"
 * ```
 */
export const WEBSOCKET_PATH: string = `/websocket/${API_VERSION}`;

/**
 * @internal The path segments that the private and the indicator endpoints add to the public one.
 *
 * @example The private endpoint
 * ```ts
 * import { ENDPOINT_SUFFIXES, WEBSOCKET_PATH } from "./hosts.ts";
 * console.log(`${WEBSOCKET_PATH}/${ENDPOINT_SUFFIXES.private}`); // "/websocket/v1/private"
 * ```
 */
export const ENDPOINT_SUFFIXES = { private: "private", info: "info" } as const;
