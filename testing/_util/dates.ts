/**
 * Upbit's date and time strings of a time in ms (internal): compact and ISO, UTC and KST.
 *
 * @module
 */

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** `yyyyMMdd` of a UTC time (ticker `trade_date`). */
export function compactDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** `HHmmss` of a UTC time (ticker `trade_time`). */
export function compactTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** `yyyy-MM-dd` of a UTC time (trade `trade_date`, 52-week dates). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `HH:mm:ss` of a UTC time (trade `trade_time`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** `yyyy-MM-ddTHH:mm:ss` of a UTC time (candle `candle_date_time_utc`). */
export function candleUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** `yyyy-MM-ddTHH:mm:ss` in KST (UTC+9) (candle `candle_date_time_kst`). */
export function candleKst(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19);
}

/** ISO 8601 with a `+09:00` offset (announcement times). */
export function kstIso(ms: number): string {
  return `${candleKst(ms)}+09:00`;
}
