/**
 * The typed events that upbit-ws delivers, one interface per Upbit data type.
 *
 * Field names follow one mechanical rule: the camelCase of Upbit's DEFAULT field name
 * (`trade_price` → `tradePrice`, `acc_trade_volume_24h` → `accTradeVolume24h`,
 * `highest_52_week_price` → `highest52WeekPrice`). The same event shape comes out of every wire
 * format (DEFAULT, SIMPLE, JSON_LIST, SIMPLE_LIST), so Upbit's own field tables document every
 * property here.
 *
 * The file is longer than 250 lines because it is Upbit's field tables turned into documented
 * types, one interface per data type, in the one place a user reads them (the announcement and
 * indicator events are in `stream_types.ts`).
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
 * The state of a market (`market_state`): `PREVIEW` (deposits only, no trading yet), `ACTIVE` or
 * `DELISTED`. A closed set in Upbit's docs, so a misspelt comparison fails to compile; should
 * Upbit add a value, the event is still delivered with it as sent (and `validate` reports the
 * drift once).
 *
 * @example
 * ```ts
 * import type { MarketState } from "upbit-ws";
 * const tradable = (s: MarketState) => s === "ACTIVE";
 * ```
 */
export type MarketState = "PREVIEW" | "ACTIVE" | "DELISTED";

/**
 * The deprecated investment warning of a market (`market_warning`): `NONE` or `CAUTION`. Left
 * open (`string`) because Upbit's REST API already knows more warning kinds than these two.
 *
 * @example
 * ```ts
 * import type { MarketWarning } from "upbit-ws";
 * const warned = (w: MarketWarning | undefined) => w !== undefined && w !== "NONE";
 * ```
 */
export type MarketWarning = "NONE" | "CAUTION" | (string & Record<never, never>);

/**
 * A `ticker` event: the current price and 24-hour statistics of one market.
 *
 * What real frames do beyond Upbit's field table (`upbit-protocol.md` §10.1): the 24-hour totals
 * (`accTradeVolume24h`, `accTradePrice24h`) have been sent as `null`, and the deprecated
 * `isTradingSuspended`/`marketWarning` are announced for removal, so they are `undefined` when a
 * frame lacks them. Such frames are delivered like any other.
 *
 * @example Print the last price
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const [t] = await client.snapshot("ticker", ["KRW-BTC"]);
 * if (t) console.log(t.code, t.tradePrice, t.signedChangeRate);
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
  /** 24 h volume (`acc_trade_volume_24h`); `null` when Upbit sends it as null (seen live). */
  accTradeVolume24h: number | null;
  /** Accumulated turnover since 00:00 UTC (`acc_trade_price`). */
  accTradePrice: number;
  /** 24 h turnover (`acc_trade_price_24h`); `null` when Upbit sends it as null (seen live). */
  accTradePrice24h: number | null;
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
  /** `PREVIEW`, `ACTIVE` or `DELISTED` (`market_state`). */
  marketState: MarketState;
  /**
   * Deprecated by Upbit and announced for removal (`is_trading_suspended`): `undefined` when the
   * frame lacks it. Use `marketState` instead.
   */
  isTradingSuspended?: boolean | undefined;
  /** Delisting date (`delisting_date`). */
  delistingDate: string | null;
  /**
   * Deprecated by Upbit and announced for removal (`market_warning`): `NONE` or `CAUTION`, or
   * `undefined` when the frame lacks it.
   */
  marketWarning?: MarketWarning | undefined;
  /** Ms (`timestamp`). */
  timestamp: number;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
  streamType: StreamType;
}

/**
 * A `trade` event: one execution in one market.
 *
 * `sequentialId` is a string holding the exact decimal digits Upbit sent: the ids are above
 * 2^53 (`trade_timestamp × 10000 + n`), where a JS number would merge two trades of one
 * millisecond. The best bid/ask fields (added by Upbit on 2024-11-27) are `null` in frames that
 * lack them, as older and regional servers have sent (`upbit-protocol.md` §10.1).
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
  /**
   * Unique trade id (`sequential_id`), as the exact decimal digits sent, e.g.
   * `"17883351803770005"`. A string because the ids exceed 2^53; compare with `===`, store it,
   * or turn it into a `BigInt` when arithmetic is needed. Unique only: Upbit does not guarantee
   * that ids grow in trade order.
   */
  sequentialId: string;
  /** Best ask at the trade (`best_ask_price`; added 2024-11-27); `null` when the frame lacks it. */
  bestAskPrice: number | null;
  /** Best ask size at the trade (`best_ask_size`); `null` when the frame lacks it. */
  bestAskSize: number | null;
  /** Best bid price at the trade (`best_bid_price`); `null` when the frame lacks it. */
  bestBidPrice: number | null;
  /** Best bid size at the trade (`best_bid_size`); `null` when the frame lacks it. */
  bestBidSize: number | null;
  /** `SNAPSHOT` / `REALTIME` (`stream_type`). */
  streamType: StreamType;
}

/**
 * One level of an order book: the i-th best ask and the i-th best bid. When one side of the book
 * is thinner than the depth, Upbit pads that side with zeros: a price of `0` (with size `0`)
 * is an empty slot, not an order at price 0 (`{"ask_price":0.00000689,"bid_price":0,…}`, seen
 * live).
 *
 * @example
 * ```ts
 * import type { OrderbookUnit } from "upbit-ws";
 * const spread = (u: OrderbookUnit) => u.askPrice - u.bidPrice;
 * ```
 */
export interface OrderbookUnit {
  /** Ask price (`ask_price`); `0` marks an empty slot. */
  askPrice: number;
  /** Bid price (`bid_price`); `0` marks an empty slot. */
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
 * const top = book?.orderbookUnits[0];
 * console.log(top?.bidPrice, top?.askPrice);
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
  /** Levels, best first (`orderbook_units`); a thin side is padded with zero (empty) slots. */
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
 * The state of an order in a `myOrder` event (`state`): `wait` (open), `watch` (a reserved or
 * stop order waiting for its trigger), `trade` (a fill happened), `done`, `cancel` (also how a
 * filled market buy ends: the unspent remainder is cancelled) or `prevented` (self-match
 * prevention). A closed set in Upbit's docs, so a misspelt comparison (`"canceled"`) fails to
 * compile; should Upbit add a state, the event is still delivered with it as sent (and
 * `validate` reports the drift once), so keep a `default` branch.
 *
 * @example
 * ```ts
 * import type { OrderState } from "upbit-ws";
 * const finished = (s: OrderState) => s === "done" || s === "cancel" || s === "prevented";
 * ```
 */
export type OrderState = "wait" | "watch" | "trade" | "done" | "cancel" | "prevented";

/**
 * The kind of an order (`order_type`): `limit`, `price` (a market buy for an amount of the quote
 * currency), `market` (a market sell of a volume) or `best` (best-price order). Closed in
 * Upbit's docs, like {@linkcode OrderState}.
 *
 * @example
 * ```ts
 * import type { OrderType } from "upbit-ws";
 * const isMarket = (t: OrderType) => t === "price" || t === "market";
 * ```
 */
export type OrderType = "limit" | "price" | "market" | "best";

/**
 * Self-match prevention of an order (`smp_type`): `reduce`, `cancel_maker` (the default since
 * 2026-11-09), `cancel_taker` or `none` (added 2026-11-09). Left open (`string`) because Upbit has
 * added values to it before.
 *
 * @example
 * ```ts
 * import type { SmpType } from "upbit-ws";
 * const protectsMaker = (s: SmpType | null) => s === "cancel_taker";
 * ```
 */
export type SmpType =
  | "reduce"
  | "cancel_maker"
  | "cancel_taker"
  | "none"
  | (string & Record<never, never>);

/**
 * Time in force of an order (`time_in_force`): `ioc`, `fok` or `post_only`. Left open (`string`)
 * because Upbit has added values to it before (`post_only`).
 *
 * @example
 * ```ts
 * import type { TimeInForce } from "upbit-ws";
 * const immediate = (t: TimeInForce | null) => t === "ioc" || t === "fok";
 * ```
 */
export type TimeInForce = "ioc" | "fok" | "post_only" | (string & Record<never, never>);

/**
 * A `myOrder` event (private): a change in one of the account's orders.
 *
 * What real frames do beyond Upbit's field table (`upbit-protocol.md` §10.1), all delivered:
 * - a market buy (`orderType` `"price"`, also `"best"` buys) has `volume`, `remainingVolume`
 *   and `preventedVolume` `null`: it is sized by funds, not volume;
 * - a market sell (`orderType` `"market"`) has `price` `null`;
 * - a filled market buy can end in state `cancel` (the unspent remainder is cancelled);
 * - regional hosts have sent frames without the later-added `tradeFee`, `isMaker`,
 *   `identifier`, `smpType`, `preventedVolume` and `preventedLocked`: they are `null` then.
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
  /** `limit`, `price` (market buy), `market` (market sell) or `best` (`order_type`). */
  orderType: OrderType;
  /** `wait`, `watch`, `trade`, `done`, `cancel` or `prevented` (`state`). */
  state: OrderState;
  /** Fill id (`trade_uuid`). */
  tradeUuid: string | null;
  /**
   * Order price (for a market buy: the funds), or fill price when state=`trade` (`price`);
   * `null` for a market sell (`orderType` `"market"`), which has no price.
   */
  price: number | null;
  /** Average fill price (`avg_price`). */
  avgPrice: number;
  /**
   * Order volume, or fill volume when state=`trade` (`volume`); `null` for a market buy
   * (`orderType` `"price"` or a `"best"` buy), which is sized by funds.
   */
  volume: number | null;
  /** Remaining (`remaining_volume`); `null` for a market buy. */
  remainingVolume: number | null;
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
  /** `ioc`, `fok`, `post_only`, or null when none was set (`time_in_force`). */
  timeInForce: TimeInForce | null;
  /** Fee of this fill; null unless state=`trade`, and on hosts that omit it (`trade_fee`). */
  tradeFee: number | null;
  /** Maker/taker of this fill; null unless state=`trade`, and on hosts that omit it (`is_maker`). */
  isMaker: boolean | null;
  /** Client order id; null when none was set or the host omits it (`identifier`). */
  identifier: string | null;
  /**
   * `reduce`, `cancel_maker`, `cancel_taker` or `none` (`smp_type`; added 2025-07-02, always
   * sent since 2026-11-09 with `cancel_maker` by default); null on hosts that omit it.
   */
  smpType: SmpType | null;
  /** Volume cancelled by SMP (`prevented_volume`); null for a market buy or when omitted. */
  preventedVolume: number | null;
  /** Funds (buy) or volume (sell) released by SMP (`prevented_locked`); null when omitted. */
  preventedLocked: number | null;
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
