/**
 * The shapes of the simulated market: its options (with their checks), a trade as recorded, and
 * the events it reports in batches.
 *
 * @module
 */
import type { WireObject } from "../codec/json.ts";
import type { CandleUnit } from "../protocol/candles.ts";
import type { MarketSpec } from "./listings.ts";
import type { BookCopy } from "./order_book.ts";

/**
 * Options of the simulator.
 *
 * @example A manual market for fast tests
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0, seed: 7 } });
 * emu.market.step(); // one trade per active code, books, candles
 * ```
 */
export interface MarketOptions {
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** The pairs (default {@linkcode defaultMarkets}). */
  markets?: MarketSpec[];
  /** Busy pairs: frequent trades and a book on the `bookIntervalMs` grid (default 7 majors). */
  activeCodes?: string[];
  /** Trade-generation period in ms; `0` = manual mode, data only on `step()`/`trade()` (default 50). */
  tickMs?: number;
  /** Book grid of busy pairs in ms (default 100). */
  bookIntervalMs?: number;
  /** Candle cycle in ms (default 1000). */
  candleIntervalMs?: number;
  /** Chance per tick that a busy pair trades (default 0.3). */
  tradeProbability?: number;
  /** Chance per tick that a quiet pair trades (default 0.002). */
  quietTradeProbability?: number;
}

/**
 * A trade as recorded by the simulator.
 *
 * @example Inject a trade
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const t = emu.market.trade("KRW-BTC", { side: "BID" });
 * console.log(t.sequentialId / 10000n === BigInt(t.tradeTimestamp)); // true
 * ```
 */
export interface TradeRecord {
  /** Pair code. */
  code: string;
  /** Trade price. */
  price: number;
  /** Trade volume. */
  volume: number;
  /** Aggressor side. */
  side: "ASK" | "BID";
  /** Trade time, ms. */
  tradeTimestamp: number;
  /** `trade_timestamp * 10000 + n`, exact. */
  sequentialId: bigint;
  /** The DEFAULT-format trade frame. */
  frame: WireObject;
}

/**
 * What the simulator reports after each change, in batches (one batch per tick or call).
 * `frame` is the DEFAULT-format object with `stream_type` `REALTIME`; orderbook events carry a
 * frozen book to render at any depth and level with {@linkcode MarketSimulator.orderbookFrame}.
 *
 * @example Count trades
 * ```ts
 * import { FakeClock, MarketSimulator } from "upbit-ws/testing";
 * const market = new MarketSimulator({ tickMs: 0 }, new FakeClock());
 * let trades = 0;
 * market.onEvents((events) => (trades += events.filter((e) => e.kind === "trade").length));
 * market.step();
 * ```
 */
export type MarketEvent =
  | { kind: "trade"; code: string; frame: WireObject }
  | { kind: "ticker"; code: string; frame: WireObject }
  | { kind: "candle"; code: string; unit: CandleUnit; frame: WireObject }
  | { kind: "orderbook"; code: string; book: BookCopy };

/**
 * The options with their defaults, checked. @internal
 *
 * @param options as given
 * @returns every period and probability
 * @throws {RangeError} when a period is negative (or, but the tick, zero) or a probability is
 *   outside [0, 1], quoting the value
 */
export function checkMarketOptions(options: MarketOptions): {
  tickMs: number;
  bookMs: number;
  candleMs: number;
  pTrade: number;
  pQuiet: number;
} {
  return {
    tickMs: nonNegative("tickMs", options.tickMs ?? 50),
    bookMs: positive("bookIntervalMs", options.bookIntervalMs ?? 100),
    candleMs: positive("candleIntervalMs", options.candleIntervalMs ?? 1000),
    pTrade: probability("tradeProbability", options.tradeProbability ?? 0.3),
    pQuiet: probability("quietTradeProbability", options.quietTradeProbability ?? 0.002),
  };
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) {
    throw new RangeError(
      `Cannot create the market as ${name} must be a non-negative number: current value is "${v}"`,
    );
  }
  return v;
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) {
    throw new RangeError(
      `Cannot create the market as ${name} must be a positive number: current value is "${v}"`,
    );
  }
  return v;
}

function probability(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new RangeError(
      `Cannot create the market as ${name} must be within [0, 1]: current value is "${v}"`,
    );
  }
  return v;
}
