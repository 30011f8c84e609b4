/**
 * The push streams `watch` also takes — `announcement` (categories, body) and `indicator`/
 * `indicator_signal` (timeframe, one option per indicator, trigger and its condition) — and the
 * `--stream` choice.
 *
 * @module
 */
import { type CommandName, type Stream, UsageError } from "./invocation.ts";
import { parseCodes } from "./target.ts";
import { oneOf, type Split, text } from "./tokens.ts";
// The library's own argument checks, shared so that the CLI refuses what the client would refuse,
// in the same words; they have no public form.
import { checkAnnouncementFilter } from "../../src/subscribe/announcement_checks.ts";
import {
  checkIndicators,
  checkKrwCodes,
  checkTimeframe,
} from "../../src/subscribe/indicator_checks.ts";
import type { IndicatorSpec, SignalSpec } from "../../mod.ts";
import { quote } from "../../src/args.ts";

/** The push streams `watch` also takes: announcements, indicators and signals. */
export const STREAMS = ["announcement", "indicator", "indicator_signal"];
/** The options of `watch indicator`, one per indicator type (`sma`/`ema`: a moving average). */
export const INDICATOR_OPTIONS = ["volume", "rsi", "sma", "ema", "crossover", "bollinger", "macd"];

/** Numbers of a comma list (`12,26,9`), as the library checks them. */
function list(s: Split, name: string): number[] {
  return String(text(s, name)).split(",").map((x) => (x.trim() === "" ? NaN : Number(x)));
}

/**
 * `watch announcement [--category trade,wallet] [--body]`, and `watch indicator KRW-BTC
 * --timeframe 5m --rsi 14 [--macd 12,26,9 …]` / `watch indicator_signal KRW-BTC --timeframe 5m
 * --rsi 14 --trigger oversold --threshold 30`: checked with the library's own rules.
 */
export function streamTarget(
  command: CommandName,
  s: Split,
  type: string,
  rest: readonly string[],
) {
  const fail = (e: unknown): never => {
    throw new UsageError(
      `Cannot run ${command} as ${
        e instanceof Error ? e.message.replace(/^Cannot [^:]*? as /, "") : String(e)
      }`,
      command,
    );
  };
  const usedIndicator = INDICATOR_OPTIONS.filter((o) => s.options.has(o));
  const signalOnly = ["trigger", "threshold", "multiplier"].filter((o) => s.options.has(o));
  if (type === "announcement") {
    const stray = [...usedIndicator, ...signalOnly, "timeframe"].filter((o) => s.options.has(o));
    if (rest.length > 0 || stray.length > 0) {
      throw new UsageError(
        `Cannot run ${command} as announcement takes no market codes or indicator options: current value is ${
          quote(rest.length > 0 ? rest.join(" ") : `--${stray[0]}`)
        }`,
        command,
      );
    }
    const raw = text(s, "category");
    try {
      const f = checkAnnouncementFilter(
        raw === undefined ? undefined : raw.split(",").map((c) => c.trim()),
        s.options.get("body") === true,
      );
      return { type, codes: [], categories: [...f.categories], includeBody: f.includeBody };
    } catch (e) {
      return fail(e);
    }
  }
  if (s.options.has("category") || s.options.has("body")) {
    throw new UsageError(
      `Cannot run ${command} as --category and --body apply to announcement only: current value is ${
        quote(type)
      }`,
      command,
    );
  }
  const signal = type === "indicator_signal";
  if (!signal && signalOnly.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as --${
        signalOnly[0]
      } applies to indicator_signal only: current value is ${quote(type)}`,
      command,
    );
  }
  const codes = parseCodes(command, rest);
  if (codes.length === 0) {
    throw new UsageError(
      `Cannot run ${command} as at least one KRW market code is needed`,
      command,
    );
  }
  if (usedIndicator.length === 0) {
    throw new UsageError(
      `Cannot run ${command} as at least one indicator is needed: --${
        INDICATOR_OPTIONS.join(", --")
      }`,
      command,
    );
  }
  const specs: Record<string, unknown>[] = [];
  for (const o of usedIndicator) {
    const n = list(s, o);
    if (o === "volume" || o === "rsi") specs.push({ type: o, params: { period: n[0] } });
    else if (o === "sma" || o === "ema") {
      specs.push({ type: "moving_average", params: { type: o.toUpperCase(), period: n[0] } });
    } else if (o === "crossover") {
      specs.push({
        type: "ma_crossover",
        params: { type: "SMA", shortPeriod: n[0], longPeriod: n[1] },
      });
    } else if (o === "bollinger") {
      specs.push({ type: "bollinger_bands", params: { period: n[0], multiplier: n[1] ?? 2 } });
    } else specs.push({ type: "macd", params: { fast: n[0], slow: n[1], signalPeriod: n[2] } });
  }
  if (signal) {
    if (specs.length > 1) {
      throw new UsageError(
        `Cannot run ${command} as a signal watches one indicator (its --trigger applies to it): current value is --${
          usedIndicator.join(", --")
        }`,
        command,
      );
    }
    const spec = specs[0]!;
    spec.trigger = text(s, "trigger");
    if (s.options.has("threshold")) spec.eventParams = { threshold: Number(text(s, "threshold")) };
    if (s.options.has("multiplier")) {
      spec.eventParams = { multiplier: Number(text(s, "multiplier")) };
    }
  }
  try {
    checkKrwCodes(codes);
    const timeframe = checkTimeframe(text(s, "timeframe") ?? "5m");
    checkIndicators(specs, signal);
    return {
      type,
      codes,
      timeframe,
      indicators: specs as unknown as (IndicatorSpec | SignalSpec)[],
    };
  } catch (e) {
    return fail(e);
  }
}

/** Refuses positionals left over after a command's own. */
export function noExtra(command: CommandName, rest: readonly string[]): void {
  if (rest.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as it takes no more arguments: current value is ${
        quote(rest.join(" "))
      }`,
      command,
    );
  }
}

/** The `--stream` choice (`both` by default); push streams have no snapshots to choose. */
export function stream(command: CommandName, s: Split, type: string): Stream {
  const v = oneOf(command, s, "stream", ["both", "snapshot", "realtime"] as const) ?? "both";
  const push = type === "myOrder" || type === "myAsset" || STREAMS.includes(type);
  if (push && v === "snapshot") {
    throw new UsageError(
      `Cannot run ${command} as Upbit sends no snapshots of ${type}: current value is "snapshot"`,
      command,
    );
  }
  return v === "both" && push ? "realtime" : v;
}
