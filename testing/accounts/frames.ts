/**
 * The private frames an account change produces, in DEFAULT keys: `myOrder` (an order's state,
 * with the fill when there is one) and `myAsset` (the balances that changed, or all of them).
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import type { WireObject } from "../codec/json.ts";
import { type Account, balanceOf } from "./balances.ts";
import type { Order, OrderState } from "./types.ts";

/** One execution of an order, as its `trade` frame reports it. @internal */
export interface Fill {
  /** Execution price. */
  price: number;
  /** Executed volume. */
  volume: number;
  /** Whether the order was the maker. */
  isMaker: boolean;
  /** The trade's uuid. */
  uuid: string;
  /** Execution time, ms. */
  at: number;
}

/**
 * A `myOrder` frame for an order in `state`. @internal
 *
 * @param o the order
 * @param state the state the frame reports (`trade` for a fill)
 * @param fill the fill of a `trade` frame, else `undefined`
 * @param feeRate the fee rate (the fill's `trade_fee`)
 * @param now the frame's timestamp, ms
 * @returns the DEFAULT-format frame
 */
export function myOrderFrame(
  o: Order,
  state: OrderState,
  fill: Fill | undefined,
  feeRate: number,
  now: number,
): WireObject {
  const avg = o.executedVolume > 0 ? round8(o.executedFunds / o.executedVolume) : 0;
  return {
    type: "myOrder",
    code: o.market,
    uuid: o.uuid,
    ask_bid: o.side === "bid" ? "BID" : "ASK",
    order_type: o.ordType,
    state,
    trade_uuid: fill ? fill.uuid : null,
    price: fill ? fill.price : o.price,
    avg_price: avg,
    volume: fill ? fill.volume : o.volume,
    remaining_volume: o.remainingVolume,
    executed_volume: o.executedVolume,
    trades_count: o.tradesCount,
    reserved_fee: o.reservedFee,
    remaining_fee: o.remainingFee,
    paid_fee: o.paidFee,
    locked: o.locked,
    executed_funds: o.executedFunds,
    time_in_force: o.timeInForce,
    trade_fee: fill ? round8(fill.price * fill.volume * feeRate) : null,
    is_maker: fill ? fill.isMaker : null,
    identifier: o.identifier,
    smp_type: o.smpType,
    prevented_volume: o.preventedVolume,
    prevented_locked: o.preventedLocked,
    trade_timestamp: fill ? fill.at : null,
    order_timestamp: o.orderTimestamp,
    timestamp: now,
    stream_type: "REALTIME",
  };
}

/**
 * A `myAsset` frame listing `currencies` of an account. @internal
 *
 * @param a the account
 * @param currencies the currencies to list (duplicates dropped)
 * @param assetUuid the frame's `asset_uuid`
 * @param now the frame's timestamps, ms
 * @returns the DEFAULT-format frame
 */
export function myAssetFrame(
  a: Account,
  currencies: readonly string[],
  assetUuid: string,
  now: number,
): WireObject {
  return {
    type: "myAsset",
    asset_uuid: assetUuid,
    assets: [...new Set(currencies)].map((currency) => {
      const b = balanceOf(a, currency);
      return { currency, balance: b.balance, locked: b.locked };
    }),
    asset_timestamp: now,
    timestamp: now,
    stream_type: "REALTIME",
  };
}
