/**
 * The `announcement` data type (private endpoint, JWT, no key permission): the decoding of its
 * frames in both key styles. The categories and the SIMPLE keys are protocol facts, in
 * `src/protocol/`; a subscription's filter is in `src/demand/announcement_filter.ts`, its check in
 * `src/subscribe/announcement_checks.ts`.
 *
 * @module
 */
import type { AnnouncementEvent } from "../stream_types.ts";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { DataCodec } from "./codec.ts";

const ANNOUNCEMENT_KEYS = SIMPLE_KEYS.announcement;

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
