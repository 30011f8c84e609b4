/**
 * The tests' own computation of Upbit's indicators from a candle history, written from the
 * definitions in `testing/indicators/compute.ts`'s header (SMA; EMA seeded with the SMA of the first n;
 * Wilder's RSI; Bollinger with the population deviation; MACD with its EMA signal line), without
 * importing the emulator's code, so that an emulator value can be checked against it.
 */

/** A candle history as the emulator reports it. */
export interface History {
  starts: number[];
  closes: number[];
  volumes: number[];
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Every EMA value of `xs` (undefined before the first n). */
export function emaAll(xs: number[], n: number): (number | undefined)[] {
  const out: (number | undefined)[] = xs.map(() => undefined);
  if (xs.length < n) return out;
  let e = mean(xs.slice(0, n));
  out[n - 1] = e;
  const k = 2 / (n + 1);
  for (let i = n; i < xs.length; i++) {
    e = xs[i]! * k + e * (1 - k);
    out[i] = e;
  }
  return out;
}

/** The moving average of the last n closes (SMA or EMA). */
export function movingAverage(kind: "SMA" | "EMA", xs: number[], n: number): number {
  return kind === "SMA" ? mean(xs.slice(-n)) : emaAll(xs, n).at(-1)!;
}

/** Wilder's RSI at the last close. */
export function rsi(xs: number[], n: number): number {
  const changes = xs.slice(1).map((x, i) => x - xs[i]!);
  let up = mean(changes.slice(0, n).map((d) => Math.max(d, 0)));
  let down = mean(changes.slice(0, n).map((d) => Math.max(-d, 0)));
  for (const d of changes.slice(n)) {
    up = (up * (n - 1) + Math.max(d, 0)) / n;
    down = (down * (n - 1) + Math.max(-d, 0)) / n;
  }
  if (down === 0) return 100;
  return 100 - 100 / (1 + up / down);
}

/** Bollinger bands at the last close. */
export function bollinger(xs: number[], n: number, m: number): [number, number, number] {
  const last = xs.slice(-n);
  const mid = mean(last);
  const sd = Math.sqrt(mean(last.map((x) => (x - mid) ** 2)));
  return [mid + m * sd, mid, mid - m * sd];
}

/** MACD, its signal line and the histogram at the last close. */
export function macd(
  xs: number[],
  fast: number,
  slow: number,
  sig: number,
): [number, number, number] {
  const f = emaAll(xs, fast);
  const s = emaAll(xs, slow);
  const line = xs.map((_, i) => (i >= slow - 1 ? f[i]! - s[i]! : undefined)).filter((
    x,
  ): x is number => x !== undefined);
  const signal = emaAll(line, sig).at(-1)!;
  const m = line.at(-1)!;
  return [m, signal, m - signal];
}

/** Whether `a` and `b` agree to 8 decimals (the emulator rounds, as Upbit's examples do). */
export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(b));
}
