/**
 * Announcements the emulator publishes on `/private`: what a test gives, and the frame Upbit
 * would send for it.
 *
 * @module
 */
import { kstIso } from "../_util/dates.ts";
import type { WireObject } from "../codec/json.ts";
import { ANNOUNCEMENT_CATEGORIES } from "../protocol/announcement.ts";

/**
 * An announcement to publish (fields as in Upbit's `announcement` frames).
 *
 * @example Publish a notice
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * emu.announce({ title: "점검 안내", category: "maintenance" });
 * ```
 */
export interface AnnouncementInput {
  /** Title. */
  title: string;
  /** One of the announcement categories (default `notice`). */
  category?: string;
  /** Link (default a notice URL). */
  url?: string;
  /** Markdown body, sent only to `include_body` subscribers. */
  body?: string | null;
  /** Default `CREATED`. */
  eventType?: "CREATED" | "UPDATED";
}

/**
 * The `announcement` frame (DEFAULT keys) of an input. @internal
 *
 * @param input title, category (default `notice`), url, body, event type
 * @param now the publication time, ms
 * @param uuid makes the announcement's uuid
 * @returns the frame
 * @throws {RangeError} when the category is not one of Upbit's, quoting it
 */
export function announcementFrame(
  input: AnnouncementInput,
  now: number,
  uuid: () => string,
): WireObject {
  const category = input.category ?? "notice";
  if (!ANNOUNCEMENT_CATEGORIES.includes(category)) {
    throw new RangeError(
      `Cannot announce as category must be a known category: current value is "${category}"`,
    );
  }
  const id = uuid();
  return {
    type: "announcement",
    event_type: input.eventType ?? "CREATED",
    uuid: id,
    title: input.title,
    category,
    url: input.url ?? `https://upbit.com/service_center/notice?id=${id.slice(0, 8)}`,
    first_listed_at: kstIso(now),
    listed_at: kstIso(now),
    body: input.body ?? null,
    timestamp: now,
    stream_type: "REALTIME",
  };
}
