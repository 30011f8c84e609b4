/**
 * What a stream method or `snapshot()` asks for, checked: each argument is checked here, once,
 * whichever method received it (the options every subscription shares are checked in
 * `options.ts`, the indicator and announcement details in `indicator_checks.ts` and
 * `announcement_checks.ts`). A {@linkcode Target} names the wire type, the codes, the orderbook
 * depth and grouping, and the endpoint that serves it (`endpointOf`, `src/protocol/data_types.ts`).
 *
 * @module
 */
import { candleType, checkCodes, checkNumber, checkUnits, quote } from "../args.ts";
import type { AnnouncementFilter } from "../demand/announcement_filter.ts";
import { checkAnnouncementFilter } from "./announcement_checks.ts";
import type { StreamPreference } from "../demand/consumer.ts";
import { MAX_COMBINATIONS } from "../protocol/indicators.ts";
import { FULL_DEPTH } from "../protocol/orderbook.ts";
import { endpointOf } from "../protocol/data_types.ts";
import type { ConnectionName } from "../wire/connection_types.ts";
import type { CanonicalIndicator } from "../demand/indicator_key.ts";
import { checkIndicators, checkKrwCodes, checkTimeframe } from "./indicator_checks.ts";
import type { IndicatorTimeframe } from "../stream_types.ts";
import type { AnnouncementOptions, IndicatorOptions, IndicatorSignalOptions } from "./options.ts";

/** One subscription's wish, its arguments checked. */
export interface Target {
  /** The wire type: `ticker`, `orderbook`, `candle.1m`, `myOrder`, `indicator`, … */
  type: string;
  /** Distinct market codes; empty for `myAsset`, `announcement`, and `myOrder` on every market. */
  codes: readonly string[];
  /** Orderbook depth (one of `ORDERBOOK_UNITS`); `FULL_DEPTH` (30) elsewhere. */
  units: number;
  /** Orderbook price grouping; 0 elsewhere. */
  level: number;
  /**
   * The endpoint that serves it, always `endpointOf(type)` (`src/protocol/data_types.ts`):
   * `"private"` and `"info"` need keys and send no snapshot.
   */
  endpoint: ConnectionName;
  /** `announcement`: the consumer's filter. */
  announcement?: AnnouncementFilter;
  /** `indicator`/`indicator_signal`: served by the `/info` connection. */
  info?: { timeframe: IndicatorTimeframe; indicators: readonly CanonicalIndicator[] };
}

/**
 * `ticker`, `trade` or a candle type.
 *
 * @param type the wire type (`candle.*` already checked by {@linkcode candleTarget})
 * @param codes market codes
 * @returns the target
 * @throws {TypeError} | {RangeError} for bad codes
 */
export function marketTarget(type: string, codes: readonly string[]): Target {
  return {
    type,
    codes: checkCodes(codes),
    units: FULL_DEPTH,
    level: 0,
    endpoint: endpointOf(type),
  };
}

/**
 * A candle stream, from either spelling of the interval (`"1m"` or `"candle.1m"`).
 *
 * @param interval what the caller passed
 * @param codes market codes
 * @returns the target
 * @throws {RangeError} for an interval Upbit does not stream
 */
export function candleTarget(interval: unknown, codes: readonly string[]): Target {
  return marketTarget(candleType(interval), codes);
}

/**
 * An orderbook stream or snapshot.
 *
 * @param codes market codes
 * @param options `units` (default 30) and `level` (default 0; KRW markets only)
 * @returns the target
 * @throws {RangeError} for a depth Upbit does not serve, or a `level` on a non-KRW code
 */
export function orderbookTarget(
  codes: readonly string[],
  options: { units?: number; level?: number } | undefined,
): Target {
  const units = options?.units === undefined ? FULL_DEPTH : checkUnits(options.units);
  const level = options?.level === undefined ? 0 : checkNumber(options.level, "level", 0);
  const list = checkCodes(codes);
  // `level` groups KRW prices only: the Korean host then sends nothing at all, a regional host
  // refuses the whole request with WRONG_FORMAT (upbit-protocol.md §2.1, §10.2).
  const offKrw = level !== 0 ? list.find((c) => !c.startsWith("KRW-")) : undefined;
  if (offKrw !== undefined) {
    throw new RangeError(
      `Cannot subscribe to orderbook with level ${level} as level applies to KRW markets only: current value is ${
        quote(offKrw)
      }`,
    );
  }
  return { type: "orderbook", codes: list, units, level, endpoint: endpointOf("orderbook") };
}

/**
 * The account's orders, on some markets or (none given) every one.
 *
 * @param codes market codes, or `undefined`/`[]` for every market
 * @returns the target
 */
export function myOrderTarget(codes: readonly string[] | undefined): Target {
  const list = codes === undefined || codes.length === 0 ? [] : checkCodes(codes);
  return {
    type: "myOrder",
    codes: list,
    units: FULL_DEPTH,
    level: 0,
    endpoint: endpointOf("myOrder"),
  };
}

/** The account's balances. */
export const MY_ASSET: Target = {
  type: "myAsset",
  codes: [],
  units: FULL_DEPTH,
  level: 0,
  endpoint: endpointOf("myAsset"),
};

/**
 * Announcements, filtered by category.
 *
 * @param options `categories`, `includeBody`
 * @returns the target
 * @throws {RangeError} for an unknown category
 */
export function announcementTarget(options: AnnouncementOptions | undefined): Target {
  const o = typeof options === "object" && options !== null ? options : {};
  return {
    type: "announcement",
    codes: [],
    units: FULL_DEPTH,
    level: 0,
    endpoint: endpointOf("announcement"),
    announcement: checkAnnouncementFilter(o.categories, o.includeBody),
  };
}

/**
 * An `indicator` or `indicator_signal` stream, its combinations within Upbit's limit.
 *
 * @param type `indicator` or `indicator_signal`
 * @param codes KRW market codes
 * @param options `timeframe` and `indicators`
 * @returns the target
 * @throws {TypeError} | {RangeError} for anything Upbit would refuse
 */
export function indicatorTarget(
  type: "indicator" | "indicator_signal",
  codes: readonly string[],
  options: IndicatorOptions | IndicatorSignalOptions,
): Target {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot subscribe to ${type} as options must be an object with timeframe and indicators: current value is ${
        quote(options)
      }`,
    );
  }
  const list = checkKrwCodes(checkCodes(codes));
  const timeframe = checkTimeframe(options.timeframe);
  const indicators = checkIndicators(options.indicators, type === "indicator_signal");
  const combos = list.length * indicators.length;
  if (combos > MAX_COMBINATIONS) {
    throw new RangeError(
      `Cannot subscribe to ${type} as ${list.length} codes × ${indicators.length} indicators make ${combos} combinations, ${
        combos - MAX_COMBINATIONS
      } over Upbit's limit of ${MAX_COMBINATIONS} per connection: current value is ${combos}`,
    );
  }
  return {
    type,
    codes: list,
    units: FULL_DEPTH,
    level: 0,
    endpoint: endpointOf(type),
    info: { timeframe, indicators },
  };
}

/**
 * What `snapshot(type, codes, options)` asks for: the same checks as the stream methods.
 *
 * @param type `ticker`, `trade`, `orderbook` or a `candle.*` type
 * @param codes market codes
 * @param options orderbook `units` and `level`
 * @returns the target
 * @throws {RangeError} for a type without snapshots, or an unknown one
 */
export function snapshotTarget(
  type: unknown,
  codes: readonly string[],
  options: { units?: number; level?: number },
): Target {
  if (type === "ticker" || type === "trade") return marketTarget(type, codes);
  if (type === "orderbook") return orderbookTarget(codes, options);
  if (typeof type === "string" && type.startsWith("candle.")) return candleTarget(type, codes);
  if (typeof type === "string" && endpointOf(type) !== "public") {
    throw new RangeError(
      `Cannot take a snapshot of ${type} as Upbit sends none: it streams realtime events only`,
    );
  }
  throw new RangeError(
    `Cannot take a snapshot as type must be ticker, trade, orderbook or candle.*: current value is ${
      quote(type)
    }`,
  );
}

/**
 * Refuses `stream: "snapshot"` for a target Upbit sends no snapshot of (run after
 * `checkSubscribeOptions` in `options.ts`, which checks the options themselves).
 *
 * @param target what is asked for
 * @param stream the checked stream preference
 * @throws {RangeError} for `"snapshot"` on a private or `/info` target
 */
export function checkSnapshotServed(target: Target, stream: StreamPreference): void {
  if (target.endpoint !== "public" && stream === "snapshot") {
    throw new RangeError(
      `Cannot subscribe to ${target.type} with stream "snapshot" as Upbit sends no snapshots of ${
        target.endpoint === "info" || target.type === "announcement" ? "it" : "private data"
      }: current value is "snapshot"`,
    );
  }
}
