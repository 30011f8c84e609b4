/**
 * The primitives of every argument check: {@linkcode quote}, the one quoting of a value in an
 * error message (the client's, the NATS client's, the CLI's and the decoder's), and the checks
 * the others are built from (a number in a range, one of a few strings, market codes, an
 * orderbook depth, a candle interval). Which argument is checked where: every argument of a
 * stream method or `snapshot()` once, in `src/subscribe/`; the client's options in
 * `resolved_options.ts`; `bufferSize` and `overflow` by `checkBufferOptions`
 * (`deliver/subscription_init.ts`). Misuse throws `TypeError` or `RangeError` with the
 * offending value quoted. The emulator (`testing/`) keeps its own helpers: it imports nothing
 * from `src/`. The file is longer than 250 lines because these primitives, each with its docs,
 * are one concept: the wording every argument error shares.
 *
 * @module
 */
import { CANDLE_INTERVALS } from "./protocol/candles.ts";
import {
  isOrderbookUnits,
  ORDERBOOK_UNITS_TEXT,
  type OrderbookUnits,
} from "./protocol/orderbook.ts";
import type { CandleInterval, CandleType } from "./types.ts";

const CODE = /^[A-Z0-9]{2,10}-[A-Z0-9]{1,20}$/;

/**
 * @internal Quotes a value for an error message, whatever its type: the one quoting of every
 * `TypeError`/`RangeError` and decode message. Strings come in double quotes (JSON-escaped) and cut
 * to `max` characters; numbers, booleans, `null` and `undefined` as they print; anything else as
 * JSON (cut the same way), else its type.
 *
 * @param value what to show
 * @param max the most characters of a string shown (default 80; frame values use 40, so that no
 *   message carries much of what Upbit sent)
 * @returns the quoted value
 *
 * @example
 * ```ts
 * import { quote } from "./args.ts";
 * quote("KRW-BTC"); // "\"KRW-BTC\""
 * quote(1.5); // "1.5"
 * ```
 */
export function quote(value: unknown, max = 80): string {
  if (typeof value === "string") return JSON.stringify(cut(value, max));
  if (
    typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" ||
    value == null
  ) {
    return String(value);
  }
  if (typeof value === "function") return "a function";
  try {
    const json = JSON.stringify(value);
    return json === undefined ? typeof value : cut(json, max);
  } catch {
    return typeof value;
  }
}

/**
 * @internal Market codes as messages list them, `"KRW-BTC", "KRW-ETH"`: checked codes, so
 * nothing in them needs escaping.
 */
export function quoteCodes(codes: readonly string[]): string {
  return codes.map((c) => `"${c}"`).join(", ");
}

/** `text` cut to `max` characters, with an ellipsis when cut. */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * @internal Checks that an option is one of a few strings.
 *
 * @param value the option's value
 * @param allowed the strings it may be
 * @param name the option's name for the message
 * @returns the value, typed
 * @throws {RangeError} quoting the value otherwise
 */
export function checkOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `Cannot use option "${name}" as it must be one of ${allowed.join(", ")}: current value is ${
        quote(value)
      }`,
    );
  }
  return value as T;
}

/**
 * Checks a list of market codes (`QUOTE-BASE`, upper case, e.g. `KRW-BTC`) and returns them
 * without duplicates, in order.
 *
 * @param codes what the caller passed
 * @param what the argument's name for the message
 * @returns the distinct codes
 * @throws {TypeError} if `codes` is not an array of well-formed codes
 * @throws {RangeError} if `codes` is empty
 *
 * @example
 * ```ts
 * import { checkCodes } from "./args.ts";
 * checkCodes(["KRW-BTC", "KRW-BTC", "KRW-ETH"]); // ["KRW-BTC", "KRW-ETH"]
 * ```
 */
export function checkCodes(codes: unknown, what = "codes"): string[] {
  if (!Array.isArray(codes)) {
    throw new TypeError(
      `Cannot subscribe as ${what} must be an array of market codes: current value is ${
        quote(codes)
      }`,
    );
  }
  if (codes.length === 0) {
    throw new RangeError(`Cannot subscribe as ${what} must not be empty: current value is []`);
  }
  for (const code of codes) {
    if (typeof code !== "string" || !CODE.test(code)) {
      const hint = typeof code === "string" && CODE.test(code.toUpperCase())
        ? ` (Upbit codes are upper case: "${code.toUpperCase()}")`
        : "";
      throw new TypeError(
        `Cannot subscribe as each code must look like "KRW-BTC": current value is ${
          quote(code)
        }${hint}`,
      );
    }
  }
  return [...new Set(codes as string[])];
}

/** Candle intervals Upbit streams (`src/protocol/candles.ts`). */
const INTERVALS: readonly CandleInterval[] = CANDLE_INTERVALS;

/**
 * @internal The wire type of a candle stream from either spelling: the wire type itself
 * (`"candle.1m"`, what `snapshot()`, the CLI and `event.type` use) or the bare interval (`"1m"`).
 *
 * @param interval what the caller passed
 * @returns e.g. `"candle.1m"`
 * @throws {RangeError} quoting the value unless it names one of Upbit's WebSocket intervals
 */
export function candleType(interval: unknown): CandleType {
  const bare = typeof interval === "string" && interval.startsWith("candle.")
    ? interval.slice(7)
    : interval;
  if (!INTERVALS.includes(bare as CandleInterval)) {
    throw new RangeError(
      `Cannot subscribe to candles as the interval must be one of ${
        INTERVALS.map((i) => `candle.${i}`).join(", ")
      } (or the same without "candle."): current value is ${quote(interval)}`,
    );
  }
  return `candle.${bare as CandleInterval}`;
}

/**
 * Checks an orderbook depth.
 *
 * @param units the requested number of levels
 * @returns the same value, typed
 * @throws {RangeError} unless `units` is one of `ORDERBOOK_UNITS` (1, 5, 15 or 30)
 *
 * @example
 * ```ts
 * import { checkUnits } from "./args.ts";
 * checkUnits(15); // 15
 * ```
 */
export function checkUnits(units: unknown): OrderbookUnits {
  if (!isOrderbookUnits(units)) {
    throw new RangeError(
      `Cannot subscribe to the orderbook as units must be ${ORDERBOOK_UNITS_TEXT}: current value is ${
        quote(units)
      }`,
    );
  }
  return units;
}

/**
 * Checks a candle interval.
 *
 * @param interval e.g. `"1m"`
 * @returns the same value, typed
 * @throws {RangeError} unless it is one of Upbit's WebSocket intervals
 *
 * @example
 * ```ts
 * import { checkInterval } from "./args.ts";
 * checkInterval("15m"); // "15m"
 * ```
 */
export function checkInterval(interval: unknown): CandleInterval {
  if (!INTERVALS.includes(interval as CandleInterval)) {
    throw new RangeError(
      `Cannot subscribe to candles as the interval must be one of ${
        INTERVALS.join(", ")
      }: current value is ${quote(interval)}`,
    );
  }
  return interval as CandleInterval;
}

/**
 * Checks a number option against a range.
 *
 * @param value the option's value
 * @param name the option's name for the message
 * @param min the smallest allowed value
 * @param options `integer` to demand an integer, `max` for an upper bound, `infinity` to allow `Infinity`
 * @returns the value
 * @throws {TypeError} if it is not a number
 * @throws {RangeError} if it is out of range
 *
 * @example
 * ```ts
 * import { checkNumber } from "./args.ts";
 * checkNumber(1000, "initialDelayMs", 0); // 1000
 * ```
 */
export function checkNumber(
  value: unknown,
  name: string,
  min: number,
  options: { integer?: boolean; max?: number; infinity?: boolean } = {},
): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(
      `Cannot use option "${name}" as it must be a number: current value is ${quote(value)}`,
    );
  }
  const finiteOk = Number.isFinite(value) || (options.infinity === true && value === Infinity);
  if (
    !finiteOk || value < min || (options.max !== undefined && value > options.max) ||
    (options.integer === true && Number.isFinite(value) && !Number.isInteger(value))
  ) {
    const range = options.max === undefined ? `>= ${min}` : `between ${min} and ${options.max}`;
    throw new RangeError(
      `Cannot use option "${name}" as it must be ${
        options.integer ? "an integer " : ""
      }${range}: current value is ${quote(value)}`,
    );
  }
  return value;
}
