/**
 * {@linkcode UpbitClient}: the user-facing API. It owns one public connection (and a private
 * one while a private stream is live), each with its own registry, scheduler, keepalive and
 * reconnect loop, and hands each consumer a {@linkcode Subscription}.
 *
 * @module
 */
import { type Clock, delay } from "./clock.ts";
import type { ConnectionInfo, ConnectionState } from "./wire/connection.ts";
import { AuthenticationError, ConnectionClosedError, TimeoutError, UpbitError } from "./errors.ts";
import type { ListedSubscription } from "./decode/decode.ts";
import {
  type Listener,
  type ListenerOptions,
  type UpbitClientEventMap,
  UpbitErrorEvent,
} from "./events.ts";
import { type ResolvedOptions, resolveOptions, type UpbitClientOptions } from "./options.ts";
import { Registry, type StreamPreference } from "./demand/registry.ts";
import {
  createSubscriptionFinalizer,
  type OverflowPolicy,
  Subscription,
  type SubscriptionFinalizer,
} from "./deliver/subscription.ts";
import type {
  CandleEvent,
  CandleInterval,
  CandleType,
  DataType,
  EventOf,
  MyAssetEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitEvent,
} from "./types.ts";
import { candleType, checkCodes, checkNumber, checkUnits, quote } from "./args.ts";
import type {
  AnnouncementCategory,
  AnnouncementEvent,
  IndicatorEvent,
  IndicatorSignalEvent,
  IndicatorSpec,
  IndicatorTimeframe,
  SignalSpec,
} from "./stream_types.ts";
import { type AnnouncementFilter, checkAnnouncementFilter } from "./decode/announcement.ts";
import {
  type CanonicalIndicator,
  checkIndicators,
  checkKrwCodes,
  checkTimeframe,
  MAX_COMBINATIONS,
} from "./protocol/indicators.ts";
import { type InfoConsumerSpec, InfoRegistry } from "./demand/info_registry.ts";
import type { ConnectionName } from "./wire/connection.ts";
import { envDenied, readEnv } from "./auth/env.ts";
import { createRateGate, type RateGate } from "./demand/rate_gate.ts";
import { bearer } from "./auth/bearer.ts";
import {
  type Counters,
  createSide,
  each,
  type Live,
  newCounters,
  type Side,
  weak,
} from "./endpoint.ts";

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
   * a `NotSupportedError`, an overflow with `overflow: "error"`), as callback mode calls
   * `onError` once more with that error and closes.
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
 * The client's health: `healthy` when every needed connection is open and hearing from Upbit,
 * `degraded` while one reconnects, `unhealthy` once one gave up.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const h = client.health();
 * if (h.status !== "healthy") console.warn(h.connections);
 * ```
 */
export interface Health {
  /** `healthy`, `degraded` (reconnecting) or `unhealthy` (gave up, or closed). */
  status: "healthy" | "degraded" | "unhealthy";
  /** Each open or wanted connection. */
  connections: ConnectionInfo[];
  /** Live subscriptions. */
  subscriptions: number;
}

/**
 * Counters since the client was created.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * const m = client.metrics();
 * console.log(m.messages.ticker ?? 0, m.reconnects, m.overflowDrops);
 * ```
 */
export interface Metrics {
  /** Events decoded, by type. */
  messages: Record<string, number>;
  /** Frames received (data, status and error frames). */
  frames: number;
  /** Bytes received. */
  bytes: number;
  /** Frames that could not be decoded. */
  decodeErrors: number;
  /** Error frames Upbit sent. */
  serverErrors: number;
  /** Subscription requests sent. */
  requestsSent: number;
  /** Subscription changes asked for by consumers. */
  changesRequested: number;
  /** Changes that shared a request with others (`changesRequested - requestsSent`, at least 0). */
  coalesced: number;
  /** Sockets reopened after a loss. */
  reconnects: number;
  /** Events dropped by overflow policies. */
  overflowDrops: number;
  /** Time of the last frame (ms since epoch), or null. */
  lastMessageAt: number | null;
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

interface Target {
  type: string;
  codes: readonly string[];
  units: number;
  level: number;
  private: boolean;
  /** `announcement`: the consumer's filter. */
  announcement?: AnnouncementFilter;
  /** `indicator`/`indicator_signal`: served by the `/info` connection. */
  info?: { timeframe: IndicatorTimeframe; indicators: readonly CanonicalIndicator[] };
}

/**
 * The Upbit WebSocket client.
 *
 * @example Iterate, or use a callback
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 *
 * await using client = new UpbitClient({ name: "my_app" });
 * const sub = client.subscribeOrderbook(["KRW-BTC"], (book) => console.log(book.totalBidSize), {
 *   units: 15,
 * });
 * for await (const t of client.ticker(["KRW-BTC", "KRW-ETH"])) {
 *   console.log(t.code, t.tradePrice, t.streamType);
 *   if (t.tradePrice > 200_000_000) break;
 * }
 * sub.close();
 * ```
 */
export class UpbitClient extends EventTarget {
  #options: ResolvedOptions;
  #public: Side | undefined;
  #private: Side | undefined;
  #info: Side<InfoRegistry> | undefined;
  #credentials: (() => Promise<Record<string, string>>) | undefined;
  /** Why keys from the environment could not be read (a missing permission), if so. */
  #envNote = "";
  /** Connect attempts per host, shared by every connection of this client to that host. */
  #connectGates = new Map<string, RateGate>();
  #subscriptions: Live = new Map();
  #finalizer: SubscriptionFinalizer = createSubscriptionFinalizer();
  #closed = false;
  #metrics: Counters = newCounters();
  #onAbort: (() => void) | undefined;

  /**
   * Creates a client. Nothing connects until the first subscription.
   *
   * @param options see {@linkcode UpbitClientOptions}
   * @throws {TypeError} for an option of the wrong type
   * @throws {RangeError} for an option out of range
   */
  constructor(options: UpbitClientOptions = {}) {
    super();
    this.#options = resolveOptions(options);
    const accessKey = options.accessKey ?? readEnv("UPBIT_ACCESS_KEY");
    const secretKey = options.secretKey ?? readEnv("UPBIT_SECRET_KEY");
    if (accessKey !== undefined || secretKey !== undefined) {
      if (typeof accessKey !== "string" || accessKey === "") {
        throw new TypeError("Cannot use private streams as accessKey must be a non-empty string");
      }
      if (typeof secretKey !== "string" || secretKey === "") {
        throw new TypeError("Cannot use private streams as secretKey must be a non-empty string");
      }
      this.#credentials = bearer(accessKey, secretKey, this.#options.jwtAlgorithm);
    } else if (envDenied("UPBIT_ACCESS_KEY") || envDenied("UPBIT_SECRET_KEY")) {
      this.#envNote = " (UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY could not be read as Deno's env " +
        "permission is missing: run with --allow-env=UPBIT_ACCESS_KEY,UPBIT_SECRET_KEY)";
    }
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.#closed = true;
      this.#onAbort = () => void this.close();
      signal.addEventListener("abort", this.#onAbort, { once: true });
      this.#signal = signal;
    }
  }
  #signal: AbortSignal | undefined;

  /**
   * Streams `ticker` events.
   *
   * @param codes market codes, e.g. `["KRW-BTC"]`
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * for await (const t of client.ticker(["KRW-BTC"])) console.log(t.tradePrice);
   * ```
   */
  ticker(codes: readonly string[], options?: SubscribeOptions): Subscription<TickerEvent> {
    return this.#subscribe(this.#market("ticker", codes), options);
  }

  /**
   * Streams `trade` events.
   *
   * @param codes market codes
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * for await (const t of client.trade(["KRW-BTC"], { stream: "realtime" })) console.log(t.tradeVolume);
   * ```
   */
  trade(codes: readonly string[], options?: SubscribeOptions): Subscription<TradeEvent> {
    return this.#subscribe(this.#market("trade", codes), options);
  }

  /**
   * Streams full order books (never deltas).
   *
   * @param codes market codes
   * @param options depth, grouping, stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * for await (const b of client.orderbook(["KRW-BTC"], { units: 5 })) console.log(b.orderbookUnits[0]);
   * ```
   */
  orderbook(codes: readonly string[], options?: OrderbookOptions): Subscription<OrderbookEvent> {
    return this.#subscribe(this.#book(codes, options), options);
  }

  /**
   * Streams candles of one interval.
   *
   * @param interval the wire type, `"candle.1s"` … `"candle.240m"` (the spelling `snapshot()`, the
   *   CLI and `event.type` use), or just the interval: `"1s"`, `"1m"`, `"3m"`, `"5m"`, `"10m"`,
   *   `"15m"`, `"30m"`, `"60m"` or `"240m"`
   * @param codes market codes
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * for await (const c of client.candle("candle.1m", ["KRW-BTC"])) console.log(c.candleDateTimeUtc, c.tradePrice);
   * ```
   */
  candle(
    interval: CandleInterval | CandleType,
    codes: readonly string[],
    options?: SubscribeOptions,
  ): Subscription<CandleEvent> {
    return this.#subscribe(this.#market(candleType(interval), codes), options);
  }

  /**
   * Streams the account's order events (private; needs keys).
   *
   * @param codes markets to watch; omitted or empty for every market
   * @param options signal, buffer
   * @returns the subscription
   * @throws {AuthenticationError} when no credentials are configured
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * for await (const o of client.myOrder(["KRW-BTC"])) console.log(o.state, o.executedVolume);
   * ```
   */
  myOrder(codes?: readonly string[], options?: SubscribeOptions): Subscription<MyOrderEvent> {
    return this.#subscribe(this.#orders(codes), options);
  }

  /**
   * Streams the account's balance changes (private; needs keys).
   *
   * @param options signal, buffer
   * @returns the subscription
   * @throws {AuthenticationError} when no credentials are configured
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * for await (const a of client.myAsset()) console.log(a.assets);
   * ```
   */
  myAsset(options?: SubscribeOptions): Subscription<MyAssetEvent> {
    return this.#subscribe(
      { type: "myAsset", codes: [], units: 30, level: 0, private: true },
      options,
    );
  }

  /**
   * The callback twin of {@linkcode UpbitClient.ticker}.
   *
   * @param codes market codes
   * @param callback called with each event, in order; a returned promise is awaited before the next
   * @param options stream preference, signal, buffer
   * @returns the subscription handle (close it to stop)
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * using _sub = client.subscribeTicker(["KRW-BTC"], (t) => console.log(t.tradePrice));
   * ```
   */
  subscribeTicker(
    codes: readonly string[],
    callback: (event: TickerEvent) => void,
    options?: SubscribeOptions,
  ): Subscription<TickerEvent> {
    return this.#subscribe(this.#market("ticker", codes), options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.trade}.
   *
   * @param codes market codes
   * @param callback called with each event
   * @param options stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * using _sub = client.subscribeTrade(["KRW-BTC"], (t) => console.log(t.tradePrice, t.askBid));
   * ```
   */
  subscribeTrade(
    codes: readonly string[],
    callback: (event: TradeEvent) => void,
    options?: SubscribeOptions,
  ): Subscription<TradeEvent> {
    return this.#subscribe(this.#market("trade", codes), options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.orderbook}.
   *
   * @param codes market codes
   * @param callback called with each book
   * @param options depth, grouping, stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * using _sub = client.subscribeOrderbook(["KRW-BTC"], (b) => console.log(b.totalAskSize), { units: 15, level: 10000 });
   * ```
   */
  subscribeOrderbook(
    codes: readonly string[],
    callback: (event: OrderbookEvent) => void,
    options?: OrderbookOptions,
  ): Subscription<OrderbookEvent> {
    return this.#subscribe(this.#book(codes, options), options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.candle}.
   *
   * @param interval the wire type (`"candle.1m"`) or just the interval (`"1m"`)
   * @param codes market codes
   * @param callback called with each candle
   * @param options stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * using _sub = client.subscribeCandle("1s", ["KRW-BTC"], (c) => console.log(c.tradePrice));
   * ```
   */
  subscribeCandle(
    interval: CandleInterval | CandleType,
    codes: readonly string[],
    callback: (event: CandleEvent) => void,
    options?: SubscribeOptions,
  ): Subscription<CandleEvent> {
    return this.#subscribe(
      this.#market(candleType(interval), codes),
      options,
      callback,
    );
  }

  /**
   * The callback twin of {@linkcode UpbitClient.myOrder}.
   *
   * @param codes markets to watch; `undefined` or `[]` for every market
   * @param callback called with each order event
   * @param options signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * using _sub = client.subscribeMyOrder(undefined, (o) => console.log(o.uuid, o.state));
   * ```
   */
  subscribeMyOrder(
    codes: readonly string[] | undefined,
    callback: (event: MyOrderEvent) => void,
    options?: SubscribeOptions,
  ): Subscription<MyOrderEvent> {
    return this.#subscribe(this.#orders(codes), options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.myAsset}.
   *
   * @param callback called with each balance change
   * @param options signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * using _sub = client.subscribeMyAsset((a) => console.log(a.assets));
   * ```
   */
  subscribeMyAsset(
    callback: (event: MyAssetEvent) => void,
    options?: SubscribeOptions,
  ): Subscription<MyAssetEvent> {
    return this.#subscribe(
      { type: "myAsset", codes: [], units: 30, level: 0, private: true },
      options,
      callback,
    );
  }

  /**
   * Streams Upbit's announcements (new and updated notices: listings, delistings, wallet
   * maintenance, …) over the private connection. Needs keys, but no key permission. Upbit sends
   * one only when a notice appears or changes; there is no snapshot.
   *
   * @param options `categories` (default every category), `includeBody`, signal, buffer
   * @returns the subscription
   * @throws {AuthenticationError} when no credentials are configured
   * @throws {RangeError} for an unknown category (the guide's `"trading"` is `"trade"`)
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * for await (const a of client.announcements({ categories: ["trade"] })) console.log(a.title);
   * ```
   */
  announcements(options?: AnnouncementOptions): Subscription<AnnouncementEvent> {
    return this.#subscribe(this.#announcement(options), options);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.announcements}.
   *
   * @param callback called with each announcement
   * @param options categories, includeBody, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * using _sub = client.subscribeAnnouncements((a) => console.log(a.category, a.title));
   * ```
   */
  subscribeAnnouncements(
    callback: (event: AnnouncementEvent) => void,
    options?: AnnouncementOptions,
  ): Subscription<AnnouncementEvent> {
    return this.#subscribe(this.#announcement(options), options, callback);
  }

  /**
   * Streams technical indicators computed by Upbit at each candle close of `timeframe`, over the
   * `/websocket/v1/info` connection (needs keys, no key permission; KRW markets only; no
   * snapshot: the first event comes at the next candle close). The connection is open only
   * while an indicator subscription is live. At most 100 combinations (codes × indicators,
   * signals included) per client.
   *
   * Allowed `params`: `volume` period 5–50 in steps of 5; `rsi` period 2–14, 21, 25;
   * `moving_average` type `SMA`/`EMA`, period 3, 5, 7, 10, 15, 20, 25, 30, 50, 60, 90, 99, 100,
   * 120, 200; `ma_crossover` type, shortPeriod/longPeriod 5/20, 20/60, 30/90, 50/200;
   * `bollinger_bands` period 10, 20, 50, multiplier 1.0, 1.5, 2.0, 2.5, 3.0; `macd`
   * fast/slow/signalPeriod 12/26/9, 8/17/9, 5/35/5.
   *
   * @param codes KRW market codes
   * @param options `timeframe`, `indicators`, signal, buffer
   * @returns the subscription
   * @throws {AuthenticationError} when no credentials are configured
   * @throws {TypeError} for a value of the wrong type
   * @throws {RangeError} for an unsupported timeframe, indicator or parameter, a non-KRW code, a
   *   repeated indicator, `stream: "snapshot"`, or more than 100 combinations on the connection
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * const sub = client.indicator(["KRW-BTC"], {
   *   timeframe: "5m",
   *   indicators: [{ type: "rsi", params: { period: 14 } }],
   * });
   * for await (const e of sub) if (e.indicator === "rsi") console.log(e.value.rsi);
   * ```
   */
  indicator(codes: readonly string[], options: IndicatorOptions): Subscription<IndicatorEvent> {
    return this.#subscribe(this.#indicators("indicator", codes, options), options);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.indicator}.
   *
   * @param codes KRW market codes
   * @param callback called with each event
   * @param options `timeframe`, `indicators`, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * using _sub = client.subscribeIndicator(["KRW-BTC"], (e) => console.log(e.value), {
   *   timeframe: "60m",
   *   indicators: [{ type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } }],
   * });
   * ```
   */
  subscribeIndicator(
    codes: readonly string[],
    callback: (event: IndicatorEvent) => void,
    options: IndicatorOptions,
  ): Subscription<IndicatorEvent> {
    return this.#subscribe(this.#indicators("indicator", codes, options), options, callback);
  }

  /**
   * Streams indicator signals: an event each time a condition turns from unmet to met at a
   * candle close (none while it stays met; no cooldown), over the `/websocket/v1/info`
   * connection. Signals accept fewer parameter values than {@linkcode UpbitClient.indicator}:
   * `volume` period 10, 20, 50 with `volume_spike` and eventParams.multiplier 2.0, 3.0, 5.0;
   * `rsi` period 7, 9, 14, 21, 25 with `overbought` (threshold 70, 80) or `oversold` (20, 30);
   * `moving_average` SMA/EMA, period 5, 10, 20, 30, 60, 90, 120, 200 with
   * `price_cross_above`/`price_cross_below`; `ma_crossover` the four pairs with
   * `golden_cross`/`dead_cross`; `bollinger_bands` period 20, multiplier 1.5, 2.0, 2.5 with
   * `price_cross_above`/`price_cross_below`; `macd` the three triples with `golden_cross`,
   * `dead_cross`, `zero_cross_above`, `zero_cross_below`.
   *
   * @param codes KRW market codes
   * @param options `timeframe`, `indicators` (with `trigger` and `eventParams`), signal, buffer
   * @returns the subscription
   * @throws {AuthenticationError} when no credentials are configured
   * @throws {TypeError} for a value of the wrong type
   * @throws {RangeError} for anything Upbit would refuse, or more than 100 combinations
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * for await (const s of client.indicatorSignal(["KRW-BTC"], {
   *   timeframe: "5m",
   *   indicators: [{ type: "rsi", params: { period: 14 }, trigger: "oversold", eventParams: { threshold: 30 } }],
   * })) console.log(s.code, s.trigger, s.candleDateTimeUtc);
   * ```
   */
  indicatorSignal(
    codes: readonly string[],
    options: IndicatorSignalOptions,
  ): Subscription<IndicatorSignalEvent> {
    return this.#subscribe(this.#indicators("indicator_signal", codes, options), options);
  }

  /**
   * The callback twin of {@linkcode UpbitClient.indicatorSignal}.
   *
   * @param codes KRW market codes
   * @param callback called with each signal
   * @param options `timeframe`, `indicators`, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient({ accessKey: "…", secretKey: "…" });
   * using _sub = client.subscribeIndicatorSignal(["KRW-ETH"], (s) => console.log(s.trigger), {
   *   timeframe: "60m",
   *   indicators: [{ type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 }, trigger: "golden_cross" }],
   * });
   * ```
   */
  subscribeIndicatorSignal(
    codes: readonly string[],
    callback: (event: IndicatorSignalEvent) => void,
    options: IndicatorSignalOptions,
  ): Subscription<IndicatorSignalEvent> {
    return this.#subscribe(
      this.#indicators("indicator_signal", codes, options),
      options,
      callback,
    );
  }

  /**
   * One snapshot per code, then done: resolves with the events in the order of `codes`.
   *
   * @param type `ticker`, `trade`, `orderbook` or a `candle.*` type
   * @param codes market codes
   * @param options timeout, signal, orderbook depth and grouping
   * @returns one event per code
   * @throws {TimeoutError} naming the codes that sent nothing within `timeoutMs`
   * @throws `options.signal.reason` once the signal aborts, as `fetch` does: by default a
   *   `DOMException` named `AbortError` whose message says which snapshot was aborted (a reason
   *   of your own, e.g. from `AbortSignal.timeout()`, is thrown as it is)
   * @throws {ConnectionClosedError} when the connection failed and was still not open at
   *   `timeoutMs`: its message names the URL and why (the failure is its `cause`)
   * @throws {NotSupportedError} at once when the runtime lacks what the client needs (no
   *   `WebSocket` on Node before 22, a missing Deno permission)
   * @throws {RangeError} for a private type (they have no snapshots)
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * const [btc, eth] = await client.snapshot("ticker", ["KRW-BTC", "KRW-ETH"]);
   * console.log(btc.tradePrice, eth.tradePrice);
   * ```
   */
  async snapshot<T extends DataType>(
    type: T,
    codes: readonly string[],
    options: SnapshotOptions = {},
  ): Promise<EventOf<T>[]> {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Cannot take a snapshot as options must be an object: current value is ${quote(options)}`,
      );
    }
    const timeoutMs = checkNumber(options.timeoutMs ?? 5000, "timeoutMs", 1);
    let target: Target;
    if (type === "ticker" || type === "trade") target = this.#market(type, codes);
    else if (type === "orderbook") target = this.#book(codes, options);
    else if (typeof type === "string" && type.startsWith("candle.")) {
      target = this.#market(candleType(type), codes);
    } else if (NO_SNAPSHOT.includes(type as string)) {
      throw new RangeError(
        `Cannot take a snapshot of ${type} as Upbit sends none: it streams realtime events only`,
      );
    } else {
      throw new RangeError(
        `Cannot take a snapshot as type must be ticker, trade, orderbook or candle.*: current value is ${
          quote(type)
        }`,
      );
    }
    const got = new Map<string, EventOf<T>>();
    const clock = this.#options.clock;
    let connectionError: UpbitError | undefined;
    const sub = this.#subscribe<EventOf<T>>(target, {
      stream: "snapshot",
      bufferSize: Math.max(target.codes.length, 1),
      ...(options.signal ? { signal: options.signal } : {}),
      onError: (error) => {
        if (error instanceof UpbitError && error.code !== "DECODE") connectionError = error;
      },
    });
    const timer = clock.setTimeout(() => {
      const missing = target.codes.filter((c) => !got.has(c));
      const codes = missing.map((c) => `"${c}"`).join(", ");
      const state = this.#public?.connection.state;
      // Not Upbit being slow: the connection failed (and is still not open), so say so and why.
      sub.fail(
        connectionError !== undefined && state !== "open"
          ? new ConnectionClosedError(
            `Cannot take a snapshot of ${codes} within ${timeoutMs} ms as the connection failed: ${connectionError.message}`,
            { cause: connectionError },
          )
          : new TimeoutError(`No snapshot within ${timeoutMs} ms for ${codes}`, { codes: missing }),
      );
    }, timeoutMs);
    try {
      for await (const event of sub) got.set((event as { code: string }).code, event);
    } finally {
      clock.clearTimeout(timer);
      sub.close();
    }
    if (options.signal?.aborted) {
      throw abortReason(
        options.signal,
        `The snapshot of ${target.type} for ${target.codes.map((c) => `"${c}"`).join(", ")}`,
      );
    }
    if (got.size < target.codes.length) {
      throw new ConnectionClosedError("Cannot take a snapshot as the client was closed");
    }
    return target.codes.map((c) => got.get(c)!);
  }

  /**
   * Asks Upbit which streams the public (or private, or `/info`) connection carries right now
   * (`LIST_SUBSCRIPTIONS`). Useful to check that the server's view matches the consumers.
   *
   * @param which `"public"` (default), `"private"` or `"info"`
   * @param signal cancels the wait
   * @returns the server's list
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * const sub = client.ticker(["KRW-BTC"]);
   * await sub[Symbol.asyncIterator]().next();
   * console.log(await client.listSubscriptions());
   * ```
   */
  async listSubscriptions(
    which: ConnectionName = "public",
    signal?: AbortSignal,
  ): Promise<ListedSubscription[]> {
    const side = which === "public" ? this.#public : which === "info" ? this.#info : this.#private;
    if (!side) {
      throw new ConnectionClosedError(`Cannot list subscriptions as no ${which} connection exists`);
    }
    return await side.connection.listSubscriptions(signal);
  }

  /**
   * The client's health.
   *
   * @returns status, each connection's state, and the number of live subscriptions
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * console.log(client.health().status); // "healthy" while nothing is subscribed
   * ```
   */
  health(): Health {
    const connections = this.#sides().map((s) => s.connection.info());
    // A connection that gave up stays "failed" (and the client unhealthy) until a subscribe
    // restarts it, even though its consumers were failed and removed.
    const states = connections.filter((c) => c.consumers > 0 || c.state === "failed")
      .map((c) => c.state);
    const status = this.#closed || states.includes("failed")
      ? "unhealthy"
      : states.every((s: ConnectionState) => s === "open")
      ? "healthy"
      : "degraded";
    return { status, connections, subscriptions: this.#subscriptions.size };
  }

  /**
   * Counters since the client was created. Never contains credentials.
   *
   * @returns the counters
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * console.log(client.metrics().frames);
   * ```
   */
  metrics(): Metrics {
    const m = this.#metrics;
    let requestsSent = 0;
    let changesRequested = 0;
    for (const side of this.#sides()) {
      const info = side.connection.info();
      requestsSent += info.requestsSent;
      changesRequested += info.changesRequested;
    }
    let lastMessageAt = m.lastMessageAt;
    for (const side of this.#sides()) {
      lastMessageAt = Math.max(lastMessageAt, side.connection.info().lastFrameAt ?? 0);
    }
    let overflowDrops = m.overflowDrops;
    for (const sub of each(this.#subscriptions)) overflowDrops += sub.dropped;
    return {
      messages: { ...m.messages },
      frames: m.frames,
      bytes: m.bytes,
      decodeErrors: m.decodeErrors,
      serverErrors: m.serverErrors,
      requestsSent,
      changesRequested,
      coalesced: Math.max(0, changesRequested - requestsSent),
      reconnects: m.reconnects,
      overflowDrops,
      lastMessageAt: lastMessageAt || null,
    };
  }

  /** Whether {@linkcode UpbitClient.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Ends every iterator, clears every timer and closes every socket. Idempotent.
   *
   * @returns when everything is closed
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * const client = new UpbitClient();
   * await client.close();
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const sub of each(this.#subscriptions)) sub.close();
    const sides = this.#sides();
    this.#metrics.lastMessageAt = this.metrics().lastMessageAt ?? 0;
    this.#public = undefined;
    this.#private = undefined;
    this.#info = undefined;
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    await Promise.all(sides.map((side) => side.connection.close()));
  }

  /** Same as {@linkcode UpbitClient.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Same as {@linkcode UpbitClient.close}, for `using`. */
  [Symbol.dispose](): void {
    void this.close();
  }

  /**
   * Typed lifecycle listeners: `open`, `reconnect`, `close`, `error`.
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override addEventListener<K extends keyof UpbitClientEventMap>(
    type: K,
    listener: ((event: UpbitClientEventMap[K]) => void) | null,
    options?: boolean | ListenerOptions,
  ): void;
  /**
   * The untyped form, for any other event name.
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override addEventListener(
    type: string,
    listener: Listener | null,
    options?: boolean | ListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: Listener | ((event: never) => void) | null,
    options?: boolean | ListenerOptions,
  ): void {
    super.addEventListener(type, listener as Listener | null, options);
  }

  /**
   * Removes a listener added with {@linkcode UpbitClient.addEventListener}.
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override removeEventListener<K extends keyof UpbitClientEventMap>(
    type: K,
    listener: ((event: UpbitClientEventMap[K]) => void) | null,
    options?: boolean | Pick<ListenerOptions, "capture">,
  ): void;
  /**
   * The untyped form, for any other event name.
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override removeEventListener(
    type: string,
    listener: Listener | null,
    options?: boolean | Pick<ListenerOptions, "capture">,
  ): void;
  override removeEventListener(
    type: string,
    listener: Listener | ((event: never) => void) | null,
    options?: boolean | Pick<ListenerOptions, "capture">,
  ): void {
    super.removeEventListener(type, listener as Listener | null, options);
  }

  /**
   * `JSON.stringify(client)` shows settings and health, never credentials: `url`, `privateUrl`
   * and `infoUrl` are the endpoints every connection of this client uses.
   *
   * @returns the client's name, endpoints and health
   */
  toJSON(): { name: string; url: string; privateUrl: string; infoUrl: string; health: Health } {
    const o = this.#options;
    const e = o.endpoints;
    return {
      name: o.name,
      url: withoutUserinfo(e.public),
      privateUrl: withoutUserinfo(e.private),
      infoUrl: withoutUserinfo(e.info),
      health: this.health(),
    };
  }

  #market(type: string, codes: readonly string[]): Target {
    return { type, codes: checkCodes(codes), units: 30, level: 0, private: false };
  }

  #book(codes: readonly string[], options: { units?: number; level?: number } | undefined): Target {
    const units = options?.units === undefined ? 30 : checkUnits(options.units);
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
    return { type: "orderbook", codes: list, units, level, private: false };
  }

  #announcement(options: AnnouncementOptions | undefined): Target {
    const o = typeof options === "object" && options !== null ? options : {};
    return {
      type: "announcement",
      codes: [],
      units: 30,
      level: 0,
      private: true,
      announcement: checkAnnouncementFilter(o.categories, o.includeBody),
    };
  }

  #indicators(
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
      units: 30,
      level: 0,
      private: true,
      info: { timeframe, indicators },
    };
  }

  #orders(codes: readonly string[] | undefined): Target {
    const list = codes === undefined || codes.length === 0 ? [] : checkCodes(codes);
    return { type: "myOrder", codes: list, units: 30, level: 0, private: true };
  }

  #subscribe<E>(
    target: Target,
    options: SubscribeOptions = {},
    callback?: (event: E) => void,
  ): Subscription<E> {
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
    if (target.private && stream === "snapshot") {
      throw new RangeError(
        `Cannot subscribe to ${target.type} with stream "snapshot" as Upbit sends no snapshots of ${
          target.info || target.type === "announcement" ? "it" : "private data"
        }: current value is "snapshot"`,
      );
    }
    if (callback !== undefined && typeof callback !== "function") {
      throw new TypeError(
        `Cannot subscribe as callback must be a function: current value is ${quote(callback)}`,
      );
    }
    const bufferSize = checkNumber(
      options.bufferSize ?? this.#options.bufferSize,
      "bufferSize",
      1,
      { integer: true },
    );
    if (this.#closed) {
      throw new ConnectionClosedError("Cannot subscribe as the client is closed");
    }
    const name: ConnectionName = target.info ? "info" : target.private ? "private" : "public";
    const infoSide = target.info ? this.#infoSide() : undefined;
    const side: Side<Registry | InfoRegistry> = infoSide ??
      (target.private ? this.#privateSide() : this.#publicSide());
    if (infoSide && target.info) {
      // Refused alone, before anything is sent: Upbit would refuse the whole set and close.
      const total = infoSide.registry.countWith({
        type: target.type as "indicator",
        codes: target.codes,
        timeframe: target.info.timeframe,
        indicators: target.info.indicators,
      });
      if (total > MAX_COMBINATIONS) {
        throw new RangeError(
          `Cannot subscribe to ${target.type} as the /info connection would carry ${total} combinations (codes × indicators, indicator and indicator_signal together), ${
            total - MAX_COMBINATIONS
          } over Upbit's limit of ${MAX_COMBINATIONS}: current value is ${target.codes.length} codes × ${target.info.indicators.length} indicators`,
        );
      }
    }
    const onError = options.onError;
    // Nothing below may hold the subscription strongly, or it could never be collected: the
    // closures capture a token and a WeakRef.
    const token = {};
    const slot: {
      remove?: () => void;
      ref?: { deref(): Subscription<E> | undefined };
    } = {};
    const subscriptions = this.#subscriptions;
    const metrics = this.#metrics;
    const sub: Subscription<E> = new Subscription<E>({
      onClose: () => {
        subscriptions.delete(token);
        side.subscriptions.delete(token);
        side.listeners.delete(token);
        metrics.overflowDrops += slot.ref?.deref()?.dropped ?? 0;
        if (slot.remove) {
          slot.remove();
          side.connection.changed();
        }
      },
      onError: (error) => {
        onError?.(error);
        this.#emitError(error, name);
      },
      ...(callback ? { callback } : {}),
      bufferSize,
      overflow: options.overflow ?? this.#options.overflow,
      keyOf: codeOf as (event: E) => string,
      ...(options.signal ? { signal: options.signal } : {}),
      finalizer: this.#finalizer,
    });
    if (sub.closed) return sub;
    const ref = weak(sub);
    slot.ref = ref;
    subscriptions.set(token, ref);
    side.subscriptions.set(token, ref);
    // Connection errors that stop this subscription's data, while the client reconnects (the
    // client's `error` event hears them already; the iterator only ends on a fatal one).
    if (onError !== undefined) side.listeners.set(token, onError);
    if (infoSide && target.info) {
      const spec: InfoConsumerSpec = infoSide.registry.add({
        type: target.type as "indicator" | "indicator_signal",
        codes: target.codes,
        timeframe: target.info.timeframe,
        indicators: target.info.indicators,
        deliver: (event) => ref.deref()?.push(event as E),
        // Upbit refused this subscription's part of the /info request.
        fail: (error) => ref.deref()?.fail(error),
        // No snapshot, and LIST_SUBSCRIPTIONS is documented for the public and private
        // endpoints only: on /info "live" means the request carrying it is on the wire.
        live: () => ref.deref()?.markReady(),
      });
      slot.remove = () => infoSide.registry.remove(spec);
      side.connection.changed();
      return sub;
    }
    const registry = (side as Side).registry;
    const consumer = registry.add({
      type: target.type,
      codes: target.codes,
      units: target.units,
      level: target.level,
      ...(target.announcement ? { announcement: target.announcement } : {}),
      stream,
      deliver: (event) => ref.deref()?.push(event as E),
      complete: () => ref.deref()?.end(),
      live: () => {
        // A snapshot proves Upbit applied the request. Without one, a LIST_SUBSCRIPTIONS sent
        // after it is answered only once what came before it on this connection was applied.
        // The round trip costs a message, so it is made only if someone awaits `ready`.
        if (stream !== "realtime" && !target.private) ref.deref()?.markReady();
        else ref.deref()?.markReady(() => confirm(side, this.#options.clock));
      },
      expire: (codes) => {
        const error = new TimeoutError(
          `Upbit sent no snapshot of ${codes.map((c) => `"${c}"`).join(", ")} after 3 requests`,
          { codes },
        );
        // A snapshot-only subscription cannot complete; one that also streams carries on.
        if (stream === "snapshot") ref.deref()?.fail(error);
        else this.#emitError(error, name);
      },
      // Upbit refused this subscription's part of the request (e.g. WRONG_FORMAT).
      fail: (error) => ref.deref()?.fail(error),
    });
    slot.remove = () => registry.remove(consumer);
    side.connection.changed();
    return sub;
  }

  #publicSide(): Side {
    return this.#public ??= this.#side("public", this.#options.endpoints.public, undefined);
  }

  #side(
    name: "public" | "private",
    url: string,
    headers: (() => Promise<Record<string, string>>) | undefined,
  ): Side {
    return createSide(name, url, headers, this.#options, {
      connectGate: this.#connectGate(url),
      counters: this.#metrics,
      dispatch: (event) => this.dispatchEvent(event),
      error: (error) => this.#emitError(error, name),
    });
  }

  /** The connect gate of `url`'s host, shared by every connection of this client to it. */
  #connectGate(url: string): RateGate {
    let host = url;
    try {
      host = new URL(url).host;
    } catch {
      // resolveOptions checked every endpoint; keep the whole string as the key otherwise.
    }
    let gate = this.#connectGates.get(host);
    if (gate === undefined) {
      // Upbit's websocket-connect limit (5 upgrades per second by default): a sliding window
      // with a margin never exceeds it in any fixed second either.
      gate = createRateGate(this.#options.connectLimits);
      this.#connectGates.set(host, gate);
    }
    return gate;
  }

  #privateSide(): Side {
    if (!this.#credentials) {
      throw new AuthenticationError(
        "Cannot open a private stream as no credentials are set: pass accessKey and secretKey, or set UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY" +
          this.#envNote,
      );
    }
    return this.#private ??= this.#side(
      "private",
      this.#options.endpoints.private,
      this.#credentials,
    );
  }

  #infoSide(): Side<InfoRegistry> {
    if (!this.#credentials) {
      throw new AuthenticationError(
        "Cannot open an indicator stream as no credentials are set: pass accessKey and secretKey, or set UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY" +
          this.#envNote,
      );
    }
    return this.#info ??= createSide(
      "info",
      this.#options.endpoints.info,
      this.#credentials,
      this.#options,
      {
        connectGate: this.#connectGate(this.#options.endpoints.info),
        counters: this.#metrics,
        dispatch: (event) => this.dispatchEvent(event),
        error: (error) => this.#emitError(error, "info"),
      },
      new InfoRegistry(),
    );
  }

  #sides(): Side<Registry | InfoRegistry>[] {
    const out: Side<Registry | InfoRegistry>[] = [];
    if (this.#public) out.push(this.#public);
    if (this.#private) out.push(this.#private);
    if (this.#info) out.push(this.#info);
    return out;
  }

  #emitError(error: unknown, connection?: ConnectionName): void {
    const wrapped = error instanceof UpbitError
      ? error
      : new UpbitError("CALLBACK_FAILED", "A subscription callback failed", { cause: error });
    this.dispatchEvent(new UpbitErrorEvent(wrapped, connection));
  }
}

/** Types that have no snapshot to take. */
const NO_SNAPSHOT: readonly string[] = [
  "myOrder",
  "myAsset",
  "announcement",
  "indicator",
  "indicator_signal",
];

/** The key `overflow: "latest"` keeps one event per. */
function codeOf(event: UpbitEvent): string {
  if (event.type === "announcement") return event.uuid;
  if (event.type === "indicator") {
    return `${event.code}|${event.indicator}|${JSON.stringify(event.params)}`;
  }
  if (event.type === "indicator_signal") {
    return `${event.code}|${event.indicator}|${event.trigger}|${JSON.stringify(event.params)}`;
  }
  return "code" in event ? event.code : event.type;
}

/**
 * What an aborted operation rejects with: the signal's reason, as `fetch` does; the runtime's
 * default `AbortError` (which says only "aborted") becomes one that names the operation.
 */
function abortReason(signal: AbortSignal, what: string): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") {
    return new DOMException(`${what} was aborted`, "AbortError");
  }
  return reason;
}

/** A URL without the user name and password it may carry (`ws://user:pass@host/…`). */
function withoutUserinfo(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return url;
  parsed.username = "";
  parsed.password = "";
  return parsed.href;
}

/**
 * Resolves once a LIST_SUBSCRIPTIONS sent from now on was answered. While the rate gate is shut
 * (the subscribe request just took its slot) it is asked again every {@link CONFIRM_RETRY_MS}; if
 * the connection is not open, or no answer comes within 5 s, it resolves anyway (then "live" means
 * only "on the wire": Upbit sends no acknowledgement).
 */
function confirm(
  side: Pick<Side, "connection" | "confirming">,
  clock: Clock,
): Promise<void> {
  // One LIST_SUBSCRIPTIONS answers every consumer that became live in the same tick.
  let pending = side.confirming;
  if (pending === undefined) {
    pending = Promise.resolve().then(async () => {
      side.confirming = undefined;
      // An answer lost with its socket would leave `ready` pending forever: after 5 s the
      // request is taken as applied (it is on the wire; Upbit sends no acknowledgement).
      const abort = new AbortController();
      const timer = clock.setTimeout(() => abort.abort(), 5000);
      try {
        for (;;) {
          try {
            await side.connection.listSubscriptions(abort.signal);
            return;
          } catch (error) {
            // Not open any more, or no answer: the request is on the wire. The gate shut: the
            // subscribe request took the slot; ask again once the gate has room.
            const shut = error instanceof UpbitError && error.code === "RATE_LIMITED";
            if (!shut || abort.signal.aborted) return;
            await delay(clock, CONFIRM_RETRY_MS, abort.signal).catch(() => {});
          }
        }
      } finally {
        clock.clearTimeout(timer);
      }
    });
    side.confirming = pending;
  }
  return pending;
}

/** How soon `confirm` asks again while the rate gate is shut (it opens within ~200 ms at 5/s). */
const CONFIRM_RETRY_MS = 100;
