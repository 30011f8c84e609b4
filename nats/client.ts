/**
 * The consumer: {@linkcode UpbitNatsClient} reads the relay's events from JetStream with the same
 * subscription API as `UpbitClient`, and tells the relay what it needs.
 *
 * @module
 */
import { type NatsConnection, type Status, wsconnect } from "@nats-io/nats-core";
import {
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  type JetStreamClient,
  type JsMsg,
} from "@nats-io/jetstream";
import { ConnectionClosedError, DecodeError, TimeoutError, UpbitError } from "../src/errors.ts";
import { type Listener, type ListenerOptions, UpbitErrorEvent } from "../src/events.ts";
import type { StreamPreference } from "../src/demand/registry.ts";
import {
  createSubscriptionFinalizer,
  type OverflowPolicy,
  Subscription,
  type SubscriptionFinalizer,
} from "../src/deliver/subscription.ts";
import type {
  CandleEvent,
  CandleInterval,
  DataType,
  EventOf,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitEvent,
} from "../src/types.ts";
import { checkCodes, checkInterval, checkNumber, checkUnits, quote } from "../src/args.ts";
import {
  asConnection,
  type BusType,
  checkBusType,
  checkPrefix,
  DEFAULT_PREFIX,
  type DemandReply,
  type DemandRequest,
  demandSubject,
  kindOf,
  type NatsConnectionLike,
  SCHEMA_HEADER,
  SCHEMA_VERSION,
  streamName,
  subjectOf,
} from "./_wire.ts";

/**
 * Options of {@linkcode UpbitNatsClient}. Give `servers` (WebSocket URLs: every runtime) or a
 * `connection` you made (any transport; then you close it).
 *
 * @example
 * ```ts
 * import type { UpbitNatsClientOptions } from "upbit-ws/nats";
 * const options: UpbitNatsClientOptions = { servers: "ws://127.0.0.1:8080", overflow: "latest" };
 * ```
 */
export interface UpbitNatsClientOptions {
  /** `ws://` or `wss://` URL(s) of NATS's WebSocket listener; the client connects and closes. */
  servers?: string | string[];
  /** A connection you own (e.g. `@nats-io/transport-node`'s `connect`); not closed by the client. */
  connection?: NatsConnectionLike;
  /** First subject token, as the relay's (default `"upbit"`). */
  prefix?: string;
  /** Default buffer size of subscriptions (default 1024). */
  bufferSize?: number;
  /** Default overflow policy (default `"drop-oldest"`). */
  overflow?: OverflowPolicy;
  /**
   * Ask the relay for the codes subscribed (`<prefix>.demand`), renewed every third of this many
   * ms; the relay forgets this client's interest once it lapses (default 10000). `false`: never
   * ask (the relay's static codes only).
   */
  demandLeaseMs?: number | false;
  /** Pull expiry of the JetStream consumers in ms; heartbeats every half (default 4000). */
  pullExpiresMs?: number;
  /** Closes the client when aborted. */
  signal?: AbortSignal;
}

/**
 * Per-subscription options: as `UpbitClient`'s `SubscribeOptions`.
 *
 * @example
 * ```ts
 * import type { NatsSubscribeOptions } from "upbit-ws/nats";
 * const o: NatsSubscribeOptions = { stream: "realtime", overflow: "latest", bufferSize: 64 };
 * ```
 */
export interface NatsSubscribeOptions {
  /** `"both"` (default): the stored newest per code marked `SNAPSHOT`, then realtime. */
  stream?: StreamPreference;
  /** Closes the subscription when aborted. */
  signal?: AbortSignal;
  /** Events buffered for a slow consumer before the overflow policy applies. */
  bufferSize?: number;
  /** `"drop-oldest"`, `"latest"` (newest per code) or `"error"`. */
  overflow?: OverflowPolicy;
  /** Non-fatal errors of this subscription (also sent to the client's `error` event). */
  onError?: (error: unknown) => void;
}

/**
 * Orderbook options: `units` trims the relayed book (the relay publishes its own depth).
 *
 * @example
 * ```ts
 * import type { NatsOrderbookOptions } from "upbit-ws/nats";
 * const o: NatsOrderbookOptions = { units: 5 };
 * ```
 */
export interface NatsOrderbookOptions extends NatsSubscribeOptions {
  /** 1, 5, 15 or 30 levels (at most what the relay publishes). */
  units?: 1 | 5 | 15 | 30;
}

/**
 * The consumer's health.
 *
 * @example
 * ```ts
 * import type { NatsHealth } from "upbit-ws/nats";
 * const ok = (h: NatsHealth) => h.status === "healthy";
 * ```
 */
export interface NatsHealth {
  /** `healthy` (connected, and a relay answered the last demand), `degraded`, `unhealthy` (closed). */
  status: "healthy" | "degraded" | "unhealthy";
  /** The NATS connection: `connecting`, `connected`, `reconnecting` or `closed`. */
  nats: "connecting" | "connected" | "reconnecting" | "closed";
  /** The relay that answered last, and when (ms since epoch); null before any answer. */
  ingest: { id: string | null; lastReplyAt: number | null };
  /** Live subscriptions. */
  subscriptions: number;
}

/**
 * Counters since the client was created.
 *
 * @example
 * ```ts
 * import type { NatsMetrics } from "upbit-ws/nats";
 * const show = (m: NatsMetrics) => console.log(m.messages.ticker ?? 0, m.decodeErrors);
 * ```
 */
export interface NatsMetrics {
  /** Events delivered to subscriptions, by type. */
  messages: Record<string, number>;
  /** Bus messages received. */
  frames: number;
  /** Payload bytes received. */
  bytes: number;
  /** Messages that were malformed or of a newer schema (each also an `error` event). */
  decodeErrors: number;
  /** Demand requests sent (including heartbeats). */
  requestsSent: number;
  /** Demand requests no relay answered in time. */
  requestsUnanswered: number;
  /** NATS reconnects. */
  reconnects: number;
  /** Events dropped by overflow policies. */
  overflowDrops: number;
  /** Time of the last message (ms since epoch), or null. */
  lastMessageAt: number | null;
}

/**
 * The events of {@linkcode UpbitNatsClient}.
 *
 * @example
 * ```ts
 * import { UpbitNatsClient } from "upbit-ws/nats";
 * await using client = new UpbitNatsClient({ servers: "ws://127.0.0.1:8080" });
 * client.addEventListener("error", (e) => console.error(e.error.code, e.error.message));
 * ```
 */
export interface UpbitNatsClientEventMap {
  /** A non-fatal problem; the client carries on. */
  error: UpbitErrorEvent;
}

interface Reader {
  type: BusType;
  code: string;
  messages: ConsumerMessages | undefined;
  stopped: boolean;
}

type Live = Map<object, { deref(): Subscription<unknown> | undefined }>;

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

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
  #subscriptions: Live = new Map();
  #finalizer: SubscriptionFinalizer = createSubscriptionFinalizer();
  #wants = new Map<object, { type: BusType; codes: readonly string[] }>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #demandQueued = false;
  #natsState: NatsHealth["nats"] = "connecting";
  #ingest: NatsHealth["ingest"] = { id: null, lastReplyAt: null };
  #lastAnswered = false;
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
    this.#bufferSize = checkNumber(options.bufferSize ?? 1024, "bufferSize", 1, { integer: true });
    this.#overflow = options.overflow ?? "drop-oldest";
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
   * console.log(btc.tradePrice);
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
          `No snapshot within ${timeoutMs} ms for ${missing.map((c) => `"${c}"`).join(", ")}`,
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
    const wantsRelay = this.#leaseMs > 0 && this.#wants.size > 0;
    const status = this.#closed || nats === "closed"
      ? "unhealthy"
      : nats === "connected" && (!wantsRelay || this.#lastAnswered)
      ? "healthy"
      : "degraded";
    return {
      status,
      nats,
      ingest: { ...this.#ingest },
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
    for (const ref of this.#subscriptions.values()) overflowDrops += ref.deref()?.dropped ?? 0;
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
    if (this.#closed && this.#heartbeat === undefined && this.#natsState === "closed") return;
    this.#closed = true;
    for (const ref of [...this.#subscriptions.values()]) ref.deref()?.close();
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    if (this.#onAbort) this.#signal?.removeEventListener("abort", this.#onAbort);
    const nc = await this.#nc.catch(() => undefined);
    if (nc && !nc.isClosed() && this.#leaseMs > 0 && this.#m.requestsSent > 0) {
      const bye: DemandRequest = {
        v: SCHEMA_VERSION,
        id: this.#id,
        leaseMs: 1000,
        want: [],
        bye: true,
      };
      nc.publish(demandSubject(this.#prefix), JSON.stringify(bye));
      await nc.flush().catch(() => {});
    }
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
        this.#queueDemand();
      } else if (s.type === "close") this.#natsState = "closed";
    }
  }

  #units(options: NatsOrderbookOptions | undefined): number {
    return options?.units === undefined ? 30 : checkUnits(options.units);
  }

  #emitError(error: unknown): void {
    const wrapped = error instanceof UpbitError
      ? error
      : new UpbitError("CONNECTION_CLOSED", "The NATS bus failed", { cause: error });
    this.dispatchEvent(new UpbitErrorEvent(wrapped));
  }

  #queueDemand(): void {
    if (this.#leaseMs === 0 || this.#demandQueued || this.#closed) return;
    this.#demandQueued = true;
    queueMicrotask(() => {
      this.#demandQueued = false;
      void this.#sendDemand();
    });
  }

  async #sendDemand(): Promise<void> {
    if (this.#closed) return;
    const nc = await this.#nc.catch(() => undefined);
    if (!nc || nc.isClosed()) return;
    const byType = new Map<string, Set<string>>();
    for (const w of this.#wants.values()) {
      let set = byType.get(w.type);
      if (!set) byType.set(w.type, set = new Set());
      for (const c of w.codes) set.add(c);
    }
    const request: DemandRequest = {
      v: SCHEMA_VERSION,
      id: this.#id,
      leaseMs: this.#leaseMs,
      want: [...byType].map(([type, codes]) => ({ type, codes: [...codes] })),
    };
    this.#m.requestsSent++;
    try {
      const msg = await nc.request(demandSubject(this.#prefix), JSON.stringify(request), {
        timeout: Math.min(2000, Math.floor(this.#leaseMs / 3)),
      });
      const reply = msg.json<DemandReply>();
      this.#ingest = { id: String(reply.ingest), lastReplyAt: Date.now() };
      this.#lastAnswered = true;
      if (!reply.ok) {
        this.#emitError(new UpbitError("SERVER_ERROR", `The relay refused: ${reply.error}`));
      }
    } catch {
      // No relay is active right now (failover, or none yet): keep asking on the heartbeat.
      this.#m.requestsUnanswered++;
      this.#lastAnswered = false;
    }
  }

  #subscribe<E>(
    typeName: string,
    codes: string[],
    options: NatsSubscribeOptions = {},
    callback?: (event: E) => void,
    units = 30,
  ): Subscription<E> {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(
        `Cannot subscribe as options must be an object: current value is ${quote(options)}`,
      );
    }
    const type = checkBusType(typeName);
    const list = checkCodes(codes);
    const stream = options.stream ?? "both";
    if (stream !== "both" && stream !== "snapshot" && stream !== "realtime") {
      throw new RangeError(
        `Cannot subscribe as stream must be "both", "snapshot" or "realtime": current value is ${
          quote(stream)
        }`,
      );
    }
    if (callback !== undefined && typeof callback !== "function") {
      throw new TypeError(
        `Cannot subscribe as callback must be a function: current value is ${quote(callback)}`,
      );
    }
    const bufferSize = checkNumber(options.bufferSize ?? this.#bufferSize, "bufferSize", 1, {
      integer: true,
    });
    if (this.#closed) throw new ConnectionClosedError("Cannot subscribe as the client is closed");
    const token = {};
    const readers: Reader[] = list.map((code) => ({
      type,
      code,
      messages: undefined,
      stopped: false,
    }));
    const subscriptions = this.#subscriptions;
    const wants = this.#wants;
    const metrics = this.#m;
    const slot: { ref?: { deref(): Subscription<E> | undefined } } = {};
    const onError = options.onError;
    const sub = new Subscription<E>({
      onClose: () => {
        subscriptions.delete(token);
        wants.delete(token);
        metrics.overflowDrops += slot.ref?.deref()?.dropped ?? 0;
        for (const r of readers) {
          r.stopped = true;
          void r.messages?.close().catch(() => {});
        }
        this.#queueDemand();
      },
      onError: (error) => {
        onError?.(error);
        this.#emitError(error);
      },
      ...(callback ? { callback } : {}),
      bufferSize,
      overflow: options.overflow ?? this.#overflow,
      keyOf: (e: E) => (e as { code: string }).code,
      ...(options.signal ? { signal: options.signal } : {}),
      finalizer: this.#finalizer,
    });
    if (sub.closed) return sub;
    const ref = new WeakRef(sub);
    slot.ref = ref;
    subscriptions.set(token, ref as { deref(): Subscription<unknown> | undefined });
    wants.set(token, { type, codes: list });
    this.#queueDemand();
    if (this.#leaseMs > 0 && this.#heartbeat === undefined) {
      this.#heartbeat = setInterval(
        () => {
          if (this.#wants.size > 0) void this.#sendDemand();
        },
        Math.max(100, Math.floor(this.#leaseMs / 3)),
      );
    }
    const done = new Set<string>();
    const fail = (error: unknown) =>
      ref.deref()?.fail(error instanceof Error ? error : new Error(String(error)));
    for (const reader of readers) {
      void this.#read(reader, stream, units, (event, first) => {
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

  /** Reads one code through an ordered consumer until the reader stops. */
  async #read(
    reader: Reader,
    stream: StreamPreference,
    units: number,
    deliver: (event: UpbitEvent & { streamType: string }, first: boolean) => boolean,
    report: (error: unknown) => void,
  ): Promise<void> {
    const js = await this.#js;
    // The streams appear when the first relay starts: until then (or while the server is away),
    // report once and try again every second.
    let consumer: Awaited<ReturnType<JetStreamClient["consumers"]["get"]>> | undefined;
    let reported = false;
    while (consumer === undefined) {
      if (reader.stopped || this.#closed) return;
      try {
        consumer = await js.consumers.get(streamName(this.#prefix, kindOf(reader.type)), {
          filter_subjects: subjectOf(this.#prefix, reader.type, reader.code),
          deliver_policy: stream === "realtime" ? DeliverPolicy.New : DeliverPolicy.Last,
        });
      } catch (e) {
        if (!reported) {
          reported = true;
          report(
            new UpbitError(
              "CONNECTION_CLOSED",
              `Cannot read ${reader.type} of ${reader.code} from the bus yet (is a relay running?); retrying every second`,
              { cause: e },
            ),
          );
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    if (reader.stopped) return;
    let first = true;
    const decoder = new TextDecoder();
    reader.messages = await consumer.consume({
      expires: this.#expires,
      max_messages: 256,
      callback: (m: JsMsg) => {
        if (reader.stopped) return;
        this.#m.frames++;
        this.#m.bytes += m.data.length;
        this.#m.lastMessageAt = Date.now();
        let event: UpbitEvent & { streamType: string };
        try {
          event = decodeBusMessage(m, decoder, reader.type, reader.code);
        } catch (e) {
          this.#m.decodeErrors++;
          report(e);
          return;
        }
        if (reader.type === "orderbook" && units < 30) {
          const book = event as unknown as OrderbookEvent;
          if (book.orderbookUnits.length > units) {
            event = { ...book, orderbookUnits: book.orderbookUnits.slice(0, units) } as never;
          }
        }
        const delivered = deliver(event, first);
        if (delivered) {
          first = false;
          this.#m.messages[reader.type] = (this.#m.messages[reader.type] ?? 0) + 1;
        } else if (stream === "snapshot") {
          reader.stopped = true;
          void reader.messages?.close().catch(() => {});
        }
      },
    });
    if (reader.stopped) void reader.messages.close().catch(() => {});
  }
}

/** Decodes one bus message: checks the schema header and the JSON's type and code. */
function decodeBusMessage(
  m: { data: Uint8Array; headers?: { get(k: string): string } | undefined; subject: string },
  decoder: { decode(bytes: Uint8Array): string },
  type: string,
  code: string,
): UpbitEvent & { streamType: string } {
  const version = m.headers?.get(SCHEMA_HEADER) ?? "";
  if (version === "") {
    throw new DecodeError(`A message on ${m.subject} has no ${SCHEMA_HEADER} header`, {
      frameType: type,
    });
  }
  if (!/^\d+$/.test(version) || Number(version) > SCHEMA_VERSION) {
    throw new DecodeError(
      `A message on ${m.subject} has schema version ${
        quote(version.slice(0, 20))
      }; this client reads up to ${SCHEMA_VERSION}`,
      { frameType: type },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(m.data));
  } catch (e) {
    throw new DecodeError(`A message on ${m.subject} is not JSON`, { frameType: type, cause: e });
  }
  const v = value as { type?: unknown; code?: unknown; timestamp?: unknown };
  if (
    value === null || typeof value !== "object" || v.type !== type || v.code !== code ||
    typeof v.timestamp !== "number"
  ) {
    throw new DecodeError(`A message on ${m.subject} is not a ${type} event of ${code}`, {
      frameType: type,
    });
  }
  return value as UpbitEvent & { streamType: string };
}
