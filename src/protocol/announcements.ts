/**
 * The categories of Upbit's announcement stream, written once (`upbit-protocol.md` §2.1, §3.7).
 *
 * @module
 */

/**
 * @internal The categories Upbit's announcement page lists (an unsupported one gets
 * `INVALID_PARAM`). The guide's `"trading"` is a doc error: the value is `trade`. The public type
 * `AnnouncementCategory` spells the same list out; a test keeps them equal.
 *
 * @example Offer the categories
 * ```ts
 * import { ANNOUNCEMENT_CATEGORIES } from "./announcements.ts";
 * console.log(ANNOUNCEMENT_CATEGORIES.includes("trade")); // true
 * ```
 */
export const ANNOUNCEMENT_CATEGORIES = [
  "notice",
  "trade",
  "wallet",
  "maintenance",
  "digital_asset",
  "nft",
  "service",
  "event",
] as const;
