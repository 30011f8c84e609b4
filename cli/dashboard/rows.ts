/**
 * The rows the dashboard's page gets: a ticker, an order book, a trade, a candle bar, an order and
 * a balance, the whole state a new page starts from, the changes an open page gets, and the model's
 * options and candle intervals.
 *
 * @module
 */
// A fact about Upbit (src/protocol/ imports nothing), with no public form.
import { CANDLE_INTERVALS as INTERVALS } from "../../src/protocol/candles.ts";
import type { CandleInterval } from "../../mod.ts";

/** The candle intervals, shortest first, as the page offers them. */
export const CANDLE_INTERVALS: readonly CandleInterval[] = INTERVALS;

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

/** A bound of {@linkcode ModelOptions}, checked: a positive integer. @throws {RangeError} otherwise */
export function boundOption(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot build the dashboard model as ${name} must be a positive integer: current value is ${value}`,
    );
  }
  return value;
}
