/**
 * Upbit's official SIMPLE abbreviations (docs.upbit.com, one table per data type), keyed by the
 * DEFAULT field name. Nested lists and objects have their own table, named after their DEFAULT key
 * (`orderbook_units`, `assets`, `result`, and the indicators' `params`, `event_params`, `value`).
 * Private module, and the client's one written copy of the official mapping: the decoder's
 * mappers spell the keys out by hand for speed, typed against these tables so that they cannot
 * drift; the schemas, the control frames, the announcement and indicator decoders and the tests
 * read them from here. The emulator (`testing/`) keeps its own reading on purpose;
 * `tests/unit/protocol/tables_agree.test.ts` checks that the two agree. One table, written out
 * key by key, hence the length.
 *
 * @module
 */

/**
 * DEFAULT field name → SIMPLE abbreviation, per data type and per nested list.
 *
 * @example Convert one key
 * ```ts
 * import { SIMPLE_KEYS } from "./simple_keys.ts";
 * console.log(SIMPLE_KEYS.trade.trade_date); // "td" (ticker uses "tdt")
 * ```
 */
export const SIMPLE_KEYS = {
  ticker: {
    type: "ty",
    code: "cd",
    opening_price: "op",
    high_price: "hp",
    low_price: "lp",
    trade_price: "tp",
    prev_closing_price: "pcp",
    change: "c",
    change_price: "cp",
    signed_change_price: "scp",
    change_rate: "cr",
    signed_change_rate: "scr",
    trade_volume: "tv",
    acc_trade_volume: "atv",
    acc_trade_volume_24h: "atv24h",
    acc_trade_price: "atp",
    acc_trade_price_24h: "atp24h",
    trade_date: "tdt",
    trade_time: "ttm",
    trade_timestamp: "ttms",
    ask_bid: "ab",
    acc_ask_volume: "aav",
    acc_bid_volume: "abv",
    highest_52_week_price: "h52wp",
    highest_52_week_date: "h52wdt",
    lowest_52_week_price: "l52wp",
    lowest_52_week_date: "l52wdt",
    market_state: "ms",
    is_trading_suspended: "its",
    delisting_date: "dd",
    market_warning: "mw",
    timestamp: "tms",
    stream_type: "st",
  },
  trade: {
    type: "ty",
    code: "cd",
    trade_price: "tp",
    trade_volume: "tv",
    ask_bid: "ab",
    prev_closing_price: "pcp",
    change: "c",
    change_price: "cp",
    trade_date: "td",
    trade_time: "ttm",
    trade_timestamp: "ttms",
    timestamp: "tms",
    sequential_id: "sid",
    best_ask_price: "bap",
    best_ask_size: "bas",
    best_bid_price: "bbp",
    best_bid_size: "bbs",
    stream_type: "st",
  },
  orderbook: {
    type: "ty",
    code: "cd",
    total_ask_size: "tas",
    total_bid_size: "tbs",
    orderbook_units: "obu",
    timestamp: "tms",
    level: "lv",
    stream_type: "st",
  },
  orderbook_units: {
    ask_price: "ap",
    bid_price: "bp",
    ask_size: "as",
    bid_size: "bs",
  },
  candle: {
    type: "ty",
    code: "cd",
    candle_date_time_utc: "cdttmu",
    candle_date_time_kst: "cdttmk",
    opening_price: "op",
    high_price: "hp",
    low_price: "lp",
    trade_price: "tp",
    candle_acc_trade_volume: "catv",
    candle_acc_trade_price: "catp",
    timestamp: "tms",
    stream_type: "st",
  },
  myOrder: {
    type: "ty",
    code: "cd",
    uuid: "uid",
    ask_bid: "ab",
    order_type: "ot",
    state: "s",
    trade_uuid: "tuid",
    price: "p",
    avg_price: "ap",
    volume: "v",
    remaining_volume: "rv",
    executed_volume: "ev",
    trades_count: "tc",
    reserved_fee: "rsf",
    remaining_fee: "rmf",
    paid_fee: "pf",
    locked: "l",
    executed_funds: "ef",
    time_in_force: "tif",
    trade_fee: "tf",
    is_maker: "im",
    identifier: "id",
    smp_type: "smpt",
    prevented_volume: "pv",
    prevented_locked: "pl",
    trade_timestamp: "ttms",
    order_timestamp: "otms",
    timestamp: "tms",
    stream_type: "st",
  },
  myAsset: {
    type: "ty",
    asset_uuid: "astuid",
    assets: "ast",
    asset_timestamp: "asttms",
    timestamp: "tms",
    stream_type: "st",
  },
  assets: {
    currency: "cu",
    balance: "b",
    locked: "l",
  },
  LIST_SUBSCRIPTIONS: {
    method: "mthd",
    result: "rslt",
    ticket: "tckt",
  },
  result: {
    type: "ty",
    codes: "cds",
    level: "lv",
  },
  announcement: {
    type: "ty",
    event_type: "et",
    uuid: "uid",
    title: "tt",
    category: "cat",
    url: "url",
    first_listed_at: "flat",
    listed_at: "lat",
    body: "bd",
    timestamp: "tms",
    stream_type: "st",
  },
  // `indicator` and `indicator_signal` (`upbit-indicators.md` §5.2) share one table; SIMPLE
  // shortens the keys inside `params`, `event_params` and `value` too, with traps: the top-level
  // `value` is `v` but the moving average's inner `value` stays `value`; `multiplier` is `m`
  // under `params` and `mul` under `event_params`; `p` is `params` at the top and `period` inside.
  indicator: {
    type: "ty",
    code: "cd",
    timeframe: "tf",
    indicator: "ind",
    params: "p",
    trigger: "tr",
    event_params: "ep",
    value: "v",
    candle_date_time_utc: "cdttmu",
    timestamp: "tms",
    stream_type: "st",
  },
  params: {
    period: "p",
    type: "t",
    short_period: "shp",
    long_period: "lop",
    multiplier: "m",
    fast: "f",
    slow: "s",
    signal_period: "sgp",
  },
  event_params: { threshold: "th", multiplier: "mul" },
  value: {
    volume: "vol",
    avg_volume: "av",
    ratio: "rto",
    rsi: "rsi",
    value: "value",
    ma_short: "mas",
    ma_long: "mal",
    bb_upper: "bbu",
    bb_middle: "bbm",
    bb_lower: "bbl",
    macd: "macd",
    macd_signal: "macds",
    histogram: "hist",
  },
} as const;

/**
 * The data types whose tables of {@linkcode SIMPLE_KEYS} the decoder's schemas use: the frequent
 * types, each checked by a schema (announcement and indicator frames are checked in full by their
 * decoders instead).
 *
 * @example Name a table
 * ```ts
 * import type { KeyedType } from "./simple_keys.ts";
 * const t: KeyedType = "candle"; // every candle.* type shares one table
 * ```
 */
export type KeyedType = "ticker" | "trade" | "orderbook" | "candle" | "myOrder" | "myAsset";
