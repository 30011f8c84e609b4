/**
 * The order book of one simulated pair (internal to the market simulator): levels in integer
 * tick counts so the book never accumulates binary noise, sizes rounded to 8 decimals; it is
 * rebuilt around a price, taken from by trades, jittered between trades, and viewed at a depth
 * and a grouping level.
 *
 * @module
 */
import { hashUnit, type Rng } from "../_util/random.ts";
import { round, round8 } from "../_util/decimals.ts";

/** One price level: `p` in ticks, `s` in base units. */
export interface Level {
  /** Price in ticks. */
  p: number;
  /** Size. */
  s: number;
}

/** A frozen copy of a book, carried by orderbook events. */
export interface BookCopy {
  /** Asks, best (lowest) first. */
  asks: Level[];
  /** Bids, best (highest) first. */
  bids: Level[];
  /** Time of the last change, ms. */
  changedAt: number;
}

/** One unit of a sent book, in price units; zero slots pad a thin side. */
export interface BookUnit {
  askPrice: number;
  bidPrice: number;
  askSize: number;
  bidSize: number;
}

/** The mutable book of one pair. */
export class Book {
  asks: Level[] = [];
  bids: Level[] = [];
  changedAt = 0;
  readonly #depth: number;
  readonly #scale: number;
  readonly #rng: Rng;
  readonly #seed: string;

  constructor(depth: number, scale: number, rng: Rng, seed: string) {
    this.#depth = depth;
    this.#scale = scale;
    this.#rng = rng;
    this.#seed = seed;
  }

  get depth(): number {
    return this.#depth;
  }

  /** A random level size around the pair's typical size. */
  size(): number {
    const r = this.#rng();
    return Math.max(0.00000001, round8(this.#scale * (0.02 + r * r * r * 3)));
  }

  #gap(): number {
    const r = this.#rng();
    return r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
  }

  /** Rebuilds both sides from the given best prices (ticks). */
  rebuild(bestBid: number, bestAsk: number, at: number): void {
    this.asks = [];
    this.bids = [];
    let p = bestAsk;
    for (let i = 0; i < this.#depth; i++, p += this.#gap()) this.asks.push({ p, s: this.size() });
    p = bestBid;
    for (let i = 0; i < this.#depth && p > 0; i++, p -= this.#gap()) {
      this.bids.push({ p, s: this.size() });
    }
    this.changedAt = at;
  }

  #refill(): void {
    while (this.asks.length < this.#depth) {
      const last = this.asks.at(-1);
      this.asks.push({ p: (last?.p ?? 1) + this.#gap(), s: this.size() });
    }
    while (this.bids.length < this.#depth) {
      const last = this.bids.at(-1);
      const p = (last?.p ?? 2) - this.#gap();
      if (p <= 0) break;
      this.bids.push({ p, s: this.size() });
    }
  }

  /**
   * Executes a trade of `volume` against the best level of the side the aggressor takes
   * (`BID` takes asks). `full` consumes the whole best level. Returns the price in ticks and the
   * executed volume.
   */
  take(
    side: "ASK" | "BID",
    volume: number,
    full: boolean,
    at: number,
    exact = false,
  ): { p: number; v: number } {
    const levels = side === "BID" ? this.asks : this.bids;
    const best = levels[0];
    if (best === undefined) {
      this.rebuild(1, 2, at);
      return this.take(side, volume, full, at, exact);
    }
    const p = best.p;
    // An explicit volume trades in full at this price (a larger resting order was there).
    if (exact && volume > best.s) best.s = round8(volume);
    let v = round8(Math.min(volume, best.s));
    if (full || v >= best.s) {
      v = best.s;
      levels.shift();
      this.#refill();
      // The other side follows the price into the gap half of the time.
      if (this.#rng() < 0.5) this.#narrow(side === "BID" ? "bids" : "asks");
    } else {
      best.s = round8(best.s - v);
    }
    this.changedAt = at;
    return { p, v };
  }

  #narrow(which: "bids" | "asks"): void {
    const bestAsk = this.asks[0]?.p;
    const bestBid = this.bids[0]?.p;
    if (bestAsk === undefined || bestBid === undefined || bestAsk - bestBid < 2) return;
    if (which === "bids") this.bids.unshift({ p: bestAsk - 1, s: this.size() });
    else this.asks.unshift({ p: bestBid + 1, s: this.size() });
    if (this.bids.length > this.#depth) this.bids.pop();
    if (this.asks.length > this.#depth) this.asks.pop();
  }

  /** Small random changes of sizes and, now and then, of the inside of the book. */
  jitter(at: number): void {
    for (let k = 0; k < 3; k++) {
      const levels = this.#rng() < 0.5 ? this.asks : this.bids;
      const lvl = levels[Math.floor(this.#rng() * Math.min(levels.length, 30))];
      if (lvl) lvl.s = Math.max(0.00000001, round8(lvl.s * (0.5 + this.#rng())));
    }
    if (this.#rng() < 0.2) this.#narrow(this.#rng() < 0.5 ? "bids" : "asks");
    this.changedAt = at;
  }

  copy(): BookCopy {
    return {
      asks: this.asks.map((l) => ({ p: l.p, s: l.s })),
      bids: this.bids.map((l) => ({ p: l.p, s: l.s })),
      changedAt: this.changedAt,
    };
  }

  /**
   * The book as sent: `units` rows, grouped by `levelTicks` (0 = no grouping). Beyond the modelled
   * depth a grouped book continues with stable, hash-derived sizes (unless the pair is thin).
   */
  view(
    book: BookCopy,
    units: number,
    levelTicks: number,
    tick: number,
    decimals: number,
  ): BookUnit[] {
    const asks = this.#side(book.asks, units, levelTicks, "ask");
    const bids = this.#side(book.bids, units, levelTicks, "bid");
    const out: BookUnit[] = [];
    for (let i = 0; i < units; i++) {
      const a = asks[i];
      const b = bids[i];
      out.push({
        askPrice: a ? round(a.p * tick, decimals) : 0,
        bidPrice: b ? round(b.p * tick, decimals) : 0,
        askSize: a ? a.s : 0,
        bidSize: b ? b.s : 0,
      });
    }
    return out;
  }

  #side(levels: Level[], units: number, lt: number, side: "ask" | "bid"): Level[] {
    if (lt <= 1) return levels.slice(0, units);
    const buckets: Level[] = [];
    for (const l of levels) {
      const idx = side === "ask" ? Math.ceil(l.p / lt) : Math.floor(l.p / lt);
      const last = buckets.at(-1);
      if (last && last.p === idx * lt) last.s = round8(last.s + l.s);
      else buckets.push({ p: idx * lt, s: l.s });
    }
    if (this.#depth >= 30) {
      while (buckets.length < units) {
        const last = buckets.at(-1);
        if (last === undefined) break;
        const p = side === "ask" ? last.p + lt : last.p - lt;
        if (p <= 0) break;
        const u = hashUnit(this.#seed, side, p);
        buckets.push({
          p,
          s: Math.max(0.00000001, round8(this.#scale * Math.sqrt(lt) * (0.2 + u * 2))),
        });
      }
    }
    return buckets.slice(0, units);
  }
}
