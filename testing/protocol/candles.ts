/**
 * The candle units Upbit streams over WebSocket and their lengths (`upbit-protocol.md` §4).
 *
 * @module
 */

/**
 * Candle units streamed over WebSocket.
 *
 * @example A one-minute unit
 * ```ts
 * import type { CandleUnit } from "upbit-ws/testing";
 * const unit: CandleUnit = "1m";
 * ```
 */
export type CandleUnit = "1s" | "1m" | "3m" | "5m" | "10m" | "15m" | "30m" | "60m" | "240m";

/**
 * Every candle unit with its length in ms.
 *
 * @example Length of a unit
 * ```ts
 * import { CANDLE_UNITS } from "upbit-ws/testing";
 * console.log(CANDLE_UNITS["3m"]); // 180000
 * ```
 */
export const CANDLE_UNITS: Readonly<Record<CandleUnit, number>> = Object.freeze({
  "1s": 1000,
  "1m": 60_000,
  "3m": 180_000,
  "5m": 300_000,
  "10m": 600_000,
  "15m": 900_000,
  "30m": 1_800_000,
  "60m": 3_600_000,
  "240m": 14_400_000,
});
