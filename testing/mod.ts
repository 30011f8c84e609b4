/**
 * A protocol-faithful Upbit WebSocket emulator for tests: `startEmulator()` listens on
 * 127.0.0.1 with the public (`/websocket/v1`) and private (`/websocket/v1/private`) endpoints,
 * a seeded market simulator, accounts and orders, every documented error, rate limits, idle
 * closes, faults on demand, record/replay and an HTTP control API under `/__emulator/`.
 *
 * @example Stream tickers from the emulator
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 *
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const ws = new WebSocket(emu.url);
 * ws.binaryType = "arraybuffer";
 * ws.onopen = () => {
 *   ws.send(JSON.stringify([{ ticket: "t" }, { type: "ticker", codes: ["KRW-BTC"] }, { format: "SIMPLE" }]));
 *   emu.market.step();
 * };
 * ```
 *
 * @module
 */
export * from "./server/server.ts";
export type { Emulator } from "./server/emulator.ts";
export { EmulatorCore } from "./core/core.ts";
export type { UpgradeDecision, UpgradeRequest, UpgradeTicket } from "./core/upgrade.ts";
export type { AnnouncementInput } from "./core/announcement.ts";
export { resolveConfig } from "./core/config.ts";
export * from "./connection/connection.ts";
export * from "./options.ts";
export * from "./reports.ts";
export type { Transport } from "./connection/transport.ts";
export type { Fault } from "./core/faults.ts";
export * from "./clock.ts";
export * from "./codec/json.ts";
export * from "./codec/simple.ts";
export * from "./codec/frames.ts";
export {
  ANNOUNCEMENT_CATEGORIES,
  CANDLE_UNITS,
  type CandleUnit,
  ERROR_MESSAGES,
  ERROR_MESSAGES_EN,
  type ErrorName,
  type Format,
  FORMATS,
  INDICATOR_TIMEFRAMES,
  INFO_PATH,
  PRIVATE_PATH,
  PUBLIC_PATH,
  SIMPLE_KEYS,
} from "./protocol/mod.ts";
export type { MarketEvent, MarketOptions, TradeRecord } from "./market/types.ts";
export { MarketSimulator } from "./market/simulator.ts";
export type { BookCopy, Level } from "./market/order_book.ts";
export * from "./market/listings.ts";
export * from "./accounts/types.ts";
export { AccountBook } from "./accounts/account_book.ts";
export * from "./core/auth.ts";
export * from "./connection/request.ts";
export * from "./replay/recording.ts";
export * from "./replay/replayer.ts";
export type { HttpHost, HttpRequest, HttpResponse } from "./http/messages.ts";
export { handleHttp } from "./http/handle.ts";
export {
  type IndicatorSubscription,
  type ParsedIndicators,
  parseIndicatorObjects,
} from "./indicators/request.ts";
export { compute, fires } from "./indicators/compute.ts";
export type { CandleHistory } from "./indicators/history.ts";
export { IndicatorEngine, type IndicatorEngineContext } from "./indicators/engine.ts";
