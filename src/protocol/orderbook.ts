/**
 * The orderbook depths Upbit serves over WebSocket, written once. The argument checks (the
 * client's, the NATS client's and the CLI's), the depth types and the defaults derive from here;
 * the public option types (`OrderbookOptions.units`, `SnapshotOptions.units`, the NATS options)
 * spell the same union out so that their docs read `1 | 5 | 15 | 30`, and
 * `tests/unit/protocol/tables_agree.test.ts` checks at compile time that they equal this table.
 *
 * @module
 */

/**
 * @internal The depths (`units` of an orderbook request, the number of price levels per side),
 * smallest first: a code is asked for as `KRW-BTC.15` (the request example of `upbit-protocol.md`, and Upbit's
 * changelog of 2025-07-02 that added 1/5/15/30).
 *
 * @example Offer the depths
 * ```ts
 * import { ORDERBOOK_UNITS } from "./orderbook.ts";
 * console.log(ORDERBOOK_UNITS.join(", ")); // 1, 5, 15, 30
 * ```
 */
export const ORDERBOOK_UNITS = [1, 5, 15, 30] as const;

/**
 * @internal One of {@linkcode ORDERBOOK_UNITS}: `1 | 5 | 15 | 30`.
 *
 * @example
 * ```ts
 * import type { OrderbookUnits } from "./orderbook.ts";
 * const units: OrderbookUnits = 15;
 * ```
 */
export type OrderbookUnits = (typeof ORDERBOOK_UNITS)[number];

/**
 * @internal The full depth: what Upbit sends without `.{units}`, and the default of every
 * orderbook stream.
 *
 * @example
 * ```ts
 * import { FULL_DEPTH } from "./orderbook.ts";
 * console.log(FULL_DEPTH); // 30
 * ```
 */
export const FULL_DEPTH: OrderbookUnits = 30;

/**
 * @internal The depths as an error message lists them: `"1, 5, 15 or 30"`.
 *
 * @example
 * ```ts
 * import { ORDERBOOK_UNITS_TEXT } from "./orderbook.ts";
 * console.log(`units must be ${ORDERBOOK_UNITS_TEXT}`); // units must be 1, 5, 15 or 30
 * ```
 */
export const ORDERBOOK_UNITS_TEXT: string = `${ORDERBOOK_UNITS.slice(0, -1).join(", ")} or ${
  ORDERBOOK_UNITS[ORDERBOOK_UNITS.length - 1]
}`;

/**
 * @internal Whether `value` is one of {@linkcode ORDERBOOK_UNITS}.
 *
 * @param value anything
 * @returns `true` for 1, 5, 15 or 30
 * @example
 * ```ts
 * import { isOrderbookUnits } from "./orderbook.ts";
 * isOrderbookUnits(15); // true
 * isOrderbookUnits(10); // false
 * ```
 */
export function isOrderbookUnits(value: unknown): value is OrderbookUnits {
  return (ORDERBOOK_UNITS as readonly unknown[]).includes(value);
}
