/**
 * The `myOrder` data type (private endpoint): its wire shapes in DEFAULT and SIMPLE keys, the two
 * mappers, the per-frame check, and its schema. The fields that Upbit leaves null when they do
 * not apply (a fill's fee, maker flag, a market buy's volume, a market sell's price) or that some
 * hosts omit (the fields added since 2024: `trade_fee`, `is_maker`, `identifier`, `smp_type`,
 * `prevented_*`) become `null` whether they arrive as `null` or not at all
 * (`upbit-protocol.md` §10.1). The file is longer than 250 lines because the order has 29 fields, each
 * written once in each part.
 *
 * @module
 */
import * as v from "valibot";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type {
  AskBid,
  MyOrderEvent,
  OrderState,
  OrderType,
  SmpType,
  StreamType,
  TimeInForce,
} from "../types.ts";
import type { DataCodec } from "./codec.ts";
import {
  abbreviate,
  type Abbreviated,
  askBid,
  type Legacy,
  nullableNumber,
  num,
  type SchemaPair,
  str,
  streamType,
} from "./fields.ts";

/**
 * A DEFAULT `myOrder` frame; the nullable fields may also be absent. Market buys carry null
 * volumes, market sells a null price, and regional hosts omit the later-added fields (§10.1).
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { MyOrderWire } from "./my_order.ts";
 * const filled = (o: MyOrderWire) => o.state === "trade";
 * ```
 */
export interface MyOrderWire {
  type: "myOrder";
  code: string;
  uuid: string;
  ask_bid: AskBid;
  order_type: OrderType;
  state: OrderState;
  trade_uuid?: string | null | undefined;
  price: number | null; // null for a market sell
  avg_price: number;
  volume: number | null; // null for a market buy
  remaining_volume: number | null; // null for a market buy
  executed_volume: number;
  trades_count: number;
  reserved_fee: number;
  remaining_fee: number;
  paid_fee: number;
  locked: number;
  executed_funds: number;
  time_in_force?: TimeInForce | null | undefined;
  trade_fee?: number | null | undefined;
  is_maker?: boolean | null | undefined;
  identifier?: string | null | undefined;
  smp_type?: SmpType | null | undefined;
  prevented_volume?: number | null | undefined; // null for a market buy; absent on regional hosts
  prevented_locked?: number | null | undefined; // absent on regional hosts
  trade_timestamp?: number | null | undefined;
  order_timestamp: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A SIMPLE `myOrder` frame: {@linkcode MyOrderWire} under the official abbreviations.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { MyOrderSimpleWire } from "./my_order.ts";
 * const id = (o: MyOrderSimpleWire) => o.uid;
 * ```
 */
export type MyOrderSimpleWire = Abbreviated<MyOrderWire, typeof SIMPLE_KEYS.myOrder> & Legacy;

/**
 * Maps a DEFAULT myOrder frame.
 *
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode myOrderOk})
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { myOrderDefault } from "./my_order.ts";
 * declare const frame: Parameters<typeof myOrderDefault>[0];
 * console.log(myOrderDefault(frame).tradeFee); // null unless state is "trade"
 * ```
 */
export function myOrderDefault(o: MyOrderWire): MyOrderEvent {
  return {
    type: "myOrder",
    code: o.code,
    uuid: o.uuid,
    askBid: o.ask_bid,
    orderType: o.order_type,
    state: o.state,
    tradeUuid: o.trade_uuid ?? null,
    price: o.price ?? null,
    avgPrice: o.avg_price,
    volume: o.volume ?? null,
    remainingVolume: o.remaining_volume ?? null,
    executedVolume: o.executed_volume,
    tradesCount: o.trades_count,
    reservedFee: o.reserved_fee,
    remainingFee: o.remaining_fee,
    paidFee: o.paid_fee,
    locked: o.locked,
    executedFunds: o.executed_funds,
    timeInForce: o.time_in_force ?? null,
    tradeFee: o.trade_fee ?? null,
    isMaker: o.is_maker ?? null,
    identifier: o.identifier ?? null,
    smpType: o.smp_type ?? null,
    preventedVolume: o.prevented_volume ?? null,
    preventedLocked: o.prevented_locked ?? null,
    tradeTimestamp: o.trade_timestamp ?? null,
    orderTimestamp: o.order_timestamp,
    timestamp: o.timestamp,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE myOrder frame.
 *
 * @param o the parsed frame
 * @returns the event, unchecked (see {@linkcode myOrderOk})
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { myOrderSimple } from "./my_order.ts";
 * declare const frame: Parameters<typeof myOrderSimple>[0];
 * console.log(myOrderSimple(frame).avgPrice);
 * ```
 */
export function myOrderSimple(o: MyOrderSimpleWire): MyOrderEvent {
  return {
    type: "myOrder",
    code: o.cd ?? o.mk,
    uuid: o.uid,
    askBid: o.ab,
    orderType: o.ot,
    state: o.s,
    tradeUuid: o.tuid ?? null,
    price: o.p ?? null,
    avgPrice: o.ap,
    volume: o.v ?? null,
    remainingVolume: o.rv ?? null,
    executedVolume: o.ev,
    tradesCount: o.tc,
    reservedFee: o.rsf,
    remainingFee: o.rmf,
    paidFee: o.pf,
    locked: o.l,
    executedFunds: o.ef,
    timeInForce: o.tif ?? null,
    tradeFee: o.tf ?? null,
    isMaker: o.im ?? null,
    identifier: o.id ?? null,
    smpType: o.smpt ?? null,
    preventedVolume: o.pv ?? null,
    preventedLocked: o.pl ?? null,
    tradeTimestamp: o.ttms ?? null,
    orderTimestamp: o.otms,
    timestamp: o.tms,
    streamType: o.st,
  };
}

/**
 * The per-frame check of a mapped myOrder: code and uuid are strings, every field holds the kind
 * its type promises (or null where real frames have had null or nothing).
 *
 * @param e a mapped event
 * @returns whether the frame can be a myOrder
 *
 * @example Check a mapped event
 * ```ts
 * import { myOrderOk } from "./my_order.ts";
 * import type { MyOrderEvent } from "../types.ts";
 * declare const e: MyOrderEvent;
 * console.log(myOrderOk(e));
 * ```
 */
export function myOrderOk(e: MyOrderEvent): boolean {
  return typeof e.code === "string" && typeof e.uuid === "string" &&
    typeof e.askBid === "string" && typeof e.orderType === "string" &&
    typeof e.state === "string" && (e.tradeUuid === null || typeof e.tradeUuid === "string") &&
    nullableNumber(e.price) && typeof e.avgPrice === "number" &&
    nullableNumber(e.volume) && nullableNumber(e.remainingVolume) &&
    typeof e.executedVolume === "number" && typeof e.tradesCount === "number" &&
    typeof e.reservedFee === "number" && typeof e.remainingFee === "number" &&
    typeof e.paidFee === "number" && typeof e.locked === "number" &&
    typeof e.executedFunds === "number" &&
    (e.timeInForce === null || typeof e.timeInForce === "string") &&
    nullableNumber(e.tradeFee) && (e.isMaker === null || typeof e.isMaker === "boolean") &&
    (e.identifier === null || typeof e.identifier === "string") &&
    (e.smpType === null || typeof e.smpType === "string") &&
    nullableNumber(e.preventedVolume) && nullableNumber(e.preventedLocked) &&
    nullableNumber(e.tradeTimestamp) && typeof e.orderTimestamp === "number" &&
    typeof e.timestamp === "number" && typeof e.streamType === "string";
}

const entries = {
  type: v.literal("myOrder"),
  code: str,
  uuid: str,
  ask_bid: askBid,
  // Closed sets of the docs: a value outside one is still delivered; the schema reports it.
  order_type: v.picklist(["limit", "price", "market", "best"]),
  state: v.picklist(["wait", "watch", "trade", "done", "cancel", "prevented"]),
  trade_uuid: v.nullish(str),
  price: v.nullable(num), // null for a market sell (§10.1)
  avg_price: num,
  volume: v.nullable(num), // null for a market buy (§10.1)
  remaining_volume: v.nullable(num), // null for a market buy (§10.1)
  executed_volume: num,
  trades_count: v.pipe(num, v.integer()),
  reserved_fee: num,
  remaining_fee: num,
  paid_fee: num,
  locked: num,
  executed_funds: num,
  time_in_force: v.nullish(str), // an open set: Upbit has added values before
  trade_fee: v.nullish(num),
  is_maker: v.nullish(v.boolean()),
  identifier: v.nullish(str),
  // Added 2024–2025; regional hosts have sent frames without them (§10.1).
  smp_type: v.nullish(str), // an open set
  prevented_volume: v.nullish(num), // also null for a market buy
  prevented_locked: v.nullish(num),
  trade_timestamp: v.nullish(num),
  order_timestamp: num,
  timestamp: num,
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, MyOrderWire> = v.object(entries);

/**
 * The schema of a myOrder frame in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { MY_ORDER_SCHEMAS } from "./my_order.ts";
 * console.log(v.is(MY_ORDER_SCHEMAS.default, { type: "myOrder" })); // false
 * ```
 */
export const MY_ORDER_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate(entries, SIMPLE_KEYS.myOrder)),
};

/**
 * The myOrder's entry in the decoder's lookup table.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { MY_ORDER } from "./my_order.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = MY_ORDER.decode(o, false, "myOrder", frame); // the event, or undefined
 * ```
 */
export const MY_ORDER: DataCodec = {
  schemas: MY_ORDER_SCHEMAS,
  decode(o, simple) {
    const e = simple
      ? myOrderSimple(o as unknown as MyOrderSimpleWire)
      : myOrderDefault(o as unknown as MyOrderWire);
    return myOrderOk(e) ? e : undefined;
  },
  exact: undefined,
};
