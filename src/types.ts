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
import type { AnnouncementEvent, IndicatorEvent, IndicatorSignalEvent } from "./stream_types.ts";

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
  /** `ticker` (`type`). */
  type: "ticker";
  /** Pair, e.g. `KRW-BTC` (`code`). */
  code: string;
  /** Open (`opening_price`). */
  openingPrice: number;
  /** High (`high_price`). */
  highPrice: number;
  /** Low (`low_price`). */
  lowPrice: number;
  /** Last price (`trade_price`). */
  tradePrice: number;
  /** Previous close (`prev_closing_price`). */
  prevClosingPrice: number;
  /** `RISE` / `EVEN` / `FALL` vs previous close (`change`). */
  change: Change;
  /** Abs change (`change_price`). */
  changePrice: number;
  /** Signed change (`signed_change_price`). */
  signedChangePrice: number;
  /** Abs change rate (`change_rate`). */
  changeRate: number;
  /** Signed change rate (`signed_change_rate`). */
  signedChangeRate: number;
  /** Last trade volume (`trade_volume`). */
  tradeVolume: number;
  /** Accumulated volume since 00:00 UTC (`acc_trade_volume`). */
  accTradeVolume: number;
  /** 24 h volume (`acc_trade_volume_24h`). */
  accTradeVolume24h: number;
  /** Accumulated turnover since 00:00 UTC (`acc_trade_price`). */
  accTradePrice: number;
  /** 24 h turnover (`acc_trade_price_24h`). */
  accTradePrice24h: number;
  /** UTC, `yyyyMMdd`. */
  tradeDate: string;
  /** UTC, `HHmmss`. */
  tradeTime: string;
  /** Last trade time, ms (`trade_timestamp`). */
  tradeTimestamp: number;
  /** `ASK` (sell) / `BID` (buy) — aggressor side of last trade (`ask_bid`). */
  askBid: AskBid;
  /** Accumulated sell volume (`acc_ask_volume`). */
  accAskVolume: number;
  /** Accumulated buy volume (`acc_bid_volume`). */
  accBidVolume: number;
  /** 52-week high (`highest_52_week_price`). */
  highest52WeekPrice: number;
  /** `yyyy-MM-dd`. */
  highest52WeekDate: string;
  /** 52-week low (`lowest_52_week_price`). */
  lowest52WeekPrice: number;
  /** `yyyy-MM-dd`. */
  lowest52WeekDate: string;
  /** `PREVIEW`, `ACTIVE` or `DELISTED`. */
  marketState: string;
  /** Deprecated by Upbit. */
  isTradingSuspended: boolean;
  /** Delisting date (`delisting_date`). */
  delistingDate: string | null;
  /** Deprecated by Upbit: `NONE` or `CAUTION`. */
  marketWarning: string;
  /** Ms (`timestamp`). */
  timestamp: number;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
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
  /** `trade` (`type`). */
  type: "trade";
  /** Pair (`code`). */
  code: string;
  /** Price (`trade_price`). */
  tradePrice: number;
  /** Size (base currency) (`trade_volume`). */
  tradeVolume: number;
  /** `ASK` (sell) / `BID` (buy) (`ask_bid`). */
  askBid: AskBid;
  /** Previous close (`prev_closing_price`). */
  prevClosingPrice: number;
  /** `RISE` / `EVEN` / `FALL` (`change`). */
  change: Change;
  /** Abs change vs previous close (`change_price`). */
  changePrice: number;
  /** UTC, `yyyy-MM-dd`. */
  tradeDate: string;
  /** UTC, `HH:mm:ss`. */
  tradeTime: string;
  /** Ms (`trade_timestamp`). */
  tradeTimestamp: number;
  /** Ms (`timestamp`). */
  timestamp: number;
  /** Unique trade id; unique only, its order is not guaranteed. */
  sequentialId: number;
  /** Best ask at the trade (added 2024-11-27) (`best_ask_price`). */
  bestAskPrice: number;
  /** Best ask size at the trade (`best_ask_size`). */
  bestAskSize: number;
  /** Best bid price at the trade (`best_bid_price`). */
  bestBidPrice: number;
  /** Best bid size at the trade (`best_bid_size`). */
  bestBidSize: number;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
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
  /** Ask price (`ask_price`). */
  askPrice: number;
  /** Bid price (`bid_price`). */
  bidPrice: number;
  /** Ask size (`ask_size`). */
  askSize: number;
  /** Bid size (`bid_size`). */
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
  /** `orderbook` (`type`). */
  type: "orderbook";
  /** Pair (no `.n` suffix) (`code`). */
  code: string;
  /** Total ask size (`total_ask_size`). */
  totalAskSize: number;
  /** Total bid size (`total_bid_size`). */
  totalBidSize: number;
  /** Levels, best first (`orderbook_units`). */
  orderbookUnits: OrderbookUnit[];
  /** Ms (`timestamp`). */
  timestamp: number;
  /** The price grouping unit this book answers (0 = none). */
  level: number;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
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
  /** E.g. `candle.1m` (`type`). */
  type: CandleType;
  /** Pair (`code`). */
  code: string;
  /** Candle start, UTC, `yyyy-MM-ddTHH:mm:ss`. */
  candleDateTimeUtc: string;
  /** Candle start, KST, `yyyy-MM-ddTHH:mm:ss`. */
  candleDateTimeKst: string;
  /** Open (`opening_price`). */
  openingPrice: number;
  /** High (`high_price`). */
  highPrice: number;
  /** Low (`low_price`). */
  lowPrice: number;
  /** Close (latest) (`trade_price`). */
  tradePrice: number;
  /** Volume in candle (`candle_acc_trade_volume`). */
  candleAccTradeVolume: number;
  /** Turnover in candle (`candle_acc_trade_price`). */
  candleAccTradePrice: number;
  /** Ms (time of the update, inside the candle) (`timestamp`). */
  timestamp: number;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
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
  /** `myOrder` (`type`). */
  type: "myOrder";
  /** Pair (`code`). */
  code: string;
  /** Order id (`uuid`). */
  uuid: string;
  /** `ASK` / `BID` (`ask_bid`). */
  askBid: AskBid;
  /** `limit`, `price`, `market` or `best`. */
  orderType: string;
  /** `wait`, `watch`, `trade`, `done`, `cancel` or `prevented`. */
  state: string;
  /** Fill id (`trade_uuid`). */
  tradeUuid: string | null;
  /** Order price, or fill price when state=`trade` (`price`). */
  price: number;
  /** Average fill price (`avg_price`). */
  avgPrice: number;
  /** Order volume, or fill volume when state=`trade` (`volume`). */
  volume: number;
  /** Remaining (`remaining_volume`). */
  remainingVolume: number;
  /** Filled (`executed_volume`). */
  executedVolume: number;
  /** Fills on the order (`trades_count`). */
  tradesCount: number;
  /** Fee reserved (`reserved_fee`). */
  reservedFee: number;
  /** Fee remaining (`remaining_fee`). */
  remainingFee: number;
  /** Fee paid (`paid_fee`). */
  paidFee: number;
  /** Funds locked (`locked`). */
  locked: number;
  /** Filled funds (`executed_funds`). */
  executedFunds: number;
  /** `ioc`, `fok`, `post_only` (or null) (`time_in_force`). */
  timeInForce: string | null;
  /** Fee of this fill; null unless state=`trade` (`trade_fee`). */
  tradeFee: number | null;
  /** Maker/taker of this fill; null unless state=`trade` (`is_maker`). */
  isMaker: boolean | null;
  /** Client order id (`identifier`). */
  identifier: string | null;
  /** `reduce`, `cancel_maker`, `cancel_taker` (added 2025-07-02) (`smp_type`). */
  smpType: string | null;
  /** Volume cancelled by SMP (`prevented_volume`). */
  preventedVolume: number;
  /** Funds (buy) or volume (sell) released by SMP (`prevented_locked`). */
  preventedLocked: number;
  /** Ms (`trade_timestamp`). */
  tradeTimestamp: number | null;
  /** Ms (`order_timestamp`). */
  orderTimestamp: number;
  /** Ms (`timestamp`). */
  timestamp: number;
  /** `REALTIME` (table also lists `SNAPSHOT`; guide says realtime only) (`stream_type`). */
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
  /** Currency code (`currency`). */
  currency: string;
  /** Available (`balance`). */
  balance: number | string;
  /** Locked in orders (`locked`). */
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
  /** `myAsset` (`type`). */
  type: "myAsset";
  /** Asset message id (`asset_uuid`). */
  assetUuid: string;
  /** Balances (`assets`). */
  assets: MyAssetBalance[];
  /** Ms (`asset_timestamp`). */
  assetTimestamp: number;
  /** Ms (`timestamp`). */
  timestamp: number;
  /** `REALTIME` (`stream_type`). */
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
  | MyAssetEvent
  | AnnouncementEvent
  | IndicatorEvent
  | IndicatorSignalEvent;

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
