/**
 * The indicators' computations over a candle history, and whether a signal's condition turned
 * true. Documented so that a test can redo them from {@linkcode IndicatorEngine.history}:
 * - SMA(n): the mean of the last n closes. EMA(n): α = 2/(n+1), seeded with the SMA of the first n
 *   closes of the history, then `ema = α·close + (1−α)·ema`.
 * - RSI(n): Wilder's: the first average gain/loss is the mean over the first n changes, then
 *   `avg = (avg·(n−1) + x)/n`; `RSI = 100 − 100/(1 + gain/loss)` (100 when there was no loss).
 * - Bollinger(n, m): middle SMA(n), bands ± m × the population standard deviation of the last n.
 * - MACD(f, s, g): EMA(f) − EMA(s) from the s-th close on; signal: EMA(g) of that series
 *   (seeded the same way); histogram = macd − signal.
 * - volume(n): the closed candle's volume, the mean of the last n volumes (it included), ratio.
 * Values are rounded to 8 decimals, as Upbit's examples are.
 *
 * @module
 */
import type { CandleHistory } from "./history.ts";
import type { IndicatorSubscription } from "./request.ts";

// ---- the computations ----

function sma(xs: number[], n: number, end: number): number {
  let s = 0;
  for (let i = end - n + 1; i <= end; i++) s += xs[i]!;
  return s / n;
}

/** EMA series over xs[from..]: seeded with the SMA of the first n values. */
function emaSeries(xs: number[], n: number, from = 0): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(xs.length).fill(undefined);
  if (xs.length - from < n) return out;
  const a = 2 / (n + 1);
  let e = 0;
  for (let i = from; i < from + n; i++) e += xs[i]!;
  e /= n;
  out[from + n - 1] = e;
  for (let i = from + n; i < xs.length; i++) out[i] = e = a * xs[i]! + (1 - a) * e;
  return out;
}

function ma(kind: string, xs: number[], n: number, end: number): number | undefined {
  if (end + 1 < n) return undefined;
  return kind === "EMA" ? emaSeries(xs.slice(0, end + 1), n)[end] : sma(xs, n, end);
}

function rsi(xs: number[], n: number, end: number): number | undefined {
  if (end < n) return undefined;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const d = xs[i]! - xs[i - 1]!;
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= n;
  loss /= n;
  for (let i = n + 1; i <= end; i++) {
    const d = xs[i]! - xs[i - 1]!;
    gain = (gain * (n - 1) + Math.max(d, 0)) / n;
    loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
  }
  return loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
}

function macd(
  xs: number[],
  fast: number,
  slow: number,
  signal: number,
  end: number,
): { macd: number; macd_signal: number; histogram: number } | undefined {
  const upto = xs.slice(0, end + 1);
  const f = emaSeries(upto, fast);
  const s = emaSeries(upto, slow);
  const line: number[] = [];
  for (let i = slow - 1; i <= end; i++) line.push(f[i]! - s[i]!);
  const sig = emaSeries(line, signal);
  const m = line.at(-1);
  const g = sig.at(-1);
  if (m === undefined || g === undefined) return undefined;
  return { macd: m, macd_signal: g, histogram: m - g };
}

/**
 * The `value` object of one indicator at candle `end` of a history (DEFAULT keys, unrounded), or
 * undefined when the history is too short.
 *
 * @param indicator the indicator type
 * @param p its params (DEFAULT keys)
 * @param h the history
 * @param end the candle's index
 * @returns the values
 */
export function compute(
  indicator: string,
  p: Record<string, number | string>,
  h: CandleHistory,
  end: number,
): Record<string, number> | undefined {
  const xs = h.closes;
  switch (indicator) {
    case "volume": {
      const n = p["period"] as number;
      if (end + 1 < n) return undefined;
      const avg = sma(h.volumes, n, end);
      const volume = h.volumes[end]!;
      return { volume, avg_volume: avg, ratio: avg === 0 ? 0 : volume / avg };
    }
    case "rsi": {
      const v = rsi(xs, p["period"] as number, end);
      return v === undefined ? undefined : { rsi: v };
    }
    case "moving_average": {
      const v = ma(p["type"] as string, xs, p["period"] as number, end);
      return v === undefined ? undefined : { value: v };
    }
    case "ma_crossover": {
      const s = ma(p["type"] as string, xs, p["short_period"] as number, end);
      const l = ma(p["type"] as string, xs, p["long_period"] as number, end);
      return s === undefined || l === undefined ? undefined : { ma_short: s, ma_long: l };
    }
    case "bollinger_bands": {
      const n = p["period"] as number;
      if (end + 1 < n) return undefined;
      const mid = sma(xs, n, end);
      let v = 0;
      for (let i = end - n + 1; i <= end; i++) v += (xs[i]! - mid) ** 2;
      const sd = Math.sqrt(v / n);
      const m = p["multiplier"] as number;
      return { bb_upper: mid + m * sd, bb_middle: mid, bb_lower: mid - m * sd };
    }
    case "macd":
      return macd(xs, p["fast"] as number, p["slow"] as number, p["signal_period"] as number, end);
  }
  return undefined;
}

/** -1, 0 (tie) or 1: which side of the compared line candle `i` is on, for a crossing trigger. */
function side(s: IndicatorSubscription, h: CandleHistory, i: number): number | undefined {
  const v = compute(s.indicator, s.params, h, i);
  if (v === undefined) return undefined;
  const close = h.closes[i]!;
  const sign = (a: number, b: number) => (a > b ? 1 : a < b ? -1 : 0);
  switch (s.indicator) {
    case "moving_average":
      return sign(close, v["value"]!);
    case "ma_crossover":
      return sign(v["ma_short"]!, v["ma_long"]!);
    case "bollinger_bands":
      return sign(close, s.trigger === "price_cross_above" ? v["bb_upper"]! : v["bb_lower"]!);
    case "macd":
      return s.trigger === "zero_cross_above" || s.trigger === "zero_cross_below"
        ? sign(v["macd"]!, 0)
        : sign(v["macd"]!, v["macd_signal"]!);
  }
  return undefined;
}

function met(s: IndicatorSubscription, h: CandleHistory, i: number): boolean | undefined {
  const v = compute(s.indicator, s.params, h, i);
  if (v === undefined) return undefined;
  if (s.trigger === "volume_spike") {
    return v["volume"]! >= s.eventParams!["multiplier"]! * v["avg_volume"]!;
  }
  if (s.trigger === "overbought") return v["rsi"]! >= s.eventParams!["threshold"]!;
  if (s.trigger === "oversold") return v["rsi"]! <= s.eventParams!["threshold"]!;
  return undefined;
}

/**
 * Whether a signal fires at candle `n`: its condition turned from unmet to met. For crossings a
 * candle where the two compared values are equal keeps the previous state (the docs' tie rule;
 * applied to the MACD zero crossings too, which the docs leave open); RSI and volume spikes
 * compare with the candle just before.
 *
 * @param s the combination
 * @param h the history
 * @param n the candle that closed
 * @returns true when an event is due
 */
export function fires(s: IndicatorSubscription, h: CandleHistory, n: number): boolean {
  if (s.indicator === "rsi" || s.indicator === "volume") {
    return met(s, h, n) === true && met(s, h, n - 1) === false;
  }
  const want = s.trigger === "price_cross_above" || s.trigger === "golden_cross" ||
      s.trigger === "zero_cross_above"
    ? 1
    : -1;
  const now = side(s, h, n);
  if (now !== want) return false;
  for (let i = n - 1; i >= 0; i--) {
    const before = side(s, h, i);
    if (before === undefined) return false;
    if (before !== 0) return before === -want;
  }
  return false;
}

/** Every value rounded to 8 decimals, as Upbit's examples are. @internal */
export function round(v: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) out[k] = Math.round(x * 1e8) / 1e8;
  return out;
}
