/**
 * A deterministic, seeded market simulator: trades move each pair's ticker and candles, the book
 * sits around the last price, and every state change becomes a {@linkcode MarketEvent} carrying
 * the DEFAULT-format frame Upbit would send.
 *
 * @module
 */

import { CANDLE_UNITS, type CandleUnit } from "./protocol/candles.ts";
import { Book, type BookCopy } from "./_book.ts";

export type { BookCopy, Level } from "./_book.ts";
import {
  candleKst,
  candleUtc,
  compactDate,
  compactTime,
  createRng,
  decimalsOf,
  hashString,
  isoDate,
  isoTime,
  type Rng,
  round,
  round8,
} from "./_util.ts";
import type { Clock, TimerHandle } from "./clock.ts";
import type { WireObject } from "./codec/json.ts";
import {
  DEFAULT_ACTIVE_CODES,
  defaultMarkets,
  type MarketSpec,
  supportedLevels,
  tickSizeFor,
} from "./markets.ts";

const UNITS = Object.keys(CANDLE_UNITS) as CandleUnit[];
const DAY = 86_400_000;

/**
 * Options of the simulator.
 *
 * @example A manual market for fast tests
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0, seed: 7 } });
 * emu.market.step(); // one trade per active code, books, candles
 * ```
 */
export interface MarketOptions {
  /** Seed of every random choice (default 1). */
  seed?: number;
  /** The pairs (default {@linkcode defaultMarkets}). */
  markets?: MarketSpec[];
  /** Busy pairs: frequent trades and a book on the `bookIntervalMs` grid (default 7 majors). */
  activeCodes?: string[];
  /** Trade-generation period in ms; `0` = manual mode, data only on `step()`/`trade()` (default 50). */
  tickMs?: number;
  /** Book grid of busy pairs in ms (default 100). */
  bookIntervalMs?: number;
  /** Candle cycle in ms (default 1000). */
  candleIntervalMs?: number;
  /** Chance per tick that a busy pair trades (default 0.3). */
  tradeProbability?: number;
  /** Chance per tick that a quiet pair trades (default 0.002). */
  quietTradeProbability?: number;
}

/**
 * A trade as recorded by the simulator.
 *
 * @example Inject a trade
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const t = emu.market.trade("KRW-BTC", { side: "BID" });
 * console.log(t.sequentialId / 10000n === BigInt(t.tradeTimestamp)); // true
 * ```
 */
export interface TradeRecord {
  /** Pair code. */
  code: string;
  /** Trade price. */
  price: number;
  /** Trade volume. */
  volume: number;
  /** Aggressor side. */
  side: "ASK" | "BID";
  /** Trade time, ms. */
  tradeTimestamp: number;
  /** `trade_timestamp * 10000 + n`, exact. */
  sequentialId: bigint;
  /** The DEFAULT-format trade frame. */
  frame: WireObject;
}

/**
 * What the simulator reports after each change, in batches (one batch per tick or call).
 * `frame` is the DEFAULT-format object with `stream_type` `REALTIME`; orderbook events carry a
 * frozen book to render at any depth and level with {@linkcode MarketSimulator.orderbookFrame}.
 *
 * @example Count trades
 * ```ts
 * import { FakeClock, MarketSimulator } from "upbit-ws/testing";
 * const market = new MarketSimulator({ tickMs: 0 }, new FakeClock());
 * let trades = 0;
 * market.onEvents((events) => (trades += events.filter((e) => e.kind === "trade").length));
 * market.step();
 * ```
 */
export type MarketEvent =
  | { kind: "trade"; code: string; frame: WireObject }
  | { kind: "ticker"; code: string; frame: WireObject }
  | { kind: "candle"; code: string; unit: CandleUnit; frame: WireObject }
  | { kind: "orderbook"; code: string; book: BookCopy };

interface Candle {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  vol: number;
  turnover: number;
  updatedAt: number;
}

interface Pair {
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

const NOTIONAL: Record<string, number> = { KRW: 20_000_000, BTC: 0.15, USDT: 15_000 };

/**
 * The simulator. Create it through `startEmulator()` (as `emulator.market`) or directly with a
 * clock for unit tests.
 *
 * @example Drive a market on a fake clock
 * ```ts
 * import { FakeClock, MarketSimulator } from "upbit-ws/testing";
 * const market = new MarketSimulator({ tickMs: 0 }, new FakeClock());
 * market.onEvents((events) => console.log(events.map((e) => e.kind)));
 * market.trade("KRW-BTC", { side: "BID" });
 * ```
 */
export class MarketSimulator {
  readonly #clock: Clock;
  readonly #pairs = new Map<string, Pair>();
  readonly #listeners = new Set<(events: MarketEvent[]) => void>();
  readonly #tickMs: number;
  readonly #bookMs: number;
  readonly #candleMs: number;
  readonly #pTrade: number;
  readonly #pQuiet: number;
  readonly #rng: Rng;
  #timer: TimerHandle | undefined;
  #running = false;
  #nextTradeAt = 0;
  #nextCandleAt = 0;
  readonly #sidCounters = new Map<number, number>();
  #batch: MarketEvent[] | undefined;

  /**
   * Creates a simulator; call `start()` for automatic mode.
   *
   * @param options simulator options
   * @param clock the time source
   */
  constructor(options: MarketOptions, clock: Clock) {
    this.#clock = clock;
    const seed = options.seed ?? 1;
    this.#tickMs = nonNegative("tickMs", options.tickMs ?? 50);
    this.#bookMs = positive("bookIntervalMs", options.bookIntervalMs ?? 100);
    this.#candleMs = positive("candleIntervalMs", options.candleIntervalMs ?? 1000);
    this.#pTrade = probability("tradeProbability", options.tradeProbability ?? 0.3);
    this.#pQuiet = probability("quietTradeProbability", options.quietTradeProbability ?? 0.002);
    this.#rng = createRng(seed ^ 0x5bd1e995);
    const specs = options.markets ?? defaultMarkets();
    const active = new Set(options.activeCodes ?? DEFAULT_ACTIVE_CODES);
    const now = clock.now();
    for (const spec of specs) {
      if (!/^[A-Z0-9]+-[A-Z0-9]+$/.test(spec.market)) {
        throw new TypeError(
          `Cannot add a market as its code must look like "KRW-BTC": current value is "${spec.market}"`,
        );
      }
      if (!(spec.price > 0)) {
        throw new RangeError(
          `Cannot add a market as its price must be positive: current value is "${spec.price}"`,
        );
      }
      this.#pairs.set(spec.market, this.#createPair(spec, active.has(spec.market), seed, now));
    }
  }

  #createPair(spec: MarketSpec, active: boolean, seed: number, now: number): Pair {
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
    pair.lastTrade = this.#record(
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

  // ---- queries ----

  /** Every known pair code, in list order. */
  codes(): string[] {
    return [...this.#pairs.keys()];
  }

  /** Whether `code` is a known pair (exact, case-sensitive). */
  has(code: string): boolean {
    return this.#pairs.has(code);
  }

  /** The market specs, in list order. */
  specs(): MarketSpec[] {
    return [...this.#pairs.values()].map((p) => p.spec);
  }

  /** A pair's tick size. */
  tickSize(code: string): number {
    return this.#pair(code).tick;
  }

  /** The orderbook levels a pair supports (`0` = ungrouped). */
  supportedLevels(code: string): number[] {
    return [...this.#pair(code).levels];
  }

  /** The last traded price. */
  lastPrice(code: string): number {
    return this.#pair(code).last;
  }

  /** Whether the simulator runs on its own timers (false in manual mode). */
  get automatic(): boolean {
    return this.#tickMs > 0;
  }

  #pair(code: string): Pair {
    const p = this.#pairs.get(code);
    if (p === undefined) {
      throw new RangeError(
        `Cannot find the market as the code is unknown: current value is "${code}"`,
      );
    }
    return p;
  }

  // ---- frames ----

  /** The ticker frame (DEFAULT keys) of a pair; its timestamp is the pair's last change. */
  tickerFrame(code: string, streamType: "SNAPSHOT" | "REALTIME"): WireObject {
    const p = this.#pair(code);
    const t = p.lastTrade;
    const cp = round(p.last - p.prevClose, p.decimals);
    const rate = p.prevClose > 0 ? round(Math.abs(cp) / p.prevClose, 10) : 0;
    const ts = t?.tradeTimestamp ?? p.changedAt;
    return {
      type: "ticker",
      code,
      opening_price: p.open,
      high_price: p.high,
      low_price: p.low,
      trade_price: p.last,
      prev_closing_price: p.prevClose,
      acc_trade_price: p.accPrice,
      change: cp > 0 ? "RISE" : cp < 0 ? "FALL" : "EVEN",
      change_price: Math.abs(cp),
      signed_change_price: cp,
      change_rate: rate,
      signed_change_rate: cp < 0 ? -rate : rate,
      ask_bid: t?.side ?? "BID",
      trade_volume: t?.volume ?? 0,
      acc_trade_volume: p.accVol,
      trade_date: compactDate(ts),
      trade_time: compactTime(ts),
      trade_timestamp: ts,
      acc_ask_volume: p.accAsk,
      acc_bid_volume: p.accBid,
      highest_52_week_price: p.h52,
      highest_52_week_date: p.h52d,
      lowest_52_week_price: p.l52,
      lowest_52_week_date: p.l52d,
      market_state: p.spec.marketState ?? "ACTIVE",
      is_trading_suspended: false,
      delisting_date: null,
      market_warning: "NONE",
      timestamp: p.changedAt,
      acc_trade_price_24h: p.accPrice24,
      acc_trade_volume_24h: p.accVol24,
      stream_type: streamType,
    };
  }

  /** The last trade's frame with the given stream type. */
  tradeFrame(code: string, streamType: "SNAPSHOT" | "REALTIME"): WireObject {
    const t = this.#pair(code).lastTrade;
    return { ...(t?.frame ?? {}), stream_type: streamType };
  }

  /** The current book of a pair, frozen. */
  bookCopy(code: string): BookCopy {
    return this.#pair(code).book.copy();
  }

  /**
   * An orderbook frame: `units` rows, grouped by `level`; `undefined` when the pair does not
   * support that level (Upbit then sends nothing). Totals cover the rows sent, or the 30-row book
   * when `totals` is `"full"`.
   */
  orderbookFrame(
    code: string,
    book: BookCopy,
    units: number,
    level: number,
    streamType: "SNAPSHOT" | "REALTIME",
    totals: "sent" | "full" = "sent",
  ): WireObject | undefined {
    const p = this.#pair(code);
    if (!p.levels.includes(level)) return undefined;
    const lt = level === 0 ? 0 : Math.round(level / p.tick);
    const rows = p.book.view(book, units, lt, p.tick, p.decimals);
    const full = totals === "full" && units < 30
      ? p.book.view(book, 30, lt, p.tick, p.decimals)
      : rows;
    let tas = 0;
    let tbs = 0;
    for (const r of full) {
      tas += r.askSize;
      tbs += r.bidSize;
    }
    return {
      type: "orderbook",
      code,
      timestamp: book.changedAt,
      total_ask_size: round8(tas),
      total_bid_size: round8(tbs),
      orderbook_units: rows.map((r) => ({
        ask_price: r.askPrice,
        bid_price: r.bidPrice,
        ask_size: r.askSize,
        bid_size: r.bidSize,
      })),
      stream_type: streamType,
      level,
    };
  }

  /** The most recent candle of a unit (the current one, or the last that had a trade). */
  candleFrame(code: string, unit: CandleUnit, streamType: "SNAPSHOT" | "REALTIME"): WireObject {
    const p = this.#pair(code);
    const c = p.candles.get(unit);
    if (c === undefined) {
      throw new RangeError(`Cannot find the candle unit: current value is "${unit}"`);
    }
    return this.#candleFrame(p, unit, c, streamType);
  }

  #candleFrame(p: Pair, unit: CandleUnit, c: Candle, st: "SNAPSHOT" | "REALTIME"): WireObject {
    return {
      type: `candle.${unit}`,
      code: p.code,
      candle_date_time_utc: candleUtc(c.start),
      candle_date_time_kst: candleKst(c.start),
      opening_price: c.open,
      high_price: c.high,
      low_price: c.low,
      trade_price: c.close,
      candle_acc_trade_volume: round8(c.vol),
      candle_acc_trade_price: round8(c.turnover),
      timestamp: c.updatedAt,
      stream_type: st,
    };
  }

  // ---- events ----

  /**
   * Registers a batch listener; returns a function that removes it.
   *
   * @param listener called with each batch of events, synchronously
   */
  onEvents(listener: (events: MarketEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: MarketEvent): void {
    if (this.#batch) this.#batch.push(event);
    else this.#deliver([event]);
  }

  #deliver(events: MarketEvent[]): void {
    if (events.length === 0) return;
    for (const l of [...this.#listeners]) l(events);
  }

  #inBatch(fn: () => void): void {
    if (this.#batch) return fn();
    const batch: MarketEvent[] = [];
    this.#batch = batch;
    try {
      fn();
    } finally {
      this.#batch = undefined;
    }
    this.#deliver(batch);
  }

  // ---- mutations ----

  #record(p: Pair, price: number, volume: number, side: "ASK" | "BID", ts: number): TradeRecord {
    // sequential_id = trade_timestamp * 10000 + n, n counting trades of that ms (all pairs).
    const n = this.#sidCounters.get(ts) ?? 0;
    this.#sidCounters.set(ts, n + 1);
    if (this.#sidCounters.size > 256) {
      for (const k of this.#sidCounters.keys()) if (k < ts - 1000) this.#sidCounters.delete(k);
    }
    const sid = BigInt(ts) * 10000n + BigInt(n % 10000);
    const ba = p.book.asks[0];
    const bb = p.book.bids[0];
    const cp = round(price - p.prevClose, p.decimals);
    const frame: WireObject = {
      type: "trade",
      code: p.code,
      timestamp: ts,
      trade_date: isoDate(ts),
      trade_time: isoTime(ts),
      trade_timestamp: ts,
      trade_price: price,
      trade_volume: volume,
      ask_bid: side,
      prev_closing_price: p.prevClose,
      change: cp > 0 ? "RISE" : cp < 0 ? "FALL" : "EVEN",
      change_price: Math.abs(cp),
      sequential_id: sid,
      best_ask_price: ba ? round(ba.p * p.tick, p.decimals) : 0,
      best_ask_size: ba?.s ?? 0,
      best_bid_price: bb ? round(bb.p * p.tick, p.decimals) : 0,
      best_bid_size: bb?.s ?? 0,
      stream_type: "REALTIME",
    };
    return { code: p.code, price, volume, side, tradeTimestamp: ts, sequentialId: sid, frame };
  }

  /**
   * Executes one trade now and reports trade, ticker and (for quiet pairs, or in manual mode)
   * orderbook events; candles follow on the candle cycle (at once in manual mode).
   *
   * @param code the pair
   * @param options aggressor `side`, `price` (the book is moved there), `volume`
   * @returns the trade
   */
  trade(
    code: string,
    options: { side?: "ASK" | "BID"; price?: number; volume?: number } = {},
  ): TradeRecord {
    const p = this.#pair(code);
    let rec: TradeRecord | undefined;
    this.#inBatch(() => {
      rec = this.#trade(p, options);
      if (!p.active || !this.automatic) {
        this.#emit({ kind: "orderbook", code, book: p.book.copy() });
      }
      if (!this.automatic) this.#flushCandles();
    });
    if (rec === undefined) throw new Error("unreachable");
    return rec;
  }

  #trade(p: Pair, options: { side?: "ASK" | "BID"; price?: number; volume?: number }): TradeRecord {
    const now = this.#clock.now();
    const side = options.side ?? (p.rng() < 0.5 ? "ASK" : "BID");
    if (options.price !== undefined) {
      if (!(options.price > 0)) {
        throw new RangeError(
          `Cannot trade as price must be positive: current value is "${options.price}"`,
        );
      }
      const t = Math.max(1, Math.round(options.price / p.tick));
      if (side === "BID") p.book.rebuild(Math.max(1, t - 1), t, now);
      else p.book.rebuild(t, t + 1, now);
    }
    if (options.volume !== undefined && !(options.volume > 0)) {
      throw new RangeError(
        `Cannot trade as volume must be positive: current value is "${options.volume}"`,
      );
    }
    const r = p.rng();
    const want = options.volume ??
      round8(Math.max(0.00000001, p.scale * (0.001 + r * r * r * r * 0.5)));
    const full = options.volume === undefined && p.rng() < 0.25;
    const { p: ticks, v } = p.book.take(side, want, full, now, options.volume !== undefined);
    return this.#applyTrade(p, round(ticks * p.tick, p.decimals), v, side, now);
  }

  /**
   * Executes an incoming order against the book as Upbit's matching engine would: it takes the
   * best level first (the resting liquidity there is older, so it has time priority), then the
   * next, while the level's price is within `limit` and volume (or funds) remain. Each level
   * taken is one public trade (trade and ticker events, candles; one orderbook event at the end).
   *
   * @param code the pair
   * @param side the incoming order's side: `BID` (a buy) takes asks, `ASK` takes bids
   * @param options `limit` price (none: a market order), and `volume` or (buys) `funds`
   * @returns the fills, in order: price and volume of each
   */
  execute(
    code: string,
    side: "ASK" | "BID",
    options: { limit?: number; volume?: number; funds?: number },
  ): { price: number; volume: number }[] {
    const p = this.#pair(code);
    const fills: { price: number; volume: number }[] = [];
    this.#inBatch(() => {
      let volume = options.volume ?? Infinity;
      let funds = options.funds ?? Infinity;
      // A bound on the walk: the book refills behind a taken level, so it never runs dry.
      for (let i = 0; i < 200 && volume > 0 && funds > 0; i++) {
        const best = (side === "BID" ? p.book.asks : p.book.bids)[0];
        if (best === undefined) break;
        const price = round(best.p * p.tick, p.decimals);
        if (options.limit !== undefined) {
          if (side === "BID" ? price > options.limit : price < options.limit) break;
        }
        const want = round8(Math.min(volume, best.s, funds / price));
        if (!(want > 0)) break;
        const now = this.#clock.now();
        const { v } = p.book.take(side, want, false, now);
        this.#applyTrade(p, price, v, side, now);
        fills.push({ price, volume: v });
        volume = round8(volume - v);
        funds = funds - price * v;
        if (funds < price * 1e-8) funds = 0;
      }
      if (fills.length > 0) {
        this.#emit({ kind: "orderbook", code, book: p.book.copy() });
        if (!this.automatic) this.#flushCandles();
      }
    });
    return fills;
  }

  #applyTrade(
    p: Pair,
    price: number,
    v: number,
    side: "ASK" | "BID",
    now: number,
  ): TradeRecord {
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
    const rec = this.#record(p, price, v, side, now);
    p.lastTrade = rec;
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
    this.#emit({ kind: "trade", code: p.code, frame: rec.frame });
    this.#emit({ kind: "ticker", code: p.code, frame: this.tickerFrame(p.code, "REALTIME") });
    return rec;
  }

  /**
   * Changes a pair's book a little and reports it (what busy pairs do on every grid slot).
   *
   * @param code the pair
   */
  refreshBook(code: string): void {
    const p = this.#pair(code);
    p.book.jitter(this.#clock.now());
    this.#emit({ kind: "orderbook", code, book: p.book.copy() });
  }

  /** Reports every candle that changed since the last cycle (what the 1 s cycle does). */
  flushCandles(): void {
    this.#inBatch(() => this.#flushCandles());
  }

  #flushCandles(): void {
    for (const p of this.#pairs.values()) {
      for (const unit of p.dirty) {
        const c = p.candles.get(unit);
        if (c) {
          this.#emit({
            kind: "candle",
            code: p.code,
            unit,
            frame: this.#candleFrame(p, unit, c, "REALTIME"),
          });
        }
      }
      p.dirty.clear();
    }
  }

  /**
   * One manual round, delivered as one batch: a trade on each of `codes` (default: the busy
   * pairs), a fresh book for each, and the candle cycle.
   *
   * @param options which codes trade
   */
  step(options: { codes?: string[] } = {}): void {
    const codes = options.codes ??
      [...this.#pairs.values()].filter((p) => p.active).map((p) => p.code);
    const pairs = codes.map((c) => this.#pair(c));
    this.#inBatch(() => {
      for (const p of pairs) {
        this.#trade(p, {});
        p.book.jitter(this.#clock.now());
        this.#emit({ kind: "orderbook", code: p.code, book: p.book.copy() });
      }
      this.#flushCandles();
    });
  }

  // ---- automatic mode ----

  /** Starts the timers (no-op in manual mode or when running). */
  start(): void {
    if (this.#running || this.#tickMs === 0) return;
    this.#running = true;
    const now = this.#clock.now();
    this.#nextTradeAt = now + this.#tickMs;
    this.#nextCandleAt = (Math.floor(now / this.#candleMs) + 1) * this.#candleMs;
    for (const p of this.#pairs.values()) {
      const phase = hashString(p.code) % this.#bookMs;
      p.nextBookAt = (Math.floor(now / this.#bookMs) + 1) * this.#bookMs + phase;
    }
    this.#schedule();
  }

  /** Stops the timers; state is kept and `step()`/`trade()` still work. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Whether the automatic timers run. */
  get running(): boolean {
    return this.#running;
  }

  #schedule(): void {
    if (!this.#running) return;
    let next = Math.min(this.#nextTradeAt, this.#nextCandleAt);
    for (const p of this.#pairs.values()) if (p.active) next = Math.min(next, p.nextBookAt);
    const delay = Math.max(0, next - this.#clock.now());
    this.#timer = this.#clock.setTimeout(() => this.#wake(), delay);
  }

  #wake(): void {
    this.#timer = undefined;
    if (!this.#running) return;
    const now = this.#clock.now();
    this.#inBatch(() => {
      if (now >= this.#nextTradeAt) {
        while (this.#nextTradeAt <= now) this.#nextTradeAt += this.#tickMs;
        for (const p of this.#pairs.values()) {
          const chance = p.active ? this.#pTrade : this.#pQuiet;
          if (this.#rng() < chance) {
            this.#trade(p, {});
            if (!p.active) this.#emit({ kind: "orderbook", code: p.code, book: p.book.copy() });
          }
        }
      }
      for (const p of this.#pairs.values()) {
        if (!p.active || now < p.nextBookAt) continue;
        while (p.nextBookAt <= now) p.nextBookAt += this.#bookMs;
        p.book.jitter(now);
        this.#emit({ kind: "orderbook", code: p.code, book: p.book.copy() });
      }
      if (now >= this.#nextCandleAt) {
        while (this.#nextCandleAt <= now) this.#nextCandleAt += this.#candleMs;
        this.#flushCandles();
      }
    });
    this.#schedule();
  }
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) {
    throw new RangeError(
      `Cannot create the market as ${name} must be a non-negative number: current value is "${v}"`,
    );
  }
  return v;
}

function positive(name: string, v: number): number {
  if (!Number.isFinite(v) || v <= 0) {
    throw new RangeError(
      `Cannot create the market as ${name} must be a positive number: current value is "${v}"`,
    );
  }
  return v;
}

function probability(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new RangeError(
      `Cannot create the market as ${name} must be within [0, 1]: current value is "${v}"`,
    );
  }
  return v;
}
