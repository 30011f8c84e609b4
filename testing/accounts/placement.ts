/**
 * Placing an order: the checks of what was asked (a price and a volume where the order type
 * needs them, `post_only` with `smpType` `none` only), the lock taken from the available balance
 * (a buy locks its funds plus the fee reserved at the fee rate, a sell its volume), and the order
 * as the book keeps it.
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import { type Account, balanceOf, splitMarket } from "./balances.ts";
import type { Order, PlaceOrderInput } from "./types.ts";

/**
 * Checks an order, locks what it needs and returns the new order (not yet stored). @internal
 *
 * @param a the account (its balance is changed only when every check passed)
 * @param accessKey the account's key
 * @param input the order as asked
 * @param context the fee rate, the order's uuid and the placement time (ms)
 * @returns the new order, `wait` (or `watch` for a reserved order)
 * @throws {RangeError} when a needed price or volume is not positive, `post_only` is combined with
 *   an `smpType` other than `none`, or the balance does not cover the lock
 * @throws {TypeError} when the market does not look like `KRW-BTC`
 */
export function placeOrder(
  a: Account,
  accessKey: string,
  input: PlaceOrderInput,
  context: { feeRate: number; uuid: () => string; now: number },
): Order {
  const [quote, base] = splitMarket(input.market);
  const ordType = input.ordType ?? "limit";
  const needPrice = ordType === "limit" || (input.side === "bid" && ordType !== "market");
  const needVolume = ordType === "limit" || (input.side === "ask" && ordType !== "price");
  if (needPrice && !(typeof input.price === "number" && input.price > 0)) {
    throw new RangeError(
      `Cannot place the order as price must be positive: current value is "${input.price}"`,
    );
  }
  if (needVolume && !(typeof input.volume === "number" && input.volume > 0)) {
    throw new RangeError(
      `Cannot place the order as volume must be positive: current value is "${input.volume}"`,
    );
  }
  if (
    input.timeInForce === "post_only" && input.smpType !== undefined && input.smpType !== "none"
  ) {
    throw new RangeError(
      `Cannot place the order as post_only allows only smpType "none": current value is "${input.smpType}"`,
    );
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
    timeInForce: input.timeInForce ?? null,
    identifier: input.identifier ?? null,
    smpType: input.smpType ?? (input.timeInForce === "post_only" ? "none" : "cancel_maker"),
    preventedVolume: 0,
    preventedLocked: 0,
    orderTimestamp: context.now,
  };
}
