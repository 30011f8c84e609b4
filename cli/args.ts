/**
 * Argument parsing of the `upbit-ws` command: argv in, a checked {@linkcode Invocation} out, or a
 * {@linkcode UsageError} (exit code 2) whose message quotes the bad value. Pure: no process, no
 * file system, so it runs (and is tested) on every runtime, workerd included.
 *
 * @module
 */
import { resolveEndpoints } from "../src/options.ts";
import { checkAnnouncementFilter } from "../src/decode/announcement.ts";
import { checkIndicators, checkKrwCodes, checkTimeframe } from "../src/protocol/indicators.ts";
import type { IndicatorSpec, SignalSpec } from "../src/stream_types.ts";

/**
 * The commands of `upbit-ws`.
 *
 * @example
 * ```ts
 * import type { CommandName } from "./args.ts";
 * const c: CommandName = "watch";
 * ```
 */
export type CommandName =
  | "watch"
  | "snapshot"
  | "record"
  | "replay"
  | "emulate"
  | "markets"
  | "relay"
  | "dashboard";

/** Every command, in help order. */
export const COMMANDS: readonly CommandName[] = Object.freeze([
  "watch",
  "snapshot",
  "record",
  "replay",
  "emulate",
  "markets",
  "relay",
  "dashboard",
]);

/**
 * A bad command line. The CLI prints the message and the command's usage, and exits with 2.
 *
 * @example
 * ```ts
 * import { parseArgs, UsageError } from "./args.ts";
 * try {
 *   parseArgs(["watch", "tickr", "KRW-BTC"]);
 * } catch (e) {
 *   if (e instanceof UsageError) console.error(e.message, e.command); // … "watch"
 * }
 * ```
 */
export class UsageError extends Error {
  /** The command whose usage to show, when known. */
  readonly command: CommandName | undefined;
  /**
   * @param message what is wrong, quoting the value
   * @param command the command concerned
   */
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** Where a command connects: the built-in emulator or Upbit (optionally another URL). */
export interface Endpoint {
  /** Run against an in-process emulator instead of Upbit. */
  emulator: boolean;
  /** Public WebSocket URL (`--url`). */
  url?: string;
  /** Private WebSocket URL (`--private-url`; default `--url` + `/private`). */
  privateUrl?: string;
  /** Indicator WebSocket URL (`--info-url`; default `--url` + `/info`). */
  infoUrl?: string;
  /** Upbit region (`--region`). */
  region?: "kr" | "sg" | "id" | "th";
  /** Wire format (`--format`). */
  format?: "DEFAULT" | "SIMPLE" | "JSON_LIST" | "SIMPLE_LIST";
}

/** What to subscribe to. */
export interface Target {
  /** `ticker`, `trade`, `orderbook`, `candle.<interval>`, `myOrder` or `myAsset`. */
  type: string;
  /** Upper-case market codes (empty for `myAsset`, and for `myOrder` meaning every market). */
  codes: string[];
  /** Orderbook depth (`--units`). */
  units?: 1 | 5 | 15 | 30;
  /** Orderbook price grouping (`--level`). */
  level?: number;
  /** `announcement`: categories (`--category`), empty for all. */
  categories?: string[];
  /** `announcement`: with the body (`--body`). */
  includeBody?: boolean;
  /** `indicator`/`indicator_signal`: the timeframe (`--timeframe`). */
  timeframe?: string;
  /** `indicator`/`indicator_signal`: the indicators (`--rsi`, `--macd`, …, `--trigger`). */
  indicators?: (IndicatorSpec | SignalSpec)[];
}

/** The stream preference of a subscription. */
export type Stream = "both" | "snapshot" | "realtime";

/**
 * A parsed, checked command line.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const inv = parseArgs(["watch", "ticker", "KRW-BTC", "--json"]);
 * if (inv.command === "watch") console.log(inv.target.codes, inv.json); // ["KRW-BTC"] true
 * ```
 */
export type Invocation =
  | { command: "help"; topic: CommandName | undefined }
  | { command: "version" }
  | {
    command: "watch";
    target: Target;
    endpoint: Endpoint;
    stream: Stream;
    json: boolean;
    color: boolean | undefined;
    durationMs: number | undefined;
  }
  | {
    command: "snapshot";
    target: Target;
    endpoint: Endpoint;
    timeoutMs: number;
    pretty: boolean;
  }
  | {
    command: "record";
    file: string;
    target: Target;
    endpoint: Endpoint;
    stream: Stream;
    durationMs: number | undefined;
    maxFrames: number | undefined;
  }
  | {
    command: "replay";
    file: string;
    speed: number;
    port: number;
    loop: boolean;
    wait: boolean;
    durationMs: number | undefined;
  }
  | { command: "emulate"; port: number; seed: number; durationMs: number | undefined }
  | {
    command: "markets";
    quote: string | undefined;
    endpoint: Endpoint;
    json: boolean;
    details: boolean;
  }
  | {
    command: "relay";
    /** `nats://`, `tls://`, `ws://` or `wss://` URL of the NATS server. */
    nats: string;
    /** Types relayed for `codes` (default ticker, trade, orderbook). */
    types: string[];
    /** Codes always relayed (besides what consumers ask for). */
    codes: string[];
    /** Also relay every market quoted in this currency. */
    quote: string | undefined;
    endpoint: Endpoint;
    prefix: string;
    ack: "pipelined" | "each" | "none";
    /** Lease TTL in ms; 0 without a lease (`--no-lease`). */
    leaseTtlMs: number;
    /** Seconds between stats lines on stderr (0: none). */
    statsMs: number;
    /** Subjects for private streams, only when named. */
    myOrderSubject: string | undefined;
    myAssetSubject: string | undefined;
    durationMs: number | undefined;
  }
  | {
    command: "dashboard";
    /** Market codes (default KRW-BTC and KRW-ETH). */
    codes: string[];
    endpoint: Endpoint;
    /** Show open orders and balances: with --private, or always on the emulator. */
    private: boolean;
    /** Read from a relay's NATS bus (`nats://`, `tls://`, `ws://`, `wss://`) instead of Upbit. */
    nats: string | undefined;
    port: number;
    units: 1 | 5 | 15 | 30;
    durationMs: number | undefined;
  };

type Kind = "flag" | "value";

/** The options each command accepts, by long name (without `--`). */
const OPTIONS: Readonly<Record<CommandName, Readonly<Record<string, Kind>>>> = Object.freeze({
  watch: {
    emulator: "flag",
    url: "value",
    "private-url": "value",
    "info-url": "value",
    region: "value",
    format: "value",
    units: "value",
    level: "value",
    stream: "value",
    json: "flag",
    color: "flag",
    "no-color": "flag",
    duration: "value",
    category: "value",
    body: "flag",
    timeframe: "value",
    volume: "value",
    rsi: "value",
    sma: "value",
    ema: "value",
    crossover: "value",
    bollinger: "value",
    macd: "value",
    trigger: "value",
    threshold: "value",
    multiplier: "value",
  },
  snapshot: {
    emulator: "flag",
    url: "value",
    region: "value",
    format: "value",
    units: "value",
    level: "value",
    timeout: "value",
    pretty: "flag",
  },
  record: {
    emulator: "flag",
    url: "value",
    "private-url": "value",
    "info-url": "value",
    region: "value",
    format: "value",
    units: "value",
    level: "value",
    stream: "value",
    duration: "value",
    frames: "value",
  },
  replay: { speed: "value", port: "value", loop: "flag", "no-wait": "flag", duration: "value" },
  emulate: { port: "value", seed: "value", duration: "value" },
  markets: {
    emulator: "flag",
    url: "value",
    quote: "value",
    region: "value",
    json: "flag",
    details: "flag",
  },
  relay: {
    nats: "value",
    emulator: "flag",
    url: "value",
    "private-url": "value",
    region: "value",
    format: "value",
    quote: "value",
    prefix: "value",
    ack: "value",
    "lease-ttl": "value",
    "no-lease": "flag",
    stats: "value",
    "my-order-subject": "value",
    "my-asset-subject": "value",
    duration: "value",
  },
  dashboard: {
    nats: "value",
    emulator: "flag",
    url: "value",
    "private-url": "value",
    region: "value",
    format: "value",
    private: "flag",
    port: "value",
    units: "value",
    duration: "value",
  },
});

/** The codes `dashboard` shows when none are given. */
export const DASHBOARD_CODES: readonly string[] = Object.freeze(["KRW-BTC", "KRW-ETH"]);

const INTERVALS = ["1s", "1m", "3m", "5m", "10m", "15m", "30m", "60m", "240m"];
const CODE = /^[A-Z0-9]{2,10}-[A-Z0-9]{1,20}$/;

/** A value quoted for an error message: strings in double quotes, as std style asks. */
export function quoteArg(value: string): string {
  return JSON.stringify(value);
}

interface Split {
  positionals: string[];
  options: Map<string, string | true>;
  help: boolean;
}

function split(command: CommandName, argv: readonly string[]): Split {
  const allowed = OPTIONS[command];
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) {
      throw new UsageError(
        `Cannot run ${command} as ${quoteArg(arg)} is not an option of it: current value is ${
          quoteArg(arg)
        }`,
        command,
      );
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = allowed[name];
    if (kind === undefined) {
      throw new UsageError(
        `Cannot run ${command} as it has no option --${name}: current value is ${quoteArg(arg)}`,
        command,
      );
    }
    if (kind === "flag") {
      if (eq !== -1) {
        throw new UsageError(
          `Cannot run ${command} as --${name} takes no value: current value is ${quoteArg(arg)}`,
          command,
        );
      }
      options.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith("--") && value.length > 2)) {
        throw new UsageError(`Cannot run ${command} as --${name} needs a value`, command);
      }
      i++;
    }
    options.set(name, value);
  }
  return { positionals, options, help };
}

function text(s: Split, name: string): string | undefined {
  const v = s.options.get(name);
  return typeof v === "string" ? v : undefined;
}

function number(
  command: CommandName,
  s: Split,
  name: string,
  check: { min: number; max?: number; integer?: boolean; exclusiveMin?: boolean },
): number | undefined {
  const raw = text(s, name);
  if (raw === undefined) return undefined;
  const n = raw.trim() === "" ? NaN : Number(raw);
  const low = check.exclusiveMin ? n <= check.min : n < check.min;
  if (
    !Number.isFinite(n) || low || (check.max !== undefined && n > check.max) ||
    (check.integer === true && !Number.isInteger(n))
  ) {
    const what = check.integer ? "an integer" : "a number";
    const range = check.max !== undefined
      ? `from ${check.min} to ${check.max}`
      : check.exclusiveMin
      ? `above ${check.min}`
      : `of at least ${check.min}`;
    throw new UsageError(
      `Cannot run ${command} as --${name} must be ${what} ${range}: current value is ${
        quoteArg(raw)
      }`,
      command,
    );
  }
  return n;
}

function oneOf<T extends string>(
  command: CommandName,
  s: Split,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = text(s, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(
      `Cannot run ${command} as --${name} must be one of ${allowed.join(", ")}: current value is ${
        quoteArg(raw)
      }`,
      command,
    );
  }
  return raw as T;
}

function seconds(command: CommandName, s: Split, name: string): number | undefined {
  const n = number(command, s, name, { min: 0, exclusiveMin: true });
  return n === undefined ? undefined : Math.round(n * 1000);
}

function endpoint(command: CommandName, s: Split): Endpoint {
  const out: Endpoint = { emulator: s.options.get("emulator") === true };
  for (
    const [name, key] of [
      ["url", "url"],
      ["private-url", "privateUrl"],
      ["info-url", "infoUrl"],
    ] as const
  ) {
    const v = text(s, name);
    if (v === undefined) continue;
    if (!/^wss?:\/\/\S+$/.test(v)) {
      throw new UsageError(
        `Cannot run ${command} as --${name} must be a ws:// or wss:// URL: current value is ${
          quoteArg(v)
        }`,
        command,
      );
    }
    if (out.emulator) {
      throw new UsageError(
        `Cannot run ${command} as --${name} and --emulator exclude each other: current value is ${
          quoteArg(v)
        }`,
        command,
      );
    }
    out[key] = v;
  }
  const region = oneOf(command, s, "region", ["kr", "sg", "id", "th"] as const);
  if (region !== undefined) out.region = region;
  const format = oneOf(
    command,
    s,
    "format",
    ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"] as const,
  );
  if (format !== undefined) out.format = format;
  if (!out.emulator) {
    // The client's own rule, checked here so that a half-overridden set is a usage error (exit 2)
    // before any key is read: every endpoint on the scheme and host of --url (or the region's).
    try {
      resolveEndpoints(out);
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
      const flag = (name: string) =>
        ({ url: "--url", privateUrl: "--private-url", infoUrl: "--info-url", region: "--region" })[
          name
        ] ?? name;
      const message = e.message
        .replace(/^Cannot use option "(\w+)" as it /, (_, n: string) => `${flag(n)} `)
        .replace(
          /^Cannot use option "(\w+)" together with "(\w+)", as /,
          (_, a, b) => `${flag(a)} and ${flag(b)} exclude each other, as `,
        )
        .replace(/"(url|privateUrl|infoUrl|region)"/g, (_, n: string) => flag(n));
      throw new UsageError(`Cannot run ${command} as ${message}`, command);
    }
  }
  return out;
}

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
 * import { parseType } from "./args.ts";
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
    `Cannot run ${command} as the type must be one of ${list}: current value is ${quoteArg(raw)}`,
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
 * import { parseCodes } from "./args.ts";
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
        ? ` (Upbit codes are upper case: ${quoteArg(code.toUpperCase())})`
        : "";
      throw new UsageError(
        `Cannot run ${command} as each market code must look like KRW-BTC: current value is ${
          quoteArg(part)
        }${hint}`,
        command,
      );
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

function target(command: CommandName, s: Split, args: readonly string[], allowPrivate: boolean) {
  const [rawType, ...rest] = args;
  if (rawType === undefined) {
    throw new UsageError(`Cannot run ${command} as the data type is missing`, command);
  }
  const type = parseType(command, rawType, allowPrivate);
  const codes = parseCodes(command, rest);
  if (type === "myAsset" && codes.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as myAsset takes no market codes: current value is ${
        quoteArg(rest.join(" "))
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
  const units = number(command, s, "units", { min: 1, max: 30, integer: true });
  if (units !== undefined) {
    if (units !== 1 && units !== 5 && units !== 15 && units !== 30) {
      throw new UsageError(
        `Cannot run ${command} as --units must be 1, 5, 15 or 30: current value is ${
          quoteArg(String(text(s, "units")))
        }`,
        command,
      );
    }
    out.units = units;
  }
  const level = number(command, s, "level", { min: 0 });
  if (level !== undefined) out.level = level;
  if ((units !== undefined || level !== undefined) && type !== "orderbook") {
    throw new UsageError(
      `Cannot run ${command} as --units and --level apply to orderbook only: current value is ${
        quoteArg(type)
      }`,
      command,
    );
  }
  return out;
}

/** The push streams `watch` also takes: announcements, indicators and signals. */
const STREAMS = ["announcement", "indicator", "indicator_signal"];
const INDICATOR_OPTIONS = ["volume", "rsi", "sma", "ema", "crossover", "bollinger", "macd"];

/** Numbers of a comma list (`12,26,9`), as the library checks them. */
function list(s: Split, name: string): number[] {
  return String(text(s, name)).split(",").map((x) => (x.trim() === "" ? NaN : Number(x)));
}

/**
 * `watch announcement [--category trade,wallet] [--body]`, and `watch indicator KRW-BTC
 * --timeframe 5m --rsi 14 [--macd 12,26,9 …]` / `watch indicator_signal KRW-BTC --timeframe 5m
 * --rsi 14 --trigger oversold --threshold 30`: checked with the library's own rules.
 */
function streamTarget(command: CommandName, s: Split, type: string, rest: readonly string[]) {
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
          quoteArg(rest.length > 0 ? rest.join(" ") : `--${stray[0]}`)
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
        quoteArg(type)
      }`,
      command,
    );
  }
  const signal = type === "indicator_signal";
  if (!signal && signalOnly.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as --${
        signalOnly[0]
      } applies to indicator_signal only: current value is ${quoteArg(type)}`,
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

function noExtra(command: CommandName, rest: readonly string[]): void {
  if (rest.length > 0) {
    throw new UsageError(
      `Cannot run ${command} as it takes no more arguments: current value is ${
        quoteArg(rest.join(" "))
      }`,
      command,
    );
  }
}

function stream(command: CommandName, s: Split, type: string): Stream {
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

const SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

function relayInvocation(s: Split, args: readonly string[]): Invocation {
  const command = "relay";
  const nats = text(s, "nats");
  if (nats === undefined || !/^(nats|tls|wss?):\/\/\S+$/.test(nats)) {
    throw new UsageError(
      `Cannot run relay as --nats must be a nats://, tls://, ws:// or wss:// URL: current value is ${
        quoteArg(String(nats ?? ""))
      }`,
      command,
    );
  }
  const types: string[] = [];
  const rawCodes: string[] = [];
  for (const arg of args.flatMap((a) => a.split(",")).filter((a) => a !== "")) {
    if (arg.includes("-")) rawCodes.push(arg);
    else {
      const type = parseType(command, arg, false);
      if (!types.includes(type)) types.push(type);
    }
  }
  const codes = rawCodes.length > 0 ? parseCodes(command, rawCodes) : [];
  const quote = text(s, "quote");
  if (quote !== undefined && !/^[A-Za-z0-9]{2,10}$/.test(quote)) {
    throw new UsageError(
      `Cannot run relay as --quote must be a currency such as KRW, BTC or USDT: current value is ${
        quoteArg(quote)
      }`,
      command,
    );
  }
  const prefix = text(s, "prefix") ?? "upbit";
  if (!SUBJECT.test(prefix)) {
    throw new UsageError(
      `Cannot run relay as --prefix must be subject tokens such as upbit or md.upbit: current value is ${
        quoteArg(prefix)
      }`,
      command,
    );
  }
  const subject = (name: string): string | undefined => {
    const v = text(s, name);
    if (v !== undefined && !SUBJECT.test(v)) {
      throw new UsageError(
        `Cannot run relay as --${name} must be literal subject tokens (no wildcards): current value is ${
          quoteArg(v)
        }`,
        command,
      );
    }
    return v;
  };
  const ttl = seconds(command, s, "lease-ttl");
  if (ttl !== undefined && ttl < 300) {
    throw new UsageError(
      `Cannot run relay as --lease-ttl must be at least 0.3 s: current value is ${
        quoteArg(String(text(s, "lease-ttl")))
      }`,
      command,
    );
  }
  return {
    command,
    nats,
    types: types.length > 0 ? types : ["ticker", "trade", "orderbook"],
    codes,
    quote: quote?.toUpperCase(),
    endpoint: endpoint(command, s),
    prefix,
    ack: oneOf(command, s, "ack", ["pipelined", "each", "none"] as const) ?? "pipelined",
    leaseTtlMs: s.options.get("no-lease") === true ? 0 : ttl ?? 3000,
    statsMs: text(s, "stats")?.trim() === "0" ? 0 : seconds(command, s, "stats") ?? 10_000,
    myOrderSubject: subject("my-order-subject"),
    myAssetSubject: subject("my-asset-subject"),
    durationMs: seconds(command, s, "duration"),
  };
}

/**
 * Parses the arguments after the program name.
 *
 * @param argv e.g. `["watch", "ticker", "KRW-BTC", "--emulator"]`
 * @returns what to run
 * @throws {UsageError} for a bad command line
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * parseArgs(["snapshot", "orderbook", "KRW-BTC", "--units", "5"]);
 * // { command: "snapshot", target: { type: "orderbook", codes: ["KRW-BTC"], units: 5 }, … }
 * ```
 */
export function parseArgs(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help") {
    return { command: "help", topic: undefined };
  }
  if (first === "-V" || first === "--version" || first === "version") return { command: "version" };
  if (first === "help") {
    const topic = rest[0];
    if (topic === undefined) return { command: "help", topic: undefined };
    if (!(COMMANDS as readonly string[]).includes(topic)) {
      throw new UsageError(
        `Cannot show help as the command must be one of ${COMMANDS.join(", ")}: current value is ${
          quoteArg(topic)
        }`,
      );
    }
    return { command: "help", topic: topic as CommandName };
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(
      `Cannot run upbit-ws as the command must be one of ${COMMANDS.join(", ")}: current value is ${
        quoteArg(first)
      }`,
    );
  }
  const command = first as CommandName;
  const s = split(command, rest);
  if (s.help) return { command: "help", topic: command };
  const args = s.positionals;
  switch (command) {
    case "watch": {
      const [rawType, ...rest] = args;
      const streamType = STREAMS.find((x) => x === rawType?.toLowerCase());
      const t: Target = streamType !== undefined
        ? streamTarget(command, s, streamType, rest)
        : target(command, s, args, true);
      const misplaced = [...INDICATOR_OPTIONS, "timeframe", "trigger", "threshold", "multiplier"]
        .concat(["category", "body"]).find((o) => streamType === undefined && s.options.has(o));
      if (misplaced !== undefined) {
        throw new UsageError(
          `Cannot run ${command} as --${misplaced} applies to announcement, indicator and indicator_signal only: current value is ${
            quoteArg(t.type)
          }`,
          command,
        );
      }
      const color = s.options.get("no-color") === true
        ? false
        : s.options.get("color") === true
        ? true
        : undefined;
      return {
        command,
        target: t,
        endpoint: endpoint(command, s),
        stream: stream(command, s, t.type),
        json: s.options.get("json") === true,
        color,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "snapshot": {
      const t = target(command, s, args, false);
      return {
        command,
        target: t,
        endpoint: endpoint(command, s),
        timeoutMs: seconds(command, s, "timeout") ?? 5000,
        pretty: s.options.get("pretty") === true,
      };
    }
    case "record": {
      const [file, ...more] = args;
      if (file === undefined || file === "") {
        throw new UsageError(`Cannot run record as the output file is missing`, command);
      }
      const t = target(command, s, more, true);
      return {
        command,
        file,
        target: t,
        endpoint: endpoint(command, s),
        stream: stream(command, s, t.type),
        durationMs: seconds(command, s, "duration"),
        maxFrames: number(command, s, "frames", { min: 1, integer: true }),
      };
    }
    case "replay": {
      const [file, ...more] = args;
      if (file === undefined || file === "") {
        throw new UsageError(`Cannot run replay as the recording file is missing`, command);
      }
      noExtra(command, more);
      return {
        command,
        file,
        speed: number(command, s, "speed", { min: 0, exclusiveMin: true }) ?? 1,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        loop: s.options.get("loop") === true,
        wait: s.options.get("no-wait") !== true,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "emulate": {
      noExtra(command, args);
      return {
        command,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        seed: number(command, s, "seed", { min: 0, max: 2 ** 32 - 1, integer: true }) ?? 1,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "relay":
      return relayInvocation(s, args);
    case "markets": {
      noExtra(command, args);
      const quote = text(s, "quote");
      if (quote !== undefined && !/^[A-Za-z0-9]{2,10}$/.test(quote)) {
        throw new UsageError(
          `Cannot run markets as --quote must be a currency such as KRW, BTC or USDT: current value is ${
            quoteArg(quote)
          }`,
          command,
        );
      }
      return {
        command,
        quote: quote?.toUpperCase(),
        endpoint: endpoint(command, s),
        json: s.options.get("json") === true,
        details: s.options.get("details") === true,
      };
    }
    case "dashboard": {
      const codes = parseCodes(command, args);
      const units = number(command, s, "units", { min: 1, max: 30, integer: true }) ?? 15;
      if (units !== 1 && units !== 5 && units !== 15 && units !== 30) {
        throw new UsageError(
          `Cannot run dashboard as --units must be 1, 5, 15 or 30: current value is ${
            quoteArg(String(text(s, "units")))
          }`,
          command,
        );
      }
      const ep = endpoint(command, s);
      const nats = text(s, "nats");
      if (nats !== undefined) {
        if (!/^(nats|tls|wss?):\/\/\S+$/.test(nats)) {
          throw new UsageError(
            `Cannot run dashboard as --nats must be a nats://, tls://, ws:// or wss:// URL: current value is ${
              quoteArg(nats)
            }`,
            command,
          );
        }
        for (const other of ["emulator", "url", "private-url", "region", "private"]) {
          if (s.options.has(other)) {
            throw new UsageError(
              `Cannot run dashboard as --nats and --${other} exclude each other (the bus carries public data only): current value is ${
                quoteArg(nats)
              }`,
              command,
            );
          }
        }
      }
      return {
        command,
        codes: codes.length > 0 ? codes : [...DASHBOARD_CODES],
        endpoint: ep,
        nats,
        private: ep.emulator || s.options.get("private") === true,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        units,
        durationMs: seconds(command, s, "duration"),
      };
    }
  }
}
