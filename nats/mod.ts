/**
 * upbit-ws/nats: one ingest feeds any number of consumers on any number of hosts through NATS
 * JetStream. {@linkcode relay} publishes an `UpbitClient`'s decoded events on
 * `upbit.<type>.<code>`; {@linkcode UpbitNatsClient} reads them with the same subscription API as
 * `UpbitClient`, on Node, Deno, Bun and Workers (NATS over WebSocket). Importing `upbit-ws`
 * alone loads none of this module nor the `@nats-io/*` packages.
 *
 * @example A relay and a consumer
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import { relay, UpbitNatsClient } from "upbit-ws/nats";
 * import { wsconnect } from "@nats-io/nats-core";
 *
 * const nc = await wsconnect({ servers: "ws://127.0.0.1:8080", maxReconnectAttempts: -1 });
 * await using upbit = new UpbitClient();
 * await using ingest = relay(upbit, { nats: nc, types: ["ticker"], codes: ["KRW-BTC"] });
 * await using bus = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
 * for await (const t of bus.ticker(["KRW-BTC"])) {
 *   console.log(t.code, t.tradePrice, t.streamType);
 *   break;
 * }
 * ```
 *
 * @module
 */
// The core API, so that the types this module refers to are documented here too (and a consumer
// can import events and errors from "upbit-ws/nats" alone). Same modules as "upbit-ws".
export * from "../mod.ts";
export type { NatsConnectionLike } from "./_wire.ts";
export { relay } from "./relay.ts";
export type { AckMode, LeaseOptions, Relay, RelayOptions, RelayStats } from "./relay_options.ts";
export { UpbitNatsClient } from "./client.ts";
export type {
  NatsHealth,
  NatsMetrics,
  NatsOrderbookOptions,
  NatsSubscribeOptions,
  UpbitNatsClientEventMap,
  UpbitNatsClientOptions,
} from "./client_options.ts";
export {
  type BusType,
  DEFAULT_LIMITS,
  DEFAULT_PREFIX,
  MSG_ID_HEADER,
  SCHEMA_HEADER,
  SCHEMA_VERSION,
  type StreamKind,
  type StreamLimits,
  streamName,
  subjectOf,
} from "./_wire.ts";
