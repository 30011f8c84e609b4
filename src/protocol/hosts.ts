/**
 * Upbit's hosts: one exchange per region, each serving its WebSocket API under the same path.
 *
 * @module
 */

/** The host of each regional exchange (`kr` is Upbit Korea). */
export const REGION_HOSTS: Readonly<Record<"kr" | "sg" | "id" | "th", string>> = {
  kr: "api.upbit.com",
  sg: "sg-api.upbit.com",
  id: "id-api.upbit.com",
  th: "th-api.upbit.com",
};

/** The WebSocket API's path on every host; the private and `/info` endpoints append to it. */
export const WEBSOCKET_PATH = "/websocket/v1";
