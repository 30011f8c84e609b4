/**
 * Renaming between DEFAULT keys and Upbit's SIMPLE abbreviations, both ways, nested objects
 * included, from the tables of `../protocol/simple_keys.ts`.
 *
 * @module
 */
import { SIMPLE_TABLES, type SimpleTable } from "../protocol/simple_keys.ts";
import type { WireObject } from "./json.ts";

function table(name: string): SimpleTable {
  return SIMPLE_TABLES.get(name)!;
}

function tableFor(obj: WireObject): SimpleTable | undefined {
  const t = obj["type"];
  if (t === "ticker" || t === "trade" || t === "orderbook") return table(t);
  if (typeof t === "string" && t.startsWith("candle.")) return table("candle");
  if (t === "myOrder" || t === "myAsset" || t === "announcement") return table(t);
  if (t === "indicator" || t === "indicator_signal") return table("indicator");
  if (obj["method"] === "LIST_SUBSCRIPTIONS") return table("LIST_SUBSCRIPTIONS");
  return undefined;
}

function invert(t: SimpleTable): SimpleTable {
  const keys: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.keys)) keys[v] = k;
  const out: SimpleTable = { keys };
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

function rename(obj: WireObject, t: SimpleTable): WireObject {
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

const SIMPLE_BY_TYPE: ReadonlyMap<string, SimpleTable> = new Map<string, SimpleTable>(
  [
    ...[...SIMPLE_TABLES].filter(([name]) => name !== "LIST_SUBSCRIPTIONS").map((
      [name, t],
    ): [string, SimpleTable] => [name, invert(t)]),
    ["indicator_signal", invert(table("indicator"))],
  ],
);

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
    if (obj["mthd"] === "LIST_SUBSCRIPTIONS") {
      return rename(obj, invert(table("LIST_SUBSCRIPTIONS")));
    }
    return obj;
  }
  const t = SIMPLE_BY_TYPE.get(ty.startsWith("candle.") ? "candle" : ty);
  return t ? rename(obj, t) : obj;
}
