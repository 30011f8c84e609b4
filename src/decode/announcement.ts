/**
 * The `announcement` data type (private endpoint, JWT, no key permission): the decoding of its
 * frames in both key styles, and its subscription's filter (the check of the options, and which
 * events it takes). The categories and the SIMPLE keys are protocol facts, in `src/protocol/`.
 *
 * @module
 */
import type { AnnouncementCategory, AnnouncementEvent } from "../stream_types.ts";
import { quote } from "../args.ts";
import { ANNOUNCEMENT_CATEGORIES } from "../protocol/announcements.ts";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { DataCodec } from "./codec.ts";

const ANNOUNCEMENT_KEYS = SIMPLE_KEYS.announcement;

/**
 * What one announcement subscription asked for, checked.
 *
 * @example Every category, without the body
 * ```ts
 * import type { AnnouncementFilter } from "./announcement.ts";
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
 * import { checkAnnouncementFilter } from "./announcement.ts";
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

/**
 * Maps an announcement frame (DEFAULT or SIMPLE keys) to its event, or explains why it cannot.
 *
 * @param o the parsed frame
 * @param simple whether its keys are SIMPLE
 * @returns the event, or a reason (for a `DecodeError`)
 *
 * @example Decode a SIMPLE frame
 * ```ts
 * import { decodeAnnouncement } from "./announcement.ts";
 * const r = decodeAnnouncement({ ty: "announcement", et: "created" }, true);
 * console.log(r); // field "uid" must be a string: current type is "undefined"
 * ```
 */
export function decodeAnnouncement(
  o: Record<string, unknown>,
  simple: boolean,
): AnnouncementEvent | string {
  const k = simple ? ANNOUNCEMENT_KEYS : undefined;
  const get = (key: keyof typeof ANNOUNCEMENT_KEYS) => o[k ? k[key] : key];
  const strings = ["event_type", "uuid", "title", "category", "url"] as const;
  for (const key of strings) {
    const v = get(key);
    if (typeof v !== "string") {
      return `field "${k ? k[key] : key}" must be a string: current type is "${typeOf(v)}"`;
    }
  }
  const timestamp = get("timestamp");
  if (typeof timestamp !== "number") {
    return `field "${k ? k.timestamp : "timestamp"}" must be a number: current type is "${
      typeOf(timestamp)
    }"`;
  }
  const body = get("body");
  if (body !== undefined && body !== null && typeof body !== "string") {
    return `field "${k ? k.body : "body"}" must be a string or null: current type is "${
      typeOf(body)
    }"`;
  }
  const event: AnnouncementEvent = {
    type: "announcement",
    eventType: get("event_type") as string,
    uuid: get("uuid") as string,
    title: get("title") as string,
    category: get("category") as string,
    url: get("url") as string,
    // Times are documented as always present; a frame without one is still delivered ("").
    firstListedAt: typeof get("first_listed_at") === "string"
      ? get("first_listed_at") as string
      : "",
    listedAt: typeof get("listed_at") === "string" ? get("listed_at") as string : "",
    timestamp,
    streamType: "REALTIME",
  };
  if (body !== undefined) event.body = body as string | null;
  return event;
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
 * import { acceptsAnnouncement } from "./announcement.ts";
 * import type { AnnouncementEvent } from "../stream_types.ts";
 * declare const event: AnnouncementEvent;
 * acceptsAnnouncement({ categories: ["notice"], includeBody: false }, event);
 * ```
 */
export function acceptsAnnouncement(filter: AnnouncementFilter, event: AnnouncementEvent): boolean {
  return filter.categories.length === 0 ||
    (filter.categories as readonly string[]).includes(event.category);
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/**
 * The announcement's entry in the decoder's lookup table: a rare frame, checked in full every
 * time, with no schema pass.
 *
 * @example Decode a parsed frame
 * ```ts
 * import { ANNOUNCEMENT } from "./announcement.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = ANNOUNCEMENT.decode(o, false, "announcement", frame); // the event, or a reason
 * ```
 */
export const ANNOUNCEMENT: DataCodec = {
  schemas: undefined,
  decode: (o, simple) => decodeAnnouncement(o, simple),
  exact: undefined,
};
