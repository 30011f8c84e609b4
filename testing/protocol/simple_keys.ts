/**
 * The emulator's own reading of Upbit's SIMPLE abbreviations: one table per data type (DEFAULT key
 * → SIMPLE key, nested keys per parent), written from the docs independently of the client's
 * `src/protocol/simple_keys.ts` so that a test can check the two readings agree. The file is
 * longer than 250 lines because it is one table per data type and nothing else.
 *
 * @module
 */

/** One data type's renaming: top-level keys and, per parent key, the keys nested inside it. @internal */
export interface SimpleTable {
  /** DEFAULT key → SIMPLE key. */
  keys: Record<string, string>;
  /** Parent DEFAULT key → (nested DEFAULT key → nested SIMPLE key). */
  nested?: Record<string, Record<string, string>>;
}

const COMMON = { type: "ty", code: "cd", timestamp: "tms", stream_type: "st" };

const TICKER: SimpleTable = {
  keys: {
    ...COMMON,
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
    trade_status: "ts",
    market_state_for_ios: "msfi",
  },
};

const TRADE: SimpleTable = {
  keys: {
    ...COMMON,
    trade_price: "tp",
    trade_volume: "tv",
    ask_bid: "ab",
    prev_closing_price: "pcp",
    change: "c",
    change_price: "cp",
    trade_date: "td",
    trade_time: "ttm",
    trade_timestamp: "ttms",
    sequential_id: "sid",
    best_ask_price: "bap",
    best_ask_size: "bas",
    best_bid_price: "bbp",
    best_bid_size: "bbs",
  },
};

const ORDERBOOK: SimpleTable = {
  keys: {
    ...COMMON,
    total_ask_size: "tas",
    total_bid_size: "tbs",
    orderbook_units: "obu",
    level: "lv",
  },
  nested: {
    orderbook_units: { ask_price: "ap", bid_price: "bp", ask_size: "as", bid_size: "bs" },
  },
};

const CANDLE: SimpleTable = {
  keys: {
    ...COMMON,
    candle_date_time_utc: "cdttmu",
    candle_date_time_kst: "cdttmk",
    opening_price: "op",
    high_price: "hp",
    low_price: "lp",
    trade_price: "tp",
    candle_acc_trade_volume: "catv",
    candle_acc_trade_price: "catp",
  },
};

const MY_ORDER: SimpleTable = {
  keys: {
    ...COMMON,
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
  },
};

const MY_ASSET: SimpleTable = {
  keys: {
    type: "ty",
    asset_uuid: "astuid",
    assets: "ast",
    asset_timestamp: "asttms",
    timestamp: "tms",
    stream_type: "st",
  },
  nested: { assets: { currency: "cu", balance: "b", locked: "l" } },
};

const ANNOUNCEMENT: SimpleTable = {
  keys: {
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
};

// `indicator` and `indicator_signal` (upbit-indicators.md §5.1/§5.2): SIMPLE shortens the keys
// inside params, event_params and value too. `multiplier` is `m` in params, `mul` in
// event_params; the moving average's inner `value` stays `value`.
const INDICATOR: SimpleTable = {
  keys: {
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
  nested: {
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
  },
};

const LIST_SUBSCRIPTIONS: SimpleTable = {
  keys: { method: "mthd", result: "rslt", ticket: "tckt" },
  nested: { result: { type: "ty", codes: "cds", level: "lv" } },
};

/**
 * Every data type's table, by the name Upbit gives the type (`candle` for every `candle.*`,
 * `indicator` for `indicator` and `indicator_signal`; `LIST_SUBSCRIPTIONS` for the answer to that
 * method). @internal
 */
export const SIMPLE_TABLES: ReadonlyMap<string, SimpleTable> = new Map<string, SimpleTable>([
  ["ticker", TICKER],
  ["trade", TRADE],
  ["orderbook", ORDERBOOK],
  ["candle", CANDLE],
  ["myOrder", MY_ORDER],
  ["myAsset", MY_ASSET],
  ["announcement", ANNOUNCEMENT],
  ["indicator", INDICATOR],
  ["LIST_SUBSCRIPTIONS", LIST_SUBSCRIPTIONS],
]);

/**
 * The official SIMPLE abbreviation of every DEFAULT key, per data type (nested keys as
 * `parent.child`), e.g. `SIMPLE_KEYS.ticker.trade_price === "tp"`.
 *
 * @example Look up an abbreviation
 * ```ts
 * import { SIMPLE_KEYS } from "upbit-ws/testing";
 * console.log(SIMPLE_KEYS["orderbook"]?.["orderbook_units.ask_price"]); // "ap"
 * ```
 */
export const SIMPLE_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object
  .freeze(
    Object.fromEntries(
      [...SIMPLE_TABLES].map(([name, t]) => {
        const flat: Record<string, string> = { ...t.keys };
        for (const [parent, sub] of Object.entries(t.nested ?? {})) {
          for (const [k, v] of Object.entries(sub)) flat[`${parent}.${k}`] = v;
        }
        return [name, Object.freeze(flat)];
      }),
    ),
  );
