/**
 * The `orderbook` data type: its wire shapes in DEFAULT and SIMPLE keys (the units are a nested
 * list with their own abbreviations), the two mappers, the per-frame check, and its schema.
 *
 * @module
 */
import * as v from "valibot";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { OrderbookEvent, OrderbookUnit, StreamType } from "../types.ts";
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
 * One DEFAULT `orderbook_units` entry.
 *
 * @example Read one level
 * ```ts
 * import type { OrderbookUnitWire } from "./orderbook.ts";
 * const spread = (u: OrderbookUnitWire) => u.ask_price - u.bid_price;
 * ```
 */
export interface OrderbookUnitWire {
  ask_price: number;
  bid_price: number;
  ask_size: number;
  bid_size: number;
}

/**
 * A DEFAULT `orderbook` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { OrderbookWire } from "./orderbook.ts";
 * const depth = (o: OrderbookWire) => o.orderbook_units.length;
 * ```
 */
export interface OrderbookWire {
  type: "orderbook";
  code: string;
  total_ask_size: number;
  total_bid_size: number;
  orderbook_units: OrderbookUnitWire[];
  timestamp: number;
  level?: number | undefined; // missing in frames older than grouping: read as 0
  stream_type: StreamType;
}

/**
 * A SIMPLE `orderbook` frame: {@linkcode OrderbookWire} under the official abbreviations, its
 * units too.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { OrderbookSimpleWire } from "./orderbook.ts";
 * const best = (o: OrderbookSimpleWire) => o.obu[0]?.ap;
 * ```
 */
export type OrderbookSimpleWire =
  & Omit<Abbreviated<OrderbookWire, typeof SIMPLE_KEYS.orderbook>, "obu">
  & { obu: Abbreviated<OrderbookUnitWire, typeof SIMPLE_KEYS.orderbook_units>[] }
  & Legacy;

/**
 * Maps a DEFAULT orderbook frame, or returns `undefined` when its units are not a list of
 * objects holding four numbers each. A missing `level` (frames older than grouping) reads as 0.
 *
 * @param o the parsed frame
 * @returns the event with its units checked (see {@linkcode orderbookOk} for the rest)
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { orderbookDefault } from "./orderbook.ts";
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
 * @param o the parsed frame
 * @returns the event with its units checked (see {@linkcode orderbookOk} for the rest)
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { orderbookSimple } from "./orderbook.ts";
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
 * @param e a mapped event
 * @returns whether the frame can be an orderbook
 *
 * @example Check a mapped event
 * ```ts
 * import { orderbookOk } from "./orderbook.ts";
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

const unitEntries = { ask_price: num, bid_price: num, ask_size: num, bid_size: num };

const entries = {
  type: v.literal("orderbook"),
  code: str,
  total_ask_size: num,
  total_bid_size: num,
  orderbook_units: v.array(v.object(unitEntries)),
  timestamp: num,
  level: v.optional(num),
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, OrderbookWire> = v.object(entries);

/**
 * The schema of an orderbook frame in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { ORDERBOOK_SCHEMAS } from "./orderbook.ts";
 * console.log(v.is(ORDERBOOK_SCHEMAS.default, { type: "orderbook" })); // false
 * ```
 */
export const ORDERBOOK_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate({
    ...entries,
    orderbook_units: v.array(v.object(abbreviate(unitEntries, SIMPLE_KEYS.orderbook_units))),
  }, SIMPLE_KEYS.orderbook)),
};

/**
 * The orderbook's entry in the decoder's lookup table.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { ORDERBOOK } from "./orderbook.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = ORDERBOOK.decode(o, false, "orderbook", frame); // the event, or undefined
 * ```
 */
export const ORDERBOOK: DataCodec = {
  schemas: ORDERBOOK_SCHEMAS,
  decode(o, simple) {
    const e = simple
      ? orderbookSimple(o as unknown as OrderbookSimpleWire)
      : orderbookDefault(o as unknown as OrderbookWire);
    return e !== undefined && orderbookOk(e) ? e : undefined;
  },
  exact: undefined,
};
