/**
 * The shapes of Upbit's data frames on the wire, as the docs describe them. DEFAULT shapes are
 * written out; SIMPLE shapes are derived from them through the official abbreviation table
 * ({@linkcode SIMPLE_KEYS}), so a mapper that reads a key Upbit does not send fails to compile.
 * These types describe what a frame should hold, as loosened by what real Upbit servers have sent
 * (`upbit-protocol.md` §10.1: fields seen missing are optional, fields seen `null` nullable); the
 * decoder still checks what a frame does hold.
 *
 * @module
 */
import type { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type {
  AskBid,
  CandleType,
  Change,
  MarketState,
  MarketWarning,
  OrderState,
  OrderType,
  SmpType,
  StreamType,
  TimeInForce,
} from "../types.ts";

/**
 * The SIMPLE twin of a DEFAULT shape: every key renamed through table `K`.
 *
 * @example Rename keys at the type level
 * ```ts
 * import type { Abbreviated } from "./wire_shapes.ts";
 * type T = Abbreviated<{ trade_price: number }, { trade_price: "tp" }>; // { tp: number }
 * ```
 */
export type Abbreviated<T, K extends Readonly<Record<string, string>>> = {
  [P in keyof T as P extends keyof K ? K[P] : never]: T[P];
};

/**
 * A DEFAULT `ticker` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { TickerWire } from "./wire_shapes.ts";
 * const price = (o: TickerWire) => o.trade_price;
 * ```
 */
export interface TickerWire {
  type: "ticker";
  code: string;
  opening_price: number;
  high_price: number;
  low_price: number;
  trade_price: number;
  prev_closing_price: number;
  change: Change;
  change_price: number;
  signed_change_price: number;
  change_rate: number;
  signed_change_rate: number;
  trade_volume: number;
  acc_trade_volume: number;
  acc_trade_volume_24h?: number | null | undefined; // null in an older live capture (§10.1)
  acc_trade_price: number;
  acc_trade_price_24h?: number | null | undefined; // null in an older live capture (§10.1)
  trade_date: string;
  trade_time: string;
  trade_timestamp: number;
  ask_bid: AskBid;
  acc_ask_volume: number;
  acc_bid_volume: number;
  highest_52_week_price: number;
  highest_52_week_date: string;
  lowest_52_week_price: number;
  lowest_52_week_date: string;
  market_state: MarketState;
  // Deprecated and announced for removal from the ticker (§10.1): may be missing.
  is_trading_suspended?: boolean | null | undefined;
  delisting_date?: string | null | undefined;
  market_warning?: MarketWarning | null | undefined;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A DEFAULT `trade` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { TradeWire } from "./wire_shapes.ts";
 * const id = (o: TradeWire) => o.sequential_id;
 * ```
 */
export interface TradeWire {
  type: "trade";
  code: string;
  trade_price: number;
  trade_volume: number;
  ask_bid: AskBid;
  prev_closing_price: number;
  change: Change;
  change_price: number;
  trade_date: string;
  trade_time: string;
  trade_timestamp: number;
  timestamp: number;
  sequential_id: number; // above 2^53: the decoder reads the exact digits from the text
  // Added 2024-11-27; missing in live frames of older and regional servers (§10.1).
  best_ask_price?: number | null | undefined;
  best_ask_size?: number | null | undefined;
  best_bid_price?: number | null | undefined;
  best_bid_size?: number | null | undefined;
  stream_type: StreamType;
}

/**
 * One DEFAULT `orderbook_units` entry.
 *
 * @example Read one level
 * ```ts
 * import type { OrderbookUnitWire } from "./wire_shapes.ts";
 * const spread = (u: OrderbookUnitWire) => u.ask_price - u.bid_price;
 * ```
 */
export interface OrderbookUnitWire {
  ask_price: number;
  bid_price: number;
  ask_size: number;
  bid_size: number;
}

/**
 * A DEFAULT `orderbook` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { OrderbookWire } from "./wire_shapes.ts";
 * const depth = (o: OrderbookWire) => o.orderbook_units.length;
 * ```
 */
export interface OrderbookWire {
  type: "orderbook";
  code: string;
  total_ask_size: number;
  total_bid_size: number;
  orderbook_units: OrderbookUnitWire[];
  timestamp: number;
  level?: number | undefined;
  stream_type: StreamType;
}

/**
 * A DEFAULT `candle.*` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { CandleWire } from "./wire_shapes.ts";
 * const close = (o: CandleWire) => o.trade_price;
 * ```
 */
export interface CandleWire {
  type: CandleType;
  code: string;
  candle_date_time_utc: string;
  candle_date_time_kst: string;
  opening_price: number;
  high_price: number;
  low_price: number;
  trade_price: number;
  candle_acc_trade_volume: number;
  candle_acc_trade_price: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A DEFAULT `myOrder` frame; the nullable fields may also be absent. Market buys carry null
 * volumes, market sells a null price, and regional hosts omit the later-added fields (§10.1).
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { MyOrderWire } from "./wire_shapes.ts";
 * const filled = (o: MyOrderWire) => o.state === "trade";
 * ```
 */
export interface MyOrderWire {
  type: "myOrder";
  code: string;
  uuid: string;
  ask_bid: AskBid;
  order_type: OrderType;
  state: OrderState;
  trade_uuid?: string | null | undefined;
  price: number | null; // null for a market sell
  avg_price: number;
  volume: number | null; // null for a market buy
  remaining_volume: number | null; // null for a market buy
  executed_volume: number;
  trades_count: number;
  reserved_fee: number;
  remaining_fee: number;
  paid_fee: number;
  locked: number;
  executed_funds: number;
  time_in_force?: TimeInForce | null | undefined;
  trade_fee?: number | null | undefined;
  is_maker?: boolean | null | undefined;
  identifier?: string | null | undefined;
  smp_type?: SmpType | null | undefined;
  prevented_volume?: number | null | undefined; // null for a market buy; absent on regional hosts
  prevented_locked?: number | null | undefined; // absent on regional hosts
  trade_timestamp?: number | null | undefined;
  order_timestamp: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * One DEFAULT `assets` entry.
 *
 * @example Read one balance
 * ```ts
 * import type { AssetWire } from "./wire_shapes.ts";
 * const total = (a: AssetWire) => a.balance + a.locked;
 * ```
 */
export interface AssetWire {
  currency: string;
  balance: number;
  locked: number;
}

/**
 * A DEFAULT `myAsset` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { MyAssetWire } from "./wire_shapes.ts";
 * const currencies = (o: MyAssetWire) => o.assets.map((a) => a.currency);
 * ```
 */
export interface MyAssetWire {
  type: "myAsset";
  asset_uuid: string;
  assets: AssetWire[];
  asset_timestamp: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A SIMPLE `ticker` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { TickerSimpleWire } from "./wire_shapes.ts";
 * const price = (o: TickerSimpleWire) => o.tp;
 * ```
 */
export type TickerSimpleWire = Abbreviated<TickerWire, typeof SIMPLE_KEYS.ticker> & Legacy;

/**
 * A SIMPLE `trade` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { TradeSimpleWire } from "./wire_shapes.ts";
 * const date = (o: TradeSimpleWire) => o.td;
 * ```
 */
export type TradeSimpleWire = Abbreviated<TradeWire, typeof SIMPLE_KEYS.trade> & Legacy;

/**
 * A SIMPLE `orderbook` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { OrderbookSimpleWire } from "./wire_shapes.ts";
 * const best = (o: OrderbookSimpleWire) => o.obu[0]?.ap;
 * ```
 */
export type OrderbookSimpleWire =
  & Omit<Abbreviated<OrderbookWire, typeof SIMPLE_KEYS.orderbook>, "obu">
  & { obu: Abbreviated<OrderbookUnitWire, typeof SIMPLE_KEYS.orderbook_units>[] }
  & Legacy;

/**
 * A SIMPLE `candle.*` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { CandleSimpleWire } from "./wire_shapes.ts";
 * const start = (o: CandleSimpleWire) => o.cdttmu;
 * ```
 */
export type CandleSimpleWire = Abbreviated<CandleWire, typeof SIMPLE_KEYS.candle> & Legacy;

/**
 * A SIMPLE `myOrder` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { MyOrderSimpleWire } from "./wire_shapes.ts";
 * const id = (o: MyOrderSimpleWire) => o.uid;
 * ```
 */
export type MyOrderSimpleWire = Abbreviated<MyOrderWire, typeof SIMPLE_KEYS.myOrder> & Legacy;

/**
 * A SIMPLE `myAsset` frame.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { MyAssetSimpleWire } from "./wire_shapes.ts";
 * const currencies = (o: MyAssetSimpleWire) => o.ast.map((a) => a.cu);
 * ```
 */
export type MyAssetSimpleWire =
  & Omit<Abbreviated<MyAssetWire, typeof SIMPLE_KEYS.myAsset>, "ast">
  & { ast: Abbreviated<AssetWire, typeof SIMPLE_KEYS.assets>[] };

/** The pre-2019 SIMPLE key for the market code, still accepted in place of `cd`. */
interface Legacy {
  mk?: string | undefined;
}
