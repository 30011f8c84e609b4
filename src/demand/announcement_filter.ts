/**
 * What one announcement subscription asked for (its categories, and whether it wants the body), and
 * whether an event is one it takes.
 *
 * @module
 */
import type { AnnouncementCategory, AnnouncementEvent } from "../stream_types.ts";

/**
 * What one announcement subscription asked for, checked.
 *
 * @example Every category, without the body
 * ```ts
 * import type { AnnouncementFilter } from "./announcement_filter.ts";
 * const filter: AnnouncementFilter = { categories: [], includeBody: false };
 * ```
 */
export interface AnnouncementFilter {
  /** Categories to receive; empty for every category. */
  categories: readonly AnnouncementCategory[];
  /** Whether the subscriber wants `body`. */
  includeBody: boolean;
}

/**
 * Whether a subscription's filter takes an event.
 *
 * @param filter the subscription's filter
 * @param event the event
 * @returns true when it should be delivered
 *
 * @example
 * ```ts
 * import { acceptsAnnouncement } from "./announcement_filter.ts";
 * import type { AnnouncementEvent } from "../stream_types.ts";
 * declare const event: AnnouncementEvent;
 * acceptsAnnouncement({ categories: ["notice"], includeBody: false }, event);
 * ```
 */
export function acceptsAnnouncement(filter: AnnouncementFilter, event: AnnouncementEvent): boolean {
  return filter.categories.length === 0 ||
    (filter.categories as readonly string[]).includes(event.category);
}
