/**
 * What the data type files share: the SIMPLE twin of a wire shape ({@linkcode Abbreviated}), the
 * pre-2019 SIMPLE code key, the valibot schemas of the field kinds most types use, the per-frame
 * check of a nullable number, and the pair of schemas each type hands to the dispatcher.
 *
 * @module
 */
import * as v from "valibot";

/**
 * The SIMPLE twin of a DEFAULT shape: every key renamed through table `K` (one table of
 * `SIMPLE_KEYS`), so that a mapper reading a key Upbit does not send fails to compile.
 *
 * @example Rename keys at the type level
 * ```ts
 * import type { Abbreviated } from "./fields.ts";
 * type T = Abbreviated<{ trade_price: number }, { trade_price: "tp" }>; // { tp: number }
 * ```
 */
export type Abbreviated<T, K extends Readonly<Record<string, string>>> = {
  [P in keyof T as P extends keyof K ? K[P] : never]: T[P];
};

/**
 * The pre-2019 SIMPLE key for the market code, still accepted in place of `cd`.
 *
 * @example A SIMPLE shape that may carry it
 * ```ts
 * import type { Legacy } from "./fields.ts";
 * const code = (o: { cd?: string } & Legacy) => o.cd ?? o.mk;
 * ```
 */
export interface Legacy {
  /** The market code, as servers before 2019 named it. */
  mk?: string | undefined;
}

/**
 * A pair of schemas for one data type: DEFAULT keys and SIMPLE keys.
 *
 * @example Pick a key style
 * ```ts
 * import type { SchemaPair } from "./fields.ts";
 * const pick = (p: SchemaPair, simple: boolean) => (simple ? p.simple : p.default);
 * ```
 */
export interface SchemaPair {
  /** The schema of a frame in DEFAULT keys. */
  readonly default: v.GenericSchema;
  /** The schema of a frame in SIMPLE keys. */
  readonly simple: v.GenericSchema;
}

/**
 * The entries of a valibot object schema, by wire key.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import type { Entries } from "./fields.ts";
 * const entries: Entries = { code: v.string() };
 * ```
 */
export type Entries = Record<string, v.GenericSchema>;

/**
 * A finite number: `1e999` parses to Infinity, which no Upbit price or size can be.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { num } from "./fields.ts";
 * console.log(v.is(num, Infinity)); // false
 * ```
 */
export const num: v.GenericSchema<number> = v.pipe(v.number(), v.finite());

/**
 * Any string.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { str } from "./fields.ts";
 * console.log(v.is(str, "KRW-BTC")); // true
 * ```
 */
export const str: v.GenericSchema<string> = v.string();

/**
 * `change`: direction against the previous close.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { change } from "./fields.ts";
 * console.log(v.is(change, "RISE")); // true
 * ```
 */
export const change: v.GenericSchema<"RISE" | "EVEN" | "FALL"> = v.picklist([
  "RISE",
  "EVEN",
  "FALL",
]);

/**
 * `ask_bid`: which side took the trade or placed the order.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { askBid } from "./fields.ts";
 * console.log(v.is(askBid, "BID")); // true
 * ```
 */
export const askBid: v.GenericSchema<"ASK" | "BID"> = v.picklist(["ASK", "BID"]);

/**
 * `stream_type`: the snapshot that answers a subscription, or a realtime update.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { streamType } from "./fields.ts";
 * console.log(v.is(streamType, "SNAPSHOT")); // true
 * ```
 */
export const streamType: v.GenericSchema<"SNAPSHOT" | "REALTIME"> = v.picklist([
  "SNAPSHOT",
  "REALTIME",
]);

/**
 * Renames the keys of DEFAULT entries through a SIMPLE table; keys it lacks stay as they are.
 *
 * @param entries the DEFAULT entries
 * @param table DEFAULT key → SIMPLE key (one table of `SIMPLE_KEYS`)
 * @returns the same schemas under SIMPLE keys
 *
 * @example
 * ```ts
 * import { abbreviate, num } from "./fields.ts";
 * console.log(Object.keys(abbreviate({ trade_price: num }, { trade_price: "tp" }))); // ["tp"]
 * ```
 */
export function abbreviate(entries: Entries, table: Readonly<Record<string, string>>): Entries {
  const out: Entries = {};
  for (const [key, schema] of Object.entries(entries)) out[table[key] ?? key] = schema;
  return out;
}

/**
 * Whether a mapped field is a number or `null` (the mappers turn an absent field into `null`).
 *
 * @param value a field of a mapped event
 * @returns true for a number or `null`
 *
 * @example
 * ```ts
 * import { nullableNumber } from "./fields.ts";
 * console.log(nullableNumber(null), nullableNumber("1")); // true false
 * ```
 */
export function nullableNumber(value: unknown): boolean {
  return value === null || typeof value === "number";
}
