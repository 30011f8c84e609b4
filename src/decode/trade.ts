/**
 * The `trade` data type: its wire shapes in DEFAULT and SIMPLE keys, the two mappers, the
 * per-frame check, and its schema. The id (`sequential_id`, `sid`) is above 2^53; the mappers take
 * its exact digits, which `trade_id.ts` reads out of the frame's text.
 *
 * Which fields may be absent or null follows what real Upbit servers have sent
 * (`upbit-protocol.md` §10.1); every other field is required, as in Upbit's field table.
 *
 * @module
 */
import * as v from "valibot";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { AskBid, Change, StreamType, TradeEvent } from "../types.ts";
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
import { readTradeId } from "./trade_id.ts";

/**
 * A DEFAULT `trade` frame, as the docs describe it, loosened by what real servers have sent.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { TradeWire } from "./trade.ts";
 * const id = (o: TradeWire) => o.sequential_id;
 * ```
 */
export interface TradeWire {
  type: "trade";
  code: string;
  trade_price: number;
  trade_volume: number;
  ask_bid: AskBid;
  prev_closing_price: number;
  change: Change;
  change_price: number;
  trade_date: string;
  trade_time: string;
  trade_timestamp: number;
  timestamp: number;
  sequential_id: number; // above 2^53: the decoder reads the exact digits from the text
  // Added 2024-11-27; missing in live frames of older and regional servers (§10.1).
  best_ask_price?: number | null | undefined;
  best_ask_size?: number | null | undefined;
  best_bid_price?: number | null | undefined;
  best_bid_size?: number | null | undefined;
  stream_type: StreamType;
}

/**
 * A SIMPLE `trade` frame: {@linkcode TradeWire} under the official abbreviations.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { TradeSimpleWire } from "./trade.ts";
 * const date = (o: TradeSimpleWire) => o.td;
 * ```
 */
export type TradeSimpleWire = Abbreviated<TradeWire, typeof SIMPLE_KEYS.trade> & Legacy;

/**
 * Maps a DEFAULT trade frame.
 *
 * @param o the parsed frame
 * @param sequentialId the exact digits of its id
 * @returns the event, unchecked (see {@linkcode tradeOk})
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { tradeDefault } from "./trade.ts";
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
 * @param o the parsed frame
 * @param sequentialId the exact digits of its id
 * @returns the event, unchecked (see {@linkcode tradeOk})
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { tradeSimple } from "./trade.ts";
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
 * The per-frame check of a mapped trade: every field has the kind the event type promises.
 *
 * @param e a mapped event
 * @returns whether the frame can be a trade
 *
 * @example Check a mapped event
 * ```ts
 * import { tradeOk } from "./trade.ts";
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

const entries = {
  type: v.literal("trade"),
  code: str,
  trade_price: num,
  trade_volume: num,
  ask_bid: askBid,
  prev_closing_price: num,
  change,
  change_price: num,
  trade_date: str,
  trade_time: str,
  trade_timestamp: num,
  timestamp: num,
  sequential_id: v.pipe(num, v.integer(), v.minValue(0)),
  // Added 2024-11-27; missing in live frames of older and regional servers (§10.1).
  best_ask_price: v.nullish(num),
  best_ask_size: v.nullish(num),
  best_bid_price: v.nullish(num),
  best_bid_size: v.nullish(num),
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, TradeWire> = v.object(entries);

/**
 * The schema of a trade frame in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { TRADE_SCHEMAS } from "./trade.ts";
 * console.log(v.is(TRADE_SCHEMAS.simple, { ty: "trade" })); // false
 * ```
 */
export const TRADE_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate(entries, SIMPLE_KEYS.trade)),
};

/**
 * The trade's entry in the decoder's lookup table. A frame whose id is of no possible kind cannot
 * be a trade.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { TRADE } from "./trade.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = TRADE.decode(o, true, "trade", frame); // the event, or undefined
 * ```
 */
export const TRADE: DataCodec = {
  schemas: TRADE_SCHEMAS,
  decode(o, simple, _type, frame) {
    if (simple) {
      const id = readTradeId(o.sid, true, frame);
      if (id === undefined) return undefined;
      const e = tradeSimple(o as unknown as TradeSimpleWire, id);
      return tradeOk(e) ? e : undefined;
    }
    const id = readTradeId(o.sequential_id, false, frame);
    if (id === undefined) return undefined;
    const e = tradeDefault(o as unknown as TradeWire, id);
    return tradeOk(e) ? e : undefined;
  },
  exact: undefined,
};
