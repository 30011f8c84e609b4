/**
 * Placing an order: the checks of what was asked (side, order type, time in force and SMP type
 * among what the emulator implements, a price and a volume where the order type needs them,
 * `post_only` with `smpType` `none` only, a listed market), the lock taken from the available balance
 * (a buy locks its funds plus the fee reserved at the fee rate, a sell its volume), and the order
 * as the book keeps it.
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import { type Account, balanceOf, shown, splitMarket } from "./balances.ts";
import type { Order, PlaceOrderInput } from "./types.ts";

// Order types, times in force and SMP types the emulator implements: Upbit's
// (shared/upbit-protocol.md §3.5 `order_type`, `time_in_force`, `smp_type`; §10.4 adds `none`).
const ORD_TYPES = ["limit", "price", "market", "best"] as const;
const TIMES_IN_FORCE = ["ioc", "fok", "post_only"] as const;
/** The SMP types the emulator implements (§3.5, §10.4). @internal */
export const SMP_TYPES = ["reduce", "cancel_maker", "cancel_taker", "none"] as const;

/** `v` when it is one of `allowed` (or absent: `undefined`/`null`); else a RangeError naming it. */
function oneOf<T extends string>(
  field: string,
  v: unknown,
  allowed: readonly T[],
  optional: boolean,
): T | undefined {
  if (optional && (v === undefined || v === null)) return undefined;
  if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
  throw new RangeError(
    `Cannot place the order as ${field} must be one of "${allowed.join('", "')}"${
      optional ? " or absent" : ""
    }: current value is "${shown(v)}"`,
  );
}

/** A price or volume the order type needs: a finite number > 0. */
function positive(field: string, v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return v;
  throw new RangeError(
    `Cannot place the order as ${field} must be a finite number > 0: current value is "${
      shown(v)
    }"`,
  );
}

/**
 * Checks an order, locks what it needs and returns the new order (not yet stored). Every field is
 * checked before anything changes, as it may come from JSON: `side` `bid`/`ask`; `ordType`,
 * `timeInForce` and `smpType` among what the emulator implements; a price and a volume that are
 * finite numbers > 0 where the order type needs them (numbers only, as the emulator has always
 * taken); a listed market. No minimum order total or tick size is checked (no source here states
 * them). @internal
 *
 * @param a the account (its balance is changed only when every check passed)
 * @param accessKey the account's key
 * @param input the order as asked (checked as if untyped)
 * @param context whether a pair is listed (absent: any), the fee rate, the order's uuid and the
 *   placement time (ms)
 * @returns the new order, `wait` (or `watch` for a reserved order)
 * @throws {RangeError} naming the field and quoting the value when a field is not one the
 *   emulator takes, `post_only` is combined with an `smpType` other than `none`, or the balance
 *   does not cover the lock
 * @throws {TypeError} when the market does not look like `KRW-BTC`, or `identifier`/`watch` have
 *   the wrong type
 */
export function placeOrder(
  a: Account,
  accessKey: string,
  input: PlaceOrderInput,
  context: {
    listed: ((code: string) => boolean) | undefined;
    feeRate: number;
    uuid: () => string;
    now: number;
  },
): Order {
  if (typeof input.market !== "string") {
    throw new TypeError(
      `Cannot place the order as market must be a string: current value is "${
        shown(input.market)
      }"`,
    );
  }
  const [quote, base] = splitMarket(input.market);
  if (context.listed !== undefined && !context.listed(input.market)) {
    throw new RangeError(
      `Cannot place the order as market must be a listed pair: current value is "${input.market}"`,
    );
  }
  oneOf("side", input.side, ["bid", "ask"], false);
  const ordType = oneOf("ordType", input.ordType, ORD_TYPES, true) ?? "limit";
  const timeInForce = oneOf("timeInForce", input.timeInForce, TIMES_IN_FORCE, true);
  const smpType = oneOf("smpType", input.smpType, SMP_TYPES, true);
  const needPrice = ordType === "limit" || (input.side === "bid" && ordType !== "market");
  const needVolume = ordType === "limit" || (input.side === "ask" && ordType !== "price");
  if (needPrice) positive("price", input.price);
  if (needVolume) positive("volume", input.volume);
  if (timeInForce === "post_only" && smpType !== undefined && smpType !== "none") {
    throw new RangeError(
      `Cannot place the order as post_only allows only smpType "none": current value is "${smpType}"`,
    );
  }
  for (const [field, type] of [["identifier", "string"], ["watch", "boolean"]] as const) {
    const v = input[field];
    if (v !== undefined && v !== null && typeof v !== type) {
      throw new TypeError(
        `Cannot place the order as ${field} must be a ${type}: current value is "${shown(v)}"`,
      );
    }
  }
  const price = needPrice ? (input.price ?? 0) : null;
  const volume = needVolume ? (input.volume ?? 0) : null;
  let locked: number;
  let reservedFee = 0;
  if (input.side === "bid") {
    const funds = ordType === "limit" ? (price ?? 0) * (volume ?? 0) : (price ?? 0);
    reservedFee = round8(funds * context.feeRate);
    locked = round8(funds + reservedFee);
    const b = balanceOf(a, quote);
    if (b.balance + 1e-9 < locked) {
      throw new RangeError(
        `Cannot place the order as the ${quote} balance must cover ${locked}: current value is "${b.balance}"`,
      );
    }
    b.balance = round8(b.balance - locked);
    b.locked = round8(b.locked + locked);
  } else {
    locked = volume ?? 0;
    const b = balanceOf(a, base);
    if (b.balance + 1e-12 < locked) {
      throw new RangeError(
        `Cannot place the order as the ${base} balance must cover ${locked}: current value is "${b.balance}"`,
      );
    }
    b.balance = round8(b.balance - locked);
    b.locked = round8(b.locked + locked);
  }
  return {
    uuid: context.uuid(),
    accessKey,
    market: input.market,
    side: input.side,
    ordType,
    state: input.watch ? "watch" : "wait",
    price,
    volume,
    remainingVolume: volume ?? 0,
    remainingFunds: input.side === "bid" && ordType !== "limit" ? (price ?? 0) : 0,
    executedVolume: 0,
    executedFunds: 0,
    tradesCount: 0,
    reservedFee,
    remainingFee: reservedFee,
    paidFee: 0,
    locked,
    timeInForce: timeInForce ?? null,
    identifier: input.identifier ?? null,
    smpType: smpType ?? (timeInForce === "post_only" ? "none" : "cancel_maker"),
    preventedVolume: 0,
    preventedLocked: 0,
    orderTimestamp: context.now,
  };
}
