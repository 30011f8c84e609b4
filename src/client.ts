/**
 * {@linkcode UpbitClient}: the user-facing API, a thin face. Each method checks its arguments
 * into a target (`subscribe/target.ts`) and opens a subscription on the endpoint that serves it
 * (`subscribe/open.ts`); `snapshot()` is `subscribe/snapshot.ts`, health and metrics
 * `health.ts`. The client owns one public connection (and a private or `/info` one while
 * such a stream is live), each with its own desired set, scheduler, keepalive and reconnect loop.
 *
 * This file is longer than 250 lines because every public method carries its documentation and
 * example here; each body is one delegation.
 *
 * @module
 */
import type { ConnectionInfo, ConnectionName } from "./wire/connection.ts";
import type { ListedSubscription } from "./decode/decode.ts";
import {
  type Listener,
  type ListenerOptions,
  type UpbitClientEventMap,
  UpbitErrorEvent,
} from "./events.ts";
import type { UpbitClientOptions } from "./options.ts";
import { resolveOptions } from "./resolved_options.ts";
import { createSubscriptionFinalizer } from "./deliver/finalizer.ts";
import type { Subscription } from "./deliver/subscription.ts";
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
} from "./types.ts";
import type { AnnouncementEvent, IndicatorEvent, IndicatorSignalEvent } from "./stream_types.ts";
import type {
  AnnouncementOptions,
  IndicatorOptions,
  IndicatorSignalOptions,
  OrderbookOptions,
  SnapshotOptions,
  SubscribeOptions,
} from "./subscribe/options.ts";
import {
  announcementTarget,
  candleTarget,
  indicatorTarget,
  marketTarget,
  MY_ASSET,
  myOrderTarget,
  orderbookTarget,
} from "./subscribe/target.ts";
import { asClientError, openSubscription, type StreamContext } from "./subscribe/open.ts";
import { takeSnapshot } from "./subscribe/snapshot.ts";
import { listSubscriptions } from "./subscribe/list.ts";
import { ClientEndpoints, withoutUserinfo } from "./subscribe/endpoints.ts";
import { liveHandles } from "./subscribe/live.ts";
import { type Health, healthOf, type Metrics, metricsOf, newCounters } from "./health.ts";

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
  #streams: StreamContext;
  #closed = false;
  #signal: AbortSignal | undefined;
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
    const resolved = resolveOptions(options);
    const counters = newCounters();
    const error = (e: unknown, connection?: ConnectionName) =>
      this.dispatchEvent(new UpbitErrorEvent(asClientError(e), connection));
    this.#streams = {
      options: resolved,
      endpoints: new ClientEndpoints(options, resolved, {
        counters,
        dispatch: (event) => this.dispatchEvent(event),
        error,
      }),
      live: new Map(),
      counters,
      finalizer: createSubscriptionFinalizer(),
      closed: () => this.#closed,
      error,
    };
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.#closed = true;
      this.#onAbort = () => void this.close();
      signal.addEventListener("abort", this.#onAbort, { once: true });
      this.#signal = signal;
    }
  }

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
    return openSubscription(this.#streams, marketTarget("ticker", codes), options);
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
    return openSubscription(this.#streams, marketTarget("trade", codes), options);
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
    return openSubscription(this.#streams, orderbookTarget(codes, options), options);
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
    return openSubscription(this.#streams, candleTarget(interval, codes), options);
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
    return openSubscription(this.#streams, myOrderTarget(codes), options);
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
    return openSubscription(this.#streams, MY_ASSET, options);
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
    return openSubscription(this.#streams, marketTarget("ticker", codes), options, callback);
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
    return openSubscription(this.#streams, marketTarget("trade", codes), options, callback);
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
    return openSubscription(this.#streams, orderbookTarget(codes, options), options, callback);
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
    return openSubscription(this.#streams, candleTarget(interval, codes), options, callback);
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
    return openSubscription(this.#streams, myOrderTarget(codes), options, callback);
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
    return openSubscription(this.#streams, MY_ASSET, options, callback);
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
    return openSubscription(this.#streams, announcementTarget(options), options);
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
    return openSubscription(this.#streams, announcementTarget(options), options, callback);
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
    return openSubscription(this.#streams, indicatorTarget("indicator", codes, options), options);
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
    const target = indicatorTarget("indicator", codes, options);
    return openSubscription(this.#streams, target, options, callback);
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
    const target = indicatorTarget("indicator_signal", codes, options);
    return openSubscription(this.#streams, target, options);
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
    const target = indicatorTarget("indicator_signal", codes, options);
    return openSubscription(this.#streams, target, options, callback);
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
   * @throws {ConnectionClosedError} naming the URL and why (the failure is its `cause`): at the
   *   first failed attempt when nothing can be reached there (a refused port, a name that does
   *   not resolve), else when the connection failed and was still not open at `timeoutMs` (so
   *   with Node's own `WebSocket` injected, which does not say why an attempt failed)
   * @throws {NotSupportedError} at once when the runtime lacks what the client needs (no
   *   `WebSocket` on Node before 22, a missing Deno permission)
   * @throws {RangeError} for a private type (they have no snapshots)
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * const [btc, eth] = await client.snapshot("ticker", ["KRW-BTC", "KRW-ETH"]);
   * console.log(btc?.tradePrice, eth?.tradePrice); // one event per code, in order
   * ```
   */
  snapshot<T extends DataType>(
    type: T,
    codes: readonly string[],
    options: SnapshotOptions = {},
  ): Promise<EventOf<T>[]> {
    return takeSnapshot(this.#streams, type, codes, options);
  }

  /**
   * Asks Upbit which streams the public (or private, or `/info`) connection carries right now
   * (`LIST_SUBSCRIPTIONS`). Useful to check that the server's view matches the consumers. A
   * connection that is still opening (or reconnecting) is waited for.
   *
   * @param which `"public"` (default), `"private"` or `"info"`
   * @param signal bounds the wait for the open and the answer (default: 5 s)
   * @returns the server's list
   * @throws {ConnectionClosedError} at once when no subscription needs that connection, or when
   *   the client closes while waiting
   * @throws {TimeoutError} without a signal, when nothing was answered within 5 s
   * @throws the error that made the connection give up (e.g. `RECONNECT_EXHAUSTED`), or
   *   `signal.reason` once the signal aborts
   * @example
   * ```ts
   * import { UpbitClient } from "upbit-ws";
   * await using client = new UpbitClient();
   * using _sub = client.ticker(["KRW-BTC"]);
   * console.log(await client.listSubscriptions()); // waits for the connection to open
   * ```
   */
  listSubscriptions(
    which: ConnectionName = "public",
    signal?: AbortSignal,
  ): Promise<ListedSubscription[]> {
    return listSubscriptions(this.#streams, which, signal);
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
    return healthOf(this.#connections(), this.#closed, this.#streams.live.size);
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
    return metricsOf(this.#streams.counters, this.#connections(), this.#streams.live);
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
    for (const sub of liveHandles(this.#streams.live)) sub.close();
    this.#streams.counters.lastMessageAt = this.metrics().lastMessageAt ?? 0;
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    await this.#streams.endpoints.close();
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
    const { name, endpoints: e } = this.#streams.options;
    const [url, privateUrl, infoUrl] = [e.public, e.private, e.info].map(withoutUserinfo);
    return { name, url: url!, privateUrl: privateUrl!, infoUrl: infoUrl!, health: this.health() };
  }

  #connections(): ConnectionInfo[] {
    return this.#streams.endpoints.all().map((endpoint) => endpoint.connection.info());
  }
}
