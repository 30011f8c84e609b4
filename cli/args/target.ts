/**
 * What a stream command subscribes to: the data type (`ticker`, `trade`, `orderbook`,
 * `candle.<unit>`, the private types) and the market codes, with the orderbook's units and level.
 *
 * @module
 */
import { type CommandName, type Target, UsageError } from "./invocation.ts";
import { number, type Split, text } from "./tokens.ts";
// A fact about Upbit (src/protocol/ imports nothing), with no public form.
import { CANDLE_INTERVALS } from "../../src/protocol/candles.ts";
import {
  FULL_DEPTH,
  isOrderbookUnits,
  ORDERBOOK_UNITS_TEXT,
  type OrderbookUnits,
} from "../../src/protocol/orderbook.ts";
import { quote } from "../../src/args.ts";

const INTERVALS: readonly string[] = CANDLE_INTERVALS;
const CODE = /^[A-Z0-9]{2,10}-[A-Z0-9]{1,20}$/;

/**
 * Normalizes a data type argument: `ticker`, `trade`, `orderbook`, `candle.<interval>`,
 * `myOrder`, `myAsset` (case-insensitive).
 *
 * @param command the command, for the error
 * @param raw the argument
 * @param allowPrivate whether `myOrder`/`myAsset` are allowed
 * @returns the type as Upbit spells it
 * @throws {UsageError} for anything else
 *
 * @example
 * ```ts
 * import { parseType } from "./target.ts";
 * parseType("watch", "Candle.1M", true); // "candle.1m"
 * ```
 */
export function parseType(command: CommandName, raw: string, allowPrivate: boolean): string {
  const lower = raw.toLowerCase();
  if (lower === "ticker" || lower === "trade" || lower === "orderbook") return lower;
  if (lower.startsWith("candle.") && INTERVALS.includes(lower.slice(7))) return lower;
  if (allowPrivate && lower === "myorder") return "myOrder";
  if (allowPrivate && lower === "myasset") return "myAsset";
  const list = `ticker, trade, orderbook, candle.<${INTERVALS.join("|")}>${
    allowPrivate ? ", myOrder, myAsset" : ""
  }`;
  throw new UsageError(
    `Cannot run ${command} as the type must be one of ${list}: current value is ${quote(raw)}`,
    command,
  );
}

/**
 * Checks market codes: de-duplicated, each shaped like `KRW-BTC`. Commas split too, so
 * `KRW-BTC,KRW-ETH` works. Upbit's codes are case-sensitive (it silently sends nothing for
 * `krw-btc`), so, as in the library, a lower-case code is refused with the upper-case spelling
 * in the message rather than changed behind the user's back.
 *
 * @param command the command, for the error
 * @param raw the arguments
 * @returns the codes
 * @throws {UsageError} for a code of the wrong shape or case
 *
 * @example
 * ```ts
 * import { parseCodes } from "./target.ts";
 * parseCodes("watch", ["KRW-BTC,KRW-ETH", "KRW-BTC"]); // ["KRW-BTC", "KRW-ETH"]
 * ```
 */
export function parseCodes(command: CommandName, raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of raw.flatMap((r) => r.split(","))) {
    const code = part.trim();
    if (code === "") continue;
    if (!CODE.test(code)) {
      const hint = CODE.test(code.toUpperCase())
        ? ` (Upbit codes are upper case: ${quote(code.toUpperCase())})`
        : "";
      throw new UsageError(
        `Cannot run ${command} as each market code must look like KRW-BTC: current value is ${
          quote(part)
        }${hint}`,
        command,
      );
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * `--units`: one of Upbit's orderbook depths (`ORDERBOOK_UNITS`), or `undefined` when absent.
 *
 * @param command the command, for the message
 * @param s the split command line
 * @returns the depth
 * @throws {UsageError} quoting the value unless it is 1, 5, 15 or 30
 */
export function orderbookUnits(command: CommandName, s: Split): OrderbookUnits | undefined {
  const units = number(command, s, "units", { min: 1, max: FULL_DEPTH, integer: true });
  if (units === undefined || isOrderbookUnits(units)) return units;
  throw new UsageError(
    `Cannot run ${command} as --units must be ${ORDERBOOK_UNITS_TEXT}: current value is ${
      quote(String(text(s, "units")))
    }`,
    command,
  );
}

/** The type and codes of a stream command, with the orderbook's `--units` and `--level`. */
export function target(
  command: CommandName,
  s: Split,
  args: readonly string[],
  allowPrivate: boolean,
) {
  const [rawType, ...rest] = args;
  if (rawType === undefined) {
    throw new UsageError(`Cannot run ${command} as the data type is missing`, command);
  }
  const type = parseType(command, rawType, allowPrivate);
  const codes = parseCodes(command, rest);
  if (type === "myAsset" && codes.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as myAsset takes no market codes: current value is ${
        quote(rest.join(" "))
      }`,
      command,
    );
  }
  if (type !== "myAsset" && type !== "myOrder" && codes.length === 0) {
    throw new UsageError(
      `Cannot run ${command} as at least one market code (e.g. KRW-BTC) is needed`,
      command,
    );
  }
  const out: Target = { type, codes };
  const units = orderbookUnits(command, s);
  if (units !== undefined) out.units = units;
  const level = number(command, s, "level", { min: 0 });
  if (level !== undefined) out.level = level;
  if ((units !== undefined || level !== undefined) && type !== "orderbook") {
    throw new UsageError(
      `Cannot run ${command} as --units and --level apply to orderbook only: current value is ${
        quote(type)
      }`,
      command,
    );
  }
  return out;
}
