/**
 * The `ticker` data type: its wire shapes in DEFAULT and SIMPLE keys, the two mappers, the
 * per-frame check, and its schema. Adding a ticker field means one line in each part of this file
 * (plus the public `TickerEvent`, the SIMPLE table in `src/protocol/simple_keys.ts` and the
 * emulator). The file is longer than 250 lines because the ticker has 33 fields, each written once in
 * each part; splitting the parts apart would undo that.
 *
 * Which fields may be absent or null follows what real Upbit servers have sent
 * (`upbit-protocol.md` §10.1); every other field is required, as in Upbit's field table.
 *
 * @module
 */
import * as v from "valibot";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type {
  AskBid,
  Change,
  MarketState,
  MarketWarning,
  StreamType,
  TickerEvent,
} from "../types.ts";
import type { DataCodec } from "./codec.ts";
import {
  abbreviate,
  type Abbreviated,
  askBid,
  change,
  type Legacy,
  nullableNumber,
  num,
  type SchemaPair,
  str,
  streamType,
} from "./fields.ts";

/**
 * A DEFAULT `ticker` frame, as the docs describe it, loosened by what real servers have sent.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { TickerWire } from "./ticker.ts";
 * const price = (o: TickerWire) => o.trade_price;
 * ```
 */
export interface TickerWire {
  type: "ticker";
  code: string;
  opening_price: number;
  high_price: number;
  low_price: number;
  trade_price: number;
  prev_closing_price: number;
  change: Change;
  change_price: number;
  signed_change_price: number;
  change_rate: number;
  signed_change_rate: number;
  trade_volume: number;
  acc_trade_volume: number;
  acc_trade_volume_24h?: number | null | undefined; // null in an older live capture (§10.1)
  acc_trade_price: number;
  acc_trade_price_24h?: number | null | undefined; // null in an older live capture (§10.1)
  trade_date: string;
  trade_time: string;
  trade_timestamp: number;
  ask_bid: AskBid;
  acc_ask_volume: number;
  acc_bid_volume: number;
  highest_52_week_price: number;
  highest_52_week_date: string;
  lowest_52_week_price: number;
  lowest_52_week_date: string;
  market_state: MarketState;
  // Deprecated and announced for removal from the ticker (§10.1): may be missing.
  is_trading_suspended?: boolean | null | undefined;
  delisting_date?: string | null | undefined;
  market_warning?: MarketWarning | null | undefined;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A SIMPLE `ticker` frame: {@linkcode TickerWire} under the official abbreviations.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { TickerSimpleWire } from "./ticker.ts";
 * const price = (o: TickerSimpleWire) => o.tp;
 * ```
 */
export type TickerSimpleWire = Abbreviated<TickerWire, typeof SIMPLE_KEYS.ticker> & Legacy;

/**
 * Maps a DEFAULT ticker frame.
 *
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode tickerOk})
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { tickerDefault, tickerOk } from "./ticker.ts";
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
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode tickerOk})
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { tickerSimple } from "./ticker.ts";
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
 * The per-frame check of a mapped ticker: the code is a string and every field has the kind the
 * event type promises. Closed value sets and finite numbers are the schema's job.
 *
 * @param e a mapped event
 * @returns whether the frame can be a ticker
 *
 * @example Check a mapped event
 * ```ts
 * import { tickerOk } from "./ticker.ts";
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

const entries = {
  type: v.literal("ticker"),
  code: str,
  opening_price: num,
  high_price: num,
  low_price: num,
  trade_price: num,
  prev_closing_price: num,
  change,
  change_price: num,
  signed_change_price: num,
  change_rate: num,
  signed_change_rate: num,
  trade_volume: num,
  acc_trade_volume: num,
  acc_trade_volume_24h: v.nullish(num), // null in an older live capture (§10.1)
  acc_trade_price: num,
  acc_trade_price_24h: v.nullish(num),
  trade_date: str,
  trade_time: str,
  trade_timestamp: num,
  ask_bid: askBid,
  acc_ask_volume: num,
  acc_bid_volume: num,
  highest_52_week_price: num,
  highest_52_week_date: str,
  lowest_52_week_price: num,
  lowest_52_week_date: str,
  // A closed set of the docs: a value outside it is still delivered; the schema reports it.
  market_state: v.picklist(["PREVIEW", "ACTIVE", "DELISTED"]),
  // Deprecated and announced for removal from the ticker (§10.1).
  is_trading_suspended: v.nullish(v.boolean()),
  delisting_date: v.nullish(str),
  market_warning: v.nullish(str), // an open set: Upbit has added values before
  timestamp: num,
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, TickerWire> = v.object(entries);

/**
 * The schema of a ticker frame in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { TICKER_SCHEMAS } from "./ticker.ts";
 * console.log(v.is(TICKER_SCHEMAS.default, { type: "ticker" })); // false
 * ```
 */
export const TICKER_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate(entries, SIMPLE_KEYS.ticker)),
};

/**
 * The ticker's entry in the decoder's lookup table.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { TICKER } from "./ticker.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = TICKER.decode(o, false, "ticker", frame); // the event, or undefined
 * ```
 */
export const TICKER: DataCodec = {
  schemas: TICKER_SCHEMAS,
  decode(o, simple) {
    const e = simple
      ? tickerSimple(o as unknown as TickerSimpleWire)
      : tickerDefault(o as unknown as TickerWire);
    return tickerOk(e) ? e : undefined;
  },
  exact: undefined,
};
