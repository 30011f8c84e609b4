/**
 * What one trade does to a simulated pair: the day's figures (rolled over at midnight UTC),
 * the 24 h and 52-week figures, and the candle of every unit; and the trades' sequential ids
 * (`trade_timestamp * 10000 + n`, n counting the trades of that ms over every pair).
 *
 * @module
 */
import { isoDate } from "../_util/dates.ts";
import { round8 } from "../_util/decimals.ts";
import { CANDLE_UNITS } from "../protocol/candles.ts";
import { DAY, type Pair, UNITS } from "./pair.ts";

/** The sequential ids of the simulator's trades, over every pair. @internal */
export class SequentialIds {
  readonly #counters = new Map<number, number>();

  /**
   * The next id of a trade at `ts`.
   *
   * @param ts the trade time, ms
   * @returns `ts * 10000 + n`, n the count of earlier trades at that ms (mod 10000)
   */
  next(ts: number): bigint {
    const n = this.#counters.get(ts) ?? 0;
    this.#counters.set(ts, n + 1);
    if (this.#counters.size > 256) {
      for (const k of this.#counters.keys()) if (k < ts - 1000) this.#counters.delete(k);
    }
    return BigInt(ts) * 10000n + BigInt(n % 10000);
  }
}

/**
 * Moves a pair's price and day, 24 h and 52-week figures by one trade. @internal
 *
 * @param p the pair (mutated)
 * @param price the trade price
 * @param v the trade volume
 * @param side the aggressor's side
 * @param now the trade time, ms
 */
export function settleTrade(
  p: Pair,
  price: number,
  v: number,
  side: "ASK" | "BID",
  now: number,
): void {
  if (now >= p.dayStart + DAY) {
    p.prevClose = p.last;
    p.open = p.high = p.low = price;
    p.accVol =
      p.accPrice =
      p.accAsk =
      p.accBid =
        0;
    p.dayStart = Math.floor(now / DAY) * DAY;
  }
  p.last = price;
  p.high = Math.max(p.high, price);
  p.low = Math.min(p.low, price);
  const turnover = price * v;
  p.accVol = round8(p.accVol + v);
  p.accPrice = round8(p.accPrice + turnover);
  p.accVol24 = round8(p.accVol24 + v);
  p.accPrice24 = round8(p.accPrice24 + turnover);
  if (side === "ASK") p.accAsk = round8(p.accAsk + v);
  else p.accBid = round8(p.accBid + v);
  if (price > p.h52) {
    p.h52 = price;
    p.h52d = isoDate(now);
  }
  if (price < p.l52) {
    p.l52 = price;
    p.l52d = isoDate(now);
  }
  p.changedAt = now;
}

/**
 * Adds a trade to the candle of every unit (a new candle when the trade starts one) and marks
 * them changed. @internal
 *
 * @param p the pair (mutated)
 * @param price the trade price
 * @param v the trade volume
 * @param now the trade time, ms
 */
export function addToCandles(p: Pair, price: number, v: number, now: number): void {
  const turnover = price * v;
  for (const unit of UNITS) {
    const ms = CANDLE_UNITS[unit];
    const start = Math.floor(now / ms) * ms;
    const c = p.candles.get(unit);
    if (c === undefined || c.start !== start) {
      p.candles.set(unit, {
        start,
        open: price,
        high: price,
        low: price,
        close: price,
        vol: v,
        turnover,
        updatedAt: now,
      });
    } else {
      c.high = Math.max(c.high, price);
      c.low = Math.min(c.low, price);
      c.close = price;
      c.vol += v;
      c.turnover += turnover;
      c.updatedAt = now;
    }
    p.dirty.add(unit);
  }
}
