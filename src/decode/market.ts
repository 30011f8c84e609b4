/**
 * Mappers for the public data types (ticker, trade, orderbook, candle): one explicit object
 * literal per type and format, so that the engine builds every event with one stable shape and
 * no per-key work. Each `*Ok` function is the cheap check that runs on every frame and decides
 * whether the frame can be the event at all: the code is a string and every field has the kind
 * its event type promises (a number, a string, a boolean; `null` or absent where the type says
 * so). A frame that passes is delivered. Finer rules (closed value sets, finite numbers) are the
 * schema's job, and a schema failure alone never drops a frame.
 *
 * Which fields may be absent or null follows what real Upbit servers have sent
 * (`upbit-protocol.md` §10.1); every other field is required, as in Upbit's field tables.
 *
 * @module
 */
import type {
  CandleSimpleWire,
  CandleWire,
  OrderbookSimpleWire,
  OrderbookUnitWire,
  OrderbookWire,
  TickerSimpleWire,
  TickerWire,
  TradeSimpleWire,
  TradeWire,
} from "./wire_shapes.ts";
import type {
  CandleEvent,
  OrderbookEvent,
  OrderbookUnit,
  TickerEvent,
  TradeEvent,
} from "../types.ts";

/**
 * Maps a DEFAULT ticker frame.
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { tickerDefault, tickerOk } from "./market.ts";
 * declare const frame: Parameters<typeof tickerDefault>[0];
 * const e = tickerDefault(frame);
 * if (tickerOk(e)) console.log(e.tradePrice);
 * ```
 */
export function tickerDefault(o: TickerWire): TickerEvent {
  return {
    type: "ticker",
    code: o.code,
    openingPrice: o.opening_price,
    highPrice: o.high_price,
    lowPrice: o.low_price,
    tradePrice: o.trade_price,
    prevClosingPrice: o.prev_closing_price,
    change: o.change,
    changePrice: o.change_price,
    signedChangePrice: o.signed_change_price,
    changeRate: o.change_rate,
    signedChangeRate: o.signed_change_rate,
    tradeVolume: o.trade_volume,
    accTradeVolume: o.acc_trade_volume,
    accTradeVolume24h: o.acc_trade_volume_24h ?? null,
    accTradePrice: o.acc_trade_price,
    accTradePrice24h: o.acc_trade_price_24h ?? null,
    tradeDate: o.trade_date,
    tradeTime: o.trade_time,
    tradeTimestamp: o.trade_timestamp,
    askBid: o.ask_bid,
    accAskVolume: o.acc_ask_volume,
    accBidVolume: o.acc_bid_volume,
    highest52WeekPrice: o.highest_52_week_price,
    highest52WeekDate: o.highest_52_week_date,
    lowest52WeekPrice: o.lowest_52_week_price,
    lowest52WeekDate: o.lowest_52_week_date,
    marketState: o.market_state,
    isTradingSuspended: o.is_trading_suspended ?? undefined,
    delistingDate: o.delisting_date ?? null,
    marketWarning: o.market_warning ?? undefined,
    timestamp: o.timestamp,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE ticker frame.
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { tickerSimple } from "./market.ts";
 * declare const frame: Parameters<typeof tickerSimple>[0];
 * console.log(tickerSimple(frame).tradePrice);
 * ```
 */
export function tickerSimple(o: TickerSimpleWire): TickerEvent {
  return {
    type: "ticker",
    code: o.cd ?? o.mk,
    openingPrice: o.op,
    highPrice: o.hp,
    lowPrice: o.lp,
    tradePrice: o.tp,
    prevClosingPrice: o.pcp,
    change: o.c,
    changePrice: o.cp,
    signedChangePrice: o.scp,
    changeRate: o.cr,
    signedChangeRate: o.scr,
    tradeVolume: o.tv,
    accTradeVolume: o.atv,
    accTradeVolume24h: o.atv24h ?? null,
    accTradePrice: o.atp,
    accTradePrice24h: o.atp24h ?? null,
    tradeDate: o.tdt,
    tradeTime: o.ttm,
    tradeTimestamp: o.ttms,
    askBid: o.ab,
    accAskVolume: o.aav,
    accBidVolume: o.abv,
    highest52WeekPrice: o.h52wp,
    highest52WeekDate: o.h52wdt,
    lowest52WeekPrice: o.l52wp,
    lowest52WeekDate: o.l52wdt,
    marketState: o.ms,
    isTradingSuspended: o.its ?? undefined,
    delistingDate: o.dd ?? null,
    marketWarning: o.mw ?? undefined,
    timestamp: o.tms,
    streamType: o.st,
  };
}

/**
 * The per-frame check of a mapped ticker.
 *
 * @example Check a mapped event
 * ```ts
 * import { tickerOk } from "./market.ts";
 * import type { TickerEvent } from "../types.ts";
 * declare const e: TickerEvent;
 * if (!tickerOk(e)) console.log("run the schema to say why");
 * ```
 */
export function tickerOk(e: TickerEvent): boolean {
  return typeof e.code === "string" && typeof e.openingPrice === "number" &&
    typeof e.highPrice === "number" && typeof e.lowPrice === "number" &&
    typeof e.tradePrice === "number" && typeof e.prevClosingPrice === "number" &&
    typeof e.change === "string" && typeof e.changePrice === "number" &&
    typeof e.signedChangePrice === "number" && typeof e.changeRate === "number" &&
    typeof e.signedChangeRate === "number" && typeof e.tradeVolume === "number" &&
    typeof e.accTradeVolume === "number" && nullableNumber(e.accTradeVolume24h) &&
    typeof e.accTradePrice === "number" && nullableNumber(e.accTradePrice24h) &&
    typeof e.tradeDate === "string" && typeof e.tradeTime === "string" &&
    typeof e.tradeTimestamp === "number" && typeof e.askBid === "string" &&
    typeof e.accAskVolume === "number" && typeof e.accBidVolume === "number" &&
    typeof e.highest52WeekPrice === "number" && typeof e.highest52WeekDate === "string" &&
    typeof e.lowest52WeekPrice === "number" && typeof e.lowest52WeekDate === "string" &&
    typeof e.marketState === "string" &&
    (e.isTradingSuspended === undefined || typeof e.isTradingSuspended === "boolean") &&
    (e.delistingDate === null || typeof e.delistingDate === "string") &&
    (e.marketWarning === undefined || typeof e.marketWarning === "string") &&
    typeof e.timestamp === "number" && typeof e.streamType === "string";
}

/**
 * Maps a DEFAULT trade frame.
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { tradeDefault } from "./market.ts";
 * declare const frame: Parameters<typeof tradeDefault>[0];
 * console.log(tradeDefault(frame, "17877285547970000").sequentialId);
 * ```
 */
export function tradeDefault(o: TradeWire, sequentialId: string): TradeEvent {
  return {
    type: "trade",
    code: o.code,
    tradePrice: o.trade_price,
    tradeVolume: o.trade_volume,
    askBid: o.ask_bid,
    prevClosingPrice: o.prev_closing_price,
    change: o.change,
    changePrice: o.change_price,
    tradeDate: o.trade_date,
    tradeTime: o.trade_time,
    tradeTimestamp: o.trade_timestamp,
    timestamp: o.timestamp,
    sequentialId,
    bestAskPrice: o.best_ask_price ?? null,
    bestAskSize: o.best_ask_size ?? null,
    bestBidPrice: o.best_bid_price ?? null,
    bestBidSize: o.best_bid_size ?? null,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE trade frame.
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { tradeSimple } from "./market.ts";
 * declare const frame: Parameters<typeof tradeSimple>[0];
 * console.log(tradeSimple(frame, "17877285547970000").tradeDate);
 * ```
 */
export function tradeSimple(o: TradeSimpleWire, sequentialId: string): TradeEvent {
  return {
    type: "trade",
    code: o.cd ?? o.mk,
    tradePrice: o.tp,
    tradeVolume: o.tv,
    askBid: o.ab,
    prevClosingPrice: o.pcp,
    change: o.c,
    changePrice: o.cp,
    tradeDate: o.td,
    tradeTime: o.ttm,
    tradeTimestamp: o.ttms,
    timestamp: o.tms,
    sequentialId,
    bestAskPrice: o.bap ?? null,
    bestAskSize: o.bas ?? null,
    bestBidPrice: o.bbp ?? null,
    bestBidSize: o.bbs ?? null,
    streamType: o.st,
  };
}

/**
 * The per-frame check of a mapped trade.
 *
 * @example Check a mapped event
 * ```ts
 * import { tradeOk } from "./market.ts";
 * import type { TradeEvent } from "../types.ts";
 * declare const e: TradeEvent;
 * console.log(tradeOk(e));
 * ```
 */
export function tradeOk(e: TradeEvent): boolean {
  return typeof e.code === "string" && typeof e.tradePrice === "number" &&
    typeof e.tradeVolume === "number" && typeof e.askBid === "string" &&
    typeof e.prevClosingPrice === "number" && typeof e.change === "string" &&
    typeof e.changePrice === "number" && typeof e.tradeDate === "string" &&
    typeof e.tradeTime === "string" && typeof e.tradeTimestamp === "number" &&
    typeof e.timestamp === "number" && nullableNumber(e.bestAskPrice) &&
    nullableNumber(e.bestAskSize) && nullableNumber(e.bestBidPrice) &&
    nullableNumber(e.bestBidSize) && typeof e.streamType === "string";
}

/**
 * Whether a mapped field is a number or `null` (the mappers turn an absent field into `null`).
 *
 * @example
 * ```ts
 * import { nullableNumber } from "./market.ts";
 * console.log(nullableNumber(null), nullableNumber("1")); // true false
 * ```
 */
export function nullableNumber(value: unknown): boolean {
  return value === null || typeof value === "number";
}

/**
 * Maps a DEFAULT orderbook frame, or returns `undefined` when its units are not a list of
 * objects holding four numbers each. A missing `level` (frames older than grouping) reads as 0.
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { orderbookDefault } from "./market.ts";
 * declare const frame: Parameters<typeof orderbookDefault>[0];
 * console.log(orderbookDefault(frame)?.orderbookUnits.length);
 * ```
 */
export function orderbookDefault(o: OrderbookWire): OrderbookEvent | undefined {
  const raw: unknown = o.orderbook_units;
  if (!Array.isArray(raw)) return undefined;
  // An indexed loop into a sized array: measurably cheaper on Bun (JavaScriptCore), the same on V8.
  const list = raw as (OrderbookUnitWire | null)[];
  const units = new Array<OrderbookUnit>(list.length);
  for (let i = 0; i < list.length; i++) {
    const u = list[i];
    if (typeof u !== "object" || u === null) return undefined;
    const unit = {
      askPrice: u.ask_price,
      bidPrice: u.bid_price,
      askSize: u.ask_size,
      bidSize: u.bid_size,
    };
    if (!unitOk(unit)) return undefined;
    units[i] = unit;
  }
  return {
    type: "orderbook",
    code: o.code,
    totalAskSize: o.total_ask_size,
    totalBidSize: o.total_bid_size,
    orderbookUnits: units,
    timestamp: o.timestamp,
    level: o.level ?? 0,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE orderbook frame, or returns `undefined` when its units are malformed.
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { orderbookSimple } from "./market.ts";
 * declare const frame: Parameters<typeof orderbookSimple>[0];
 * console.log(orderbookSimple(frame)?.level);
 * ```
 */
export function orderbookSimple(o: OrderbookSimpleWire): OrderbookEvent | undefined {
  const raw: unknown = o.obu;
  if (!Array.isArray(raw)) return undefined;
  const list = raw as (OrderbookSimpleWire["obu"][number] | null)[];
  const units = new Array<OrderbookUnit>(list.length);
  for (let i = 0; i < list.length; i++) {
    const u = list[i];
    if (typeof u !== "object" || u === null) return undefined;
    const unit = { askPrice: u.ap, bidPrice: u.bp, askSize: u.as, bidSize: u.bs };
    if (!unitOk(unit)) return undefined;
    units[i] = unit;
  }
  return {
    type: "orderbook",
    code: o.cd ?? o.mk,
    totalAskSize: o.tas,
    totalBidSize: o.tbs,
    orderbookUnits: units,
    timestamp: o.tms,
    level: o.lv ?? 0,
    streamType: o.st,
  };
}

function unitOk(u: OrderbookUnit): boolean {
  return typeof u.askPrice === "number" && typeof u.bidPrice === "number" &&
    typeof u.askSize === "number" && typeof u.bidSize === "number";
}

/**
 * The per-frame check of a mapped orderbook (the units were checked while mapping).
 *
 * @example Check a mapped event
 * ```ts
 * import { orderbookOk } from "./market.ts";
 * import type { OrderbookEvent } from "../types.ts";
 * declare const e: OrderbookEvent;
 * console.log(orderbookOk(e));
 * ```
 */
export function orderbookOk(e: OrderbookEvent): boolean {
  return typeof e.code === "string" && typeof e.totalAskSize === "number" &&
    typeof e.totalBidSize === "number" && typeof e.timestamp === "number" &&
    typeof e.level === "number" && typeof e.streamType === "string";
}

/**
 * Maps a DEFAULT candle frame (any interval).
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { candleDefault } from "./market.ts";
 * declare const frame: Parameters<typeof candleDefault>[0];
 * console.log(candleDefault(frame).candleDateTimeUtc);
 * ```
 */
export function candleDefault(o: CandleWire): CandleEvent {
  return {
    type: o.type,
    code: o.code,
    candleDateTimeUtc: o.candle_date_time_utc,
    candleDateTimeKst: o.candle_date_time_kst,
    openingPrice: o.opening_price,
    highPrice: o.high_price,
    lowPrice: o.low_price,
    tradePrice: o.trade_price,
    candleAccTradeVolume: o.candle_acc_trade_volume,
    candleAccTradePrice: o.candle_acc_trade_price,
    timestamp: o.timestamp,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE candle frame (any interval).
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { candleSimple } from "./market.ts";
 * declare const frame: Parameters<typeof candleSimple>[0];
 * console.log(candleSimple(frame).tradePrice);
 * ```
 */
export function candleSimple(o: CandleSimpleWire): CandleEvent {
  return {
    type: o.ty,
    code: o.cd ?? o.mk,
    candleDateTimeUtc: o.cdttmu,
    candleDateTimeKst: o.cdttmk,
    openingPrice: o.op,
    highPrice: o.hp,
    lowPrice: o.lp,
    tradePrice: o.tp,
    candleAccTradeVolume: o.catv,
    candleAccTradePrice: o.catp,
    timestamp: o.tms,
    streamType: o.st,
  };
}

/**
 * The per-frame check of a mapped candle.
 *
 * @example Check a mapped event
 * ```ts
 * import { candleOk } from "./market.ts";
 * import type { CandleEvent } from "../types.ts";
 * declare const e: CandleEvent;
 * console.log(candleOk(e));
 * ```
 */
export function candleOk(e: CandleEvent): boolean {
  return typeof e.code === "string" && typeof e.candleDateTimeUtc === "string" &&
    typeof e.candleDateTimeKst === "string" && typeof e.openingPrice === "number" &&
    typeof e.highPrice === "number" && typeof e.lowPrice === "number" &&
    typeof e.tradePrice === "number" && typeof e.candleAccTradeVolume === "number" &&
    typeof e.candleAccTradePrice === "number" && typeof e.timestamp === "number" &&
    typeof e.streamType === "string";
}
