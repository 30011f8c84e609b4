/**
 * The indicator streams' rules as the emulator reads Upbit's pages (`upbit-indicators.md` §2–4):
 * the timeframes and their lengths, the allowed values of every parameter for `indicator` and the
 * narrower ones for `indicator_signal`, the allowed pairs and triples, and the triggers with their
 * condition parameters.
 *
 * @module
 */

/**
 * The timeframes of the indicator streams and their lengths in ms.
 *
 * @example
 * ```ts
 * import { INDICATOR_TIMEFRAMES } from "upbit-ws/testing";
 * console.log(INDICATOR_TIMEFRAMES["5m"]); // 300000
 * ```
 */
export const INDICATOR_TIMEFRAMES: Readonly<Record<string, number>> = Object.freeze({
  "5m": 300_000,
  "15m": 900_000,
  "60m": 3_600_000,
  "240m": 14_400_000,
  "1d": 86_400_000,
});

/**
 * What one calculation parameter may be: an integer or not, and, when listed, one of `values`.
 * @internal
 */
export type Rule = { int: boolean; values?: number[] };
/**
 * Allowed values per indicator type and parameter for `indicator` (`"ma"`: a moving-average type,
 * `SMA` or `EMA`). @internal
 */
export const VALUE_PARAMS: Record<string, Record<string, Rule | "ma">> = {
  volume: { period: { int: true, values: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] } },
  rsi: { period: { int: true, values: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 21, 25] } },
  moving_average: {
    type: "ma",
    period: { int: true, values: [3, 5, 7, 10, 15, 20, 25, 30, 50, 60, 90, 99, 100, 120, 200] },
  },
  ma_crossover: { type: "ma", short_period: { int: true }, long_period: { int: true } },
  bollinger_bands: {
    period: { int: true, values: [10, 20, 50] },
    multiplier: { int: false, values: [1, 1.5, 2, 2.5, 3] },
  },
  macd: { fast: { int: true }, slow: { int: true }, signal_period: { int: true } },
};
/** The narrower allowed values of `indicator_signal`, per indicator type and parameter. @internal */
export const SIGNAL_PARAMS: Record<string, Record<string, Rule | "ma">> = {
  ...VALUE_PARAMS,
  volume: { period: { int: true, values: [10, 20, 50] } },
  rsi: { period: { int: true, values: [7, 9, 14, 21, 25] } },
  moving_average: {
    type: "ma",
    period: { int: true, values: [5, 10, 20, 30, 60, 90, 120, 200] },
  },
  bollinger_bands: {
    period: { int: true, values: [20] },
    multiplier: { int: false, values: [1.5, 2, 2.5] },
  },
};
/** The allowed `short_period/long_period` pairs of `ma_crossover`. @internal */
export const PAIRS = ["5/20", "20/60", "30/90", "50/200"];
/** The allowed `fast/slow/signal_period` triples of `macd`. @internal */
export const TRIPLES = ["12/26/9", "8/17/9", "5/35/5"];
/**
 * The triggers of each indicator type and, when it has one, the condition parameter with its
 * allowed values (`null`: none). @internal
 */
export const TRIGGERS: Record<string, Record<string, { name: string; values: number[] } | null>> = {
  volume: { volume_spike: { name: "multiplier", values: [2, 3, 5] } },
  rsi: {
    overbought: { name: "threshold", values: [70, 80] },
    oversold: { name: "threshold", values: [20, 30] },
  },
  moving_average: { price_cross_above: null, price_cross_below: null },
  ma_crossover: { golden_cross: null, dead_cross: null },
  bollinger_bands: { price_cross_above: null, price_cross_below: null },
  macd: { golden_cross: null, dead_cross: null, zero_cross_above: null, zero_cross_below: null },
};
