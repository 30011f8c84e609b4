/**
 * The `candle.*` data types (`candle.1s` … `candle.240m`, one shape for every interval): the wire
 * shapes in DEFAULT and SIMPLE keys, the two mappers, the per-frame check, and the schema. The
 * intervals themselves are a protocol fact, in `src/protocol/candles.ts`.
 *
 * @module
 */
import * as v from "valibot";
import { CANDLE_TYPES } from "../protocol/candles.ts";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { CandleEvent, CandleType, StreamType } from "../types.ts";
import type { DataCodec } from "./codec.ts";
import {
  abbreviate,
  type Abbreviated,
  type Legacy,
  num,
  type SchemaPair,
  str,
  streamType,
} from "./fields.ts";

/**
 * A DEFAULT `candle.*` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { CandleWire } from "./candle.ts";
 * const close = (o: CandleWire) => o.trade_price;
 * ```
 */
export interface CandleWire {
  type: CandleType;
  code: string;
  candle_date_time_utc: string;
  candle_date_time_kst: string;
  opening_price: number;
  high_price: number;
  low_price: number;
  trade_price: number;
  candle_acc_trade_volume: number;
  candle_acc_trade_price: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A SIMPLE `candle.*` frame: {@linkcode CandleWire} under the official abbreviations.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { CandleSimpleWire } from "./candle.ts";
 * const start = (o: CandleSimpleWire) => o.cdttmu;
 * ```
 */
export type CandleSimpleWire = Abbreviated<CandleWire, typeof SIMPLE_KEYS.candle> & Legacy;

/**
 * Maps a DEFAULT candle frame (any interval).
 *
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode candleOk})
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { candleDefault } from "./candle.ts";
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
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode candleOk})
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { candleSimple } from "./candle.ts";
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
 * The per-frame check of a mapped candle: every field has the kind the event type promises.
 *
 * @param e a mapped event
 * @returns whether the frame can be a candle
 *
 * @example Check a mapped event
 * ```ts
 * import { candleOk } from "./candle.ts";
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

const entries = {
  type: v.picklist(CANDLE_TYPES),
  code: str,
  candle_date_time_utc: str,
  candle_date_time_kst: str,
  opening_price: num,
  high_price: num,
  low_price: num,
  trade_price: num,
  candle_acc_trade_volume: num,
  candle_acc_trade_price: num,
  timestamp: num,
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, CandleWire> = v.object(entries);

/**
 * The schema of a candle frame (any interval) in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { CANDLE_SCHEMAS } from "./candle.ts";
 * console.log(v.is(CANDLE_SCHEMAS.default, { type: "candle.1m" })); // false
 * ```
 */
export const CANDLE_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate(entries, SIMPLE_KEYS.candle)),
};

/**
 * The candles' entry in the decoder's lookup table, under every `candle.*` type.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { CANDLE } from "./candle.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = CANDLE.decode(o, false, "candle.1m", frame); // the event, or undefined
 * ```
 */
export const CANDLE: DataCodec = {
  schemas: CANDLE_SCHEMAS,
  decode(o, simple) {
    const e = simple
      ? candleSimple(o as unknown as CandleSimpleWire)
      : candleDefault(o as unknown as CandleWire);
    return candleOk(e) ? e : undefined;
  },
  exact: undefined,
};
