// @ts-check
// @ts-self-types="./format.d.ts"
/**
 * Text of the dashboard page: prices, volumes, rates, ages, times and the colour class of a
 * change. Pure functions, shared by the page and the tests (types in format.d.ts).
 *
 * @module
 */

/**
 * Decimals a price is shown with: none from 1000 up (KRW ticks are whole won there), then one
 * more for each power of ten below, at most 8.
 *
 * @param {number} price
 * @returns {number}
 */
export function priceDecimals(price) {
  if (!Number.isFinite(price) || price <= 0) return 0;
  if (price >= 1000) return 0;
  return Math.min(8, 3 - Math.floor(Math.log10(price)));
}

/**
 * A price with thousands separators, e.g. `142,350,000`; an em dash when unknown.
 *
 * @param {number | undefined} price
 * @returns {string}
 */
export function formatPrice(price) {
  if (price === undefined || !Number.isFinite(price)) return "—";
  const d = priceDecimals(price);
  return price.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/**
 * A volume with a k/M suffix from 10 000 up, else up to 4 decimals.
 *
 * @param {number | string | undefined} volume
 * @returns {string}
 */
export function formatVolume(volume) {
  const v = typeof volume === "string" ? Number(volume) : volume;
  if (v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/**
 * A signed rate as a percentage with two decimals, e.g. `+1.25%`, `-0.40%`, `0.00%`.
 *
 * @param {number | undefined} rate
 * @returns {string}
 */
export function formatRate(rate) {
  if (rate === undefined || !Number.isFinite(rate)) return "—";
  const pct = rate * 100;
  if (Math.abs(pct) < 0.005) return "0.00%";
  return `${pct > 0 ? "+" : ""}${pct.toFixed(2)}%`;
}

/**
 * An age: `0.4 s`, `12 s`, `3 min`, `2 h`.
 *
 * @param {number | undefined} ms
 * @returns {string}
 */
export function formatAge(ms) {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/**
 * A time of day in the viewer's zone, `HH:MM:SS`.
 *
 * @param {number} ms since the epoch
 * @returns {string}
 */
export function formatTime(ms) {
  const d = new Date(ms);
  const p = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * The colour class of a change, as Upbit colours it: `rise` (red), `fall` (blue) or `even`.
 *
 * @param {string | number | undefined} change `RISE`/`FALL`/`EVEN`, or a signed number
 * @returns {"rise" | "fall" | "even"}
 */
export function changeClass(change) {
  if (typeof change === "number") return change > 0 ? "rise" : change < 0 ? "fall" : "even";
  if (change === "RISE") return "rise";
  if (change === "FALL") return "fall";
  return "even";
}
