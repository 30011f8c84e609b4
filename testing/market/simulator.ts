/**
 * A deterministic, seeded market simulator: trades move each pair's ticker and candles, the book
 * sits around the last price, and every state change becomes a {@linkcode MarketEvent} carrying
 * the DEFAULT-format frame Upbit would send. The file is longer than 250 lines because the
 * simulator is the one owner of the pairs' state: its queries, event batches, trades, order
 * execution and automatic timers all read and change it (the pair, its frames, its book and a
 * trade's effects are in this folder's other files).
 *
 * @module
 */
import { createRng, hashString, type Rng } from "../_util/random.ts";
import { round, round8 } from "../_util/decimals.ts";
import type { Clock, TimerHandle } from "../clock.ts";
import type { WireObject } from "../codec/json.ts";
import type { CandleUnit } from "../protocol/candles.ts";
import { candleFrame, orderbookFrame, tickerFrame, tradeFrame } from "./frames.ts";
import { DEFAULT_ACTIVE_CODES, defaultMarkets, type MarketSpec } from "./listings.ts";
import type { BookCopy } from "./order_book.ts";
import { createPair, type Pair, type RecordTrade } from "./pair.ts";
import { addToCandles, SequentialIds, settleTrade } from "./trading.ts";
import {
  checkMarketOptions,
  type MarketEvent,
  type MarketOptions,
  type TradeRecord,
} from "./types.ts";

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
  readonly #ids = new SequentialIds();
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
    const checked = checkMarketOptions(options);
    this.#tickMs = checked.tickMs;
    this.#bookMs = checked.bookMs;
    this.#candleMs = checked.candleMs;
    this.#pTrade = checked.pTrade;
    this.#pQuiet = checked.pQuiet;
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
      const record: RecordTrade = (p, price, volume, side, ts) =>
        this.#record(p, price, volume, side, ts);
      this.#pairs.set(spec.market, createPair(spec, active.has(spec.market), seed, now, record));
    }
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
    return tickerFrame(this.#pair(code), streamType);
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
    return orderbookFrame(this.#pair(code), book, { units, level, streamType, totals });
  }

  /** The most recent candle of a unit (the current one, or the last that had a trade). */
  candleFrame(code: string, unit: CandleUnit, streamType: "SNAPSHOT" | "REALTIME"): WireObject {
    const p = this.#pair(code);
    const c = p.candles.get(unit);
    if (c === undefined) {
      throw new RangeError(`Cannot find the candle unit: current value is "${unit}"`);
    }
    return candleFrame(p, unit, c, streamType);
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
    const sid = this.#ids.next(ts);
    const frame = tradeFrame(p, { price, volume, side, ts, sid });
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
    settleTrade(p, price, v, side, now);
    const rec = this.#record(p, price, v, side, now);
    p.lastTrade = rec;
    addToCandles(p, price, v, now);
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
            frame: candleFrame(p, unit, c, "REALTIME"),
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
