/**
 * Request parsing as Upbit's server does it: a JSON array of objects recognised by their keys
 * (ticket, type objects, an optional method object, an optional format object), with every
 * documented error.
 *
 * The file is longer than 250 lines because it is Upbit's request grammar in one place: every
 * object, key and check with the error name it earns.
 *
 * @module
 */

import { ERROR_MESSAGES, type ErrorName } from "../protocol/server_errors.ts";
import { ANNOUNCEMENT_CATEGORIES } from "../protocol/announcement.ts";
import { type Format, FORMATS } from "../protocol/formats.ts";
import { type WireObject } from "../codec/json.ts";
import { CANDLE_UNITS } from "../protocol/candles.ts";
import { type IndicatorSubscription, parseIndicatorObjects } from "../indicators/request.ts";

const PUBLIC_TYPES: ReadonlySet<string> = new Set([
  "ticker",
  "trade",
  "orderbook",
  ...Object.keys(CANDLE_UNITS).map((u) => `candle.${u}`),
]);
const PRIVATE_TYPES: ReadonlySet<string> = new Set(["myOrder", "myAsset", "announcement"]);

/**
 * One data type object of a request, normalised.
 *
 * @example Read parsed type objects
 * ```ts
 * import { parseRequest } from "upbit-ws/testing";
 * const r = parseRequest('[{"ticket":"t"},{"type":"orderbook","codes":["KRW-BTC.5"],"level":10000}]', { endpoint: "public" });
 * if (r.kind === "subscribe") console.log(r.types[0]?.level); // 10000
 * ```
 */
export interface TypeRequest {
  /** The data type, e.g. `ticker`, `candle.1m`, `myOrder`. */
  type: string;
  /** The codes as sent (with any `.N` suffix); absent when the object had none. */
  codes?: string[];
  /** Orderbook grouping unit (0 when absent). */
  level: number;
  /** `is_only_snapshot` */
  onlySnapshot: boolean;
  /** `is_only_realtime` */
  onlyRealtime: boolean;
  /** Announcement categories (empty = all). */
  categories: string[];
  /** Announcement `include_body`. */
  includeBody: boolean;
}

/**
 * The outcome of parsing one request message.
 *
 * @example An error outcome
 * ```ts
 * import { parseRequest } from "upbit-ws/testing";
 * const r = parseRequest("hello", { endpoint: "public" });
 * if (r.kind === "error") console.log(r.name); // "WRONG_FORMAT"
 * ```
 */
export type ParsedRequest =
  | {
    kind: "subscribe";
    ticket: string;
    types: TypeRequest[];
    format: Format | undefined;
    /** `/info` only: the combinations, and the type objects as LIST_SUBSCRIPTIONS echoes them. */
    indicators?: { subscriptions: IndicatorSubscription[]; objects: WireObject[] };
  }
  | { kind: "list"; ticket: string; format: Format | undefined }
  | { kind: "error"; name: ErrorName; message: string };

/**
 * How the parser treats behaviours the docs leave open.
 *
 * @example Lenient parsing
 * ```ts
 * import type { ParseOptions } from "upbit-ws/testing";
 * const options: ParseOptions = { endpoint: "public", acceptCamelCaseFlags: true };
 * ```
 */
export interface ParseOptions {
  /** Which endpoint received the request. */
  endpoint: "public" | "private" | "info";
  /** Honour camelCase `isOnlySnapshot`/`isOnlyRealtime` (default false). */
  acceptCamelCaseFlags?: boolean;
  /** Serve public types on `/private` and vice versa instead of refusing them (default false). */
  crossEndpointTypes?: boolean;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function fail(name: ErrorName, message: string = ERROR_MESSAGES[name]): ParsedRequest {
  return { kind: "error", name, message };
}

function isObject(v: Json): v is { [k: string]: Json } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Parses one request message.
 *
 * @param text the message text
 * @param options endpoint and leniency options
 * @returns the subscription, a LIST_SUBSCRIPTIONS call, or the error Upbit would send
 *
 * @example A valid subscription
 * ```ts
 * import { parseRequest } from "upbit-ws/testing";
 * const r = parseRequest('[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]}]', { endpoint: "public" });
 * console.log(r.kind); // "subscribe"
 * ```
 */
export function parseRequest(text: string, options: ParseOptions): ParsedRequest {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return fail("WRONG_FORMAT");
  }
  if (!Array.isArray(parsed) || !parsed.every(isObject)) return fail("WRONG_FORMAT");
  const objects = parsed as { [k: string]: Json }[];
  const ticketObj = objects.find((o) => "ticket" in o);
  const ticket = ticketObj?.["ticket"];
  if (typeof ticket !== "string" || ticket.trim() === "") return fail("NO_TICKET");
  let format: Format | undefined;
  for (const o of objects) {
    if (!("format" in o)) continue;
    const f = o["format"];
    if (typeof f !== "string" || !(FORMATS as readonly string[]).includes(f)) {
      return fail(
        "INVALID_PARAM",
        `${typeof f === "string" ? f : JSON.stringify(f)}은 지원하지 않는 포맷입니다.`,
      );
    }
    format = f as Format;
  }
  const methodObj = objects.find((o) => "method" in o);
  if (methodObj) {
    const m = methodObj["method"];
    if (m !== "LIST_SUBSCRIPTIONS") {
      return fail("INVALID_PARAM", `${String(m)} 은 지원하지 않는 메소드입니다.`);
    }
    return { kind: "list", ticket, format };
  }
  const typeObjs = objects.filter((o) => "type" in o);
  if (typeObjs.length === 0) return fail("NO_TYPE");
  if (options.endpoint === "info") {
    const r = parseIndicatorObjects(typeObjs);
    if ("error" in r) return fail(r.error, r.message);
    return {
      kind: "subscribe",
      ticket,
      types: [],
      format,
      indicators: { subscriptions: r.subscriptions, objects: r.objects },
    };
  }
  const types: TypeRequest[] = [];
  for (const o of typeObjs) {
    const r = parseType(o, options);
    if ("kind" in r) return r;
    types.push(r);
  }
  return { kind: "subscribe", ticket, types, format };
}

function flag(
  o: { [k: string]: Json },
  snake: string,
  camel: string,
  camelOk: boolean,
): boolean | undefined {
  const v = o[snake] ?? (camelOk ? o[camel] : undefined);
  if (v === undefined || v === null) return false;
  return typeof v === "boolean" ? v : undefined;
}

function parseType(o: { [k: string]: Json }, options: ParseOptions): TypeRequest | ParsedRequest {
  const type = o["type"];
  if (typeof type !== "string" || type === "") return fail("NO_TYPE");
  const isPublic = PUBLIC_TYPES.has(type);
  const isPrivate = PRIVATE_TYPES.has(type);
  if (!isPublic && !isPrivate) return fail("INVALID_PARAM", `${type} 은 지원하지 않는 타입입니다.`);
  if (!options.crossEndpointTypes) {
    if (isPrivate && options.endpoint === "public") return fail("INVALID_AUTH");
    if (isPublic && options.endpoint === "private") {
      return fail("INVALID_PARAM", `${type} 은 지원하지 않는 타입입니다.`);
    }
  }
  const camelOk = options.acceptCamelCaseFlags ?? false;
  const onlySnapshot = flag(o, "is_only_snapshot", "isOnlySnapshot", camelOk);
  const onlyRealtime = flag(o, "is_only_realtime", "isOnlyRealtime", camelOk);
  if (onlySnapshot === undefined || onlyRealtime === undefined) return fail("INVALID_PARAM");
  let level = 0;
  const lv = o["level"];
  if (lv !== undefined && lv !== null) {
    const n = typeof lv === "number"
      ? lv
      : typeof lv === "string" && lv.trim() !== ""
      ? Number(lv)
      : NaN;
    if (!Number.isFinite(n) || n < 0) {
      return fail("INVALID_PARAM", `${String(lv)} 은 지원하지 않는 level 입니다.`);
    }
    level = n;
  }
  const out: TypeRequest = {
    type,
    level,
    onlySnapshot,
    onlyRealtime,
    categories: [],
    includeBody: false,
  };
  const codes = o["codes"];
  if (type === "myAsset") {
    if (codes !== undefined) return fail("WRONG_FORMAT");
  } else if (codes !== undefined && codes !== null) {
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string")) {
      return fail("WRONG_FORMAT");
    }
    if (codes.length === 0 && isPublic) return fail("INVALID_PARAM");
    out.codes = [...new Set(codes as string[])];
  } else if (isPublic) {
    return fail("NO_CODES");
  }
  if (type === "announcement") {
    const cats = o["categories"];
    if (cats !== undefined && cats !== null) {
      if (!Array.isArray(cats) || !cats.every((c) => typeof c === "string")) {
        return fail("WRONG_FORMAT");
      }
      for (const c of cats as string[]) {
        if (!ANNOUNCEMENT_CATEGORIES.includes(c)) {
          return fail("INVALID_PARAM", `${c} 은 지원하지 않는 카테고리입니다.`);
        }
      }
      out.categories = cats as string[];
    }
    out.includeBody = o["include_body"] === true;
  }
  return out;
}

/**
 * Splits an orderbook code into the pair and the depth: `KRW-BTC.15` → 15; no suffix or an
 * unsupported one → 30 (Upbit's rule since 2025-07-02).
 *
 * @param code a code as sent
 * @returns the bare pair and the number of units
 *
 * @example An unsupported depth falls back to 30
 * ```ts
 * import { splitDepth } from "upbit-ws/testing";
 * console.log(splitDepth("KRW-BTC.7")); // { code: "KRW-BTC", units: 30 }
 * ```
 */
export function splitDepth(code: string): { code: string; units: number } {
  const m = /^(.+)\.(\d+)$/.exec(code);
  if (!m || m[1] === undefined || m[2] === undefined) return { code, units: 30 };
  const n = Number(m[2]);
  return { code: m[1], units: n === 1 || n === 5 || n === 15 || n === 30 ? n : 30 };
}
