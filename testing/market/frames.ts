/**
 * The frames of a simulated pair in DEFAULT keys, as Upbit would send them: its ticker, a trade,
 * its order book at a depth and grouping level, and a candle.
 *
 * @module
 */
import {
  candleKst,
  candleUtc,
  compactDate,
  compactTime,
  isoDate,
  isoTime,
} from "../_util/dates.ts";
import { round, round8 } from "../_util/decimals.ts";
import type { WireObject } from "../codec/json.ts";
import type { CandleUnit } from "../protocol/candles.ts";
import type { BookCopy } from "./order_book.ts";
import type { Candle, Pair } from "./pair.ts";

/** The ticker frame (DEFAULT keys) of a pair; its timestamp is the pair's last change. @internal */
export function tickerFrame(p: Pair, streamType: "SNAPSHOT" | "REALTIME"): WireObject {
  const code = p.code;
  const t = p.lastTrade;
  const cp = round(p.last - p.prevClose, p.decimals);
  const rate = p.prevClose > 0 ? round(Math.abs(cp) / p.prevClose, 10) : 0;
  const ts = t?.tradeTimestamp ?? p.changedAt;
  return {
    type: "ticker",
    code,
    opening_price: p.open,
    high_price: p.high,
    low_price: p.low,
    trade_price: p.last,
    prev_closing_price: p.prevClose,
    acc_trade_price: p.accPrice,
    change: cp > 0 ? "RISE" : cp < 0 ? "FALL" : "EVEN",
    change_price: Math.abs(cp),
    signed_change_price: cp,
    change_rate: rate,
    signed_change_rate: cp < 0 ? -rate : rate,
    ask_bid: t?.side ?? "BID",
    trade_volume: t?.volume ?? 0,
    acc_trade_volume: p.accVol,
    trade_date: compactDate(ts),
    trade_time: compactTime(ts),
    trade_timestamp: ts,
    acc_ask_volume: p.accAsk,
    acc_bid_volume: p.accBid,
    highest_52_week_price: p.h52,
    highest_52_week_date: p.h52d,
    lowest_52_week_price: p.l52,
    lowest_52_week_date: p.l52d,
    market_state: p.spec.marketState ?? "ACTIVE",
    is_trading_suspended: false,
    delisting_date: null,
    market_warning: "NONE",
    timestamp: p.changedAt,
    acc_trade_price_24h: p.accPrice24,
    acc_trade_volume_24h: p.accVol24,
    stream_type: streamType,
  };
}

/**
 * A trade's frame (DEFAULT keys), with the best levels of the book as it is after the trade.
 * @internal
 */
export function tradeFrame(
  p: Pair,
  trade: { price: number; volume: number; side: "ASK" | "BID"; ts: number; sid: bigint },
): WireObject {
  const { price, volume, side, ts } = trade;
  const sid = trade.sid;
  const ba = p.book.asks[0];
  const bb = p.book.bids[0];
  const cp = round(price - p.prevClose, p.decimals);
  return {
    type: "trade",
    code: p.code,
    timestamp: ts,
    trade_date: isoDate(ts),
    trade_time: isoTime(ts),
    trade_timestamp: ts,
    trade_price: price,
    trade_volume: volume,
    ask_bid: side,
    prev_closing_price: p.prevClose,
    change: cp > 0 ? "RISE" : cp < 0 ? "FALL" : "EVEN",
    change_price: Math.abs(cp),
    sequential_id: sid,
    best_ask_price: ba ? round(ba.p * p.tick, p.decimals) : 0,
    best_ask_size: ba?.s ?? 0,
    best_bid_price: bb ? round(bb.p * p.tick, p.decimals) : 0,
    best_bid_size: bb?.s ?? 0,
    stream_type: "REALTIME",
  };
}

/** How an orderbook frame is cut: the arguments of `MarketSimulator.orderbookFrame`. @internal */
export interface BookCut {
  /** Rows sent. */
  units: number;
  /** Price grouping (0: none). */
  level: number;
  /** The frame's `stream_type`. */
  streamType: "SNAPSHOT" | "REALTIME";
  /** Totals over the rows sent, or over the 30-row book. */
  totals: "sent" | "full";
}

/**
 * The orderbook frame of a pair's `book` as `MarketSimulator.orderbookFrame` describes it;
 * `undefined` for a level the pair does not support. @internal
 */
export function orderbookFrame(p: Pair, book: BookCopy, cut: BookCut): WireObject | undefined {
  const { units, level, streamType, totals } = cut;
  const code = p.code;
  if (!p.levels.includes(level)) return undefined;
  const lt = level === 0 ? 0 : Math.round(level / p.tick);
  const rows = p.book.view(book, units, lt, p.tick, p.decimals);
  const full = totals === "full" && units < 30
    ? p.book.view(book, 30, lt, p.tick, p.decimals)
    : rows;
  let tas = 0;
  let tbs = 0;
  for (const r of full) {
    tas += r.askSize;
    tbs += r.bidSize;
  }
  return {
    type: "orderbook",
    code,
    timestamp: book.changedAt,
    total_ask_size: round8(tas),
    total_bid_size: round8(tbs),
    orderbook_units: rows.map((r) => ({
      ask_price: r.askPrice,
      bid_price: r.bidPrice,
      ask_size: r.askSize,
      bid_size: r.bidSize,
    })),
    stream_type: streamType,
    level,
  };
}

/** A candle's frame (DEFAULT keys). @internal */
export function candleFrame(
  p: Pair,
  unit: CandleUnit,
  c: Candle,
  st: "SNAPSHOT" | "REALTIME",
): WireObject {
  return {
    type: `candle.${unit}`,
    code: p.code,
    candle_date_time_utc: candleUtc(c.start),
    candle_date_time_kst: candleKst(c.start),
    opening_price: c.open,
    high_price: c.high,
    low_price: c.low,
    trade_price: c.close,
    candle_acc_trade_volume: round8(c.vol),
    candle_acc_trade_price: round8(c.turnover),
    timestamp: c.updatedAt,
    stream_type: st,
  };
}
