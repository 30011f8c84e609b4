/**
 * One indicator (or signal condition) in canonical form: its wire object in `indicators[]` and the
 * key that routes its events, the same for a request and for the events it brings.
 *
 * @module
 */
import type { IndicatorType } from "../stream_types.ts";
import { PARAMS, TRIGGERS } from "../protocol/indicators.ts";

/** An indicator (or signal condition) checked and put in canonical form. */
export interface CanonicalIndicator {
  /** The indicator type. */
  type: IndicatorType;
  /** The wire object of `indicators[]` (snake_case keys, in the docs' order). */
  wire: Record<string, unknown>;
  /** The routing key: type, params, trigger and condition params. */
  key: string;
}

/**
 * The routing key of a decoded event: the same as {@linkcode CanonicalIndicator.key} of the
 * indicator that asked for it. Only the documented keys count, so an extra key Upbit adds to the
 * echo does not stop delivery.
 *
 * @param indicator the event's indicator type
 * @param params the event's params (camelCase)
 * @param trigger the signal's trigger, or undefined for `indicator`
 * @param eventParams the signal's condition params (camelCase)
 * @returns the key, or undefined for an unknown type
 */
export function eventKey(
  indicator: string,
  params: Record<string, unknown>,
  trigger?: string,
  eventParams?: Record<string, unknown>,
): string | undefined {
  const specs = PARAMS[indicator as IndicatorType];
  if (specs === undefined) return undefined;
  const wire: Record<string, unknown> = {};
  for (const s of specs) wire[s.wire] = params[s.name];
  let key = `${indicator}|${JSON.stringify(wire)}`;
  if (trigger !== undefined) {
    const need = TRIGGERS[indicator as IndicatorType][trigger];
    const ep: Record<string, unknown> = {};
    if (need) ep[need.name] = eventParams?.[need.name];
    key += `|${trigger}|${JSON.stringify(ep)}`;
  }
  return key;
}
