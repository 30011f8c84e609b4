/**
 * The events (and request shapes) of Upbit's newer streams: `announcement` on the private
 * endpoint, and `indicator`/`indicator_signal` on `/websocket/v1/info`. Field names follow the
 * same rule as every other event: the camelCase of Upbit's DEFAULT field name, inside the nested
 * `params`, `value` and `eventParams` objects too, whichever wire format was used.
 *
 * Longer than 250 lines: type declarations only, no code, with a doc on each field (Upbit's
 * parameters, units and ranges); the indicator types map onto one another (parameters, values,
 * triggers per indicator) and read best together.
 *
 * @module
 */

/**
 * The announcement categories Upbit accepts in a subscription's `categories` filter (and sends in
 * `category`). Upbit's guide shows `"trading"` in one example; the type page lists `trade`, which
 * is the real value.
 *
 * @example
 * ```ts
 * import type { AnnouncementCategory } from "upbit-ws";
 * const c: AnnouncementCategory = "trade";
 * ```
 */
export type AnnouncementCategory =
  | "notice"
  | "trade"
  | "wallet"
  | "maintenance"
  | "digital_asset"
  | "nft"
  | "service"
  | "event";

/**
 * An `announcement` event: an Upbit notice that was published or updated (listings, delistings,
 * wallet maintenance, …). Upbit sends these only when a notice appears or changes; there is no
 * snapshot.
 *
 * @example React to listings
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * for await (const a of client.announcements({ categories: ["trade"] })) {
 *   if (a.eventType === "CREATED") console.log(a.title, a.url);
 * }
 * ```
 */
export interface AnnouncementEvent {
  /** `announcement` (`type`). */
  type: "announcement";
  /** `CREATED` for a new notice, `UPDATED` for a change to one (`event_type`). */
  eventType: "CREATED" | "UPDATED" | (string & Record<never, never>);
  /** The notice's id (`uuid`). */
  uuid: string;
  /** The notice's title (`title`). */
  title: string;
  /** One of {@linkcode AnnouncementCategory}; another string if Upbit adds one (`category`). */
  category: AnnouncementCategory | (string & Record<never, never>);
  /** Link to the notice on upbit.com (`url`). */
  url: string;
  /** When the notice was first listed, ISO 8601 in KST, e.g. `2026-07-14T16:36:34+09:00` (`first_listed_at`). */
  firstListedAt: string;
  /** When this version was listed, ISO 8601 in KST (`listed_at`). */
  listedAt: string;
  /**
   * The notice's body in Markdown (`body`); only when the subscription asked for it with
   * `includeBody: true`, and `null` when Upbit left it out (a large body). Absent otherwise.
   */
  body?: string | null;
  /** When the frame was made, ms since the epoch (`timestamp`). */
  timestamp: number;
  /** Always `REALTIME` (`stream_type`). */
  streamType: "REALTIME";
}

/**
 * Timeframes of the indicator streams: candles of 5, 15, 60 or 240 minutes, or a day. There is no
 * 1-minute or tick timeframe.
 *
 * @example
 * ```ts
 * import type { IndicatorTimeframe } from "upbit-ws";
 * const tf: IndicatorTimeframe = "5m";
 * ```
 */
export type IndicatorTimeframe = "5m" | "15m" | "60m" | "240m" | "1d";

/**
 * The six indicator types of `indicator` and `indicator_signal`.
 *
 * @example
 * ```ts
 * import type { IndicatorType } from "upbit-ws";
 * const t: IndicatorType = "rsi";
 * ```
 */
export type IndicatorType =
  | "volume"
  | "rsi"
  | "moving_average"
  | "ma_crossover"
  | "bollinger_bands"
  | "macd";

/**
 * The calculation parameters of each indicator type (Upbit's `params`, camelCase). The allowed
 * values are narrower for signals; see {@linkcode UpbitClient.indicator} and
 * {@linkcode UpbitClient.indicatorSignal}.
 *
 * @example
 * ```ts
 * import type { IndicatorParams } from "upbit-ws";
 * const p: IndicatorParams["macd"] = { fast: 12, slow: 26, signalPeriod: 9 };
 * ```
 */
export interface IndicatorParams {
  /** `period` (`p` in SIMPLE): candles averaged. */
  volume: { period: number };
  /** `period` (`p`): RSI length. */
  rsi: { period: number };
  /** `type` (`t`): `SMA` or `EMA`; `period` (`p`). */
  moving_average: { type: "SMA" | "EMA"; period: number };
  /** `type` (`t`); `short_period` (`shp`) and `long_period` (`lop`): 5/20, 20/60, 30/90 or 50/200. */
  ma_crossover: { type: "SMA" | "EMA"; shortPeriod: number; longPeriod: number };
  /** `period` (`p`); `multiplier` (`m`): the standard-deviation multiple. */
  bollinger_bands: { period: number; multiplier: number };
  /** `fast` (`f`), `slow` (`s`), `signal_period` (`sgp`): 12/26/9, 8/17/9 or 5/35/5. */
  macd: { fast: number; slow: number; signalPeriod: number };
}

/**
 * The computed values of each indicator type (Upbit's `value`, camelCase).
 *
 * @example
 * ```ts
 * import type { IndicatorValues } from "upbit-ws";
 * const v: IndicatorValues["rsi"] = { rsi: 58.75 };
 * ```
 */
export interface IndicatorValues {
  /** `volume` (`vol`): the closed candle's volume; `avg_volume` (`av`): mean over `period`; `ratio` (`rto`): volume ÷ average. */
  volume: { volume: number; avgVolume: number; ratio: number };
  /** `rsi` (`rsi`). */
  rsi: { rsi: number };
  /** `value` (`value`, not shortened): the moving average. */
  moving_average: { value: number };
  /** `ma_short` (`mas`), `ma_long` (`mal`). */
  ma_crossover: { maShort: number; maLong: number };
  /** `bb_upper` (`bbu`), `bb_middle` (`bbm`), `bb_lower` (`bbl`). */
  bollinger_bands: { bbUpper: number; bbMiddle: number; bbLower: number };
  /** `macd` (`macd`), `macd_signal` (`macds`), `histogram` (`hist`). */
  macd: { macd: number; macdSignal: number; histogram: number };
}

/**
 * The triggers of each indicator type on `indicator_signal` (13 pairs in all).
 *
 * @example
 * ```ts
 * import type { SignalTriggers } from "upbit-ws";
 * const t: SignalTriggers["rsi"] = "oversold";
 * ```
 */
export interface SignalTriggers {
  /** Volume at or above `multiplier` × the average over `period`. */
  volume: "volume_spike";
  /** RSI at or above (`overbought`) or at or below (`oversold`) `threshold`. */
  rsi: "overbought" | "oversold";
  /** The close crosses the MA upwards or downwards. */
  moving_average: "price_cross_above" | "price_cross_below";
  /** The short MA crosses the long MA upwards (`golden_cross`) or downwards (`dead_cross`). */
  ma_crossover: "golden_cross" | "dead_cross";
  /** The close crosses above the upper band or below the lower band. */
  bollinger_bands: "price_cross_above" | "price_cross_below";
  /** `macd` crosses `macd_signal` (golden/dead), or crosses 0 (zero_cross_above/below). */
  macd: "golden_cross" | "dead_cross" | "zero_cross_above" | "zero_cross_below";
}

/**
 * The condition parameters of each indicator type on `indicator_signal` (Upbit's
 * `event_params`, camelCase); empty for triggers that take none.
 *
 * @example
 * ```ts
 * import type { SignalEventParams } from "upbit-ws";
 * const e: SignalEventParams["rsi"] = { threshold: 70 };
 * ```
 */
export interface SignalEventParams {
  /** `multiplier` (`mul` in SIMPLE): 2.0, 3.0 or 5.0. */
  volume: { multiplier: number };
  /** `threshold` (`th`): 70 or 80 for `overbought`, 20 or 30 for `oversold`. */
  rsi: { threshold: number };
  /** None. */
  moving_average: Record<never, never>;
  /** None. */
  ma_crossover: Record<never, never>;
  /** None. */
  bollinger_bands: Record<never, never>;
  /** None. */
  macd: Record<never, never>;
}

/**
 * Keys a server adds inside `params`, `value` or `event_params` beyond the documented ones: kept
 * as sent (not renamed), never dropped.
 *
 * @example
 * ```ts
 * import type { Extra } from "upbit-ws";
 * const extra: Extra = { new_field: 1 };
 * ```
 */
export type Extra = { readonly [key: string]: unknown };

/**
 * One indicator of an `indicator` subscription: its type and calculation parameters.
 *
 * @example
 * ```ts
 * import type { IndicatorSpec } from "upbit-ws";
 * const rsi: IndicatorSpec = { type: "rsi", params: { period: 14 } };
 * ```
 */
export type IndicatorSpec = {
  [K in IndicatorType]: {
    /** The indicator type (`indicators[].type`). */
    type: K;
    /** Its calculation parameters (`indicators[].params`). */
    params: IndicatorParams[K];
  };
}[IndicatorType];

/**
 * One condition of an `indicator_signal` subscription: indicator, parameters, trigger and, for
 * `volume_spike`/`overbought`/`oversold`, the condition parameters.
 *
 * @example
 * ```ts
 * import type { SignalSpec } from "upbit-ws";
 * const spec: SignalSpec = {
 *   type: "rsi", params: { period: 14 }, trigger: "overbought", eventParams: { threshold: 70 },
 * };
 * ```
 */
export type SignalSpec = {
  [K in IndicatorType]:
    & {
      /** The indicator type (`indicators[].type`). */
      type: K;
      /** Its calculation parameters (`indicators[].params`). */
      params: IndicatorParams[K];
      /** The condition (`indicators[].trigger`). */
      trigger: SignalTriggers[K];
    }
    & (K extends "volume" | "rsi" ? {
        /** The condition's parameters (`indicators[].event_params`). */
        eventParams: SignalEventParams[K];
      }
      : {
        /** Takes none: leave it out (or `{}`). */
        eventParams?: Record<never, never>;
      });
}[IndicatorType];

/**
 * An `indicator` event of one indicator type: the values at one candle close.
 *
 * @example
 * ```ts
 * import type { IndicatorEventOf } from "upbit-ws";
 * const show = (e: IndicatorEventOf<"rsi">) => console.log(e.value.rsi);
 * ```
 */
export interface IndicatorEventOf<K extends IndicatorType> {
  /** `indicator` (`type`). */
  type: "indicator";
  /** KRW pair (`code`). */
  code: string;
  /** The timeframe (`timeframe`). */
  timeframe: IndicatorTimeframe;
  /** The indicator type (`indicator`); tells the shapes of `params` and `value`. */
  indicator: K;
  /** Echo of the calculation parameters (`params`). */
  params: IndicatorParams[K] & Extra;
  /** The computed values (`value`). */
  value: IndicatorValues[K] & Extra;
  /** **Start** of the closed candle the values come from, UTC, `yyyy-MM-ddTHH:mm:ss` (`candle_date_time_utc`). */
  candleDateTimeUtc: string;
  /** When the frame was made, ms since the epoch; shortly after the candle closed (`timestamp`). */
  timestamp: number;
  /** Always `REALTIME`: these streams have no snapshot (`stream_type`). */
  streamType: "REALTIME";
}

/**
 * An `indicator` event: one indicator's values for one code at a candle close. Narrow on
 * `indicator` to type `params` and `value`.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * for await (const e of client.indicator(["KRW-BTC"], {
 *   timeframe: "5m",
 *   indicators: [{ type: "rsi", params: { period: 14 } }],
 * })) {
 *   if (e.indicator === "rsi") console.log(e.code, e.value.rsi);
 * }
 * ```
 */
export type IndicatorEvent = { [K in IndicatorType]: IndicatorEventOf<K> }[IndicatorType];

/**
 * An `indicator_signal` event of one indicator type: its condition turned true at a candle close.
 *
 * @example
 * ```ts
 * import type { IndicatorSignalEventOf } from "upbit-ws";
 * const show = (e: IndicatorSignalEventOf<"rsi">) => console.log(e.trigger, e.eventParams.threshold);
 * ```
 */
export interface IndicatorSignalEventOf<K extends IndicatorType> {
  /** `indicator_signal` (`type`). */
  type: "indicator_signal";
  /** KRW pair (`code`). */
  code: string;
  /** The timeframe (`timeframe`). */
  timeframe: IndicatorTimeframe;
  /** The indicator type (`indicator`). */
  indicator: K;
  /** Echo of the calculation parameters (`params`). */
  params: IndicatorParams[K] & Extra;
  /** The trigger that fired (`trigger`). */
  trigger: SignalTriggers[K];
  /** Echo of the condition parameters; `{}` for triggers that take none (`event_params`). */
  eventParams: SignalEventParams[K] & Extra;
  /** The values when the condition was met (`value`). */
  value: IndicatorValues[K] & Extra;
  /** **Start** of the candle whose close met the condition, UTC (`candle_date_time_utc`). */
  candleDateTimeUtc: string;
  /** When the frame was made, ms since the epoch (`timestamp`). */
  timestamp: number;
  /** Always `REALTIME` (`stream_type`). */
  streamType: "REALTIME";
}

/**
 * An `indicator_signal` event: a condition turned from unmet to met at a candle close (one event
 * per transition, no repeat while it stays met). Narrow on `indicator`.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
 * for await (const s of client.indicatorSignal(["KRW-BTC"], {
 *   timeframe: "5m",
 *   indicators: [{ type: "rsi", params: { period: 14 }, trigger: "oversold", eventParams: { threshold: 30 } }],
 * })) {
 *   if (s.indicator === "rsi") console.log(s.code, s.trigger, s.value.rsi);
 * }
 * ```
 */
export type IndicatorSignalEvent = {
  [K in IndicatorType]: IndicatorSignalEventOf<K>;
}[IndicatorType];
