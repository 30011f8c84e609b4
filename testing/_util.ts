// Private helpers of the emulator: seeded randomness, decimal rounding and Upbit date strings.

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export type Rng = () => number;

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, 32 bits. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stateless pseudo-random number in [0, 1) derived from the given parts. */
export function hashUnit(...parts: (string | number)[]): number {
  return hashString(parts.join("|")) / 4294967296;
}

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

/** A UUID v4 string drawn from a seeded generator (deterministic ids). */
export function seededUuid(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16));
  hex[12] = "4";
  hex[16] = ((Math.floor(rng() * 4)) + 8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
