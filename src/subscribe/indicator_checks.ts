/**
 * The checks of an indicator subscription's arguments, before anything is sent: the timeframe,
 * KRW-only codes, and each indicator (type, parameters with the values Upbit allows, triggers and
 * their condition parameters), put in canonical form. Over 250 lines because each rule of
 * `upbit-indicators.md` gets its own clear error here.
 *
 * @module
 */
import type {
  IndicatorSpec,
  IndicatorTimeframe,
  IndicatorType,
  SignalSpec,
} from "../stream_types.ts";
import { quote } from "../args.ts";
import {
  INDICATOR_TYPES,
  PARAMS,
  SIGNAL,
  TIMEFRAMES,
  TRIGGERS,
  VALUE,
} from "../protocol/indicators.ts";
import { type CanonicalIndicator, canonicalIndicator } from "../demand/indicator_key.ts";

const WHAT = "Cannot subscribe to indicators";

/**
 * Checks a timeframe.
 *
 * @param timeframe what the caller passed
 * @returns it, typed
 * @throws {RangeError} unless it is `5m`, `15m`, `60m`, `240m` or `1d`
 */
export function checkTimeframe(timeframe: unknown): IndicatorTimeframe {
  if (!(TIMEFRAMES as readonly unknown[]).includes(timeframe)) {
    throw new RangeError(
      `${WHAT} as timeframe must be one of ${TIMEFRAMES.join(", ")}: current value is ${
        quote(timeframe)
      }`,
    );
  }
  return timeframe as IndicatorTimeframe;
}

/**
 * Checks KRW market codes: Upbit serves indicators for KRW markets only.
 *
 * @param codes codes already checked for shape
 * @returns the same codes
 * @throws {RangeError} for a code of another quote currency
 */
export function checkKrwCodes(codes: string[]): string[] {
  for (const code of codes) {
    if (!code.startsWith("KRW-")) {
      throw new RangeError(
        `${WHAT} as Upbit serves them for KRW markets only: current value is ${quote(code)}`,
      );
    }
  }
  return codes;
}

/**
 * Checks the `indicators` list of an `indicator` or `indicator_signal` subscription against the
 * allowed values of that type, and returns each in canonical form.
 *
 * @param list what the caller passed
 * @param signal whether these are signal conditions (narrower values, a trigger each)
 * @returns the canonical indicators, in order
 * @throws {TypeError} for a value of the wrong type (a string where a number belongs, …)
 * @throws {RangeError} for an unsupported type, value, trigger, condition parameter, or a duplicate
 */
export function checkIndicators(
  list: unknown,
  signal: boolean,
): CanonicalIndicator[] {
  if (!Array.isArray(list)) {
    throw new TypeError(`${WHAT} as indicators must be an array: current value is ${quote(list)}`);
  }
  if (list.length === 0) {
    throw new RangeError(`${WHAT} as indicators must not be empty: current value is []`);
  }
  const out: CanonicalIndicator[] = [];
  const seen = new Set<string>();
  for (const item of list) {
    const canonical = checkOne(item as IndicatorSpec | SignalSpec, signal);
    if (seen.has(canonical.key)) {
      throw new RangeError(
        `${WHAT} as indicators must not repeat one: current value is ${quote(item)}`,
      );
    }
    seen.add(canonical.key);
    out.push(canonical);
  }
  return out;
}

function checkOne(item: unknown, signal: boolean): CanonicalIndicator {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw new TypeError(
      `${WHAT} as each indicator must be an object: current value is ${quote(item)}`,
    );
  }
  const o = item as Record<string, unknown>;
  const type = o.type;
  if (!(INDICATOR_TYPES as readonly unknown[]).includes(type)) {
    throw new RangeError(
      `${WHAT} as an indicator's type must be one of ${
        INDICATOR_TYPES.join(", ")
      }: current value is ${quote(type)}`,
    );
  }
  const t = type as IndicatorType;
  const allowedKeys = signal ? ["type", "params", "trigger", "eventParams"] : ["type", "params"];
  for (const key of Object.keys(o)) {
    if (!allowedKeys.includes(key)) {
      const hint = key === "event_params" ? ' (write "eventParams")' : "";
      throw new RangeError(
        `${WHAT} as a${signal ? " signal" : "n indicator"} takes only ${
          allowedKeys.join(", ")
        }: current key is ${quote(key)}${hint}`,
      );
    }
  }
  const wireParams = checkParams(t, o.params, signal);
  if (!signal) return canonicalIndicator(t, wireParams);
  const triggers = TRIGGERS[t];
  const trigger = o.trigger;
  if (typeof trigger !== "string" || !Object.hasOwn(triggers, trigger)) {
    throw new RangeError(
      `${WHAT} as the trigger of ${t} must be one of ${
        Object.keys(triggers).join(", ")
      }: current value is ${quote(trigger)}`,
    );
  }
  const need = triggers[trigger]!;
  const ep = o.eventParams;
  if (ep !== undefined && (typeof ep !== "object" || ep === null || Array.isArray(ep))) {
    throw new TypeError(
      `${WHAT} as eventParams must be an object: current value is ${quote(ep)}`,
    );
  }
  const given = (ep ?? {}) as Record<string, unknown>;
  if (need === null) {
    if (Object.keys(given).length > 0) {
      throw new RangeError(
        `${WHAT} as trigger ${trigger} takes no eventParams: current value is ${quote(ep)}`,
      );
    }
    return canonicalIndicator(t, wireParams, trigger);
  }
  for (const k of Object.keys(given)) {
    if (k !== need.name) {
      throw new RangeError(
        `${WHAT} as trigger ${trigger} takes eventParams.${need.name} only: current key is ${
          quote(k)
        }`,
      );
    }
  }
  const v = number(given[need.name], `eventParams.${need.name}`, need.name === "threshold");
  if (!need.values.includes(v)) {
    throw new RangeError(
      `${WHAT} as eventParams.${need.name} of ${trigger} must be one of ${
        need.values.map(need.name === "multiplier" ? decimal : String).join(", ")
      }: current value is ${quote(given[need.name])}`,
    );
  }
  return canonicalIndicator(t, wireParams, trigger, { [need.name]: v });
}

function checkParams(t: IndicatorType, params: unknown, signal: boolean): Record<string, unknown> {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new TypeError(
      `${WHAT} as params of ${t} must be an object: current value is ${quote(params)}`,
    );
  }
  const p = params as Record<string, unknown>;
  const specs = PARAMS[t];
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(p)) {
    if (!names.includes(key)) {
      const camel = key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
      const hint = names.includes(camel) ? ` (write "${camel}")` : "";
      throw new RangeError(
        `${WHAT} as params of ${t} take ${names.join(", ")}: current key is ${quote(key)}${hint}`,
      );
    }
  }
  const allowed = (signal ? SIGNAL : VALUE)[t];
  const wire: Record<string, unknown> = {};
  const numbers: number[] = [];
  for (const spec of specs) {
    const v = p[spec.name];
    if (spec.kind === "ma") {
      if (v !== "SMA" && v !== "EMA") {
        throw new RangeError(
          `${WHAT} as params.type of ${t} must be "SMA" or "EMA": current value is ${quote(v)}`,
        );
      }
      wire[spec.wire] = v;
      continue;
    }
    const n = number(v, `params.${spec.name} of ${t}`, spec.kind === "int");
    const each = allowed.each?.[spec.name];
    if (each && !each.includes(n)) {
      throw new RangeError(
        `${WHAT} as params.${spec.name} of ${t}${signal ? " (signal)" : ""} must be one of ${
          each.map(spec.kind === "mult" ? decimal : String).join(", ")
        }: current value is ${quote(v)}`,
      );
    }
    numbers.push(n);
    wire[spec.wire] = n;
  }
  const tuples = allowed.tuples;
  if (tuples && !tuples.some((tuple) => tuple.every((x, i) => x === numbers[i]))) {
    const numeric = specs.filter((s) => s.kind !== "ma").map((s) => s.name);
    throw new RangeError(
      `${WHAT} as ${numeric.join("/")} of ${t} must be one of ${
        tuples.map((x) => x.join("/")).join(", ")
      }: current value is ${numbers.join("/")}`,
    );
  }
  return wire;
}

/** A JSON number (an integer where `integer`); a string or anything else is a TypeError. */
function number(v: unknown, name: string, integer: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`${WHAT} as ${name} must be a number: current value is ${quote(v)}`);
  }
  if (integer && !Number.isInteger(v)) {
    throw new RangeError(`${WHAT} as ${name} must be an integer: current value is ${quote(v)}`);
  }
  return v;
}

/** A multiplier as Upbit's docs write it (`2.0`). */
function decimal(n: number): string {
  return n.toFixed(1);
}
