/**
 * One simulated pair: its state (price, day and 52-week figures, accumulated volumes, candles of
 * every unit, its book) and how it starts — seeded from its spec so that two runs with one seed
 * start alike.
 *
 * @module
 */
import { createRng, hashString, type Rng } from "../_util/random.ts";
import { decimalsOf, round, round8 } from "../_util/decimals.ts";
import { isoDate } from "../_util/dates.ts";
import { CANDLE_UNITS, type CandleUnit } from "../protocol/candles.ts";
import { type MarketSpec, supportedLevels, tickSizeFor } from "./listings.ts";
import { Book } from "./order_book.ts";
import type { TradeRecord } from "./types.ts";

/** A day in ms. @internal */
export const DAY = 86_400_000;
/** Every candle unit, shortest first. @internal */
export const UNITS: readonly CandleUnit[] = Object.keys(CANDLE_UNITS) as CandleUnit[];

/** Records one trade of a pair (its frame and sequential id). @internal */
export type RecordTrade = (
  p: Pair,
  price: number,
  volume: number,
  side: "ASK" | "BID",
  ts: number,
) => TradeRecord;

/** One candle of a unit as the simulator accumulates it. @internal */
export interface Candle {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  vol: number;
  turnover: number;
  updatedAt: number;
}

/** Everything the simulator keeps about one pair. @internal */
export interface Pair {
  spec: MarketSpec;
  code: string;
  tick: number;
  decimals: number;
  levels: number[];
  scale: number;
  active: boolean;
  rng: Rng;
  book: Book;
  open: number;
  high: number;
  low: number;
  last: number;
  prevClose: number;
  dayStart: number;
  accVol: number;
  accPrice: number;
  accVol24: number;
  accPrice24: number;
  accAsk: number;
  accBid: number;
  h52: number;
  h52d: string;
  l52: number;
  l52d: string;
  changedAt: number;
  lastTrade: TradeRecord | undefined;
  candles: Map<CandleUnit, Candle>;
  dirty: Set<CandleUnit>;
  nextBookAt: number;
}

/** The typical notional of a trade per quote currency (sizes scale from it). */
const NOTIONAL: Record<string, number> = { KRW: 20_000_000, BTC: 0.15, USDT: 15_000 };

/**
 * A pair as it starts: prices, day figures and candles seeded from the spec, the book built
 * around the last price, and a last trade. @internal
 *
 * @param spec the market
 * @param active whether it is busy
 * @param seed the simulator's seed
 * @param now the start time, ms
 * @param record records the starting last trade
 * @returns the pair
 */
export function createPair(
  spec: MarketSpec,
  active: boolean,
  seed: number,
  now: number,
  record: RecordTrade,
): Pair {
  const code = spec.market;
  const rng = createRng(hashString(code, seed >>> 0 || 1));
  const tick = spec.tickSize ?? tickSizeFor(code, spec.price);
  const decimals = decimalsOf(tick);
  const quote = code.split("-")[0] ?? "KRW";
  const scale = (NOTIONAL[quote] ?? 10_000) / spec.price;
  const depth = Math.max(1, Math.floor(spec.depth ?? 40));
  const book = new Book(depth, scale, rng, `${seed}:${code}`);
  const px = (x: number) => Math.max(tick, round(Math.round(x / tick) * tick, decimals));
  const last = px(spec.price);
  const lastTs = now - Math.floor(active ? rng() * 2000 : 5000 + rng() * 140_000);
  const prevClose = px(last * (1 + (rng() - 0.5) * 0.06));
  const open = prevClose;
  const high = px(Math.max(open, last) * (1 + rng() * 0.01));
  const low = px(Math.min(open, last) * (1 - rng() * 0.01));
  const accPrice = (NOTIONAL[quote] ?? 10_000) *
    (active ? 2000 + rng() * 8000 : 20 + rng() * 200);
  const lastTicks = Math.round(last / tick);
  const sideUp = rng() < 0.5;
  const bestBid = sideUp ? lastTicks - 1 : lastTicks;
  book.rebuild(
    Math.max(1, bestBid),
    Math.max(2, bestBid + 1 + (active ? 0 : Math.floor(rng() * 3))),
    lastTs,
  );
  const pair: Pair = {
    spec,
    code,
    tick,
    decimals,
    levels: supportedLevels(code, tick),
    scale,
    active,
    rng,
    book,
    open,
    high,
    low,
    last,
    prevClose,
    dayStart: Math.floor(lastTs / DAY) * DAY,
    accVol: round8(accPrice / last),
    accPrice: round8(accPrice),
    accVol24: 0,
    accPrice24: 0,
    accAsk: 0,
    accBid: 0,
    h52: px(Math.max(high, last * (1.3 + rng()))),
    h52d: isoDate(now - Math.floor(rng() * 360) * DAY),
    l52: px(Math.min(low, last * (0.4 + rng() * 0.4))),
    l52d: isoDate(now - Math.floor(rng() * 360) * DAY),
    changedAt: lastTs,
    lastTrade: undefined,
    candles: new Map(),
    dirty: new Set(),
    nextBookAt: 0,
  };
  const share = 0.3 + rng() * 0.4;
  pair.accAsk = round8(pair.accVol * share);
  pair.accBid = round8(pair.accVol - pair.accAsk);
  const f24 = 1.5 + rng() * 1.5;
  pair.accVol24 = round8(pair.accVol * f24);
  pair.accPrice24 = round8(pair.accPrice * f24);
  const volume = book.size() * 0.1;
  pair.lastTrade = record(
    pair,
    last,
    round8(Math.max(volume, 0.00000001)),
    sideUp ? "BID" : "ASK",
    lastTs,
  );
  for (const unit of UNITS) {
    const ms = CANDLE_UNITS[unit];
    const o = px(last * (1 + (rng() - 0.5) * 0.002 * Math.log2(ms / 500)));
    const vol = round8(volume * (1 + rng() * 20));
    pair.candles.set(unit, {
      start: Math.floor(lastTs / ms) * ms,
      open: o,
      high: Math.max(o, last),
      low: Math.min(o, last),
      close: last,
      vol,
      turnover: round8(vol * last),
      updatedAt: lastTs,
    });
  }
  return pair;
}
