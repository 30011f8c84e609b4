/**
 * Decimal rounding without binary noise (internal): a tick size's decimals, rounding to them,
 * and Upbit's 8 decimals of sizes.
 *
 * @module
 */

/** The number of decimals of a tick size such as 0.001 (3) or 1000 (0). */
export function decimalsOf(step: number): number {
  if (step >= 1) return 0;
  return Math.min(12, Math.max(0, Math.round(-Math.log10(step))));
}

/** Rounds to `d` decimals without binary noise. */
export function round(x: number, d: number): number {
  return Number(x.toFixed(d));
}

/** Rounds a size to Upbit's 8 decimals. */
export function round8(x: number): number {
  return Number(x.toFixed(8));
}
