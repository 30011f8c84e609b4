/**
 * The candle history of one code and timeframe, and its made-up past: a seeded random walk
 * backwards from today's price, so that indicators have data from the first close on.
 *
 * @module
 */

/** How many past candles each (code, timeframe) history starts with. */
export const SEEDED = 300;

/**
 * The candles of one code and timeframe: each candle's start (ms), close and volume, oldest first.
 *
 * @example
 * ```ts
 * import type { CandleHistory } from "upbit-ws/testing";
 * const last = (h: CandleHistory) => h.closes.at(-1);
 * ```
 */
export interface CandleHistory {
  /** Candle starts, ms since the epoch. */
  starts: number[];
  /** Closing prices. */
  closes: number[];
  /** Volumes. */
  volumes: number[];
}

/**
 * The past candles of a (code, timeframe) before the emulator ran: {@linkcode SEEDED} of them,
 * ending one candle before the candle in progress. @internal
 *
 * @param key `code|timeframe`, seeding the walk with `seed`
 * @param price today's price (the last close)
 * @param ms the timeframe's length
 * @param seedOf the emulator's seed
 * @param now the current time, ms
 * @returns the history, oldest first
 */
export function seededHistory(
  key: string,
  price: number,
  ms: number,
  seedOf: number,
  now: number,
): CandleHistory {
  // Made-up past: a seeded random walk backwards from today's price, ending one candle before
  // the candle in progress.
  let seed = seedOf >>> 0;
  for (const ch of key) seed = Math.imul(seed ^ ch.charCodeAt(0), 2654435761) >>> 0;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const closes: number[] = [];
  const volumes: number[] = [];
  let p = price;
  for (let i = 0; i < SEEDED; i++) {
    closes.push(p);
    volumes.push(Math.round((1 + rand() * 9) * 1e4) / 1e4);
    p = p * (1 + (rand() - 0.5) * 0.02);
  }
  closes.reverse();
  volumes.reverse();
  // The candle in progress started at floor((now − 1)/ms)·ms: at a boundary it is the one
  // that is closing.
  const first = Math.floor((now - 1) / ms) * ms - SEEDED * ms;
  return { starts: closes.map((_, i) => first + i * ms), closes, volumes };
}
