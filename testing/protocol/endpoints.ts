/**
 * The paths of Upbit's three WebSocket endpoints: public data, private data (JWT) and the
 * indicator endpoint (JWT).
 *
 * @module
 */

/**
 * The public endpoint's path.
 *
 * @example Build a URL
 * ```ts
 * import { PUBLIC_PATH } from "upbit-ws/testing";
 * const url = `ws://127.0.0.1:8080${PUBLIC_PATH}`;
 * ```
 */
export const PUBLIC_PATH = "/websocket/v1";
/**
 * The private endpoint's path.
 *
 * @example Build a URL
 * ```ts
 * import { PRIVATE_PATH } from "upbit-ws/testing";
 * const url = `ws://127.0.0.1:8080${PRIVATE_PATH}`;
 * ```
 */
export const PRIVATE_PATH = "/websocket/v1/private";
/**
 * The indicator endpoint's path (`indicator`, `indicator_signal`; JWT like `/private`).
 *
 * @example Build a URL
 * ```ts
 * import { INFO_PATH } from "upbit-ws/testing";
 * const url = `ws://127.0.0.1:8080${INFO_PATH}`;
 * ```
 */
export const INFO_PATH = "/websocket/v1/info";
