/**
 * The emulator's options: rate limits and the reaction to a violation, what a stricter host
 * refuses, the quirks of real servers to reproduce, everything `startEmulator` and
 * `EmulatorCore` take, and the options resolved with their defaults.
 *
 * @module
 */
import type { AccountSpec } from "./accounts/types.ts";
import type { Clock } from "./clock.ts";
import type { MarketOptions } from "./market/types.ts";

/**
 * Limits of Upbit's `websocket-connect` and `websocket-message` groups and how the emulator
 * reacts to a violation. Every violation is counted in {@linkcode EmulatorStats} whatever the
 * reaction.
 *
 * @example Count violations without enforcing them
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ rateLimits: { onConnectLimit: "count", onMessageLimit: "count" } });
 * ```
 */
export interface RateLimitOptions {
  /** Upgrades per second per IP (per access key on `/private` with a valid JWT). Default 5. */
  connectsPerSecond?: number;
  /** Request messages per second per connection (sliding window; text `PING` is not counted). Default 5. */
  messagesPerSecond?: number;
  /** Request messages per minute per connection (sliding window). Default 100. */
  messagesPerMinute?: number;
  /** `"reject"` (default): refuse the upgrade with HTTP 429; `"count"`: allow it. */
  onConnectLimit?: "reject" | "count";
  /**
   * `"error-close"` (default): an error frame named `messageLimitError`, the request is not
   * applied, close 1000 after `errorCloseDelayMs`; `"error"`: the error frame only, the
   * connection stays; `"count"`: serve the request.
   */
  onMessageLimit?: "error-close" | "error" | "count";
  /**
   * The `error.name` of a message-limit refusal: `"TOO_MANY_REQUEST"` (default; the documented
   * name since 2026-09-23, `upbit-protocol.md` §10.2) or the older pages' `"Too Many Requests"`
   * / `"I'm a teapot"`.
   */
  messageLimitError?: "TOO_MANY_REQUEST" | "Too Many Requests" | "I'm a teapot";
}

/**
 * How the emulator refuses requests where real Upbit hosts differ (`upbit-protocol.md` §10.2).
 * Kept apart from the data-frame quirks.
 *
 * @example Answer like a regional host
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({
 *   refusals: { language: "en", unsupportedLevel: "wrong-format", maxCombinations: 100 },
 * });
 * ```
 */
export interface RefusalOptions {
  /** Error messages in Korean (`"ko"`, default: the Korean host) or English (regional hosts). */
  language?: "ko" | "en";
  /**
   * An orderbook object with a `level` its market does not support — any non-zero level off KRW,
   * or one not in a KRW market's `supported_levels`: `"no-data"` (default; the Korean host sends
   * nothing for it) or `"wrong-format"` (`WRONG_FORMAT`, then close 1000, the whole request
   * refused, as a regional host did for `level` off KRW; for KRW no source shows it, it is
   * offered to test a client's handling of a refused subscription).
   */
  unsupportedLevel?: "no-data" | "wrong-format";
  /**
   * Most (type object × code) combinations in one request; over it the whole request is refused
   * with `TOO_MANY_REQUEST`, then close 1000 (as Upbit does on `/info` over 100). 0 (default): no
   * limit (none is documented for market data).
   */
  maxCombinations?: number;
}

/**
 * One behaviour of real Upbit servers beyond the documented field tables
 * (`upbit-protocol.md` §10.1), off by default so that the emulator's frames follow the tables:
 *
 * - `"market-order-nulls"`: a market buy (`order_type` `price`, or a `best` buy) sends
 *   `remaining_volume` and `prevented_volume` as null too (its `volume` is always null), and a
 *   market sell (`market`, or a `best` sell) sends `volume`-sized orders with `price` null, fills
 *   excepted (a fill's `price`/`volume` are the fill's);
 * - `"market-buy-ends-cancel"`: a fully filled market buy ends in state `cancel` instead of
 *   `done` (Upbit cancels the unspent remainder);
 * - `"regional-my-order"`: `myOrder` without the later-added `trade_fee`, `is_maker`,
 *   `identifier`, `smp_type`, `prevented_volume`, `prevented_locked`;
 * - `"trade-without-best"`: `trade` without `best_ask_*`/`best_bid_*`;
 * - `"ticker-without-deprecated"`: `ticker` without `is_trading_suspended`/`market_warning`
 *   (announced for removal);
 * - `"ticker-null-24h"`: `ticker` with `acc_trade_price_24h`/`acc_trade_volume_24h` null.
 *
 * What real servers always do, the emulator always does: `sequential_id` above 2^53
 * (`trade_timestamp × 10000 + n`, so trades of one millisecond differ only in the last digits),
 * Korean error messages with `message` before `name`, every frame binary, `smp_type` always set
 * (`cancel_maker` by default, §10.4).
 *
 * @example Every quirk
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ quirks: true });
 * await using some = await startEmulator({ quirks: ["trade-without-best", "ticker-null-24h"] });
 * ```
 */
export type Quirk =
  | "market-order-nulls"
  | "market-buy-ends-cancel"
  | "regional-my-order"
  | "trade-without-best"
  | "ticker-without-deprecated"
  | "ticker-null-24h";

/**
 * Options of {@linkcode startEmulator}. Everything except `clock` is JSON, so the same object can
 * be posted to the spawner (`POST /spawn`).
 *
 * @example A fast, quiet emulator for a unit test
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 }, idleTimeoutMs: 500, errorCloseDelayMs: 10 });
 * ```
 */
export interface EmulatorOptions {
  /** Port to listen on (default 0 = any free port); the host is always 127.0.0.1. */
  port?: number;
  /** Time source (default the system clock). Not JSON. */
  clock?: Clock;
  /** Market simulator options (seed, markets, tick rate, manual mode). */
  market?: MarketOptions;
  /** Accounts for `/websocket/v1/private`. */
  accounts?: AccountSpec[];
  /** Fee rate of fills (default 0.0005). */
  feeRate?: number;
  /**
   * Whether orders placed through the emulator match against its simulated book as Upbit's
   * engine would (default `true`): a crossing limit order fills at once (taker), a resting one
   * fills when the simulated flow reaches its price (maker), market orders fill from the book.
   * `false`: orders fill only through `accounts.fillOrder` / `POST /__emulator/orders/<uuid>/fill`.
   */
  matchOrders?: boolean;
  /** Delay between a request and its snapshots (default 0; Upbit: ~170–350 ms). */
  snapshotDelayMs?: number;
  /** Delay between an error frame and the close 1000 (default 150). */
  errorCloseDelayMs?: number;
  /** Close (1006-like: no close frame) after this long without data either way (default 120000). */
  idleTimeoutMs?: number;
  /** Period of `{"status":"UP"}` after a text `PING` (default 10000). */
  upIntervalMs?: number;
  /** Delay of the first `{"status":"UP"}` after the first `PING` (default 0). */
  upFirstDelayMs?: number;
  /** Frame opcode: `"binary"` (default, as Upbit) or `"text"`. */
  frames?: "binary" | "text";
  /** Spell doubles like Java (`1.16539E8`, `7.9276E-4`) (default false). */
  javaNumbers?: boolean;
  /** Most events in one `JSON_LIST`/`SIMPLE_LIST` frame (default 10; 1 = one per frame). */
  listMaxItems?: number;
  /** What a request without a format object does: reset to `"DEFAULT"` (default) or `"keep"`. */
  omittedFormat?: "default" | "keep";
  /** Bad JWT on `/private`: `"error-frame"` (default; INVALID_AUTH on the first request, then close 1000) or `"http-401"`. */
  authFailure?: "error-frame" | "http-401";
  /** Honour camelCase `isOnlySnapshot`/`isOnlyRealtime` (default false). */
  acceptCamelCaseFlags?: boolean;
  /** Serve public types on `/private` and private ones on the public URL (default false: refused). */
  crossEndpointTypes?: boolean;
  /** Orderbook totals over the rows sent (`"sent"`, default) or over 30 rows (`"full"`). */
  orderbookTotals?: "sent" | "full";
  /** `myAsset.assets`: only the changed currencies (`"changed"`, default) or all. */
  myAssetScope?: "changed" | "all";
  /** Add the legacy ticker keys `trade_status`/`market_state_for_ios` as null (default false). */
  legacyTickerKeys?: boolean;
  /**
   * Send frames as real Upbit servers have, beyond the field tables: `true` for every
   * {@linkcode Quirk}, or a list of them (default none).
   */
  quirks?: boolean | readonly Quirk[];
  /** Rate limits and reactions. */
  rateLimits?: RateLimitOptions;
  /** How requests are refused (error language, `level` off KRW, combination limit). */
  refusals?: RefusalOptions;
  /**
   * Accept permessage-deflate (RFC 7692) when the client offers it, as Upbit does (default
   * true); `false` declines it, as if the server had no compression.
   */
  perMessageDeflate?: boolean;
  /** How many closed connections `connections()` keeps (default 50). */
  closedHistory?: number;
}

/**
 * {@linkcode EmulatorOptions} with every default applied (see `resolveConfig`).
 *
 * @example Read a default
 * ```ts
 * import { resolveConfig } from "upbit-ws/testing";
 * console.log(resolveConfig({}).errorCloseDelayMs); // 150
 * ```
 */
export type ResolvedConfig =
  & Required<
    Omit<
      EmulatorOptions,
      | "port"
      | "clock"
      | "market"
      | "accounts"
      | "feeRate"
      | "matchOrders"
      | "myAssetScope"
      | "rateLimits"
      | "refusals"
      | "perMessageDeflate"
      | "closedHistory"
      | "quirks"
    >
  >
  & Required<RateLimitOptions>
  & { quirks: ReadonlySet<Quirk> }
  & {
    errorLanguage: "ko" | "en";
    unsupportedLevel: "no-data" | "wrong-format";
    maxCombinations: number;
  };
