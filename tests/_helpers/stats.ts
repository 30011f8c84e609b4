/**
 * Sample statistics for the reliability measurements: quantiles, a summary line, a text
 * histogram, and the busiest window of a series of times.
 *
 * @module
 */

/** The value at quantile q (0..1) of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Min, percentiles and max of a sample, in the sample's unit. */
export interface Summary {
  n: number;
  min: number;
  p10: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summarises a sample. */
export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p10: quantile(s, 0.1),
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

/** `min/p50/p90/max` rounded, for one-line reports. */
export function fmt(s: Summary, unit = "ms"): string {
  const r = (n: number) => (Number.isFinite(n) ? Math.round(n) : "–");
  return `min ${r(s.min)} p10 ${r(s.p10)} p50 ${r(s.p50)} p90 ${r(s.p90)} p99 ${r(s.p99)} max ${
    r(s.max)
  } ${unit} (n=${s.n})`;
}

/** Counts per bucket of `width` from 0, as `[from, count]`. */
export function histogram(values: readonly number[], width: number): [number, number][] {
  const counts = new Map<number, number>();
  for (const v of values) {
    const b = Math.floor(v / width) * width;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const top = Math.max(0, ...counts.keys());
  const out: [number, number][] = [];
  for (let b = 0; b <= top; b += width) out.push([b, counts.get(b) ?? 0]);
  return out;
}

/** A text histogram, one line per bucket. */
export function drawHistogram(values: readonly number[], width: number, unit = "ms"): string {
  const rows = histogram(values, width);
  const most = Math.max(1, ...rows.map(([, n]) => n));
  const label = (b: number) => `${b}–${b + width} ${unit}`.padStart(16);
  return rows.map(([b, n]) =>
    `${label(b)} ${"*".repeat(Math.round((n / most) * 40)).padEnd(40)} ${n}`
  ).join("\n");
}

/** The most events in any window of `windowMs` (times in ms). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
