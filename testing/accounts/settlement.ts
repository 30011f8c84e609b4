/**
 * What a fill and a self-match prevention do to an order and its account: the executed volume and
 * funds, the fee paid at the fee rate, the lock released, and the balances credited. The account
 * book checks the request and emits the frames; these functions only move the amounts.
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import { type Account, balanceOf, lockCurrency, splitMarket } from "./balances.ts";
import type { Order } from "./types.ts";

/**
 * Settles one fill of `volume` at `price`: the order's executed amounts and fee, the lock it
 * releases, and the account's quote and base balances. @internal
 *
 * @param o the open order (mutated)
 * @param a its account (mutated)
 * @param fill the price and volume (checked by the caller)
 * @param feeRate the fee rate
 * @returns whether nothing remains of the order
 */
export function settleFill(
  o: Order,
  a: Account,
  fill: { price: number; volume: number },
  feeRate: number,
): boolean {
  const { price: fp, volume: vol } = fill;
  const [quote, base] = splitMarket(o.market);
  const byFunds = o.side === "bid" && o.ordType !== "limit";
  const funds = round8(fp * vol);
  const fee = round8(funds * feeRate);
  o.executedVolume = round8(o.executedVolume + vol);
  o.executedFunds = round8(o.executedFunds + funds);
  o.tradesCount++;
  o.paidFee = round8(o.paidFee + fee);
  const qb = balanceOf(a, quote);
  const bb = balanceOf(a, base);
  if (o.side === "bid") {
    const release = byFunds ? round8(funds + fee) : round8((o.price ?? 0) * vol * (1 + feeRate));
    qb.locked = round8(qb.locked - release);
    qb.balance = round8(qb.balance + release - funds - fee);
    bb.balance = round8(bb.balance + vol);
    if (byFunds) o.remainingFunds = round8(Math.max(0, o.remainingFunds - funds));
    else o.remainingVolume = round8(o.remainingVolume - vol);
    o.locked = round8(Math.max(0, o.locked - release));
    o.remainingFee = round8(Math.max(0, o.reservedFee - o.paidFee));
  } else {
    bb.locked = round8(bb.locked - vol);
    qb.balance = round8(qb.balance + funds - fee);
    o.remainingVolume = round8(o.remainingVolume - vol);
    o.locked = o.remainingVolume;
  }
  return byFunds ? o.remainingFunds < fp * 1e-8 : o.remainingVolume <= 0;
}

/**
 * Gives back what a finished buy still locks (its unspent reserve). @internal
 *
 * @param o the finished order (mutated)
 * @param a its account (mutated)
 */
export function releaseRest(o: Order, a: Account): void {
  if (o.side !== "bid" || !(o.locked > 0)) return;
  const qb = balanceOf(a, splitMarket(o.market)[0]);
  qb.locked = round8(qb.locked - o.locked);
  qb.balance = round8(qb.balance + o.locked);
  o.locked = 0;
}

/**
 * Settles a self-match prevention of `volume` (at most what remains): the order's remaining
 * amounts shrink, the matching part of its lock goes back to the balance. @internal
 *
 * @param o the open order (mutated)
 * @param a its account (mutated)
 * @param volume the volume to prevent (default: all that remains)
 * @param context the fee rate and the pair's last price (for orders placed by funds)
 * @returns whether nothing remains of the order
 */
export function settlePrevention(
  o: Order,
  a: Account,
  volume: number | undefined,
  context: { feeRate: number; lastPrice: () => number },
): boolean {
  const byFunds = o.side === "bid" && o.ordType !== "limit";
  const all = byFunds ? round8(o.remainingFunds / context.lastPrice()) : o.remainingVolume;
  const vol = round8(Math.min(volume ?? all, all));
  let released: number;
  if (o.side === "bid") {
    released = byFunds
      ? round8(o.locked * (all > 0 ? vol / all : 1))
      : round8((o.price ?? 0) * vol * (1 + context.feeRate));
    if (byFunds) o.remainingFunds = round8(o.remainingFunds * (all > 0 ? 1 - vol / all : 0));
    else o.remainingVolume = round8(o.remainingVolume - vol);
  } else {
    released = vol;
    o.remainingVolume = round8(o.remainingVolume - vol);
  }
  const b = balanceOf(a, lockCurrency(o));
  b.locked = round8(b.locked - released);
  b.balance = round8(b.balance + released);
  o.locked = round8(Math.max(0, o.locked - released));
  o.preventedVolume = round8(o.preventedVolume + vol);
  o.preventedLocked = round8(o.preventedLocked + released);
  return byFunds ? o.remainingFunds <= 0 : o.remainingVolume <= 0;
}
