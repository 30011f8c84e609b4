/**
 * Mappers for the private data types (myOrder, myAsset), in the same explicit style as the public
 * ones. The fields that Upbit leaves null when they do not apply (a fill's fee, maker flag, a
 * market buy's volume, a market sell's price) or that some hosts omit (the fields added since
 * 2024: `trade_fee`, `is_maker`, `identifier`, `smp_type`, `prevented_*`) become `null` whether
 * they arrive as `null` or not at all (`upbit-protocol.md` §10.1).
 *
 * @module
 */
import type {
  AssetWire,
  MyAssetSimpleWire,
  MyAssetWire,
  MyOrderSimpleWire,
  MyOrderWire,
} from "./wire_shapes.ts";
import type { MyAssetBalance, MyAssetEvent, MyOrderEvent } from "../types.ts";
import { nullableNumber } from "./market.ts";

/**
 * Maps a DEFAULT myOrder frame.
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { myOrderDefault } from "./private.ts";
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
 * @example Map a SIMPLE frame
 * ```ts
 * import { myOrderSimple } from "./private.ts";
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
 * @example Check a mapped event
 * ```ts
 * import { myOrderOk } from "./private.ts";
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

/**
 * Maps a DEFAULT myAsset frame, or returns `undefined` when `assets` is not a list of objects
 * with a string currency and numeric amounts.
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { myAssetDefault } from "./private.ts";
 * declare const frame: Parameters<typeof myAssetDefault>[0];
 * console.log(myAssetDefault(frame)?.assets.length);
 * ```
 */
export function myAssetDefault(o: MyAssetWire): MyAssetEvent | undefined {
  const raw: unknown = o.assets;
  if (!Array.isArray(raw)) return undefined;
  const assets: MyAssetBalance[] = [];
  for (const a of raw as (AssetWire | null)[]) {
    if (typeof a !== "object" || a === null) return undefined;
    const asset = { currency: a.currency, balance: a.balance, locked: a.locked };
    if (!assetOk(asset)) return undefined;
    assets.push(asset);
  }
  return {
    type: "myAsset",
    assetUuid: o.asset_uuid,
    assets,
    assetTimestamp: o.asset_timestamp,
    timestamp: o.timestamp,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE myAsset frame, or returns `undefined` when `ast` is malformed.
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { myAssetSimple } from "./private.ts";
 * declare const frame: Parameters<typeof myAssetSimple>[0];
 * console.log(myAssetSimple(frame)?.assetUuid);
 * ```
 */
export function myAssetSimple(o: MyAssetSimpleWire): MyAssetEvent | undefined {
  const raw: unknown = o.ast;
  if (!Array.isArray(raw)) return undefined;
  const assets: MyAssetBalance[] = [];
  for (const a of raw as (MyAssetSimpleWire["ast"][number] | null)[]) {
    if (typeof a !== "object" || a === null) return undefined;
    const asset = { currency: a.cu, balance: a.b, locked: a.l };
    if (!assetOk(asset)) return undefined;
    assets.push(asset);
  }
  return {
    type: "myAsset",
    assetUuid: o.astuid,
    assets,
    assetTimestamp: o.asttms,
    timestamp: o.tms,
    streamType: o.st,
  };
}

function assetOk(a: MyAssetBalance): boolean {
  return typeof a.currency === "string" && typeof a.balance === "number" &&
    typeof a.locked === "number";
}

/**
 * The per-frame check of a mapped myAsset (the assets were checked while mapping).
 *
 * @example Check a mapped event
 * ```ts
 * import { myAssetOk } from "./private.ts";
 * import type { MyAssetEvent } from "../types.ts";
 * declare const e: MyAssetEvent;
 * console.log(myAssetOk(e));
 * ```
 */
export function myAssetOk(e: MyAssetEvent): boolean {
  return typeof e.assetUuid === "string" && typeof e.assetTimestamp === "number" &&
    typeof e.timestamp === "number" && typeof e.streamType === "string";
}
