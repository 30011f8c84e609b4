/**
 * The candle intervals Upbit streams over WebSocket, written once. Every other place in the
 * client (argument checks, the decoder's lookup table, the schemas, the CLI) derives its list from
 * here; the emulator (`testing/`) keeps its own reading on purpose, and
 * `tests/unit/protocol/tables_agree.test.ts` checks that the two agree.
 *
 * @module
 */

/**
 * @internal The intervals, shortest first: `1s` … `240m` (`upbit-protocol.md` §3.4). The public
 * type `CandleInterval` spells the same list out; a test keeps them equal.
 *
 * @example Offer the intervals
 * ```ts
 * import { CANDLE_INTERVALS } from "./candles.ts";
 * console.log(CANDLE_INTERVALS.join(", ")); // 1s, 1m, 3m, 5m, 10m, 15m, 30m, 60m, 240m
 * ```
 */
export const CANDLE_INTERVALS = [
  "1s",
  "1m",
  "3m",
  "5m",
  "10m",
  "15m",
  "30m",
  "60m",
  "240m",
] as const;

/**
 * @internal The candle data types on the wire: `candle.` + each of {@linkcode CANDLE_INTERVALS},
 * in the same order.
 *
 * @example Check a candle type
 * ```ts
 * import { CANDLE_TYPES } from "./candles.ts";
 * console.log(CANDLE_TYPES.includes("candle.1m")); // true
 * ```
 */
export const CANDLE_TYPES: readonly `candle.${(typeof CANDLE_INTERVALS)[number]}`[] = Object
  .freeze(CANDLE_INTERVALS.map((i) => `candle.${i}` as const));
