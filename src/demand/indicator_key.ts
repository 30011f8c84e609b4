/**
 * One indicator (or signal condition) in canonical form: its wire object in `indicators[]` and the
 * key that routes its events. The key is built in one place, {@linkcode indicatorKey}, from the
 * canonical (wire-named, docs-ordered) params: {@linkcode canonicalIndicator} uses it when a
 * request is made (after `src/subscribe/indicator_checks.ts` checked the values), and
 * {@linkcode eventKey} when an event Upbit echoes back arrives, so the two cannot drift apart.
 *
 * @module
 */
import type { IndicatorType } from "../stream_types.ts";
import { PARAMS, TRIGGERS } from "../protocol/indicators.ts";

/**
 * An indicator (or signal condition) checked and put in canonical form.
 *
 * @example
 * ```ts
 * import { canonicalIndicator, type CanonicalIndicator } from "./indicator_key.ts";
 * const rsi: CanonicalIndicator = canonicalIndicator("rsi", { period: 14 });
 * console.log(rsi.key); // rsi|{"period":14}
 * ```
 */
export interface CanonicalIndicator {
  /** The indicator type. */
  type: IndicatorType;
  /** The wire object of `indicators[]` (snake_case keys, in the docs' order). */
  wire: Record<string, unknown>;
  /** The routing key (see {@linkcode indicatorKey}). */
  key: string;
}

/**
 * The routing key of an indicator: its type, its params, and for a signal its trigger and
 * condition params. Params must be canonical: wire names in the docs' order, values as checked.
 *
 * @param type the indicator type, e.g. `"rsi"`
 * @param params the canonical params, e.g. `{ period: 14 }`
 * @param trigger the signal's trigger; `undefined` for `indicator`
 * @param eventParams the signal's canonical condition params (`{}` or absent when it takes none)
 * @returns the key, e.g. `rsi|{"period":14}|overbought|{"threshold":70}`
 *
 * @example
 * ```ts
 * import { indicatorKey } from "./indicator_key.ts";
 * indicatorKey("rsi", { period: 14 }, "overbought", { threshold: 70 });
 * // 'rsi|{"period":14}|overbought|{"threshold":70}'
 * ```
 */
export function indicatorKey(
  type: string,
  params: Readonly<Record<string, unknown>>,
  trigger?: string,
  eventParams?: Readonly<Record<string, unknown>>,
): string {
  const key = `${type}|${JSON.stringify(params)}`;
  return trigger === undefined ? key : `${key}|${trigger}|${JSON.stringify(eventParams ?? {})}`;
}

/**
 * Puts checked values in canonical form: the wire object of `indicators[]` and its key. The
 * values are not checked here (see `checkIndicators` in `src/subscribe/indicator_checks.ts`).
 *
 * @param type the indicator type
 * @param params the checked params, wire names in the docs' order (`PARAMS`)
 * @param trigger the signal's trigger; `undefined` for `indicator`
 * @param eventParams the signal's checked condition params; `undefined` for a trigger that takes
 *   none (the wire object then has no `event_params`)
 * @returns the canonical indicator
 *
 * @example
 * ```ts
 * import { canonicalIndicator } from "./indicator_key.ts";
 * const golden = canonicalIndicator("ma_crossover",
 *   { type: "EMA", short_period: 5, long_period: 20 }, "golden_cross");
 * console.log(golden.wire); // { type: "ma_crossover", params: { … }, trigger: "golden_cross" }
 * ```
 */
export function canonicalIndicator(
  type: IndicatorType,
  params: Record<string, unknown>,
  trigger?: string,
  eventParams?: Record<string, unknown>,
): CanonicalIndicator {
  const wire: Record<string, unknown> = { type, params };
  if (trigger !== undefined) wire.trigger = trigger;
  if (trigger !== undefined && eventParams !== undefined) wire.event_params = eventParams;
  return { type, wire, key: indicatorKey(type, params, trigger, eventParams) };
}

/**
 * The routing key of a decoded event: the same as {@linkcode CanonicalIndicator.key} of the
 * indicator that asked for it. Only the documented keys count, so an extra key Upbit adds to the
 * echo does not stop delivery.
 *
 * @param indicator the event's indicator type
 * @param params the event's params (camelCase, as decoded)
 * @param trigger the signal's trigger, or undefined for `indicator`
 * @param eventParams the signal's condition params (camelCase, as decoded)
 * @returns the key, or undefined for an unknown type or trigger
 *
 * @example
 * ```ts
 * import { eventKey } from "./indicator_key.ts";
 * eventKey("macd", { fast: 12, slow: 26, signalPeriod: 9, extra: 1 });
 * // 'macd|{"fast":12,"slow":26,"signal_period":9}'
 * ```
 */
export function eventKey(
  indicator: string,
  params: Readonly<Record<string, unknown>>,
  trigger?: string,
  eventParams?: Readonly<Record<string, unknown>>,
): string | undefined {
  if (!Object.hasOwn(PARAMS, indicator)) return undefined;
  const type = indicator as IndicatorType;
  const wire: Record<string, unknown> = {};
  for (const s of PARAMS[type]) wire[s.wire] = params[s.name];
  if (trigger === undefined) return indicatorKey(type, wire);
  const triggers = TRIGGERS[type];
  if (!Object.hasOwn(triggers, trigger)) return undefined;
  const need = triggers[trigger];
  const ep: Record<string, unknown> = {};
  if (need) ep[need.name] = eventParams?.[need.name];
  return indicatorKey(type, wire, trigger, ep);
}
