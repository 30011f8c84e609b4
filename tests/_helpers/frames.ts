/**
 * Sample Upbit frames for tests, taken from the protocol reference (§7, the official doc
 * examples), plus helpers to turn a DEFAULT frame into its SIMPLE twin through the official
 * abbreviation table, to build list frames and to encode frames as binary.
 *
 * Factories return a fresh object each call, so a test may change it freely:
 * `tickerFrame({ code: "KRW-ETH", stream_type: "SNAPSHOT" })`.
 *
 * @module
 */
import { SIMPLE_KEYS } from "../../src/protocol/simple_keys.ts";
import type {
  CandleWire,
  MyAssetWire,
  MyOrderWire,
  OrderbookUnitWire,
  OrderbookWire,
  TickerWire,
  TradeWire,
} from "../../src/decode/wire_shapes.ts";

/** Frame fields that a test may override, including ones Upbit does not define. */
type Overrides<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

function merge<T extends object>(base: T, overrides?: Overrides<T>): T {
  return { ...structuredClone(base), ...overrides } as T;
}

const TICKER: TickerWire = {
  type: "ticker",
  code: "KRW-BTC",
  opening_price: 31883000,
  high_price: 32310000,
  low_price: 31855000,
  trade_price: 32287000,
  prev_closing_price: 31883000.00000000,
  acc_trade_price: 78039261076.51241000,
  change: "RISE",
  change_price: 404000.00000000,
  signed_change_price: 404000.00000000,
  change_rate: 0.0126713295,
  signed_change_rate: 0.0126713295,
  ask_bid: "ASK",
  trade_volume: 0.03103806,
  acc_trade_volume: 2429.58834336,
  trade_date: "20230221",
  trade_time: "074102",
  trade_timestamp: 1676965262139,
  acc_ask_volume: 1146.25573608,
  acc_bid_volume: 1283.33260728,
  highest_52_week_price: 57678000.00000000,
  highest_52_week_date: "2022-03-28",
  lowest_52_week_price: 20700000.00000000,
  lowest_52_week_date: "2022-12-30",
  market_state: "ACTIVE",
  is_trading_suspended: false,
  delisting_date: null,
  market_warning: "NONE",
  timestamp: 1676965262177,
  acc_trade_price_24h: 228827082483.70729000,
  acc_trade_volume_24h: 7158.80283560,
  stream_type: "REALTIME",
};

const TRADE: TradeWire = {
  type: "trade",
  code: "KRW-BTC",
  timestamp: 1787728554853,
  trade_date: "2026-08-26",
  trade_time: "07:15:54",
  trade_timestamp: 1787728554797,
  trade_price: 109847000.0,
  trade_volume: 0.00509799,
  ask_bid: "ASK",
  prev_closing_price: 109165000.0,
  change: "RISE",
  change_price: 682000.0,
  sequential_id: 17877285547970000,
  best_ask_price: 109867000,
  best_ask_size: 0.0099545,
  best_bid_price: 109847000,
  best_bid_size: 0.1583673,
  stream_type: "SNAPSHOT",
};

const ORDERBOOK: OrderbookWire = {
  type: "orderbook",
  code: "KRW-BTC",
  timestamp: 1746601573804,
  total_ask_size: 4.79158413,
  total_bid_size: 2.65609625,
  orderbook_units: [
    { ask_price: 137002000, bid_price: 137001000, ask_size: 0.10623869, bid_size: 0.03656812 },
    { ask_price: 137023000, bid_price: 137000000, ask_size: 0.06144079, bid_size: 0.33543284 },
    { ask_price: 137050000, bid_price: 136999000, ask_size: 0.0055433, bid_size: 0.00104379 },
  ],
  stream_type: "SNAPSHOT",
  level: 0,
};

const CANDLE: CandleWire = {
  type: "candle.1m",
  code: "KRW-BTC",
  candle_date_time_utc: "2026-08-26T08:08:00",
  candle_date_time_kst: "2026-08-26T17:08:00",
  opening_price: 109715000.0,
  high_price: 109756000.0,
  low_price: 109714000.0,
  trade_price: 109756000.0,
  candle_acc_trade_volume: 0.71326612,
  candle_acc_trade_price: 78269528.64757,
  timestamp: 1787731717049,
  stream_type: "SNAPSHOT",
};

const MY_ORDER: MyOrderWire = {
  type: "myOrder",
  code: "KRW-BTC",
  uuid: "ac2dc2a3-fce9-40a2-a4f6-5987c25c438f",
  ask_bid: "BID",
  order_type: "limit",
  state: "trade",
  trade_uuid: "68315169-fba4-4175-ade3-aff14a616657",
  price: 0.001453,
  avg_price: 0.00145372,
  volume: 30925891.29839369,
  remaining_volume: 29968038.09235948,
  executed_volume: 30925891.29839369,
  trades_count: 1,
  reserved_fee: 44.23943970238218,
  remaining_fee: 21.77177967409916,
  paid_fee: 22.467660028283017,
  locked: 43565.33112787242,
  executed_funds: 44935.32005656603,
  time_in_force: null,
  trade_fee: 22.467660028283017,
  is_maker: true,
  identifier: "test-1",
  smp_type: "cancel_maker",
  prevented_volume: 1.174291929,
  prevented_locked: 0.001706246173,
  trade_timestamp: 1710751590421,
  order_timestamp: 1710751590000,
  timestamp: 1710751597500,
  stream_type: "REALTIME",
};

const MY_ASSET: MyAssetWire = {
  type: "myAsset",
  asset_uuid: "e635f223-1609-4969-8fb6-4376937baad6",
  // The doc sends 1386929.37231066771348207123 and 10329.670127489597585685: a JS number
  // cannot hold them; see MY_ASSET_TEXT for the exact text.
  assets: [{ currency: "KRW", balance: 1386929.3723106678, locked: 10329.670127489597 }],
  asset_timestamp: 1710146517259,
  timestamp: 1710146517267,
  stream_type: "REALTIME",
};

/**
 * The doc's DEFAULT ticker (§7.1).
 *
 * @example Build a sample frame
 * ```ts
 * import { tickerFrame } from "./frames.ts";
 * const eth = tickerFrame({ code: "KRW-ETH" });
 * ```
 */
export function tickerFrame(overrides?: Overrides<TickerWire>): TickerWire {
  return merge(TICKER, overrides);
}

/**
 * The doc's DEFAULT trade (§7.2, 2026 page).
 *
 * @example Build a sample frame
 * ```ts
 * import { tradeFrame } from "./frames.ts";
 * const t = tradeFrame({ sequential_id: 1 });
 * ```
 */
export function tradeFrame(overrides?: Overrides<TradeWire>): TradeWire {
  return merge(TRADE, overrides);
}

/**
 * The doc's DEFAULT orderbook (§7.3), 3 units.
 *
 * @example Build a sample frame
 * ```ts
 * import { orderbookFrame } from "./frames.ts";
 * const b = orderbookFrame({ level: 10000 });
 * ```
 */
export function orderbookFrame(overrides?: Overrides<OrderbookWire>): OrderbookWire {
  return merge(ORDERBOOK, overrides);
}

/**
 * A DEFAULT orderbook with `depth` units (default 30, Upbit's default): the doc's three levels
 * continued with asks rising and bids falling by 1000 KRW.
 *
 * @example Build a sample frame
 * ```ts
 * import { orderbookFrame30 } from "./frames.ts";
 * console.log(orderbookFrame30().orderbook_units.length); // 30
 * ```
 */
export function orderbookFrame30(
  overrides?: Overrides<OrderbookWire>,
  depth = 30,
): OrderbookWire {
  const units: OrderbookUnitWire[] = [];
  for (let i = 0; i < depth; i++) {
    units.push(
      ORDERBOOK.orderbook_units[i] ?? {
        ask_price: 137050000 + (i - 2) * 1000,
        bid_price: 136999000 - (i - 2) * 1000,
        ask_size: 0.01 * (i + 1),
        bid_size: 0.02 * (i + 1),
      },
    );
  }
  return merge({ ...ORDERBOOK, orderbook_units: units }, overrides);
}

/**
 * The doc's DEFAULT candle (§7.4), `candle.1m`; pass `{ type: "candle.5m" }` for another unit.
 *
 * @example Build a sample frame
 * ```ts
 * import { candleFrame } from "./frames.ts";
 * const c = candleFrame({ type: "candle.1s" });
 * ```
 */
export function candleFrame(overrides?: Overrides<CandleWire>): CandleWire {
  return merge(CANDLE, overrides);
}

/**
 * The doc's DEFAULT myOrder (§7.5), a fill (`state: "trade"`).
 *
 * @example Build a sample frame
 * ```ts
 * import { myOrderFrame } from "./frames.ts";
 * const waiting = myOrderFrame({ state: "wait", trade_uuid: null, trade_fee: null, is_maker: null });
 * ```
 */
export function myOrderFrame(overrides?: Overrides<MyOrderWire>): MyOrderWire {
  return merge(MY_ORDER, overrides);
}

/**
 * The doc's DEFAULT myAsset (§7.6); its amounts are rounded to doubles (see
 * {@linkcode MY_ASSET_TEXT} for the exact digits).
 *
 * @example Build a sample frame
 * ```ts
 * import { myAssetFrame } from "./frames.ts";
 * const a = myAssetFrame({ assets: [] });
 * ```
 */
export function myAssetFrame(overrides?: Overrides<MyAssetWire>): MyAssetWire {
  return merge(MY_ASSET, overrides);
}

/**
 * One DEFAULT frame of each data type, `candle.1m` for candles.
 *
 * @example Loop over every type
 * ```ts
 * import { allDefaultFrames } from "./frames.ts";
 * for (const f of allDefaultFrames()) console.log(f.type);
 * ```
 */
export function allDefaultFrames(): (
  | TickerWire
  | TradeWire
  | OrderbookWire
  | CandleWire
  | MyOrderWire
  | MyAssetWire
)[] {
  return [
    tickerFrame(),
    tradeFrame(),
    orderbookFrame(),
    candleFrame(),
    myOrderFrame(),
    myAssetFrame(),
  ];
}

/**
 * The SIMPLE twin of a DEFAULT frame (data types and LIST_SUBSCRIPTIONS replies), through the
 * official abbreviation table. Keys the table does not know are kept as they are.
 *
 * @example Derive the SIMPLE twin
 * ```ts
 * import { toSimple, tradeFrame } from "./frames.ts";
 * console.log(toSimple(tradeFrame()).td); // "2026-08-26"
 * ```
 */
export function toSimple(frame: object): Record<string, unknown> {
  const f = frame as Record<string, unknown>;
  const type = typeof f.type === "string" && f.type.startsWith("candle.") ? "candle" : f.type;
  const table: Readonly<Record<string, string>> | undefined = f.method !== undefined
    ? SIMPLE_KEYS.LIST_SUBSCRIPTIONS
    : SIMPLE_KEYS[type as keyof typeof SIMPLE_KEYS];
  if (table === undefined) throw new TypeError(`No SIMPLE table for ${String(f.type)}`);
  return rename(f, table);
}

function rename(
  o: Record<string, unknown>,
  table: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(o)) {
    const nested: Readonly<Record<string, string>> | undefined =
      SIMPLE_KEYS[key as keyof typeof SIMPLE_KEYS];
    out[table[key] ?? key] = Array.isArray(value) && nested !== undefined
      ? value.map((item: unknown) =>
        typeof item === "object" && item !== null
          ? rename(item as Record<string, unknown>, nested)
          : item
      )
      : value;
  }
  return out;
}

/**
 * Encodes a frame as Upbit sends it: UTF-8 JSON bytes. Strings are taken as JSON text.
 *
 * @example Encode as Upbit does
 * ```ts
 * import { encodeFrame, tickerFrame } from "./frames.ts";
 * const bytes: Uint8Array = encodeFrame(tickerFrame());
 * ```
 */
export function encodeFrame(frame: unknown): Uint8Array {
  return new TextEncoder().encode(typeof frame === "string" ? frame : JSON.stringify(frame));
}

/** §7.1 DEFAULT ticker, verbatim (Java-style trailing zeros). */
export const TICKER_TEXT =
  `{"type":"ticker","code":"KRW-BTC","opening_price":31883000,"high_price":32310000,"low_price":31855000,"trade_price":32287000,"prev_closing_price":31883000.00000000,"acc_trade_price":78039261076.51241000,"change":"RISE","change_price":404000.00000000,"signed_change_price":404000.00000000,"change_rate":0.0126713295,"signed_change_rate":0.0126713295,"ask_bid":"ASK","trade_volume":0.03103806,"acc_trade_volume":2429.58834336,"trade_date":"20230221","trade_time":"074102","trade_timestamp":1676965262139,"acc_ask_volume":1146.25573608,"acc_bid_volume":1283.33260728,"highest_52_week_price":57678000.00000000,"highest_52_week_date":"2022-03-28","lowest_52_week_price":20700000.00000000,"lowest_52_week_date":"2022-12-30","market_state":"ACTIVE","is_trading_suspended":false,"delisting_date":null,"market_warning":"NONE","timestamp":1676965262177,"acc_trade_price_24h":228827082483.70729000,"acc_trade_volume_24h":7158.80283560,"stream_type":"REALTIME"}`;

/** §7.1 SIMPLE ticker, verbatim. */
export const TICKER_SIMPLE_TEXT =
  `{"ty":"ticker","cd":"KRW-BTC","op":31883000,"hp":32310000,"lp":31855000,"tp":32287000,"pcp":31883000.00000000,"atp":78039261076.51241000,"c":"RISE","cp":404000.00000000,"scp":404000.00000000,"cr":0.0126713295,"scr":0.0126713295,"ab":"ASK","tv":0.03103806,"atv":2429.58834336,"tdt":"20230221","ttm":"074102","ttms":1676965262139,"aav":1146.25573608,"abv":1283.33260728,"h52wp":57678000.00000000,"h52wdt":"2022-03-28","l52wp":20700000.00000000,"l52wdt":"2022-12-30","ms":"ACTIVE","its":false,"dd":null,"mw":"NONE","tms":1676965262177,"atp24h":228827082483.70729000,"atv24h":7158.80283560,"st":"REALTIME"}`;

/** §7.2 SIMPLE trade, verbatim. */
export const TRADE_SIMPLE_TEXT =
  `{"ty":"trade","cd":"KRW-BTC","tms":1787728554853,"td":"2026-08-26","ttm":"07:15:54","ttms":1787728554797,"tp":109847000.0,"tv":0.00509799,"ab":"ASK","pcp":109165000.0,"c":"RISE","cp":682000.0,"sid":17877285547970000,"bap":109867000,"bas":0.0099545,"bbp":109847000,"bbs":0.1583673,"st":"SNAPSHOT"}`;

/** §7.2 the 2018 SIMPLE trade: legacy `mk` for the code, no `ty`, no best bid/ask. */
export const TRADE_LEGACY_TEXT =
  `{"mk":"KRW-BTC","tms":1523531768829,"td":"2018-04-12","ttm":"11:16:03","ttms":1523531763000,"tp":7691000.0,"tv":0.00996719,"ab":"BID","pcp":7429000.00000000,"c":"RISE","cp":262000.00000000,"sid":1523531768829000,"st":"SNAPSHOT"}`;

/** §7.3 SIMPLE orderbook wire capture (Java exponents `7.9276E-4`, `5.0E-4`), 2 units. */
export const ORDERBOOK_SIMPLE_TEXT =
  `{"ty":"orderbook","cd":"KRW-BTC","tms":1790134773006,"tas":0.48514983,"tbs":2.2403413,"obu":[{"ap":116606000,"bp":116534000,"as":0.06288509,"bs":7.9276E-4},{"ap":116609000,"bp":116521000,"as":5.0E-4,"bs":0.01624318}],"st":"SNAPSHOT","lv":0}`;

/** §7.4 SIMPLE_LIST candle (first element), verbatim. */
export const CANDLE_SIMPLE_LIST_TEXT =
  `[{"ty":"candle.1s","cd":"KRW-BTC","cdttmu":"2025-07-07T02:29:24","cdttmk":"2025-07-07T11:29:24","op":149000000.0,"hp":149000000.0,"lp":149000000.0,"tp":149000000.0,"catv":0.00033557,"catp":49999.93,"tms":1751855364161,"st":"SNAPSHOT"}]`;

/** §7.5 SIMPLE myOrder, verbatim. */
export const MY_ORDER_SIMPLE_TEXT =
  `{"ty":"myOrder","cd":"KRW-BTC","uid":"ac2dc2a3-fce9-40a2-a4f6-5987c25c438f","ab":"BID","ot":"limit","s":"trade","tuid":"68315169-fba4-4175-ade3-aff14a616657","p":0.001453,"ap":0.00145372,"v":30925891.29839369,"rv":29968038.09235948,"ev":30925891.29839369,"tc":1,"rsf":44.23943970238218,"rmf":21.77177967409916,"pf":22.467660028283017,"l":43565.33112787242,"ef":44935.32005656603,"tif":null,"tf":22.467660028283017,"im":true,"id":"test-1","smpt":"cancel_maker","pv":1.174291929,"pl":0.001706246173,"ttms":1710751590421,"otms":1710751590000,"tms":1710751597500,"st":"REALTIME"}`;

/** §7.6 DEFAULT myAsset, verbatim: amounts with more digits than a double holds. */
export const MY_ASSET_TEXT =
  `{"type":"myAsset","asset_uuid":"e635f223-1609-4969-8fb6-4376937baad6","assets":[{"currency":"KRW","balance":1386929.37231066771348207123,"locked":10329.670127489597585685}],"asset_timestamp":1710146517259,"timestamp":1710146517267,"stream_type":"REALTIME"}`;

/** §7.6 SIMPLE myAsset, verbatim. */
export const MY_ASSET_SIMPLE_TEXT =
  `{"ty":"myAsset","astuid":"e635f223-1609-4969-8fb6-4376937baad6","ast":[{"cu":"KRW","b":1386929.37231066771348207123,"l":10329.670127489597585685}],"asttms":1710146517259,"tms":1710146517267,"st":"REALTIME"}`;

/** §7.8 JSON_LIST: one frame holding two trade snapshots, verbatim. */
export const TRADE_JSON_LIST_TEXT =
  `[{"type":"trade","code":"KRW-BTC","timestamp":1730336862082,"trade_date":"2024-10-31","trade_time":"01:07:42","trade_timestamp":1730336862047,"trade_price":100473000.00000000,"trade_volume":0.00014208,"ask_bid":"BID","prev_closing_price":100571000.00000000,"change":"FALL","change_price":98000.00000000,"sequential_id":17303368620470000,"best_ask_price":100473000,"best_ask_size":0.43139478,"best_bid_price":100465000,"best_bid_size":0.01990656,"stream_type":"SNAPSHOT"},
 {"type":"trade","code":"KRW-ETH","timestamp":1730336862120,"trade_date":"2024-10-31","trade_time":"01:07:42","trade_timestamp":1730336862080,"trade_price":3700000.00000000,"trade_volume":0.02207517,"ask_bid":"BID","prev_closing_price":3695000.00000000,"change":"RISE","change_price":5000.00000000,"sequential_id":17303368620800006,"best_ask_price":3700000,"best_ask_size":0.39101775,"best_bid_price":3699000,"best_bid_size":0.13499454,"stream_type":"SNAPSHOT"}]`;

/** §2.4 LIST_SUBSCRIPTIONS replies (DEFAULT, doc) and §7.7 (SIMPLE). */
export const LIST_SUBSCRIPTIONS_TEXTS = {
  public:
    `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"ticker","codes":["KRW-BTC","KRW-ETH"]},{"type":"orderbook","codes":["KRW-BTC","KRW-ETH"],"level":0}],"ticket":"unique uuid"}`,
  private:
    `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"myAsset"},{"type":"myOrder","codes":["KRW-BTC","KRW-ETH"]}],"ticket":"unique uuid"}`,
  simple:
    `{"mthd":"LIST_SUBSCRIPTIONS","rslt":[{"ty":"ticker","cds":["KRW-BTC","KRW-ETH"]},{"ty":"orderbook","cds":["KRW-BTC","KRW-ETH"],"lv":0}],"tckt":"unique uuid"}`,
} as const;

/** §3.8 / §5.2: an error frame (doc key order) and the status frame. */
export const ERROR_TEXT = `{"error":{"name":"WRONG_FORMAT","message":"Format 이 맞지 않습니다."}}`;
/** The reply to a text `PING`. */
export const STATUS_TEXT = `{"status":"UP"}`;
