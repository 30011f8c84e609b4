/**
 * Each event type as the row the page shows: pure mappers from the client's events, and the start
 * of a candle from its `candle_date_time_utc`.
 *
 * @module
 */
import type {
  CandleEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
} from "../../mod.ts";
import type { BookView, CandleBar, OrderRow, TickerRow, TradeRow } from "./rows.ts";

/**
 * The start of a candle in seconds from Upbit's `candle_date_time_utc` (`yyyy-MM-ddTHH:mm:ss`,
 * UTC without a zone), or undefined when it does not parse.
 *
 * @param utc the field
 * @returns seconds since the epoch
 *
 * @example
 * ```ts
 * import { candleStart } from "./event_rows.ts";
 * candleStart("2026-11-29T12:00:00"); // 1795953600
 * ```
 */
export function candleStart(utc: string): number | undefined {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(utc) ? utc : `${utc}Z`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** A ticker as its row, received at `now` (ms). */
export function tickerRow(e: TickerEvent, now: number): TickerRow {
  return {
    code: e.code,
    price: e.tradePrice,
    change: e.change,
    changeRate: e.signedChangeRate,
    changePrice: e.signedChangePrice,
    volume24h: e.accTradeVolume24h,
    turnover24h: e.accTradePrice24h,
    at: e.timestamp,
    receivedAt: now,
  };
}

/** An order book as the page shows it: at most `levels` per side, empty levels left out. */
export function bookView(e: OrderbookEvent, now: number, levels: number): BookView {
  const units = e.orderbookUnits.slice(0, levels);
  return {
    code: e.code,
    // A side with no orders at a level comes as price 0 / size 0: leave it out.
    asks: units.filter((u) => u.askPrice > 0).map((u) => [u.askPrice, u.askSize]),
    bids: units.filter((u) => u.bidPrice > 0).map((u) => [u.bidPrice, u.bidSize]),
    at: e.timestamp,
    receivedAt: now,
  };
}

/** A trade as its row. */
export function tradeRow(e: TradeEvent): TradeRow {
  return {
    code: e.code,
    price: e.tradePrice,
    volume: e.tradeVolume,
    side: e.askBid,
    at: e.tradeTimestamp,
    id: e.sequentialId,
  };
}

/** A candle as its bar (start in seconds), or `undefined` when its start does not parse. */
export function candleBar(e: CandleEvent): CandleBar | undefined {
  const t = candleStart(e.candleDateTimeUtc);
  if (t === undefined) return undefined;
  return {
    t,
    o: e.openingPrice,
    h: e.highPrice,
    l: e.lowPrice,
    c: e.tradePrice,
    v: e.candleAccTradeVolume,
  };
}

/** A `myOrder` event as its order row. */
export function orderRow(e: MyOrderEvent): OrderRow {
  return {
    uuid: e.uuid,
    code: e.code,
    side: e.askBid,
    orderType: e.orderType,
    state: e.state,
    price: e.price,
    volume: e.volume,
    remainingVolume: e.remainingVolume,
    executedVolume: e.executedVolume,
    at: e.orderTimestamp,
  };
}
