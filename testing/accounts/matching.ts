/**
 * Order matching as Upbit's engine does it: a new order takes the simulated book's liquidity
 * within its limit (price, then time priority), and a public trade fills the resting limit orders
 * it reached. The account book supplies the order store and the fill and cancel steps.
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import type { Order, OrderMatcher } from "./types.ts";

/** A pair's book in prices, best levels first. @internal */
export interface BookLevels {
  /** Sell levels, lowest price first. */
  asks: { price: number; size: number }[];
  /** Buy levels, highest price first. */
  bids: { price: number; size: number }[];
}

/** What matching needs from the account book. @internal */
export interface MatchHost {
  /** The market's matcher (takes liquidity; the book marks the call so trades do not loop back). */
  execute: OrderMatcher["execute"];
  /** The book of a pair, for `post_only` and `fok` probes; `undefined` when not known. */
  book(code: string): BookLevels | undefined;
  /** The live order, or `undefined`. */
  live(uuid: string): Order | undefined;
  /** Fills an open order (emits `trade`, then `done`). */
  fill(uuid: string, options: { price: number; volume: number; isMaker: boolean }): void;
  /** Cancels an open order. */
  cancel(uuid: string): void;
}

/**
 * Matches a new order against the market's book, as Upbit's engine would: a limit order that
 * crosses takes the levels within its price (best first: price, then time priority, the book's
 * liquidity being older), each level one `trade` myOrder event at that level's price (taker, the
 * fee charged), then `done` once nothing remains; what remains of a limit order rests (`wait`).
 * Market orders (`price`, `market`, `best`) and `ioc`/`fok` cancel what they could not fill;
 * a `post_only` order that would take is cancelled without a fill. (Upbit checks `fok` before
 * matching; here a `fok` that cannot fill entirely is cancelled without a fill likewise.)
 * @internal
 *
 * @param o the new order (open)
 * @param host the account book's steps
 */
export function matchOrder(o: Order, host: MatchHost): void {
  const side = o.side === "bid" ? "BID" : "ASK";
  const byFunds = o.side === "bid" && o.ordType !== "limit";
  const limit = o.ordType === "limit" ? (o.price ?? undefined) : undefined;
  const options: { limit?: number; volume?: number; funds?: number } = byFunds
    ? { funds: o.remainingFunds }
    : { volume: o.remainingVolume };
  if (limit !== undefined) options.limit = limit;
  if (o.timeInForce === "post_only" || o.timeInForce === "fok") {
    // Probe without trading: would it take (post_only), could it fill entirely (fok)?
    const probe = available(host.book(o.market), side, limit);
    if (o.timeInForce === "post_only" ? probe > 0 : probe < o.remainingVolume - 1e-12) {
      host.cancel(o.uuid);
      return;
    }
  }
  const fills = host.execute(o.market, side, options);
  for (const f of fills) {
    const open = host.live(o.uuid);
    if (open === undefined || (open.state !== "wait" && open.state !== "watch")) break;
    const max = byFunds ? round8(open.remainingFunds / f.price) : open.remainingVolume;
    const volume = round8(Math.min(f.volume, max));
    if (volume > 0) host.fill(o.uuid, { price: f.price, volume, isMaker: false });
  }
  const after = host.live(o.uuid);
  const rests = o.ordType === "limit" && o.timeInForce === null;
  if (after !== undefined && after.state === "wait" && !rests) host.cancel(o.uuid);
}

/** Volume available to an order within its limit, for `post_only`/`fok` (an estimate). */
function available(
  book: BookLevels | undefined,
  side: "ASK" | "BID",
  limit: number | undefined,
): number {
  if (book === undefined) return 0;
  const levels = side === "BID" ? book.asks : book.bids;
  let total = 0;
  for (const l of levels) {
    if (limit !== undefined && (side === "BID" ? l.price > limit : l.price < limit)) break;
    total += l.size;
  }
  return total;
}

/**
 * Fills resting limit orders that a public trade reached: an aggressor buying at `price` takes
 * every resting sell at or below it, an aggressor selling takes every resting buy at or above
 * it, best price first and, at one price, oldest first, up to the trade's volume. The resting
 * order is the maker and fills at its own price. @internal
 *
 * @param orders every order of the book
 * @param trade the public trade: pair, aggressor side, price, volume
 * @param fill fills one resting order (as the maker)
 */
export function crossResting(
  orders: Iterable<Order>,
  trade: { code: string; side: "ASK" | "BID"; price: number; volume: number },
  fill: (uuid: string, options: { price: number; volume: number; isMaker: boolean }) => void,
): void {
  const { code, side, price, volume } = trade;
  const taken = side === "BID" ? "ask" : "bid";
  const resting = [...orders].filter((o) =>
    o.market === code && o.side === taken && o.state === "wait" && o.ordType === "limit" &&
    o.price !== null && (taken === "ask" ? o.price <= price : o.price >= price)
  ).sort((a, b) =>
    (taken === "ask" ? (a.price ?? 0) - (b.price ?? 0) : (b.price ?? 0) - (a.price ?? 0)) ||
    a.orderTimestamp - b.orderTimestamp
  );
  let left = volume;
  for (const o of resting) {
    if (!(left > 0)) break;
    const v = round8(Math.min(left, o.remainingVolume));
    if (!(v > 0)) continue;
    fill(o.uuid, { price: o.price ?? price, volume: v, isMaker: true });
    left = round8(left - v);
  }
}
