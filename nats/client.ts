/**
 * The consumer: {@linkcode UpbitNatsClient} reads the relay's events from JetStream with the same
 * subscription API as `UpbitClient`, and tells the relay what it needs. Its options and reports
 * are in `client_options.ts`, the demand it sends the relay in `demand_lease.ts`, the reading of
 * one code from JetStream in `bus_reader.ts`. This file is long because it is the face: each of
 * the twelve public methods carries its docs and a runnable example, mirroring `UpbitClient`.
 *
 * @module
 */
import { type NatsConnection, type Status, wsconnect } from "@nats-io/nats-core";
import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import { ConnectionClosedError, TimeoutError, UpbitError } from "../src/errors.ts";
import { type Listener, type ListenerOptions, UpbitErrorEvent } from "../src/events.ts";
import {
  createSubscriptionFinalizer,
  type SubscriptionFinalizer,
} from "../src/deliver/finalizer.ts";
import type { OverflowPolicy } from "../src/deliver/ring_buffer.ts";
import { Subscription } from "../src/deliver/subscription.ts";
import { checkBufferOptions } from "../src/deliver/subscription_init.ts";
import { FULL_DEPTH } from "../src/protocol/orderbook.ts";
import { checkSubscribeOptions } from "../src/subscribe/options.ts";
import type {
  CandleEvent,
  CandleInterval,
  DataType,
  EventOf,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
} from "../src/types.ts";
import {
  checkCodes,
  checkInterval,
  checkNumber,
  checkUnits,
  quote,
  quoteCodes,
} from "../src/args.ts";
import { asConnection, checkBusType, checkPrefix, DEFAULT_PREFIX, randomId } from "./_wire.ts";
import type {
  NatsHealth,
  NatsMetrics,
  NatsOrderbookOptions,
  NatsSubscribeOptions,
  UpbitNatsClientEventMap,
  UpbitNatsClientOptions,
} from "./client_options.ts";
import { liveHandles, type LiveSubscriptions, weakRef } from "../src/subscribe/live.ts";
import { DemandLease } from "./demand_lease.ts";
import { type BusReaderInit, readBus, type Reader } from "./bus_reader.ts";

/**
 * Upbit events from a NATS bus, with the market-data subscription API of `UpbitClient` (ticker,
 * trade, orderbook, candle and their callback twins, `snapshot()`): construct
 * this instead, and the rest of a strategy stays the same. Each code of a subscription reads an
 * ordered JetStream consumer on `<prefix>.<type>.<code>` (server 2.9 has no multi-filter
 * consumers); `stream: "both"` starts from the stored newest event (marked `SNAPSHOT`), and after
 * a disconnect or a server restart the consumer resumes where it was. Messages that are malformed
 * or of a newer schema become `error` events and are skipped. Subscriptions tell the relay which
 * codes they need (request/reply, renewed as a lease).
 *
 * @example
 * ```ts
 * import { UpbitNatsClient } from "upbit-ws/nats";
 * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
 * for await (const t of client.ticker(["KRW-BTC"])) {
 *   console.log(t.code, t.tradePrice, t.streamType);
 *   break;
 * }
 * ```
 */
export class UpbitNatsClient extends EventTarget {
  #nc: Promise<NatsConnection>;
  #js: Promise<JetStreamClient>;
  #ownsConnection: boolean;
  #prefix: string;
  #bufferSize: number;
  #overflow: OverflowPolicy;
  #leaseMs: number;
  #expires: number;
  #id = randomId();
  #closed = false;
  #subscriptions: LiveSubscriptions = new Map();
  #finalizer: SubscriptionFinalizer = createSubscriptionFinalizer();
  #demand: DemandLease;
  #reader: BusReaderInit;
  #natsState: NatsHealth["nats"] = "connecting";
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;
  #m = {
    messages: {} as Record<string, number>,
    frames: 0,
    bytes: 0,
    decodeErrors: 0,
    requestsSent: 0,
    requestsUnanswered: 0,
    reconnects: 0,
    overflowDrops: 0,
    lastMessageAt: 0,
  };

  /**
   * Creates the client; it connects at once (`servers`) or uses `connection`.
   *
   * @param options servers or connection, prefix, buffer defaults, demand lease
   * @throws {TypeError|RangeError} for a bad option
   */
  constructor(options: UpbitNatsClientOptions) {
    super();
    if (options === null || typeof options !== "object") {
      throw new TypeError(
        `Cannot create the client as options must be an object: current value is ${quote(options)}`,
      );
    }
    this.#prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
    const buffer = checkBufferOptions(options);
    this.#bufferSize = buffer.bufferSize;
    this.#overflow = buffer.overflow;
    this.#leaseMs = options.demandLeaseMs === false
      ? 0
      : checkNumber(options.demandLeaseMs ?? 10_000, "demandLeaseMs", 300, { integer: true });
    this.#expires = checkNumber(options.pullExpiresMs ?? 4000, "pullExpiresMs", 1000, {
      integer: true,
    });
    if (options.connection !== undefined) {
      this.#ownsConnection = false;
      this.#nc = Promise.resolve(asConnection<NatsConnection>(options.connection, "connection"));
    } else {
      const servers = typeof options.servers === "string" ? [options.servers] : options.servers;
      if (!Array.isArray(servers) || servers.length === 0) {
        throw new TypeError(
          `Cannot create the client as servers or connection is needed: current value is ${
            quote(options.servers)
          }`,
        );
      }
      for (const s of servers) {
        if (typeof s !== "string" || !/^wss?:\/\//.test(s)) {
          throw new TypeError(
            `Cannot connect as servers must be ws:// or wss:// URLs (pass connection for TCP): current value is ${
              quote(s)
            }`,
          );
        }
      }
      this.#ownsConnection = true;
      this.#nc = wsconnect({
        servers,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        name: `upbit-ws consumer ${this.#id}`,
      });
    }
    this.#nc.catch(() => {});
    this.#js = this.#nc.then((nc) => {
      this.#natsState = nc.isClosed() ? "closed" : "connected";
      void this.#watch(nc);
      return jetstream(nc);
    });
    this.#js.catch((e) => this.#emitError(e));
    this.#reader = {
      js: this.#js,
      prefix: this.#prefix,
      expires: this.#expires,
      closed: () => this.#closed,
      metrics: this.#m,
    };
    this.#demand = new DemandLease({
      nc: this.#nc,
      prefix: this.#prefix,
      id: this.#id,
      leaseMs: this.#leaseMs,
      metrics: this.#m,
      onError: (e) => this.#emitError(e),
    });
    const signal = options.signal;
    if (signal) {
      this.#signal = signal;
      this.#onAbort = () => void this.close();
      if (signal.aborted) this.#closed = true;
      else signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /**
   * Streams `ticker` events from the bus.
   *
   * @param codes market codes, e.g. `["KRW-BTC"]`
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * for await (const t of client.ticker(["KRW-BTC"])) console.log(t.tradePrice);
   * ```
   */
  ticker(codes: string[], options?: NatsSubscribeOptions): Subscription<TickerEvent> {
    return this.#subscribe("ticker", codes, options);
  }

  /**
   * Streams `trade` events from the bus (`"both"` starts with the stored newest trade).
   *
   * @param codes market codes
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * for await (const t of client.trade(["KRW-BTC"], { stream: "realtime" })) console.log(t.tradeVolume);
   * ```
   */
  trade(codes: string[], options?: NatsSubscribeOptions): Subscription<TradeEvent> {
    return this.#subscribe("trade", codes, options);
  }

  /**
   * Streams full order books from the bus.
   *
   * @param codes market codes
   * @param options depth (trims the relayed book), stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * for await (const b of client.orderbook(["KRW-BTC"], { units: 5 })) console.log(b.orderbookUnits[0]);
   * ```
   */
  orderbook(codes: string[], options?: NatsOrderbookOptions): Subscription<OrderbookEvent> {
    return this.#subscribe("orderbook", codes, options, undefined, this.#units(options));
  }

  /**
   * Streams candles of one interval from the bus.
   *
   * @param interval `"1s"`, `"1m"`, … `"240m"`
   * @param codes market codes
   * @param options stream preference, signal, buffer
   * @returns the subscription
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * for await (const c of client.candle("1m", ["KRW-BTC"])) console.log(c.tradePrice);
   * ```
   */
  candle(
    interval: CandleInterval,
    codes: string[],
    options?: NatsSubscribeOptions,
  ): Subscription<CandleEvent> {
    return this.#subscribe(`candle.${checkInterval(interval)}`, codes, options);
  }

  /**
   * The callback twin of {@linkcode UpbitNatsClient.ticker}.
   *
   * @param codes market codes
   * @param callback called with each event in order; a returned promise is awaited first
   * @param options stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * using _sub = client.subscribeTicker(["KRW-BTC"], (t) => console.log(t.tradePrice));
   * ```
   */
  subscribeTicker(
    codes: string[],
    callback: (event: TickerEvent) => void,
    options?: NatsSubscribeOptions,
  ): Subscription<TickerEvent> {
    return this.#subscribe("ticker", codes, options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitNatsClient.trade}.
   *
   * @param codes market codes
   * @param callback called with each event
   * @param options stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * using _sub = client.subscribeTrade(["KRW-BTC"], (t) => console.log(t.tradePrice));
   * ```
   */
  subscribeTrade(
    codes: string[],
    callback: (event: TradeEvent) => void,
    options?: NatsSubscribeOptions,
  ): Subscription<TradeEvent> {
    return this.#subscribe("trade", codes, options, callback);
  }

  /**
   * The callback twin of {@linkcode UpbitNatsClient.orderbook}.
   *
   * @param codes market codes
   * @param callback called with each book
   * @param options depth, stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * using _sub = client.subscribeOrderbook(["KRW-BTC"], (b) => console.log(b.totalAskSize));
   * ```
   */
  subscribeOrderbook(
    codes: string[],
    callback: (event: OrderbookEvent) => void,
    options?: NatsOrderbookOptions,
  ): Subscription<OrderbookEvent> {
    return this.#subscribe("orderbook", codes, options, callback, this.#units(options));
  }

  /**
   * The callback twin of {@linkcode UpbitNatsClient.candle}.
   *
   * @param interval the candle interval
   * @param codes market codes
   * @param callback called with each candle
   * @param options stream preference, signal, buffer
   * @returns the subscription handle
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * using _sub = client.subscribeCandle("1s", ["KRW-BTC"], (c) => console.log(c.tradePrice));
   * ```
   */
  subscribeCandle(
    interval: CandleInterval,
    codes: string[],
    callback: (event: CandleEvent) => void,
    options?: NatsSubscribeOptions,
  ): Subscription<CandleEvent> {
    return this.#subscribe(`candle.${checkInterval(interval)}`, codes, options, callback);
  }

  /**
   * One event per code (the stored newest, or the first to arrive), in the order of `codes`.
   *
   * @param type `ticker`, `trade`, `orderbook` or a `candle.*` type
   * @param codes market codes
   * @param options `timeoutMs` (default 5000), `signal`
   * @returns one event per code
   * @throws {TimeoutError} naming the codes that had nothing within `timeoutMs`
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * const [btc] = await client.snapshot("ticker", ["KRW-BTC"]);
   * console.log(btc?.tradePrice); // one event per code, in order
   * ```
   */
  async snapshot<T extends DataType>(
    type: T,
    codes: string[],
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<EventOf<T>[]> {
    const timeoutMs = checkNumber(options.timeoutMs ?? 5000, "timeoutMs", 1);
    const busType = checkBusType(type);
    const list = checkCodes(codes);
    const got = new Map<string, EventOf<T>>();
    const sub = this.#subscribe<EventOf<T>>(busType, list, {
      stream: "snapshot",
      bufferSize: Math.max(list.length, 1),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const timer = setTimeout(() => {
      const missing = list.filter((c) => !got.has(c));
      sub.fail(
        new TimeoutError(
          `No snapshot within ${timeoutMs} ms for ${quoteCodes(missing)}`,
          { codes: missing },
        ),
      );
    }, timeoutMs);
    try {
      for await (const event of sub) got.set((event as { code: string }).code, event);
    } finally {
      clearTimeout(timer);
      sub.close();
    }
    options.signal?.throwIfAborted();
    if (got.size < list.length) {
      throw new ConnectionClosedError("Cannot take a snapshot as the client was closed");
    }
    return list.map((c) => got.get(c)!);
  }

  /**
   * The client's health.
   *
   * @returns status, the NATS connection's state, the relay that answered, live subscriptions
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * console.log(client.health().status);
   * ```
   */
  health(): NatsHealth {
    const nats = this.#closed ? "closed" : this.#natsState;
    const status = this.#closed || nats === "closed"
      ? "unhealthy"
      : nats === "connected" && (!this.#demand.wanted || this.#demand.lastAnswered)
      ? "healthy"
      : "degraded";
    return {
      status,
      nats,
      ingest: { ...this.#demand.ingest },
      subscriptions: this.#subscriptions.size,
    };
  }

  /**
   * Counters since the client was created.
   *
   * @returns the counters
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * console.log(client.metrics().frames);
   * ```
   */
  metrics(): NatsMetrics {
    const m = this.#m;
    let overflowDrops = m.overflowDrops;
    for (const sub of liveHandles(this.#subscriptions)) overflowDrops += sub.dropped;
    return {
      messages: { ...m.messages },
      frames: m.frames,
      bytes: m.bytes,
      decodeErrors: m.decodeErrors,
      requestsSent: m.requestsSent,
      requestsUnanswered: m.requestsUnanswered,
      reconnects: m.reconnects,
      overflowDrops,
      lastMessageAt: m.lastMessageAt || null,
    };
  }

  /** Whether {@linkcode UpbitNatsClient.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Ends every subscription, tells the relay this client left, and closes the connection it
   * opened. Idempotent.
   *
   * @returns when done
   * @example
   * ```ts
   * import { UpbitNatsClient } from "upbit-ws/nats";
   * const client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
   * await client.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed && !this.#demand.beating && this.#natsState === "closed") return;
    this.#closed = true;
    this.#demand.stop();
    for (const sub of liveHandles(this.#subscriptions)) sub.close();
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    const nc = await this.#nc.catch(() => undefined);
    await this.#demand.bye(nc);
    if (nc && this.#ownsConnection && !nc.isClosed()) await nc.close().catch(() => {});
    this.#natsState = "closed";
  }

  /**
   * Typed listeners: `error` (a malformed message, a refused demand, a failed callback).
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override addEventListener<K extends keyof UpbitNatsClientEventMap>(
    type: K,
    listener: ((event: UpbitNatsClientEventMap[K]) => void) | null,
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
   * Removes a listener added with {@linkcode UpbitNatsClient.addEventListener}.
   *
   * @param type the event name
   * @param listener the handler
   * @param options standard listener options
   */
  override removeEventListener<K extends keyof UpbitNatsClientEventMap>(
    type: K,
    listener: ((event: UpbitNatsClientEventMap[K]) => void) | null,
    options?: boolean | ListenerOptions,
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
    options?: boolean | ListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: Listener | ((event: never) => void) | null,
    options?: boolean | ListenerOptions,
  ): void {
    super.removeEventListener(type, listener as Listener | null, options);
  }

  /** Same as {@linkcode UpbitNatsClient.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Same as {@linkcode UpbitNatsClient.close}, for `using`. */
  [Symbol.dispose](): void {
    void this.close();
  }

  async #watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status() as AsyncIterable<Status>) {
      if (s.type === "disconnect") this.#natsState = "reconnecting";
      else if (s.type === "reconnect") {
        this.#natsState = "connected";
        this.#m.reconnects++;
        this.#demand.queue();
      } else if (s.type === "close") this.#natsState = "closed";
    }
  }

  #units(options: NatsOrderbookOptions | undefined): number {
    return options?.units === undefined ? FULL_DEPTH : checkUnits(options.units);
  }

  #emitError(error: unknown): void {
    const wrapped = error instanceof UpbitError
      ? error
      : new UpbitError("CONNECTION_CLOSED", "The NATS bus failed", { cause: error });
    this.dispatchEvent(new UpbitErrorEvent(wrapped));
  }

  #subscribe<E>(
    typeName: string,
    codes: string[],
    options: NatsSubscribeOptions = {},
    callback?: (event: E) => void,
    units: number = FULL_DEPTH,
  ): Subscription<E> {
    const { stream, bufferSize, overflow } = checkSubscribeOptions(options, callback, {
      bufferSize: this.#bufferSize,
      overflow: this.#overflow,
    });
    const type = checkBusType(typeName);
    const list = checkCodes(codes);
    if (this.#closed) throw new ConnectionClosedError("Cannot subscribe as the client is closed");
    const token = {};
    const readers: Reader[] = list.map((code) => ({
      type,
      code,
      messages: undefined,
      stopped: false,
    }));
    const subscriptions = this.#subscriptions;
    const demand = this.#demand;
    const metrics = this.#m;
    const slot: { ref?: { deref(): Subscription<E> | undefined } } = {};
    const onError = options.onError;
    const sub = new Subscription<E>({
      onClose: () => {
        subscriptions.delete(token);
        demand.delete(token);
        metrics.overflowDrops += slot.ref?.deref()?.dropped ?? 0;
        for (const r of readers) {
          r.stopped = true;
          void r.messages?.close().catch(() => {});
        }
      },
      onError: (error) => {
        onError?.(error);
        this.#emitError(error);
      },
      ...(callback ? { callback } : {}),
      bufferSize,
      overflow,
      keyOf: (e: E) => (e as { code: string }).code,
      ...(options.signal ? { signal: options.signal } : {}),
      finalizer: this.#finalizer,
    });
    if (sub.closed) return sub;
    const ref = weakRef(sub);
    slot.ref = ref;
    subscriptions.set(token, ref);
    demand.add(token, type, list);
    const done = new Set<string>();
    const fail = (error: unknown) =>
      ref.deref()?.fail(error instanceof Error ? error : new Error(String(error)));
    for (const reader of readers) {
      void readBus(this.#reader, reader, stream, units, (event, first) => {
        const s = ref.deref();
        if (!s) return false;
        if (stream === "snapshot") {
          if (done.has(reader.code)) return false;
          done.add(reader.code);
          s.push({ ...event, streamType: "SNAPSHOT" } as E);
          if (done.size === readers.length) s.end();
          return false;
        }
        if (first && stream === "both") s.push({ ...event, streamType: "SNAPSHOT" } as E);
        else if (stream === "realtime" && event.streamType === "SNAPSHOT") return true;
        else s.push(event as E);
        return true;
      }, (error) => {
        onError?.(error);
        this.#emitError(error);
      }).catch(fail);
    }
    return sub;
  }
}
