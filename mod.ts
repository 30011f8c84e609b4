/**
 * upbit-ws: a typed client for the Upbit exchange's WebSocket API that keeps delivering ticker,
 * trade, orderbook, candle, order and balance events through disconnects, stalls, rate limits
 * and bad frames. One ESM module on web standards; the same code on Deno, Bun, Node 22+ and
 * Cloudflare Workers.
 *
 * @example Stream tickers
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 *
 * await using client = new UpbitClient({ name: "my_app" });
 * for await (const t of client.ticker(["KRW-BTC", "KRW-ETH"])) {
 *   console.log(t.code, t.tradePrice, t.streamType);
 * }
 * ```
 *
 * @example One-shot snapshot (an edge function)
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 *
 * await using client = new UpbitClient();
 * const [btc] = await client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 3000 });
 * console.log(btc?.tradePrice); // one event per code, in order
 * ```
 *
 * @module
 */
export { UpbitClient } from "./src/client.ts";
export type {
  AnnouncementOptions,
  IndicatorOptions,
  IndicatorSignalOptions,
  OrderbookOptions,
  SnapshotOptions,
  SubscribeOptions,
} from "./src/subscribe/options.ts";
export type { Health, Metrics } from "./src/health.ts";
export type {
  Endpoints,
  KeepaliveOptions,
  Profile,
  ReconnectOptions,
  Region,
  UpbitClientOptions,
} from "./src/options.ts";
export { resolveEndpoints } from "./src/endpoint_urls.ts";
export { Subscription } from "./src/deliver/subscription.ts";
export type { SubscriptionInit } from "./src/deliver/subscription_init.ts";
export type { OverflowPolicy } from "./src/deliver/ring_buffer.ts";
export {
  createSubscriptionFinalizer,
  type SubscriptionFinalizer,
} from "./src/deliver/finalizer.ts";
export type { ListedSubscription } from "./src/decode/decode.ts";
export {
  ConnectionEvent,
  type Listener,
  type ListenerOptions,
  type UpbitClientEventMap,
  UpbitErrorEvent,
} from "./src/events.ts";
export type { StreamPreference } from "./src/demand/consumer.ts";
export type { ConnectionInfo, ConnectionName, ConnectionState } from "./src/wire/connection.ts";
export type { RequestLimit } from "./src/demand/rate_gate.ts";
export type { WebSocketConstructor } from "./src/wire/transport.ts";
export type { JwtAlgorithm } from "./src/auth/jwt.ts";
export { backoff, type BackoffOptions } from "./src/wire/backoff.ts";
export { type Clock, systemClock } from "./src/clock.ts";
export * from "./src/errors.ts";
export * from "./src/types.ts";
export * from "./src/stream_types.ts";
