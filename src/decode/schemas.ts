/**
 * Valibot schemas of every data frame, in DEFAULT and SIMPLE keys: the documented shape, loosened
 * where real Upbit frames are looser than the docs (`upbit-protocol.md` §10.1: fields seen
 * missing are optional, fields seen `null` nullable), with the closed value sets of the docs as
 * picklists. Unknown extra fields pass. The decoder does not run them on the hot path: they check
 * the first frame of each type and format (or every frame in strict mode, until one fails), which
 * reports a drift without dropping the frame, and they explain, field by field, why a frame
 * failed the cheap per-frame checks (then it cannot be the event and is dropped). The
 * DEFAULT schemas are checked against the wire types at compile time; the SIMPLE ones are derived
 * from them through the official abbreviation table. Private module.
 *
 * @module
 */
import * as v from "valibot";
import { quote } from "../args.ts";
import { CANDLE_TYPES, type KeyedType, SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type {
  CandleWire,
  MyAssetWire,
  MyOrderWire,
  OrderbookWire,
  TickerWire,
  TradeWire,
} from "./wire_shapes.ts";

// Finite: `1e999` parses to Infinity, which no Upbit price or size can be.
const num = v.pipe(v.number(), v.finite());
const str = v.string();
const change = v.picklist(["RISE", "EVEN", "FALL"]);
const askBid = v.picklist(["ASK", "BID"]);
const streamType = v.picklist(["SNAPSHOT", "REALTIME"]);
// Closed sets of the docs. A value outside one is still delivered; the schema reports the drift.
const marketState = v.picklist(["PREVIEW", "ACTIVE", "DELISTED"]);
const orderType = v.picklist(["limit", "price", "market", "best"]);
const orderState = v.picklist(["wait", "watch", "trade", "done", "cancel", "prevented"]);
// Open sets (Upbit has added values before): any string, as the event types say.
const smpType = str;
const timeInForce = str;
const marketWarning = str;

const tickerEntries = {
  type: v.literal("ticker"),
  code: str,
  opening_price: num,
  high_price: num,
  low_price: num,
  trade_price: num,
  prev_closing_price: num,
  change,
  change_price: num,
  signed_change_price: num,
  change_rate: num,
  signed_change_rate: num,
  trade_volume: num,
  acc_trade_volume: num,
  acc_trade_volume_24h: v.nullish(num), // null in an older live capture (§10.1)
  acc_trade_price: num,
  acc_trade_price_24h: v.nullish(num),
  trade_date: str,
  trade_time: str,
  trade_timestamp: num,
  ask_bid: askBid,
  acc_ask_volume: num,
  acc_bid_volume: num,
  highest_52_week_price: num,
  highest_52_week_date: str,
  lowest_52_week_price: num,
  lowest_52_week_date: str,
  market_state: marketState,
  // Deprecated and announced for removal from the ticker (§10.1).
  is_trading_suspended: v.nullish(v.boolean()),
  delisting_date: v.nullish(str),
  market_warning: v.nullish(marketWarning),
  timestamp: num,
  stream_type: streamType,
};

const tradeEntries = {
  type: v.literal("trade"),
  code: str,
  trade_price: num,
  trade_volume: num,
  ask_bid: askBid,
  prev_closing_price: num,
  change,
  change_price: num,
  trade_date: str,
  trade_time: str,
  trade_timestamp: num,
  timestamp: num,
  sequential_id: v.pipe(num, v.integer(), v.minValue(0)),
  // Added 2024-11-27; missing in live frames of older and regional servers (§10.1).
  best_ask_price: v.nullish(num),
  best_ask_size: v.nullish(num),
  best_bid_price: v.nullish(num),
  best_bid_size: v.nullish(num),
  stream_type: streamType,
};

const unitEntries = { ask_price: num, bid_price: num, ask_size: num, bid_size: num };

const orderbookEntries = {
  type: v.literal("orderbook"),
  code: str,
  total_ask_size: num,
  total_bid_size: num,
  orderbook_units: v.array(v.object(unitEntries)),
  timestamp: num,
  level: v.optional(num),
  stream_type: streamType,
};

const candleEntries = {
  type: v.picklist(CANDLE_TYPES),
  code: str,
  candle_date_time_utc: str,
  candle_date_time_kst: str,
  opening_price: num,
  high_price: num,
  low_price: num,
  trade_price: num,
  candle_acc_trade_volume: num,
  candle_acc_trade_price: num,
  timestamp: num,
  stream_type: streamType,
};

const myOrderEntries = {
  type: v.literal("myOrder"),
  code: str,
  uuid: str,
  ask_bid: askBid,
  order_type: orderType,
  state: orderState,
  trade_uuid: v.nullish(str),
  price: v.nullable(num), // null for a market sell (§10.1)
  avg_price: num,
  volume: v.nullable(num), // null for a market buy (§10.1)
  remaining_volume: v.nullable(num), // null for a market buy (§10.1)
  executed_volume: num,
  trades_count: v.pipe(num, v.integer()),
  reserved_fee: num,
  remaining_fee: num,
  paid_fee: num,
  locked: num,
  executed_funds: num,
  time_in_force: v.nullish(timeInForce),
  trade_fee: v.nullish(num),
  is_maker: v.nullish(v.boolean()),
  identifier: v.nullish(str),
  // Added 2024–2025; regional hosts have sent frames without them (§10.1).
  smp_type: v.nullish(smpType),
  prevented_volume: v.nullish(num), // also null for a market buy
  prevented_locked: v.nullish(num),
  trade_timestamp: v.nullish(num),
  order_timestamp: num,
  timestamp: num,
  stream_type: streamType,
};

const assetEntries = { currency: str, balance: num, locked: num };

const myAssetEntries = {
  type: v.literal("myAsset"),
  asset_uuid: str,
  assets: v.array(v.object(assetEntries)),
  asset_timestamp: num,
  timestamp: num,
  stream_type: streamType,
};

// Annotated with the wire types so that a schema and the type the mappers read cannot drift.
const ticker: v.GenericSchema<unknown, TickerWire> = v.object(tickerEntries);
const trade: v.GenericSchema<unknown, TradeWire> = v.object(tradeEntries);
const orderbook: v.GenericSchema<unknown, OrderbookWire> = v.object(orderbookEntries);
const candle: v.GenericSchema<unknown, CandleWire> = v.object(candleEntries);
const myOrder: v.GenericSchema<unknown, MyOrderWire> = v.object(myOrderEntries);
const myAsset: v.GenericSchema<unknown, MyAssetWire> = v.object(myAssetEntries);

type Entries = Record<string, v.GenericSchema>;

function abbreviate(entries: Entries, table: Readonly<Record<string, string>>): Entries {
  const out: Entries = {};
  for (const [key, schema] of Object.entries(entries)) out[table[key] ?? key] = schema;
  return out;
}

/**
 * A pair of schemas for one data type: DEFAULT keys and SIMPLE keys.
 *
 * @example Pick a key style
 * ```ts
 * import type { SchemaPair } from "./schemas.ts";
 * const pick = (p: SchemaPair, simple: boolean) => (simple ? p.simple : p.default);
 * ```
 */
export interface SchemaPair {
  readonly default: v.GenericSchema;
  readonly simple: v.GenericSchema;
}

/**
 * The schemas of every data type (one pair serves all `candle.*` types).
 *
 * @example Validate a frame in strict mode
 * ```ts
 * import * as v from "valibot";
 * import { SCHEMAS } from "./schemas.ts";
 * console.log(v.is(SCHEMAS.ticker.default, { type: "ticker" })); // false
 * ```
 */
export const SCHEMAS: Readonly<Record<KeyedType, SchemaPair>> = {
  ticker: { default: ticker, simple: v.object(abbreviate(tickerEntries, SIMPLE_KEYS.ticker)) },
  trade: { default: trade, simple: v.object(abbreviate(tradeEntries, SIMPLE_KEYS.trade)) },
  orderbook: {
    default: orderbook,
    simple: v.object(abbreviate({
      ...orderbookEntries,
      orderbook_units: v.array(v.object(abbreviate(unitEntries, SIMPLE_KEYS.orderbook_units))),
    }, SIMPLE_KEYS.orderbook)),
  },
  candle: { default: candle, simple: v.object(abbreviate(candleEntries, SIMPLE_KEYS.candle)) },
  myOrder: { default: myOrder, simple: v.object(abbreviate(myOrderEntries, SIMPLE_KEYS.myOrder)) },
  myAsset: {
    default: myAsset,
    simple: v.object(abbreviate({
      ...myAssetEntries,
      assets: v.array(v.object(abbreviate(assetEntries, SIMPLE_KEYS.assets))),
    }, SIMPLE_KEYS.myAsset)),
  },
};

/**
 * Runs the full schema of `kind` on a parsed frame and says what is wrong with it, naming the
 * field by its wire key and never quoting more than a short enum-like value.
 *
 * @param kind the data type (`candle` for every `candle.*`)
 * @param simple whether the frame uses SIMPLE keys
 * @param raw the parsed frame
 * @returns `undefined` when the frame is valid, else the reason, e.g.
 *   `field "trade_price" must be a number: current type is "string"`
 *
 * @example Explain a bad frame
 * ```ts
 * import { explainFrame } from "./schemas.ts";
 * console.log(explainFrame("trade", false, { type: "trade" })); // field "code" is missing
 * ```
 */
export function explainFrame(kind: KeyedType, simple: boolean, raw: object): string | undefined {
  const pair = SCHEMAS[kind];
  let input = raw;
  if (simple && !("cd" in raw) && "mk" in raw) input = { ...raw, cd: raw.mk }; // legacy SIMPLE code
  const result = v.safeParse(simple ? pair.simple : pair.default, input, { abortEarly: true });
  const issue = result.issues?.[0];
  return issue === undefined ? undefined : describeIssue(issue);
}

/**
 * Words one valibot issue in the library's message style.
 *
 * @example Word a valibot issue
 * ```ts
 * import * as v from "valibot";
 * import { describeIssue } from "./schemas.ts";
 * const r = v.safeParse(v.object({ level: v.number() }), { level: "0" });
 * if (r.issues) console.log(describeIssue(r.issues[0])); // field "level" must be a number: …
 * ```
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const field = `field "${issuePath(issue)}"`;
  const input = issue.input;
  if (input === undefined) return `${field} is missing`;
  switch (issue.type) {
    case "literal":
    case "picklist": {
      const expected = issue.expected?.replace(/^\((.*)\)$/, "$1") ?? "";
      return `${field} must be ${expected}: ${current(input)}`;
    }
    case "integer":
      return `${field} must be an integer: current value is ${quote(String(input), 40)}`;
    case "min_value":
      return `${field} must be ${issue.expected ?? "larger"}: current value is ${
        quote(String(input), 40)
      }`;
    default:
      return `${field} must be ${article(issue.expected ?? issue.type)}: current type is "${
        jsonType(input)
      }"`;
  }
}

/**
 * The JSON type of a value, as the messages name it (`"null"` and `"array"` included).
 *
 * @example Name a value's JSON type
 * ```ts
 * import { jsonType } from "./schemas.ts";
 * console.log(jsonType([]), jsonType(null), jsonType(1)); // array null number
 * ```
 */
export function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function current(input: unknown): string {
  return typeof input === "string" && input.length <= 40
    ? `current value is ${quote(input, 40)}`
    : `current type is "${jsonType(input)}"`;
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = "";
  for (const item of issue.path ?? []) {
    out += typeof item.key === "number" ? `[${item.key}]` : `${out ? "." : ""}${String(item.key)}`;
  }
  return out;
}

function article(expected: string): string {
  const name = expected === "Object" ? "object" : expected === "Array" ? "list" : expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
