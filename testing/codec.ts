/**
 * Frame encoding as Upbit does it: DEFAULT keys or the official SIMPLE abbreviations, one object
 * per frame or JSON arrays (`JSON_LIST`, `SIMPLE_LIST`), numbers either as JavaScript writes them
 * or spelled like Java (`1.16539E8`), and `sequential_id` kept exact beyond 2^53.
 *
 * @module
 */

/**
 * A JSON value as the emulator writes it; `bigint` is written as an exact integer.
 *
 * @example A frame value with an exact id
 * ```ts
 * import { writeJson, type WireValue } from "upbit-ws/testing";
 * const v: WireValue = { sequential_id: 17877285547970000n };
 * console.log(writeJson(v));
 * ```
 */
export type WireValue = string | number | boolean | null | bigint | WireValue[] | WireObject;

/**
 * A JSON object whose key order is kept on the wire.
 *
 * @example A DEFAULT-format frame
 * ```ts
 * import type { WireObject } from "upbit-ws/testing";
 * const frame: WireObject = { type: "trade", code: "KRW-BTC", trade_price: 1 };
 * ```
 */
export interface WireObject {
  /** Any key. */
  [key: string]: WireValue;
}

/**
 * Upbit's four wire formats.
 *
 * @example Pick a format
 * ```ts
 * import type { Format } from "upbit-ws/testing";
 * const format: Format = "SIMPLE_LIST";
 * ```
 */
export type Format = "DEFAULT" | "SIMPLE" | "JSON_LIST" | "SIMPLE_LIST";

/**
 * Every format value Upbit accepts.
 *
 * @example Validate a format name
 * ```ts
 * import { FORMATS } from "upbit-ws/testing";
 * console.log(FORMATS.includes("SIMPLE")); // true
 * ```
 */
export const FORMATS: readonly Format[] = Object.freeze([
  "DEFAULT",
  "SIMPLE",
  "JSON_LIST",
  "SIMPLE_LIST",
]);

interface Table {
  keys: Record<string, string>;
  nested?: Record<string, Record<string, string>>;
}

const COMMON = { type: "ty", code: "cd", timestamp: "tms", stream_type: "st" };

const TICKER: Table = {
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

const TRADE: Table = {
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

const ORDERBOOK: Table = {
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

const CANDLE: Table = {
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

const MY_ORDER: Table = {
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

const MY_ASSET: Table = {
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

const ANNOUNCEMENT: Table = {
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
const INDICATOR: Table = {
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

const LIST_SUBSCRIPTIONS: Table = {
  keys: { method: "mthd", result: "rslt", ticket: "tckt" },
  nested: { result: { type: "ty", codes: "cds", level: "lv" } },
};

function tableFor(obj: WireObject): Table | undefined {
  const t = obj["type"];
  if (t === "ticker") return TICKER;
  if (t === "trade") return TRADE;
  if (t === "orderbook") return ORDERBOOK;
  if (typeof t === "string" && t.startsWith("candle.")) return CANDLE;
  if (t === "myOrder") return MY_ORDER;
  if (t === "myAsset") return MY_ASSET;
  if (t === "announcement") return ANNOUNCEMENT;
  if (t === "indicator" || t === "indicator_signal") return INDICATOR;
  if (obj["method"] === "LIST_SUBSCRIPTIONS") return LIST_SUBSCRIPTIONS;
  return undefined;
}

function invert(t: Table): Table {
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.keys)) keys[v] = k;
  const out: Table = { keys };
  if (t.nested) {
    const nested: Record<string, Record<string, string>> = {};
    for (const [parent, sub] of Object.entries(t.nested)) {
      const inv: Record<string, string> = {};
      for (const [k, v] of Object.entries(sub)) inv[v] = k;
      const abbr = t.keys[parent];
      if (abbr) nested[abbr] = inv;
    }
    out.nested = nested;
  }
  return out;
}

/**
 * The official SIMPLE abbreviation of every DEFAULT key, per data type (nested keys as
 * `parent.child`), e.g. `SIMPLE_KEYS.ticker.trade_price === "tp"`.
 *
 * @example Look up an abbreviation
 * ```ts
 * import { SIMPLE_KEYS } from "upbit-ws/testing";
 * console.log(SIMPLE_KEYS.orderbook["orderbook_units.ask_price"]); // "ap"
 * ```
 */
export const SIMPLE_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object
  .freeze(
    Object.fromEntries(
      ([
        ["ticker", TICKER],
        ["trade", TRADE],
        ["orderbook", ORDERBOOK],
        ["candle", CANDLE],
        ["myOrder", MY_ORDER],
        ["myAsset", MY_ASSET],
        ["announcement", ANNOUNCEMENT],
        ["indicator", INDICATOR],
        ["LIST_SUBSCRIPTIONS", LIST_SUBSCRIPTIONS],
      ] as const).map(([name, t]) => {
        const flat: Record<string, string> = { ...t.keys };
        for (const [parent, sub] of Object.entries(t.nested ?? {})) {
          for (const [k, v] of Object.entries(sub)) flat[`${parent}.${k}`] = v;
        }
        return [name, Object.freeze(flat)];
      }),
    ),
  );

// Keys Upbit types as Long: always written as plain integers.
const LONG_KEYS: ReadonlySet<string> = new Set([
  "timestamp",
  "trade_timestamp",
  "sequential_id",
  "trades_count",
  "order_timestamp",
  "asset_timestamp",
]);
// Keys written plainly even in Java spelling (the probe saw integer book prices and `lv:0`).
const PLAIN_KEYS: ReadonlySet<string> = new Set([
  "ask_price",
  "bid_price",
  "best_ask_price",
  "best_bid_price",
  "level",
]);

/**
 * A double written the way Java's `Double.toString` writes it: `0.0`, `148956000` →
 * `1.48956E8`, `0.00079276` → `7.9276E-4`, `0.5` → `0.5`, `1402` → `1402.0`.
 *
 * @param x a finite number
 * @returns its Java spelling
 *
 * @example Java spelling of a price
 * ```ts
 * import { javaDouble } from "upbit-ws/testing";
 * console.log(javaDouble(116539000)); // "1.16539E8"
 * ```
 */
export function javaDouble(x: number): string {
  if (!Number.isFinite(x)) return "null";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mant = "0", exp = "0"] = x.toExponential().split("e");
  const m = mant.includes(".") ? mant : `${mant}.0`;
  return `${m}E${Number(exp)}`;
}

interface WriteOptions {
  javaNumbers: boolean;
}

function writeNumber(x: number, key: string, o: WriteOptions): string {
  if (!Number.isFinite(x)) return "null";
  if (!o.javaNumbers || LONG_KEYS.has(key) || PLAIN_KEYS.has(key)) return String(x);
  return javaDouble(x);
}

function write(v: WireValue, key: string, o: WriteOptions): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return writeNumber(v, key, o);
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
  }
  if (Array.isArray(v)) return `[${v.map((x) => write(x, key, o)).join(",")}]`;
  const parts: string[] = [];
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${write(x, k, o)}`);
  }
  return `{${parts.join(",")}}`;
}

function rename(obj: WireObject, t: Table): WireObject {
  const out: WireObject = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    const nk = t.keys[k] ?? k;
    const sub = t.nested?.[k];
    if (sub && Array.isArray(v)) {
      out[nk] = v.map((item) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
        const o: WireObject = {};
        for (const ik of Object.keys(item)) {
          const iv = item[ik];
          if (iv !== undefined) o[sub[ik] ?? ik] = iv;
        }
        return o;
      });
    } else if (sub && v !== null && typeof v === "object" && !Array.isArray(v)) {
      const o: WireObject = {};
      for (const ik of Object.keys(v)) {
        const iv = (v as WireObject)[ik];
        if (iv !== undefined) o[sub[ik] ?? ik] = iv;
      }
      out[nk] = o;
    } else {
      out[nk] = v;
    }
  }
  return out;
}

/**
 * Renames an object's DEFAULT keys to SIMPLE abbreviations (nested objects included).
 *
 * @param obj a DEFAULT-format frame object
 * @returns a new object with abbreviated keys, in the same order
 *
 * @example Abbreviate a trade
 * ```ts
 * import { toSimple } from "upbit-ws/testing";
 * console.log(toSimple({ type: "trade", code: "KRW-BTC", trade_price: 1 })); // { ty: "trade", cd: "KRW-BTC", tp: 1 }
 * ```
 */
export function toSimple(obj: WireObject): WireObject {
  const t = tableFor(obj);
  return t ? rename(obj, t) : obj;
}

const SIMPLE_BY_TYPE: ReadonlyMap<string, Table> = new Map<string, Table>([
  ["ticker", invert(TICKER)],
  ["trade", invert(TRADE)],
  ["orderbook", invert(ORDERBOOK)],
  ["candle", invert(CANDLE)],
  ["myOrder", invert(MY_ORDER)],
  ["myAsset", invert(MY_ASSET)],
  ["announcement", invert(ANNOUNCEMENT)],
  ["indicator", invert(INDICATOR)],
  ["indicator_signal", invert(INDICATOR)],
]);

/**
 * Renames SIMPLE keys back to DEFAULT names; objects already in DEFAULT come back unchanged.
 *
 * @param obj a frame object in either naming
 * @returns the object with DEFAULT keys
 *
 * @example Expand a SIMPLE trade
 * ```ts
 * import { toDefault } from "upbit-ws/testing";
 * console.log(toDefault({ ty: "trade", cd: "KRW-BTC", tp: 1 })); // { type: "trade", code: "KRW-BTC", trade_price: 1 }
 * ```
 */
export function toDefault(obj: WireObject): WireObject {
  const ty = obj["ty"];
  if (typeof ty !== "string") {
    if (obj["mthd"] === "LIST_SUBSCRIPTIONS") return rename(obj, invert(LIST_SUBSCRIPTIONS));
    return obj;
  }
  const t = SIMPLE_BY_TYPE.get(ty.startsWith("candle.") ? "candle" : ty);
  return t ? rename(obj, t) : obj;
}

/**
 * Serializes one value as JSON text, keeping key order, writing bigints exactly and, with
 * `javaNumbers`, doubles in Java spelling.
 *
 * @param value what to write
 * @param options `javaNumbers` (default false)
 * @returns JSON text
 *
 * @example Exact ids and Java numbers
 * ```ts
 * import { writeJson } from "upbit-ws/testing";
 * console.log(writeJson({ sequential_id: 17877285547970000n, trade_price: 1.0e8 }, { javaNumbers: true }));
 * // {"sequential_id":17877285547970000,"trade_price":1.0E8}
 * ```
 */
export function writeJson(value: WireValue, options: { javaNumbers?: boolean } = {}): string {
  return write(value, "", { javaNumbers: options.javaNumbers ?? false });
}

/**
 * Encodes DEFAULT-format objects in a wire format: one JSON text per object for `DEFAULT` and
 * `SIMPLE`, or one JSON array for the list formats.
 *
 * @param objects DEFAULT-format frame objects
 * @param format the wire format
 * @param options `javaNumbers`
 * @returns the frame texts
 *
 * @example One SIMPLE_LIST frame
 * ```ts
 * import { encodeFrames } from "upbit-ws/testing";
 * const [text] = encodeFrames([{ type: "ticker", code: "KRW-BTC" }], "SIMPLE_LIST");
 * console.log(text); // [{"ty":"ticker","cd":"KRW-BTC"}]
 * ```
 */
export function encodeFrames(
  objects: WireObject[],
  format: Format,
  options: { javaNumbers?: boolean } = {},
): string[] {
  const o = { javaNumbers: options.javaNumbers ?? false };
  const simple = format === "SIMPLE" || format === "SIMPLE_LIST";
  const items = simple ? objects.map(toSimple) : objects;
  if (format === "DEFAULT" || format === "SIMPLE") return items.map((x) => write(x, "", o));
  return items.length === 0 ? [] : [`[${items.map((x) => write(x, "", o)).join(",")}]`];
}

/**
 * Parses frame JSON like `JSON.parse`, except that `sequential_id`/`sid` become exact bigints.
 *
 * @param text JSON text
 * @returns the parsed value
 *
 * @example Read an exact sequential id
 * ```ts
 * import { parseWire } from "upbit-ws/testing";
 * const v = parseWire('{"sid":17877285547970001}') as { sid: bigint };
 * console.log(v.sid); // 17877285547970001n
 * ```
 */
export function parseWire(text: string): WireValue {
  const marked = text.replace(/("(?:sequential_id|sid)"\s*:\s*)(-?\d+)/g, '$1"\\u0000$2"');
  return JSON.parse(
    marked,
    (_k, v: unknown) => typeof v === "string" && v.startsWith("\u0000") ? BigInt(v.slice(1)) : v,
  ) as WireValue;
}
