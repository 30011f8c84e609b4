/**
 * The `indicator` and `indicator_signal` data types (the `/info` endpoint), which share their
 * keys: the decoding of their frames in both key styles, checked in full on every frame (they
 * come once per candle close). SIMPLE shortens the keys inside `params`, `event_params` and
 * `value` too (`upbit-indicators.md` §5.2; the tables and their traps are in
 * `src/protocol/simple_keys.ts`). Keys a server adds inside the nested objects are kept as sent.
 *
 * @module
 */
import type { IndicatorEvent, IndicatorSignalEvent, IndicatorType } from "../stream_types.ts";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { DataCodec } from "./codec.ts";

const INDICATOR_KEYS = SIMPLE_KEYS.indicator;
const PARAMS_KEYS = SIMPLE_KEYS.params;
const EVENT_PARAMS_KEYS = SIMPLE_KEYS.event_params;
const VALUE_KEYS = SIMPLE_KEYS.value;

/** The camelCase names of each indicator's `value` fields, which must be numbers. */
const VALUE_FIELDS: Readonly<Record<IndicatorType, readonly string[]>> = {
  volume: ["volume", "avgVolume", "ratio"],
  rsi: ["rsi"],
  moving_average: ["value"],
  ma_crossover: ["maShort", "maLong"],
  bollinger_bands: ["bbUpper", "bbMiddle", "bbLower"],
  macd: ["macd", "macdSignal", "histogram"],
};

/** The camelCase names of each indicator's `params` fields. */
const PARAM_FIELDS: Readonly<Record<IndicatorType, readonly string[]>> = {
  volume: ["period"],
  rsi: ["period"],
  moving_average: ["type", "period"],
  ma_crossover: ["type", "shortPeriod", "longPeriod"],
  bollinger_bands: ["period", "multiplier"],
  macd: ["fast", "slow", "signalPeriod"],
};

type Table = Readonly<Record<string, string>>;

/** wire key → camelCase, for one key style. */
function lookup(table: Table, simple: boolean): Map<string, string> {
  const map = new Map<string, string>();
  for (const [long, short] of Object.entries(table)) {
    map.set(simple ? short : long, camel(long));
  }
  return map;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const NESTED = {
  params: [lookup(PARAMS_KEYS, false), lookup(PARAMS_KEYS, true)],
  eventParams: [lookup(EVENT_PARAMS_KEYS, false), lookup(EVENT_PARAMS_KEYS, true)],
  value: [lookup(VALUE_KEYS, false), lookup(VALUE_KEYS, true)],
} as const;

/** Renames the known keys of a nested object; unknown keys stay as sent. */
function rename(o: Record<string, unknown>, map: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o)) out[map.get(key) ?? key] = o[key];
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/**
 * Maps an `indicator` or `indicator_signal` frame (DEFAULT or SIMPLE keys) to its event, or
 * explains why it cannot.
 *
 * @param o the parsed frame
 * @param simple whether its keys are SIMPLE
 * @param type the frame's type
 * @returns the event, or a reason for a `DecodeError`
 *
 * @example Decode a DEFAULT frame
 * ```ts
 * import { decodeIndicator } from "./indicator.ts";
 * const r = decodeIndicator({ type: "indicator", code: "KRW-BTC" }, false, "indicator");
 * console.log(r); // field "timeframe" must be a string: current type is "undefined"
 * ```
 */
export function decodeIndicator(
  o: Record<string, unknown>,
  simple: boolean,
  type: "indicator" | "indicator_signal",
): IndicatorEvent | IndicatorSignalEvent | string {
  const name = (key: keyof typeof INDICATOR_KEYS) => simple ? INDICATOR_KEYS[key] : key;
  const get = (key: keyof typeof INDICATOR_KEYS) => o[name(key)];
  const signal = type === "indicator_signal";
  const strings: (keyof typeof INDICATOR_KEYS)[] = ["code", "timeframe", "indicator"];
  if (signal) strings.push("trigger");
  for (const key of strings) {
    const v = get(key);
    if (typeof v !== "string") {
      return `field "${name(key)}" must be a string: current type is "${typeOf(v)}"`;
    }
  }
  const indicator = get("indicator") as IndicatorType;
  // Own keys only: an indicator named "constructor" must not find Object's.
  const values = Object.hasOwn(VALUE_FIELDS, indicator) ? VALUE_FIELDS[indicator] : undefined;
  if (values === undefined) {
    return `its indicator is not supported: current value is "${String(indicator).slice(0, 40)}"`;
  }
  const nested: ("params" | "value" | "event_params")[] = ["params", "value"];
  if (signal) nested.push("event_params");
  for (const key of nested) {
    const v = get(key);
    // `event_params` is `{}` for triggers that take none; tolerate its absence there.
    if (key === "event_params" && v === undefined) continue;
    if (!isObject(v)) {
      return `field "${name(key)}" must be an object: current type is "${typeOf(v)}"`;
    }
  }
  const s = simple ? 1 : 0;
  const params = rename(get("params") as Record<string, unknown>, NESTED.params[s]);
  const value = rename(get("value") as Record<string, unknown>, NESTED.value[s]);
  for (const field of values) {
    if (typeof value[field] !== "number") {
      return `field "${name("value")}.${
        wireName(VALUE_KEYS, field, simple)
      }" must be a number: current type is "${typeOf(value[field])}"`;
    }
  }
  for (const field of PARAM_FIELDS[indicator]) {
    const want = field === "type" ? "string" : "number";
    if (want === "string" ? typeof params[field] !== "string" : typeof params[field] !== "number") {
      return `field "${name("params")}.${
        wireName(PARAMS_KEYS, field, simple)
      }" must be a ${want}: current type is "${typeOf(params[field])}"`;
    }
  }
  const timestamp = get("timestamp");
  if (typeof timestamp !== "number") {
    return `field "${name("timestamp")}" must be a number: current type is "${typeOf(timestamp)}"`;
  }
  const candle = get("candle_date_time_utc");
  if (typeof candle !== "string") {
    return `field "${name("candle_date_time_utc")}" must be a string: current type is "${
      typeOf(candle)
    }"`;
  }
  const base = {
    code: get("code") as string,
    timeframe: get("timeframe") as string,
    indicator,
    params,
  };
  if (!signal) {
    return {
      type: "indicator",
      ...base,
      value,
      candleDateTimeUtc: candle,
      timestamp,
      streamType: "REALTIME",
    } as unknown as IndicatorEvent;
  }
  const ep = get("event_params");
  return {
    type: "indicator_signal",
    ...base,
    trigger: get("trigger") as string,
    eventParams: ep === undefined
      ? {}
      : rename(ep as Record<string, unknown>, NESTED.eventParams[s]),
    value,
    candleDateTimeUtc: candle,
    timestamp,
    streamType: "REALTIME",
  } as unknown as IndicatorSignalEvent;
}

function wireName(table: Table, field: string, simple: boolean): string {
  for (const [long, short] of Object.entries(table)) {
    if (camel(long) === field) return simple ? short : long;
  }
  return field;
}

/**
 * The indicators' entry in the decoder's lookup table, under `indicator` and `indicator_signal`:
 * rare frames, checked in full every time, with no schema pass.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { INDICATOR } from "./indicator.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = INDICATOR.decode(o, true, "indicator_signal", frame); // the event, or a reason
 * ```
 */
export const INDICATOR: DataCodec = {
  schemas: undefined,
  decode: (o, simple, type) =>
    decodeIndicator(o, simple, type === "indicator" ? "indicator" : "indicator_signal"),
  exact: undefined,
};
