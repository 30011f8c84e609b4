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
 * @module
 */
export * from "./src/types.ts";
export * from "./src/errors.ts";
