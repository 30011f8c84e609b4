/**
 * The indicator endpoint's request checks as Upbit's server makes them: the type objects of an
 * `/info` request read into one subscription per (code, indicator), with Upbit's error names for
 * a bad timeframe, parameter, trigger or condition, and the 100-combination limit.
 *
 * @module
 */
import {
  INDICATOR_TIMEFRAMES,
  PAIRS,
  SIGNAL_PARAMS,
  TRIGGERS,
  TRIPLES,
  VALUE_PARAMS,
} from "../protocol/indicators.ts";
import type { WireObject } from "../codec/json.ts";

/**
 * One registered combination of an `/info` connection.
 *
 * @example
 * ```ts
 * import type { IndicatorSubscription } from "upbit-ws/testing";
 * const s: IndicatorSubscription = {
 *   type: "indicator", code: "KRW-BTC", timeframe: "5m", indicator: "rsi", params: { period: 14 },
 * };
 * ```
 */
export interface IndicatorSubscription {
  /** `indicator` or `indicator_signal`. */
  type: "indicator" | "indicator_signal";
  /** The market. */
  code: string;
  /** The timeframe. */
  timeframe: string;
  /** The indicator type. */
  indicator: string;
  /** The calculation parameters as sent (DEFAULT keys). */
  params: Record<string, number | string>;
  /** Signals: the trigger. */
  trigger?: string;
  /** Signals: the condition parameters as sent (`{}` when none). */
  eventParams?: Record<string, number>;
}

/**
 * The outcome of parsing the type objects of an `/info` request.
 *
 * @example
 * ```ts
 * import { parseIndicatorObjects } from "upbit-ws/testing";
 * const r = parseIndicatorObjects([{ type: "indicator", codes: ["KRW-BTC"], timeframe: "5m", indicators: [] }]);
 * if ("error" in r) console.log(r.error); // "INVALID_PARAM"
 * ```
 */
export type ParsedIndicators =
  | { subscriptions: IndicatorSubscription[]; objects: WireObject[] }
  | {
    error: "INVALID_PARAM" | "WRONG_FORMAT" | "NO_CODES" | "NO_TYPE" | "TOO_MANY_REQUEST";
    message: string;
  };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks the data type objects of an `/info` request as Upbit's pages describe: unsupported
 * values give `INVALID_PARAM`, a non-number where a number belongs `WRONG_FORMAT`, more than 100
 * combinations (codes × indicators, both types summed) `TOO_MANY_REQUEST`. A non-KRW or unknown
 * market is no error (it just gets no data). A combination repeated in one request is counted
 * and registered once (Upbit's behaviour is undocumented; this is the tolerant reading).
 *
 * @param objects the type objects of the request
 * @returns the combinations, and the objects to echo in LIST_SUBSCRIPTIONS, or the error
 *
 * @example
 * ```ts
 * import { parseIndicatorObjects } from "upbit-ws/testing";
 * const r = parseIndicatorObjects([{
 *   type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: [{ type: "rsi", params: { period: 14 } }],
 * }]);
 * if (!("error" in r)) console.log(r.subscriptions.length); // 1
 * ```
 */
export function parseIndicatorObjects(objects: Record<string, unknown>[]): ParsedIndicators {
  const subscriptions: IndicatorSubscription[] = [];
  const seen = new Set<string>();
  const echoed: WireObject[] = [];
  let combos = 0;
  for (const o of objects) {
    const type = o["type"];
    if (typeof type !== "string" || type === "") {
      return { error: "NO_TYPE", message: "type 필드가 존재하지 않습니다." };
    }
    if (type !== "indicator" && type !== "indicator_signal") {
      return { error: "INVALID_PARAM", message: `${type} 은 지원하지 않는 타입입니다.` };
    }
    const signal = type === "indicator_signal";
    const codes = o["codes"];
    if (codes === undefined || codes === null) {
      return { error: "NO_CODES", message: "codes 필드가 존재하지 않습니다." };
    }
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string")) {
      return { error: "WRONG_FORMAT", message: "Format 이 맞지 않습니다." };
    }
    if (codes.length === 0) {
      return { error: "INVALID_PARAM", message: "codes 필드가 비어 있습니다." };
    }
    const timeframe = o["timeframe"];
    if (typeof timeframe !== "string" || INDICATOR_TIMEFRAMES[timeframe] === undefined) {
      return {
        error: "INVALID_PARAM",
        message: `${String(timeframe)} 은 지원하지 않는 timeframe 입니다.`,
      };
    }
    const list = o["indicators"];
    if (!Array.isArray(list) || list.length === 0) {
      return { error: "INVALID_PARAM", message: "indicators 필드가 존재하지 않습니다." };
    }
    const parsed: Omit<IndicatorSubscription, "type" | "code" | "timeframe">[] = [];
    for (const item of list) {
      const r = parseIndicator(item, signal);
      if ("error" in r) return r;
      parsed.push(r);
    }
    combos += codes.length * list.length;
    if (combos > 100) {
      return { error: "TOO_MANY_REQUEST", message: "구독 가능한 조합 수(100)를 초과했습니다." };
    }
    echoed.push({
      type,
      codes: codes as string[],
      timeframe,
      indicators: parsed.map((p) => {
        const w: WireObject = { type: p.indicator, params: { ...p.params } };
        if (signal) {
          w["trigger"] = p.trigger ?? "";
          w["event_params"] = { ...p.eventParams };
        }
        return w;
      }),
    });
    for (const code of codes as string[]) {
      for (const p of parsed) {
        const sub: IndicatorSubscription = { type, code, timeframe, ...p };
        const key = subscriptionKey(sub);
        if (seen.has(key)) continue;
        seen.add(key);
        subscriptions.push(sub);
      }
    }
  }
  return { subscriptions, objects: echoed };
}

function parseIndicator(
  item: unknown,
  signal: boolean,
):
  | Omit<IndicatorSubscription, "type" | "code" | "timeframe">
  | Extract<ParsedIndicators, { error: string }> {
  const invalid = (what: string) => ({
    error: "INVALID_PARAM" as const,
    message: `${what} 은 지원하지 않는 값입니다.`,
  });
  const wrong = { error: "WRONG_FORMAT" as const, message: "Format 이 맞지 않습니다." };
  if (!isObject(item)) return wrong;
  const indicator = item["type"];
  const rules = typeof indicator === "string"
    ? (signal ? SIGNAL_PARAMS : VALUE_PARAMS)[indicator]
    : undefined;
  if (typeof indicator !== "string" || rules === undefined) return invalid(String(indicator));
  const params = item["params"];
  if (!isObject(params)) return invalid("params");
  const out: Record<string, number | string> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const v = params[name];
    if (rule === "ma") {
      if (v !== "SMA" && v !== "EMA") return invalid(String(v));
      out[name] = v;
      continue;
    }
    if (v === undefined) return invalid(name);
    if (typeof v !== "number") return wrong;
    if (rule.int && !Number.isInteger(v)) return invalid(String(v));
    if (rule.values && !rule.values.includes(v)) return invalid(String(v));
    out[name] = v;
  }
  for (const k of Object.keys(params)) if (!(k in rules)) return invalid(k);
  if (
    indicator === "ma_crossover" && !PAIRS.includes(`${out["short_period"]}/${out["long_period"]}`)
  ) {
    return invalid("short_period/long_period");
  }
  if (
    indicator === "macd" &&
    !TRIPLES.includes(`${out["fast"]}/${out["slow"]}/${out["signal_period"]}`)
  ) return invalid("fast/slow/signal_period");
  if (!signal) return { indicator, params: out };
  const trigger = item["trigger"];
  const triggers = TRIGGERS[indicator]!;
  if (typeof trigger !== "string" || !(trigger in triggers)) return invalid(String(trigger));
  const need = triggers[trigger];
  const ep = item["event_params"];
  const eventParams: Record<string, number> = {};
  if (need) {
    if (!isObject(ep)) return invalid("event_params");
    const v = ep[need.name];
    if (typeof v !== "number") return v === undefined ? invalid(need.name) : wrong;
    if (!need.values.includes(v)) return invalid(String(v));
    eventParams[need.name] = v;
  } else if (ep !== undefined && (!isObject(ep) || Object.keys(ep).length > 0)) {
    // Undocumented; the signal page's INVALID_PARAM covers "an unsupported condition parameter".
    return invalid("event_params");
  }
  return { indicator, params: out, trigger, eventParams };
}

function subscriptionKey(s: IndicatorSubscription): string {
  return JSON.stringify([
    s.type,
    s.code,
    s.timeframe,
    s.indicator,
    s.params,
    s.trigger ?? null,
    s.eventParams ?? null,
  ]);
}
