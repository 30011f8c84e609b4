/**
 * What the dashboard shows, kept on the server: the latest ticker and order book per code, the
 * recent trades, the candles of every interval that this session has seen (bounded), and the
 * account's open orders and balances. Events go in through {@linkcode DashboardModel.apply}; a
 * new page gets {@linkcode DashboardModel.snapshot}, an open page the coalesced changes of
 * {@linkcode DashboardModel.takeUpdate}. Pure: the caller passes the time.
 *
 * @module
 */
import type {
  CandleEvent,
  CandleInterval,
  MyAssetEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitEvent,
} from "../../mod.ts";
import { Coalescer, Recent } from "./coalesce.ts";
import { bookView, candleBar, orderRow, tickerRow, tradeRow } from "./event_rows.ts";
import {
  type BalanceRow,
  type BookView,
  boundOption,
  CANDLE_INTERVALS,
  type CandleBar,
  type CandleUpdate,
  type ModelOptions,
  type OrderRow,
  type Snapshot,
  type TickerRow,
  type TradeRow,
  type Update,
} from "./rows.ts";

const OPEN_STATES = new Set(["wait", "watch", "trade"]);

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
    this.#historyLimit = boundOption("historyLimit", options.historyLimit ?? 1000);
    this.#tradesLimit = boundOption("tradesLimit", options.tradesLimit ?? 50);
    this.#levels = boundOption("levels", options.levels ?? 15);
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
    const row = tickerRow(e, now);
    this.#tickers.set(e.code, row);
    this.#dirtyTickers.put(e.code, row);
  }

  #book(e: OrderbookEvent, now: number): void {
    const view = bookView(e, now, this.#levels);
    this.#books.set(e.code, view);
    this.#dirtyBooks.put(e.code, view);
  }

  #trade(e: TradeEvent): void {
    const row = tradeRow(e);
    let list = this.#trades.get(e.code);
    if (!list) this.#trades.set(e.code, list = new Recent(this.#tradesLimit));
    list.push(row);
    this.#newTrades.push(row);
  }

  #candle(e: CandleEvent): void {
    const interval = e.type.slice("candle.".length) as CandleInterval;
    const bar = candleBar(e);
    if (bar === undefined) return; // tolerant: a candle without a readable start has no place
    const t = bar.t;
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
    this.setOrder(orderRow(e));
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
