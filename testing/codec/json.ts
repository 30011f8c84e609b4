/**
 * JSON text as Upbit writes it: key order kept, `sequential_id` exact beyond 2^53 (written from
 * and read into `bigint`), and, with `javaNumbers`, doubles spelled as Java's `Double.toString`
 * spells them (`1.16539E8`).
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
