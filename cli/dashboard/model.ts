/**
 * What the dashboard shows, kept on the server: the latest ticker and order book per code, the
 * recent trades, the candles of every interval that this session has seen (bounded), and the
 * account's open orders and balances. Events go in through {@linkcode DashboardModel.apply}; a
 * new page gets {@linkcode DashboardModel.snapshot}, an open page the coalesced changes of
 * {@linkcode DashboardModel.takeUpdate}. Pure: the caller passes the time.
 *
 * @module
 */
import { CANDLE_TYPES } from "../../src/protocol/simple_keys.ts";
import type {
  CandleEvent,
  CandleInterval,
  MyAssetEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitEvent,
} from "../../src/types.ts";
import { Coalescer, Recent } from "./coalesce.ts";

/** The candle intervals, shortest first, as the page offers them. */
export const CANDLE_INTERVALS: readonly CandleInterval[] = Object.freeze(
  CANDLE_TYPES.map((t) => t.slice("candle.".length) as CandleInterval),
);

/** A ticker row as the page gets it. */
export interface TickerRow {
  code: string;
  /** Last price (`trade_price`). */
  price: number;
  /** `RISE`, `EVEN` or `FALL` against the previous close (`change`). */
  change: string;
  /** Signed change rate, e.g. -0.0123 (`signed_change_rate`). */
  changeRate: number;
  /** Signed change in price (`signed_change_price`). */
  changePrice: number;
  /** 24 h volume in the base currency (`acc_trade_volume_24h`); null when Upbit sent none. */
  volume24h: number | null;
  /** 24 h turnover in the quote currency (`acc_trade_price_24h`); null when Upbit sent none. */
  turnover24h: number | null;
  /** Exchange time of the event, ms (`timestamp`). */
  at: number;
  /** When this process received it, ms. */
  receivedAt: number;
}

/** An order book as the page gets it: `[price, size]` pairs, best first. */
export interface BookView {
  code: string;
  asks: [number, number][];
  bids: [number, number][];
  /** Exchange time, ms. */
  at: number;
  /** When this process received it, ms. */
  receivedAt: number;
}

/** A trade as the page gets it. */
export interface TradeRow {
  code: string;
  price: number;
  volume: number;
  /** Aggressor side: `ASK` (a sell hit the bid) or `BID` (a buy lifted the ask). */
  side: string;
  /** Trade time, ms (`trade_timestamp`). */
  at: number;
  /** Upbit's `sequential_id` (unique per trade), as its exact decimal digits. */
  id: string;
}

/** One candle: `t` is its start in seconds since the epoch (UTC). */
export interface CandleBar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  /** Volume in the base currency. */
  v: number;
}

/** A candle change: which series, and the candle's new state. */
export interface CandleUpdate {
  code: string;
  interval: CandleInterval;
  bar: CandleBar;
}

/** An order as the page gets it. */
export interface OrderRow {
  uuid: string;
  code: string;
  /** `ASK` (sell) or `BID` (buy). */
  side: string;
  /** `limit`, `price`, `market`, `best`. */
  orderType: string;
  /** `wait`, `watch`, `trade`, `done`, `cancel`, `prevented`. */
  state: string;
  /** Limit price (for a market buy: the funds); null for a market sell. */
  price: number | null;
  /** Order volume; null for a market buy (sized by funds). */
  volume: number | null;
  /** Volume not yet filled; null for a market buy. */
  remainingVolume: number | null;
  executedVolume: number;
  /** Order time, ms. */
  at: number;
}

/** A balance as the page gets it; amounts stay strings when the client keeps them exact. */
export interface BalanceRow {
  currency: string;
  balance: number | string;
  locked: number | string;
}

/** Everything a newly opened page needs. */
export interface Snapshot {
  codes: string[];
  intervals: readonly CandleInterval[];
  private: boolean;
  /** Candles kept per code and interval: the page keeps no more. */
  historyLimit: number;
  tickers: TickerRow[];
  books: BookView[];
  trades: TradeRow[];
  /** History per code and interval, oldest first. */
  candles: { code: string; interval: CandleInterval; bars: CandleBar[] }[];
  orders: OrderRow[];
  balances: BalanceRow[];
}

/** The changes since the last update; empty lists are left out. */
export interface Update {
  tickers?: TickerRow[];
  books?: BookView[];
  /** New trades, oldest first. */
  trades?: TradeRow[];
  candles?: CandleUpdate[];
  /** Orders that changed; a closed one (done, cancel, prevented) tells the page to drop it. */
  orders?: OrderRow[];
  balances?: BalanceRow[];
}

/** Options of {@linkcode DashboardModel}. */
export interface ModelOptions {
  /** Codes in display order. */
  codes: readonly string[];
  /** Whether private data is shown (open orders, balances). */
  private: boolean;
  /** Candles kept per code and interval (default 1000). */
  historyLimit?: number;
  /** Trades kept per code (default 50). */
  tradesLimit?: number;
  /** Order book levels kept per side (default 15). */
  levels?: number;
}

const OPEN_STATES = new Set(["wait", "watch", "trade"]);

/**
 * The start of a candle in seconds from Upbit's `candle_date_time_utc` (`yyyy-MM-ddTHH:mm:ss`,
 * UTC without a zone), or undefined when it does not parse.
 *
 * @param utc the field
 * @returns seconds since the epoch
 *
 * @example
 * ```ts
 * import { candleStart } from "./model.ts";
 * candleStart("2026-11-29T12:00:00"); // 1795953600
 * ```
 */
export function candleStart(utc: string): number | undefined {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(utc) ? utc : `${utc}Z`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * The dashboard's state. Every structure is bounded: candles by `historyLimit` per series,
 * trades by `tradesLimit` per code, order books by `levels`; orders leave when they close.
 *
 * @example
 * ```ts
 * import { DashboardModel } from "./model.ts";
 * const m = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * console.log(m.snapshot().tickers.length); // 0
 * ```
 */
export class DashboardModel {
  readonly #codes: string[];
  readonly #private: boolean;
  readonly #historyLimit: number;
  readonly #tradesLimit: number;
  readonly #levels: number;
  readonly #tickers = new Map<string, TickerRow>();
  readonly #books = new Map<string, BookView>();
  readonly #trades = new Map<string, Recent<TradeRow>>();
  readonly #candles = new Map<string, CandleBar[]>();
  readonly #orders = new Map<string, OrderRow>();
  readonly #balances = new Map<string, BalanceRow>();
  readonly #dirtyTickers = new Coalescer<string, TickerRow>();
  readonly #dirtyBooks = new Coalescer<string, BookView>();
  readonly #newTrades: Recent<TradeRow>;
  readonly #dirtyCandles = new Coalescer<string, CandleUpdate>();
  readonly #dirtyOrders = new Coalescer<string, OrderRow>();
  readonly #dirtyBalances = new Coalescer<string, BalanceRow>();
  #events = 0;

  /** @param options codes, privacy and bounds */
  constructor(options: ModelOptions) {
    this.#codes = [...options.codes];
    this.#private = options.private;
    this.#historyLimit = positive("historyLimit", options.historyLimit ?? 1000);
    this.#tradesLimit = positive("tradesLimit", options.tradesLimit ?? 50);
    this.#levels = positive("levels", options.levels ?? 15);
    this.#newTrades = new Recent(this.#tradesLimit * Math.max(1, this.#codes.length));
  }

  /** Events applied since creation. */
  get events(): number {
    return this.#events;
  }

  /** Updates folded into a later one before they were sent, over every stream. */
  get coalesced(): number {
    return this.#dirtyTickers.merged + this.#dirtyBooks.merged + this.#dirtyCandles.merged +
      this.#dirtyOrders.merged + this.#dirtyBalances.merged;
  }

  /**
   * Applies one event (any type; others than the six are ignored).
   *
   * @param event the event
   * @param now its receive time, ms
   */
  apply(event: UpbitEvent, now: number): void {
    this.#events++;
    const type = event.type;
    if (type === "ticker") this.#ticker(event, now);
    else if (type === "orderbook") this.#book(event, now);
    else if (type === "trade") this.#trade(event);
    else if (type === "myOrder") this.#order(event);
    else if (type === "myAsset") this.#asset(event);
    else if (type.startsWith("candle.")) this.#candle(event as CandleEvent);
  }

  /**
   * Seeds a balance (e.g. from the emulator's account at start), as if `myAsset` had sent it.
   *
   * @param row the balance
   */
  setBalance(row: BalanceRow): void {
    this.#balances.set(row.currency, row);
    this.#dirtyBalances.put(row.currency, row);
  }

  /**
   * Seeds an order (e.g. the emulator account's open orders at start), as if `myOrder` had sent
   * it; a closed one is dropped.
   *
   * @param row the order
   */
  setOrder(row: OrderRow): void {
    if (!this.#private) return;
    const held = this.#orders.get(row.uuid);
    if (row.state === "trade" && held !== undefined) {
      // A fill: Upbit's price and volume are the fill's then, not the order's; keep the order's.
      row = {
        ...held,
        state: "trade",
        remainingVolume: row.remainingVolume,
        executedVolume: row.executedVolume,
      };
    }
    if (OPEN_STATES.has(row.state)) this.#orders.set(row.uuid, row);
    else this.#orders.delete(row.uuid);
    this.#dirtyOrders.put(row.uuid, row);
  }

  #ticker(e: TickerEvent, now: number): void {
    const row: TickerRow = {
      code: e.code,
      price: e.tradePrice,
      change: e.change,
      changeRate: e.signedChangeRate,
      changePrice: e.signedChangePrice,
      volume24h: e.accTradeVolume24h,
      turnover24h: e.accTradePrice24h,
      at: e.timestamp,
      receivedAt: now,
    };
    this.#tickers.set(e.code, row);
    this.#dirtyTickers.put(e.code, row);
  }

  #book(e: OrderbookEvent, now: number): void {
    const units = e.orderbookUnits.slice(0, this.#levels);
    const view: BookView = {
      code: e.code,
      // A side with no orders at a level comes as price 0 / size 0: leave it out.
      asks: units.filter((u) => u.askPrice > 0).map((u) => [u.askPrice, u.askSize]),
      bids: units.filter((u) => u.bidPrice > 0).map((u) => [u.bidPrice, u.bidSize]),
      at: e.timestamp,
      receivedAt: now,
    };
    this.#books.set(e.code, view);
    this.#dirtyBooks.put(e.code, view);
  }

  #trade(e: TradeEvent): void {
    const row: TradeRow = {
      code: e.code,
      price: e.tradePrice,
      volume: e.tradeVolume,
      side: e.askBid,
      at: e.tradeTimestamp,
      id: e.sequentialId,
    };
    let list = this.#trades.get(e.code);
    if (!list) this.#trades.set(e.code, list = new Recent(this.#tradesLimit));
    list.push(row);
    this.#newTrades.push(row);
  }

  #candle(e: CandleEvent): void {
    const interval = e.type.slice("candle.".length) as CandleInterval;
    const t = candleStart(e.candleDateTimeUtc);
    if (t === undefined) return; // tolerant: a candle without a readable start has no place
    const bar: CandleBar = {
      t,
      o: e.openingPrice,
      h: e.highPrice,
      l: e.lowPrice,
      c: e.tradePrice,
      v: e.candleAccTradeVolume,
    };
    const key = `${e.code}|${interval}`;
    let bars = this.#candles.get(key);
    if (!bars) this.#candles.set(key, bars = []);
    const last = bars[bars.length - 1];
    if (last === undefined || t > last.t) {
      bars.push(bar);
      if (bars.length > this.#historyLimit) bars.splice(0, bars.length - this.#historyLimit);
    } else if (t === last.t) {
      bars[bars.length - 1] = bar;
    } else {
      // A late update of an older candle: replace it if held, else it is too old to show.
      const i = bars.findIndex((b) => b.t === t);
      if (i === -1) return;
      bars[i] = bar;
    }
    this.#dirtyCandles.put(`${key}|${t}`, { code: e.code, interval, bar });
  }

  #order(e: MyOrderEvent): void {
    const row: OrderRow = {
      uuid: e.uuid,
      code: e.code,
      side: e.askBid,
      orderType: e.orderType,
      state: e.state,
      price: e.price,
      volume: e.volume,
      remainingVolume: e.remainingVolume,
      executedVolume: e.executedVolume,
      at: e.orderTimestamp,
    };
    this.setOrder(row);
  }

  #asset(e: MyAssetEvent): void {
    if (!this.#private) return;
    for (const a of e.assets) {
      this.setBalance({ currency: a.currency, balance: a.balance, locked: a.locked });
    }
  }

  /**
   * The whole state for a page that just connected.
   *
   * @returns codes, tickers, books, trades, candle history, open orders, balances
   */
  snapshot(): Snapshot {
    const candles: Snapshot["candles"] = [];
    for (const [key, bars] of this.#candles) {
      const [code, interval] = key.split("|") as [string, CandleInterval];
      candles.push({ code, interval, bars: [...bars] });
    }
    return {
      codes: [...this.#codes],
      intervals: CANDLE_INTERVALS,
      private: this.#private,
      historyLimit: this.#historyLimit,
      tickers: [...this.#tickers.values()],
      books: [...this.#books.values()],
      trades: [...this.#trades.values()].flatMap((r) => r.items()).sort((a, b) => a.at - b.at),
      candles,
      orders: [...this.#orders.values()],
      balances: [...this.#balances.values()],
    };
  }

  /**
   * The changes since the last call (one value per ticker, book, candle, order and balance;
   * every new trade up to the bound), or undefined when nothing changed.
   *
   * @returns the update
   */
  takeUpdate(): Update | undefined {
    const u: Update = {};
    const tickers = this.#dirtyTickers.take();
    if (tickers.length > 0) u.tickers = tickers;
    const books = this.#dirtyBooks.take();
    if (books.length > 0) u.books = books;
    if (this.#newTrades.length > 0) {
      u.trades = this.#newTrades.items();
      this.#newTrades.clear();
    }
    const candles = this.#dirtyCandles.take();
    if (candles.length > 0) u.candles = candles;
    const orders = this.#dirtyOrders.take();
    if (orders.length > 0) u.orders = orders;
    const balances = this.#dirtyBalances.take();
    if (balances.length > 0) u.balances = balances;
    return Object.keys(u).length > 0 ? u : undefined;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot build the dashboard model as ${name} must be a positive integer: current value is ${value}`,
    );
  }
  return value;
}
