/**
 * The live board of `watch ticker|trade|orderbook|candle.*`: a row per market, fed by any event
 * type, and the spread of a row. Pure: the caller passes the time.
 *
 * @module
 */

/**
 * One market on the board: whatever the events so far told about it.
 *
 * @example
 * ```ts
 * import type { BoardRow } from "./board.ts";
 * const row: BoardRow = { code: "KRW-BTC", events: 0 };
 * ```
 */
export interface BoardRow {
  code: string;
  /** Last price (ticker, trade, candle close). */
  price?: number | undefined;
  /** Signed change rate against the previous close (or the candle open). */
  changeRate?: number | undefined;
  /** 24 h volume (ticker), last trade volume (trade), candle volume (candle). */
  volume?: number | undefined;
  /** Best bid and ask (orderbook, or a trade's best bid/ask). */
  bid?: number | undefined;
  ask?: number | undefined;
  bidSize?: number | undefined;
  askSize?: number | undefined;
  /** Receive time of the last event, ms since the epoch. */
  updatedAt?: number | undefined;
  /** Events received for this code. */
  events: number;
}

/** The fields of an event the board reads; any Upbit event fits. */
export interface BoardEvent {
  type: string;
  code?: string;
  tradePrice?: number;
  signedChangeRate?: number;
  prevClosingPrice?: number;
  openingPrice?: number;
  accTradeVolume24h?: number | null;
  tradeVolume?: number;
  candleAccTradeVolume?: number;
  bestBidPrice?: number | null;
  bestAskPrice?: number | null;
  bestBidSize?: number | null;
  bestAskSize?: number | null;
  orderbookUnits?: readonly {
    askPrice: number;
    bidPrice: number;
    askSize: number;
    bidSize: number;
  }[];
}

/**
 * The live board: a row per market code, in the order the codes were given, updated by ticker,
 * trade, orderbook and candle events.
 *
 * @example
 * ```ts
 * import { Board } from "./board.ts";
 * const board = new Board(["KRW-BTC"]);
 * board.apply({ type: "ticker", code: "KRW-BTC", tradePrice: 1, signedChangeRate: 0 }, Date.now());
 * console.log(board.rows()[0]?.price); // 1
 * ```
 */
export class Board {
  readonly #rows = new Map<string, BoardRow>();
  #events = 0;

  /** @param codes the codes, in display order */
  constructor(codes: readonly string[]) {
    for (const code of codes) this.#rows.set(code, { code, events: 0 });
  }

  /** Events applied so far. */
  get events(): number {
    return this.#events;
  }

  /**
   * Updates the row of the event's code (adding one for a code not seen before).
   *
   * @param event the event
   * @param now its receive time
   */
  apply(event: BoardEvent, now: number): void {
    const code = event.code;
    if (code === undefined) return;
    let row = this.#rows.get(code);
    if (!row) this.#rows.set(code, row = { code, events: 0 });
    row.events++;
    row.updatedAt = now;
    this.#events++;
    const type = event.type;
    if (type === "ticker") {
      row.price = event.tradePrice;
      row.changeRate = event.signedChangeRate;
      row.volume = event.accTradeVolume24h ?? undefined; // null in some live frames
    } else if (type === "trade") {
      row.price = event.tradePrice;
      row.volume = event.tradeVolume;
      const prev = event.prevClosingPrice;
      if (prev !== undefined && prev > 0 && event.tradePrice !== undefined) {
        row.changeRate = (event.tradePrice - prev) / prev;
      }
      // null (or absent) in trades from servers that do not send the best bid/ask.
      if (event.bestBidPrice != null) row.bid = event.bestBidPrice;
      if (event.bestAskPrice != null) row.ask = event.bestAskPrice;
      if (event.bestBidSize != null) row.bidSize = event.bestBidSize;
      if (event.bestAskSize != null) row.askSize = event.bestAskSize;
    } else if (type === "orderbook") {
      const top = event.orderbookUnits?.[0];
      if (top) {
        row.bid = top.bidPrice || undefined;
        row.ask = top.askPrice || undefined;
        row.bidSize = top.bidSize;
        row.askSize = top.askSize;
      }
    } else if (type.startsWith("candle.")) {
      row.price = event.tradePrice;
      row.volume = event.candleAccTradeVolume;
      const open = event.openingPrice;
      if (open !== undefined && open > 0 && event.tradePrice !== undefined) {
        row.changeRate = (event.tradePrice - open) / open;
      }
    }
  }

  /** The rows, in display order (copies). */
  rows(): BoardRow[] {
    return [...this.#rows.values()].map((r) => ({ ...r }));
  }
}

/**
 * The spread of a row: ask − bid, and as a share of the mid price.
 *
 * @param row the row
 * @returns the spread, or undefined without both sides
 *
 * @example
 * ```ts
 * import { spreadOf } from "./board.ts";
 * spreadOf({ code: "KRW-BTC", events: 1, bid: 99, ask: 101 }); // { abs: 2, rate: 0.02 }
 * ```
 */
export function spreadOf(row: BoardRow): { abs: number; rate: number } | undefined {
  const { bid, ask } = row;
  if (bid === undefined || ask === undefined || !(bid > 0) || !(ask > 0)) return undefined;
  return { abs: ask - bid, rate: (ask - bid) / ((ask + bid) / 2) };
}
