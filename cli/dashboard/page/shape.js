// @ts-check
// @ts-self-types="./shape.d.ts"
/**
 * Data shaping of the dashboard page: merging a candle into a bounded, time-ordered series, and
 * the cumulative depth of an order book side. Pure, shared by the page and the tests (types in
 * shape.d.ts).
 *
 * @module
 */

/**
 * Merges a candle into a series ordered by start time: a newer candle is appended (the oldest
 * dropped beyond `limit`), the same start replaces the last, an older one replaces its match if
 * held. Returns what the chart must do: `append`/`replace-last` are cheap updates, `replace-old`
 * needs a redraw, `ignore` nothing.
 *
 * @param {{ t: number }[]} bars the series (changed in place)
 * @param {{ t: number }} bar the candle
 * @param {number} limit most candles kept
 * @returns {"append" | "replace-last" | "replace-old" | "ignore"}
 */
export function mergeBar(bars, bar, limit) {
  const last = bars[bars.length - 1];
  if (last === undefined || bar.t > last.t) {
    bars.push(bar);
    if (bars.length > limit) bars.splice(0, bars.length - limit);
    return "append";
  }
  if (bar.t === last.t) {
    bars[bars.length - 1] = bar;
    return "replace-last";
  }
  const i = bars.findIndex((b) => b.t === bar.t);
  if (i === -1) return "ignore";
  bars[i] = bar;
  return "replace-old";
}

/**
 * Running totals of the sizes of one book side, best level first.
 *
 * @param {[number, number][]} levels `[price, size]`, best first
 * @returns {number[]} the cumulative size at each level
 */
export function cumulative(levels) {
  const out = new Array(levels.length);
  let sum = 0;
  for (let i = 0; i < levels.length; i++) {
    sum += /** @type {[number, number]} */ (levels[i])[1];
    out[i] = sum;
  }
  return out;
}
