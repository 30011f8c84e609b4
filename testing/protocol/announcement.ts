/**
 * The categories of Upbit's `announcement` stream.
 *
 * @module
 */

/**
 * The announcement categories Upbit accepts.
 *
 * @example Validate a category
 * ```ts
 * import { ANNOUNCEMENT_CATEGORIES } from "upbit-ws/testing";
 * console.log(ANNOUNCEMENT_CATEGORIES.includes("trade")); // true
 * ```
 */
export const ANNOUNCEMENT_CATEGORIES: readonly string[] = Object.freeze([
  "notice",
  "trade",
  "wallet",
  "maintenance",
  "digital_asset",
  "nft",
  "service",
  "event",
]);
