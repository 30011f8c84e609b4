/**
 * What a command line means once parsed: the command names, the endpoint, the target (a data
 * type and its codes and options), and one {@linkcode Invocation} shape per command; and the
 * {@linkcode UsageError} a bad command line is refused with (exit code 2).
 *
 * @module
 */
import type {
  AnnouncementCategory,
  IndicatorSpec,
  IndicatorTimeframe,
  SignalSpec,
} from "../../mod.ts";
import type { OrderbookUnits } from "../../src/protocol/orderbook.ts";

/**
 * The commands of `upbit-ws`.
 *
 * @example
 * ```ts
 * import type { CommandName } from "./invocation.ts";
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
 * import { parseArgs } from "./parse.ts";
 * import { UsageError } from "./invocation.ts";
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
  units?: OrderbookUnits;
  /** Orderbook price grouping (`--level`). */
  level?: number;
  /** `announcement`: categories (`--category`), empty for all. */
  categories?: AnnouncementCategory[];
  /** `announcement`: with the body (`--body`). */
  includeBody?: boolean;
  /** `indicator`/`indicator_signal`: the timeframe (`--timeframe`). */
  timeframe?: IndicatorTimeframe;
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
 * import { parseArgs } from "./parse.ts";
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
    units: OrderbookUnits;
    durationMs: number | undefined;
  };
