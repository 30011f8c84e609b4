/**
 * Numbers as the tables show them: prices with Upbit's precision, volumes, change rates with an
 * arrow, byte counts, ages and elapsed times.
 *
 * @module
 */

/**
 * Formats a price the way Upbit shows it: thousands separators, and decimals by magnitude
 * (none above 100 000 unless present, up to 8 below 1).
 *
 * @param value the price
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatPrice } from "./numbers.ts";
 * formatPrice(148500000); // "148,500,000"
 * formatPrice(0.01952); // "0.01952"
 * ```
 */
export function formatPrice(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  const digits = abs >= 100_000 ? 1 : abs >= 100 ? 2 : abs >= 1 ? 4 : 8;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: true });
}

/**
 * Formats a quantity compactly: `1,234.57`, `12.35K`, `3.46M`, `1.20B`.
 *
 * @param value the quantity
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatVolume } from "./numbers.ts";
 * formatVolume(7158.8028356); // "7,158.8"
 * formatVolume(228827082483.7); // "228.83B"
 * ```
 */
export function formatVolume(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(2)}K`;
  const digits = abs >= 100 ? 1 : abs >= 1 ? 3 : 8;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/**
 * Formats a signed rate as a percentage with an arrow: `▲ +1.27%`, `▼ -0.40%`, `- 0.00%`.
 *
 * @param rate the signed rate (0.0127 = +1.27 %)
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatChange } from "./numbers.ts";
 * formatChange(0.0126713295); // "▲ +1.27%"
 * ```
 */
export function formatChange(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return "—";
  const pct = (rate * 100).toFixed(2);
  if (Number(pct) > 0) return `▲ +${pct}%`;
  if (Number(pct) < 0) return `▼ ${pct}%`;
  return `- ${(0).toFixed(2)}%`;
}

/**
 * Formats a byte count: `512 B`, `1.5 KB`, `2.25 MB`.
 *
 * @param bytes the count
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatBytes } from "./numbers.ts";
 * formatBytes(1536); // "1.5 KB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * Formats a duration for the age column: `0.3s`, `12s`, `4m05s`, `2h03m`.
 *
 * @param ms the duration in ms
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatAge } from "./numbers.ts";
 * formatAge(250); // "0.3s"
 * formatAge(245_000); // "4m05s"
 * ```
 */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const t = Math.max(0, ms);
  if (t < 10_000) return `${(t / 1000).toFixed(1)}s`;
  const s = Math.floor(t / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
}

/**
 * Formats elapsed time as a clock: `00:05`, `12:34`, `1:02:03`.
 *
 * @param ms the elapsed time in ms
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatElapsed } from "./numbers.ts";
 * formatElapsed(65_000); // "01:05"
 * ```
 */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}
