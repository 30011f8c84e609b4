/**
 * The indicator streams' rules (`upbit-indicators.md` §2–4), as facts: the timeframes, the
 * parameters of each type, the values they may take for `indicator` and the narrower ones for
 * `indicator_signal`, the triggers and their condition parameters, and the combination limit.
 * The checks that enforce them are in `src/subscribe/indicator_checks.ts`; the canonical form and
 * routing key in `src/demand/indicator_key.ts`.
 *
 * @module
 */
import type { IndicatorTimeframe, IndicatorType } from "../stream_types.ts";

/** The timeframes Upbit serves. */
export const TIMEFRAMES: readonly IndicatorTimeframe[] = ["5m", "15m", "60m", "240m", "1d"];

/** The indicator types. */
export const INDICATOR_TYPES: readonly IndicatorType[] = [
  "volume",
  "rsi",
  "moving_average",
  "ma_crossover",
  "bollinger_bands",
  "macd",
];

/** The upper bound of combinations (codes × indicators, both types added) per connection. */
export const MAX_COMBINATIONS = 100;

/** One parameter: its camelCase name, its wire name, and the values it may take (or a rule). */
export interface Param {
  name: string;
  wire: string;
  kind: "int" | "mult" | "ma";
}

/** Each type's parameters, in the docs' order. */
export const PARAMS: Readonly<Record<IndicatorType, readonly Param[]>> = {
  volume: [{ name: "period", wire: "period", kind: "int" }],
  rsi: [{ name: "period", wire: "period", kind: "int" }],
  moving_average: [
    { name: "type", wire: "type", kind: "ma" },
    { name: "period", wire: "period", kind: "int" },
  ],
  ma_crossover: [
    { name: "type", wire: "type", kind: "ma" },
    { name: "shortPeriod", wire: "short_period", kind: "int" },
    { name: "longPeriod", wire: "long_period", kind: "int" },
  ],
  bollinger_bands: [
    { name: "period", wire: "period", kind: "int" },
    { name: "multiplier", wire: "multiplier", kind: "mult" },
  ],
  macd: [
    { name: "fast", wire: "fast", kind: "int" },
    { name: "slow", wire: "slow", kind: "int" },
    { name: "signalPeriod", wire: "signal_period", kind: "int" },
  ],
};

/**
 * The allowed numeric values (or value tuples, for parameters that only come in combinations),
 * for `indicator` ("value") and `indicator_signal` ("signal").
 */
export interface Allowed {
  /** Allowed values of each single numeric parameter. */
  each?: Readonly<Record<string, readonly number[]>>;
  /** Allowed tuples of the numeric parameters, in PARAMS order. */
  tuples?: readonly (readonly number[])[];
}

export const VALUE: Readonly<Record<IndicatorType, Allowed>> = {
  volume: { each: { period: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] } },
  rsi: { each: { period: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 21, 25] } },
  moving_average: {
    each: { period: [3, 5, 7, 10, 15, 20, 25, 30, 50, 60, 90, 99, 100, 120, 200] },
  },
  ma_crossover: { tuples: [[5, 20], [20, 60], [30, 90], [50, 200]] },
  bollinger_bands: { each: { period: [10, 20, 50], multiplier: [1.0, 1.5, 2.0, 2.5, 3.0] } },
  macd: { tuples: [[12, 26, 9], [8, 17, 9], [5, 35, 5]] },
};

export const SIGNAL: Readonly<Record<IndicatorType, Allowed>> = {
  volume: { each: { period: [10, 20, 50] } },
  rsi: { each: { period: [7, 9, 14, 21, 25] } },
  moving_average: { each: { period: [5, 10, 20, 30, 60, 90, 120, 200] } },
  ma_crossover: VALUE.ma_crossover,
  bollinger_bands: { each: { period: [20], multiplier: [1.5, 2.0, 2.5] } },
  macd: VALUE.macd,
};

/** The triggers of each type and the condition parameter each one needs, with its values. */
export const TRIGGERS: Readonly<
  Record<IndicatorType, Readonly<Record<string, { name: string; values: number[] } | null>>>
> = {
  volume: { volume_spike: { name: "multiplier", values: [2.0, 3.0, 5.0] } },
  rsi: {
    overbought: { name: "threshold", values: [70, 80] },
    oversold: { name: "threshold", values: [20, 30] },
  },
  moving_average: { price_cross_above: null, price_cross_below: null },
  ma_crossover: { golden_cross: null, dead_cross: null },
  bollinger_bands: { price_cross_above: null, price_cross_below: null },
  macd: {
    golden_cross: null,
    dead_cross: null,
    zero_cross_above: null,
    zero_cross_below: null,
  },
};
