/**
 * The typed events that upbit-ws delivers, one interface per Upbit data type.
 *
 * Field names follow one mechanical rule: the camelCase of Upbit's DEFAULT field name
 * (`trade_price` → `tradePrice`, `acc_trade_volume_24h` → `accTradeVolume24h`,
 * `highest_52_week_price` → `highest52WeekPrice`). The same event shape comes out of every wire
 * format (DEFAULT, SIMPLE, JSON_LIST, SIMPLE_LIST), so Upbit's own field tables document every
 * property here.
 *
 * @module
 */

/**
 * Whether an event is the one-time snapshot that answers a subscription or a realtime update.
 *
 * @example Branch on the stream type
 * ```ts
 * import type { StreamType } from "upbit-ws";
 * const label = (s: StreamType) => (s === "SNAPSHOT" ? "initial" : "live");
 * ```
 */
export type StreamType = "SNAPSHOT" | "REALTIME";

/**
 * Upbit's wire formats. `DEFAULT`/`JSON_LIST` use full key names, `SIMPLE`/`SIMPLE_LIST`
 * abbreviations; the `_LIST` variants may carry several events in one frame. Events decode to the
 * same shape whichever is used.
 *
 * @example Ask for the compact format
 * ```ts
 * import { UpbitClient, type WireFormat } from "upbit-ws";
 * const format: WireFormat = "SIMPLE";
 * await using client = new UpbitClient({ format });
 * ```
 */
export type WireFormat = "DEFAULT" | "SIMPLE" | "JSON_LIST" | "SIMPLE_LIST";

/**
 * Candle intervals that Upbit streams over WebSocket.
 *
 * @example
 * ```ts
 * import type { CandleInterval } from "upbit-ws";
 * const interval: CandleInterval = "1m";
 * ```
 */
export type CandleInterval = "1s" | "1m" | "3m" | "5m" | "10m" | "15m" | "30m" | "60m" | "240m";

/**
 * The candle data type names on the wire, e.g. `"candle.1m"`.
 *
 * @example
 * ```ts
 * import type { CandleType } from "upbit-ws";
 * const t: CandleType = "candle.5m";
 * ```
 */
export type CandleType = `candle.${CandleInterval}`;

/**
 * Every data type name the client understands.
 *
 * @example
 * ```ts
 * import type { DataType } from "upbit-ws";
 * const types: DataType[] = ["ticker", "trade", "orderbook", "candle.1s", "myOrder", "myAsset"];
 * ```
 */
export type DataType = "ticker" | "trade" | "orderbook" | CandleType | "myOrder" | "myAsset";

/**
 * Direction against the previous close.
 *
 * @example
 * ```ts
 * import type { Change } from "upbit-ws";
 * const arrow = (c: Change) => ({ RISE: "▲", EVEN: "-", FALL: "▼" })[c];
 * ```
 */
export type Change = "RISE" | "EVEN" | "FALL";

/**
 * The aggressor side of a trade: `ASK` (a sell) or `BID` (a buy).
 *
 * @example
 * ```ts
 * import type { AskBid } from "upbit-ws";
 * const isBuy = (side: AskBid) => side === "BID";
 * ```
 */
export type AskBid = "ASK" | "BID";

/**
 * A `ticker` event: the current price and 24-hour statistics of one market.
 *
 * @example Print the last price
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const [t] = await client.snapshot("ticker", ["KRW-BTC"]);
 * console.log(t.code, t.tradePrice, t.signedChangeRate);
 * ```
 */
export interface TickerEvent {
  type: "ticker";
  code: string;
  openingPrice: number;
  highPrice: number;
  lowPrice: number;
  tradePrice: number;
  prevClosingPrice: number;
  change: Change;
  changePrice: number;
  signedChangePrice: number;
  changeRate: number;
  signedChangeRate: number;
  tradeVolume: number;
  accTradeVolume: number;
  accTradeVolume24h: number;
  accTradePrice: number;
  accTradePrice24h: number;
  /** UTC, `yyyyMMdd`. */
  tradeDate: string;
  /** UTC, `HHmmss`. */
  tradeTime: string;
  tradeTimestamp: number;
  askBid: AskBid;
  accAskVolume: number;
  accBidVolume: number;
  highest52WeekPrice: number;
  /** `yyyy-MM-dd`. */
  highest52WeekDate: string;
  lowest52WeekPrice: number;
  /** `yyyy-MM-dd`. */
  lowest52WeekDate: string;
  /** `PREVIEW`, `ACTIVE` or `DELISTED`. */
  marketState: string;
  /** Deprecated by Upbit. */
  isTradingSuspended: boolean;
  delistingDate: string | null;
  /** Deprecated by Upbit: `NONE` or `CAUTION`. */
  marketWarning: string;
  timestamp: number;
  streamType: StreamType;
}

/**
 * A `trade` event: one execution in one market.
 *
 * @example Sum buy volume
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * let bought = 0;
 * for await (const t of client.trade(["KRW-BTC"])) if (t.askBid === "BID") bought += t.tradeVolume;
 * ```
 */
export interface TradeEvent {
  type: "trade";
  code: string;
  tradePrice: number;
  tradeVolume: number;
  askBid: AskBid;
  prevClosingPrice: number;
  change: Change;
  changePrice: number;
  /** UTC, `yyyy-MM-dd`. */
  tradeDate: string;
  /** UTC, `HH:mm:ss`. */
  tradeTime: string;
  tradeTimestamp: number;
  timestamp: number;
  /** Unique trade id; unique only, its order is not guaranteed. */
  sequentialId: number;
  bestAskPrice: number;
  bestAskSize: number;
  bestBidPrice: number;
  bestBidSize: number;
  streamType: StreamType;
}

/**
 * One level of an order book: the i-th best ask and the i-th best bid.
 *
 * @example
 * ```ts
 * import type { OrderbookUnit } from "upbit-ws";
 * const spread = (u: OrderbookUnit) => u.askPrice - u.bidPrice;
 * ```
 */
export interface OrderbookUnit {
  askPrice: number;
  bidPrice: number;
  askSize: number;
  bidSize: number;
}

/**
 * An `orderbook` event: a full book (never a delta), best level first.
 *
 * @example Top of the book
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const [book] = await client.snapshot("orderbook", ["KRW-BTC"]);
 * console.log(book.orderbookUnits[0]?.bidPrice, book.orderbookUnits[0]?.askPrice);
 * ```
 */
export interface OrderbookEvent {
  type: "orderbook";
  code: string;
  totalAskSize: number;
  totalBidSize: number;
  orderbookUnits: OrderbookUnit[];
  timestamp: number;
  /** The price grouping unit this book answers (0 = none). */
  level: number;
  streamType: StreamType;
}

/**
 * A candle event (`candle.1s` … `candle.240m`). The same candle start time may arrive many
 * times; the last one wins.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * for await (const c of client.candle("1m", ["KRW-BTC"])) console.log(c.candleDateTimeUtc, c.tradePrice);
 * ```
 */
export interface CandleEvent {
  type: CandleType;
  code: string;
  /** Candle start, UTC, `yyyy-MM-ddTHH:mm:ss`. */
  candleDateTimeUtc: string;
  /** Candle start, KST, `yyyy-MM-ddTHH:mm:ss`. */
  candleDateTimeKst: string;
  openingPrice: number;
  highPrice: number;
  lowPrice: number;
  tradePrice: number;
  candleAccTradeVolume: number;
  candleAccTradePrice: number;
  timestamp: number;
  streamType: StreamType;
}

/**
 * A `myOrder` event (private): a change in one of the account's orders.
 *
 * @example Watch fills
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * for await (const o of client.myOrder()) if (o.state === "trade") console.log(o.uuid, o.price, o.volume);
 * ```
 */
export interface MyOrderEvent {
  type: "myOrder";
  code: string;
  uuid: string;
  askBid: AskBid;
  /** `limit`, `price`, `market` or `best`. */
  orderType: string;
  /** `wait`, `watch`, `trade`, `done`, `cancel` or `prevented`. */
  state: string;
  tradeUuid: string | null;
  price: number;
  avgPrice: number;
  volume: number;
  remainingVolume: number;
  executedVolume: number;
  tradesCount: number;
  reservedFee: number;
  remainingFee: number;
  paidFee: number;
  locked: number;
  executedFunds: number;
  timeInForce: string | null;
  tradeFee: number | null;
  isMaker: boolean | null;
  identifier: string | null;
  smpType: string | null;
  preventedVolume: number;
  preventedLocked: number;
  tradeTimestamp: number | null;
  orderTimestamp: number;
  timestamp: number;
  streamType: StreamType;
}

/**
 * One currency balance inside a `myAsset` event. With the client's `lossless` option the
 * amounts are decimal strings that keep every digit Upbit sent.
 *
 * @example
 * ```ts
 * import type { MyAssetBalance } from "upbit-ws";
 * const total = (b: MyAssetBalance) => Number(b.balance) + Number(b.locked);
 * ```
 */
export interface MyAssetBalance {
  currency: string;
  balance: number | string;
  locked: number | string;
}

/**
 * A `myAsset` event (private): balances that changed.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * for await (const a of client.myAsset()) for (const b of a.assets) console.log(b.currency, b.balance);
 * ```
 */
export interface MyAssetEvent {
  type: "myAsset";
  assetUuid: string;
  assets: MyAssetBalance[];
  assetTimestamp: number;
  timestamp: number;
  streamType: StreamType;
}

/**
 * Any event the client can deliver.
 *
 * @example Narrow on `type`
 * ```ts
 * import type { UpbitEvent } from "upbit-ws";
 * const price = (e: UpbitEvent) => (e.type === "ticker" || e.type === "trade" ? e.tradePrice : undefined);
 * ```
 */
export type UpbitEvent =
  | TickerEvent
  | TradeEvent
  | OrderbookEvent
  | CandleEvent
  | MyOrderEvent
  | MyAssetEvent;

/**
 * Maps the `snapshot()` type argument to the event it resolves with.
 *
 * @example
 * ```ts
 * import type { EventOf } from "upbit-ws";
 * type T = EventOf<"ticker">; // TickerEvent
 * ```
 */
export type EventOf<T extends DataType> = T extends "ticker" ? TickerEvent
  : T extends "trade" ? TradeEvent
  : T extends "orderbook" ? OrderbookEvent
  : T extends CandleType ? CandleEvent
  : T extends "myOrder" ? MyOrderEvent
  : T extends "myAsset" ? MyAssetEvent
  : never;
