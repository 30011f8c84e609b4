/**
 * The check of an announcement subscription's options, before anything is sent.
 *
 * @module
 */
import type { AnnouncementCategory } from "../stream_types.ts";
import { quote } from "../args.ts";
import { ANNOUNCEMENT_CATEGORIES } from "../protocol/announcements.ts";
import type { AnnouncementFilter } from "../demand/announcement_filter.ts";

/**
 * Checks the options of an announcement subscription.
 *
 * @param categories the filter, or undefined for every category
 * @param includeBody whether to receive the body
 * @returns the checked filter (categories without duplicates)
 * @throws {TypeError} for a filter that is not an array of strings or a non-boolean `includeBody`
 * @throws {RangeError} for an unknown category (with a hint for `"trading"`) or an empty list
 *
 * @example Check the options
 * ```ts
 * import { checkAnnouncementFilter } from "./announcement_checks.ts";
 * checkAnnouncementFilter(["notice", "notice"], true); // { categories: ["notice"], includeBody: true }
 * ```
 */
export function checkAnnouncementFilter(
  categories: unknown,
  includeBody: unknown,
): AnnouncementFilter {
  if (includeBody !== undefined && typeof includeBody !== "boolean") {
    throw new TypeError(
      `Cannot subscribe to announcements as includeBody must be a boolean: current value is ${
        quote(includeBody)
      }`,
    );
  }
  if (categories === undefined) return { categories: [], includeBody: includeBody === true };
  if (!Array.isArray(categories)) {
    throw new TypeError(
      `Cannot subscribe to announcements as categories must be an array: current value is ${
        quote(categories)
      }`,
    );
  }
  if (categories.length === 0) {
    throw new RangeError(
      "Cannot subscribe to announcements as categories must not be empty (leave it out for every category): current value is []",
    );
  }
  for (const c of categories) {
    if (typeof c !== "string") {
      throw new TypeError(
        `Cannot subscribe to announcements as each category must be a string: current value is ${
          quote(c)
        }`,
      );
    }
    if (!(ANNOUNCEMENT_CATEGORIES as readonly string[]).includes(c)) {
      const hint = c === "trading" ? ' (Upbit\'s guide says "trading"; the value is "trade")' : "";
      throw new RangeError(
        `Cannot subscribe to announcements as category must be one of ${
          ANNOUNCEMENT_CATEGORIES.join(", ")
        }: current value is ${quote(c)}${hint}`,
      );
    }
  }
  return {
    categories: [...new Set(categories as AnnouncementCategory[])],
    includeBody: includeBody === true,
  };
}
