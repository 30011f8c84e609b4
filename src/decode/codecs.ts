/**
 * The decoder's lookup table: every data type's {@linkcode DataCodec} under its wire type
 * (`ticker`, `candle.1m`, `indicator_signal`, …). A new data type is one file in this folder and
 * one line here.
 *
 * @module
 */
import { CANDLE_TYPES } from "../protocol/candles.ts";
import type { KeyedType } from "../protocol/simple_keys.ts";
import { ANNOUNCEMENT } from "./announcement.ts";
import { CANDLE, CANDLE_SCHEMAS } from "./candle.ts";
import type { DataCodec } from "./codec.ts";
import type { SchemaPair } from "./fields.ts";
import { INDICATOR } from "./indicator.ts";
import { MY_ASSET, MY_ASSET_SCHEMAS } from "./my_asset.ts";
import { MY_ORDER, MY_ORDER_SCHEMAS } from "./my_order.ts";
import { ORDERBOOK, ORDERBOOK_SCHEMAS } from "./orderbook.ts";
import { TICKER, TICKER_SCHEMAS } from "./ticker.ts";
import { TRADE, TRADE_SCHEMAS } from "./trade.ts";

/**
 * Wire type → codec. A `Map`, so that a type such as `"constructor"` finds nothing.
 *
 * @example Find a frame's codec
 * ```ts
 * import { CODECS } from "./codecs.ts";
 * console.log(CODECS.get("candle.5m") === CODECS.get("candle.1s")); // true
 * ```
 */
export const CODECS: ReadonlyMap<string, DataCodec> = new Map<string, DataCodec>([
  ["ticker", TICKER],
  ["trade", TRADE],
  ["orderbook", ORDERBOOK],
  ...CANDLE_TYPES.map((type): [string, DataCodec] => [type, CANDLE]),
  ["myOrder", MY_ORDER],
  ["myAsset", MY_ASSET],
  ["announcement", ANNOUNCEMENT],
  ["indicator", INDICATOR],
  ["indicator_signal", INDICATOR],
]);

/**
 * The schemas of the frequent data types (one pair serves all `candle.*` types), for tools that
 * validate frames by type.
 *
 * @example Validate a frame in strict mode
 * ```ts
 * import * as v from "valibot";
 * import { SCHEMAS } from "./codecs.ts";
 * console.log(v.is(SCHEMAS.ticker.default, { type: "ticker" })); // false
 * ```
 */
export const SCHEMAS: Readonly<Record<KeyedType, SchemaPair>> = {
  ticker: TICKER_SCHEMAS,
  trade: TRADE_SCHEMAS,
  orderbook: ORDERBOOK_SCHEMAS,
  candle: CANDLE_SCHEMAS,
  myOrder: MY_ORDER_SCHEMAS,
  myAsset: MY_ASSET_SCHEMAS,
};
