/**
 * Sample Upbit frames for tests: the official doc examples (§7) as `tests/corpus/` holds them, plus
 * helpers to turn a DEFAULT frame into its SIMPLE twin through the official
 * abbreviation table, to build list frames and to encode frames as binary.
 *
 * Factories return a fresh object each call, so a test may change it freely:
 * `tickerFrame({ code: "KRW-ETH", stream_type: "SNAPSHOT" })`. The same frames verbatim as text
 * (trailing zeros, Java exponents, SIMPLE and list forms) are in `frame_texts.ts`, re-exported
 * here so one import gives a test both.
 *
 * @module
 */
import { SIMPLE_KEYS } from "../../src/protocol/simple_keys.ts";
import type { CandleWire } from "../../src/decode/candle.ts";
import type { MyAssetWire } from "../../src/decode/my_asset.ts";
import type { MyOrderWire } from "../../src/decode/my_order.ts";
import type { OrderbookUnitWire, OrderbookWire } from "../../src/decode/orderbook.ts";
import type { TickerWire } from "../../src/decode/ticker.ts";
import type { TradeWire } from "../../src/decode/trade.ts";
import type { CorpusEntry } from "../corpus/_entry.ts";
import { CANDLE_CORPUS } from "../corpus/candle.ts";
import { MY_ASSET_CORPUS } from "../corpus/my_asset.ts";
import { MY_ORDER_CORPUS } from "../corpus/my_order.ts";
import { ORDERBOOK_CORPUS } from "../corpus/orderbook.ts";
import { TICKER_CORPUS } from "../corpus/ticker.ts";
import { TRADE_CORPUS } from "../corpus/trade.ts";

export * from "./frame_texts.ts";

/** Frame fields that a test may override, including ones Upbit does not define. */
type Overrides<T> = { [K in keyof T]?: unknown } & Record<string, unknown>;

function merge<T extends object>(base: T, overrides?: Overrides<T>): T {
  return { ...structuredClone(base), ...overrides } as T;
}

/** The corpus entry whose fact starts with `section`: the docs' example of a type. */
function docFrame<T>(corpus: readonly CorpusEntry[], section: string): T {
  const entry = corpus.find((e) => e.fact.startsWith(section));
  if (entry === undefined) throw new Error(`tests/corpus has no entry for ${section}`);
  return entry.frame as unknown as T;
}

const TICKER = docFrame<TickerWire>(TICKER_CORPUS, "§7.1");
const ORDERBOOK = docFrame<OrderbookWire>(ORDERBOOK_CORPUS, "§7.3");
const CANDLE = docFrame<CandleWire>(CANDLE_CORPUS, "§7.4");
const MY_ORDER = docFrame<MyOrderWire>(MY_ORDER_CORPUS, "§7.5");
const MY_ASSET = docFrame<MyAssetWire>(MY_ASSET_CORPUS, "§7.6");
// The corpus writes the id exactly (a bigint above 2^53); a factory frame must go through
// JSON.stringify, so it carries the nearest double, as JSON.parse gives it.
const TRADE_DOC = docFrame<Omit<TradeWire, "sequential_id"> & { sequential_id: bigint }>(
  TRADE_CORPUS,
  "§7.2",
);
const TRADE: TradeWire = { ...TRADE_DOC, sequential_id: Number(TRADE_DOC.sequential_id) };

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
