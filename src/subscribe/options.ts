/**
 * The options a stream method or `snapshot()` takes: {@linkcode SubscribeOptions} for every
 * subscription, and what orderbook, announcement and indicator streams add; and
 * {@linkcode checkSubscribeOptions}, the one check of the shared options (the client's and the
 * NATS client's stream methods both run it).
 *
 * @module
 */
import { quote } from "../args.ts";
import type { OverflowPolicy } from "../deliver/ring_buffer.ts";
import { type BufferOptions, checkBufferOptions } from "../deliver/subscription_init.ts";
import type { StreamPreference } from "../demand/consumer.ts";
import type {
  AnnouncementCategory,
  IndicatorSpec,
  IndicatorTimeframe,
  SignalSpec,
} from "../stream_types.ts";

/**
 * Options of every subscription.
 *
 * @example Realtime only, keep just the newest event per code for a slow consumer
 * ```ts
 * import { UpbitClient, type SubscribeOptions } from "upbit-ws";
 * await using client = new UpbitClient();
 * const opts: SubscribeOptions = { stream: "realtime", overflow: "latest", bufferSize: 64 };
 * for await (const t of client.ticker(["KRW-BTC"], opts)) console.log(t.tradePrice);
 * ```
 */
export interface SubscribeOptions {
  /** `"both"` (default): snapshot, then realtime; `"snapshot"`: one per code, then the end; `"realtime"`. */
  stream?: StreamPreference;
  /** Closes the subscription when aborted. */
  signal?: AbortSignal;
  /** Events buffered for a slow consumer before the overflow policy applies. */
  bufferSize?: number;
  /** `"drop-oldest"`, `"latest"` (newest per code) or `"error"`. */
  overflow?: OverflowPolicy;
  /**
   * Non-fatal errors that concern this subscription (also sent to the client's `error` event):
   * every connection error that stops its data while the client reconnects (a failed attempt
   * naming the URL and why, a refused upgrade, a dropped or stalled socket), decode errors and
   * callback failures. The iterator does not throw these — it waits through reconnects — and
   * throws only when the subscription fails for good (reconnects exhausted, repeated refusals,
   * a `NotSupportedError`, an overflow with `overflow: "error"`); callback mode then closes the
   * subscription and calls `onError` once more with that error: `sub.closed` is `true` only in
   * that last call, which tells a final failure from the errors the client reconnects through.
   */
  onError?: (error: unknown) => void;
}

/**
 * Orderbook subscription options: depth (`units`) and price grouping (`level`).
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const sub = client.orderbook(["KRW-BTC"], { units: 5, level: 10000 });
 * sub.close();
 * ```
 */
export interface OrderbookOptions extends SubscribeOptions {
  /** 1, 5, 15 or 30 levels (default 30). */
  units?: 1 | 5 | 15 | 30;
  /** Price grouping unit (KRW markets; default 0). */
  level?: number;
}

/**
 * Options of {@linkcode UpbitClient.snapshot}.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * await client.snapshot("orderbook", ["KRW-BTC"], { timeoutMs: 3000, units: 5 });
 * ```
 */
export interface SnapshotOptions {
  /** How long to wait for every code (default 5000 ms). */
  timeoutMs?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
  /** Orderbook depth. */
  units?: 1 | 5 | 15 | 30;
  /** Orderbook price grouping. */
  level?: number;
}

/**
 * Options of an announcement subscription.
 *
 * @example Listings and delistings, with the notice's body
 * ```ts
 * import { type AnnouncementOptions, UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * const opts: AnnouncementOptions = { categories: ["trade"], includeBody: true };
 * for await (const a of client.announcements(opts)) console.log(a.title, a.body);
 * ```
 */
export interface AnnouncementOptions extends SubscribeOptions {
  /**
   * Categories to receive (Upbit's `categories`): `notice`, `trade` (listings, delistings),
   * `wallet`, `maintenance`, `digital_asset`, `nft`, `service`, `event`. Leave it out for every
   * category.
   */
  categories?: readonly AnnouncementCategory[];
  /** Also receive each notice's Markdown `body` (Upbit's `include_body`; default false). */
  includeBody?: boolean;
}

/**
 * Options of an `indicator` subscription: the timeframe and the indicators to compute.
 *
 * @example RSI(14) and Bollinger bands on 15-minute candles
 * ```ts
 * import { type IndicatorOptions, UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * const opts: IndicatorOptions = {
 *   timeframe: "15m",
 *   indicators: [
 *     { type: "rsi", params: { period: 14 } },
 *     { type: "bollinger_bands", params: { period: 20, multiplier: 2 } },
 *   ],
 * };
 * for await (const e of client.indicator(["KRW-BTC"], opts)) console.log(e.indicator, e.value);
 * ```
 */
export interface IndicatorOptions extends SubscribeOptions {
  /** `5m`, `15m`, `60m`, `240m` or `1d` (Upbit's `timeframe`). */
  timeframe: IndicatorTimeframe;
  /** The indicators, each with its parameters (Upbit's `indicators`). */
  indicators: readonly IndicatorSpec[];
}

/**
 * Options of an `indicator_signal` subscription: the timeframe and the conditions to watch.
 *
 * @example RSI(14) crossing into oversold on 5-minute candles
 * ```ts
 * import { type IndicatorSignalOptions, UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * const opts: IndicatorSignalOptions = {
 *   timeframe: "5m",
 *   indicators: [{ type: "rsi", params: { period: 14 }, trigger: "oversold", eventParams: { threshold: 30 } }],
 * };
 * for await (const s of client.indicatorSignal(["KRW-BTC"], opts)) console.log(s.trigger, s.value);
 * ```
 */
export interface IndicatorSignalOptions extends SubscribeOptions {
  /** `5m`, `15m`, `60m`, `240m` or `1d` (Upbit's `timeframe`). */
  timeframe: IndicatorTimeframe;
  /** The conditions, each with its parameters, trigger and condition parameters. */
  indicators: readonly SignalSpec[];
}

/** The options every subscription shares, checked and completed from the client's defaults. */
export interface CheckedOptions extends BufferOptions {
  /** `both` (default), `snapshot` or `realtime`. */
  stream: StreamPreference;
}

/**
 * Checks the options every subscription shares, and a callback twin's callback.
 *
 * @param options what the caller passed
 * @param callback the callback of a callback twin, if any
 * @param defaults the client's `bufferSize` and `overflow`
 * @returns the stream preference and buffer options
 * @throws {TypeError} if `options` is not an object, `callback` not a function or `bufferSize`
 *   not a number
 * @throws {RangeError} for a `stream`, `bufferSize` or `overflow` out of range
 * @example
 * ```ts
 * import { checkSubscribeOptions } from "./options.ts";
 * const defaults = { bufferSize: 1024, overflow: "drop-oldest" } as const;
 * checkSubscribeOptions({ stream: "realtime" }, undefined, defaults);
 * // { stream: "realtime", bufferSize: 1024, overflow: "drop-oldest" }
 * ```
 */
export function checkSubscribeOptions(
  options: SubscribeOptions,
  callback: unknown,
  defaults: BufferOptions,
): CheckedOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot subscribe as options must be an object: current value is ${quote(options)}`,
    );
  }
  const stream = options.stream ?? "both";
  if (stream !== "both" && stream !== "snapshot" && stream !== "realtime") {
    throw new RangeError(
      `Cannot subscribe as stream must be "both", "snapshot" or "realtime": current value is ${
        quote(stream)
      }`,
    );
  }
  if (callback !== undefined && typeof callback !== "function") {
    throw new TypeError(
      `Cannot subscribe as callback must be a function: current value is ${quote(callback)}`,
    );
  }
  return { stream, ...checkBufferOptions(options, defaults) };
}
