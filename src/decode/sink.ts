/**
 * What the decoder hands over: the {@linkcode FrameSink} it calls for every data event, control
 * frame and undecodable frame, and the {@linkcode ListedSubscription} entries of a
 * LIST_SUBSCRIPTIONS reply. Its own file so that the decoder and the control frames both use it
 * without importing each other.
 *
 * @module
 */
import type { DecodeError } from "../errors.ts";
import type { UpbitEvent } from "../types.ts";

/**
 * One entry of a LIST_SUBSCRIPTIONS reply: what Upbit says this connection is subscribed to.
 *
 * @example One listed subscription
 * ```ts
 * import type { ListedSubscription } from "upbit-ws";
 * const s: ListedSubscription = { type: "orderbook", codes: ["KRW-BTC"], level: 0 };
 * ```
 */
export interface ListedSubscription {
  /** The data type, e.g. `"ticker"` or `"candle.1m"`. */
  type: string;
  /** The codes (absent for myAsset). */
  codes?: string[];
  /** The orderbook grouping unit (orderbook only). */
  level?: number;
  /** `/info` only: the timeframe (`timeframe`). */
  timeframe?: string;
  /**
   * `/info` only: the registered `indicators` entries (`type`, `params`, and for signals
   * `trigger`, `event_params`), as Upbit sent them: their SIMPLE spellings are undocumented.
   */
  indicators?: unknown[];
}

/**
 * Where `Decoder.decode` sends what it finds in a frame. Each call of `decode` makes
 * zero or more calls here, synchronously and in frame order.
 *
 * @example Collect events and errors
 * ```ts
 * import { createDecoder } from "./decode.ts";
 * import type { FrameSink } from "./sink.ts";
 * import type { UpbitEvent } from "../types.ts";
 * const events: UpbitEvent[] = [];
 * const sink: FrameSink = {
 *   event: (e) => events.push(e),
 *   status: () => {},
 *   serverError: (name, message) => console.error(name, message),
 *   subscriptions: (list) => console.log(list),
 *   invalid: (error) => console.warn(error.message),
 * };
 * createDecoder().decode('{"status":"UP"}', sink);
 * ```
 */
export interface FrameSink {
  /** Each decoded data event, in order (every item of a list frame). */
  event(e: UpbitEvent): void;
  /** A `{"status":"UP"}` frame (the answer to a text `PING`). */
  status(status: string): void;
  /** An `{"error":{"name","message"}}` frame; Upbit closes the connection after it. */
  serverError(name: string, message: string): void;
  /** A LIST_SUBSCRIPTIONS reply, in DEFAULT or SIMPLE keys; `ticket` as a string when sent. */
  subscriptions(list: ListedSubscription[], ticket: string | undefined): void;
  /**
   * Anything undecodable: one error per bad frame, or per bad item of a list frame
   * (`error.delivered` false). Also a `validate` finding, once per type and key style, about a
   * frame whose event was delivered all the same (`error.delivered` true).
   */
  invalid(error: DecodeError): void;
}
