/**
 * One emulated WebSocket connection: request handling, subscriptions, snapshots, realtime
 * routing, heartbeat, idle close, message rate limits and faults. Transport-free: frames leave
 * through the {@linkcode Transport} the adapter supplies. Created by `EmulatorCore.accept()`.
 * The file is longer than 250 lines because a connection is one state machine: every request,
 * event, timer and fault reads and changes the same state (what it refuses, how frames are
 * encoded, which streams a request asks for and the quirks of real servers are in this folder's
 * other files).
 *
 * @module
 */

import type { AccountEvent } from "../accounts/types.ts";
import type { AuthFailureReason } from "../core/auth.ts";
import type { Clock, TimerHandle } from "../clock.ts";
import { type WireObject, writeJson } from "../codec/json.ts";
import type { IndicatorSubscription } from "../indicators/request.ts";
import type { MarketSimulator } from "../market/simulator.ts";
import type { MarketEvent } from "../market/types.ts";
import type { CandleUnit } from "../protocol/candles.ts";
import type { Format } from "../protocol/formats.ts";
import { ERROR_MESSAGES, type ErrorName } from "../protocol/server_errors.ts";
import { parseRequest, type TypeRequest } from "./request.ts";
import type { ConnectionInfo, EmulatorStats } from "../reports.ts";
import type { Fault } from "../core/faults.ts";
import type { ResolvedConfig } from "../options.ts";
import type { Transport } from "./transport.ts";
import { MessageRate, refusalOf } from "./limits.ts";
import { encodeObjects, errorText } from "./outbound.ts";
import { prepareFrame } from "./quirks.ts";
import { planStreams, type Stream } from "./streams.ts";

/**
 * What a connection needs from the emulator around it.
 *
 * @example What a connection is given
 * ```ts
 * import type { ConnectionContext } from "upbit-ws/testing";
 * const describe = (ctx: ConnectionContext) => ctx.config.idleTimeoutMs;
 * ```
 */
export interface ConnectionContext {
  /** The time source. */
  clock: Clock;
  /** The market snapshots come from. */
  market: MarketSimulator;
  /** Resolved options. */
  config: ResolvedConfig;
  /** Shared counters, updated in place. */
  stats: EmulatorStats;
  /** Whether a stall fault covers every connection. */
  globalStall(): boolean;
  /** The frame delay applied to every connection. */
  globalDelay(): number;
  /** Called once when the connection ends. */
  finished(conn: Connection): void;
  /** An `/info` connection's combinations changed (the indicator engine re-arms its timers). */
  indicatorsChanged?(): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const UP = '{"status":"UP"}';

/**
 * One socket as the core sees it.
 *
 * @example Feed a connection a request
 * ```ts
 * import { EmulatorCore } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const conn = core.accept({ path: "/websocket/v1", endpoint: "public", ip: "127.0.0.1" }, {
 *   send: (f) => console.log(f),
 *   close() {},
 *   terminate() {},
 * });
 * conn.receive("PING"); // sends {\"status\":\"UP\"}
 * core.close();
 * ```
 */
export class Connection {
  /** Connection id (`c1`, …). */
  readonly id: string;
  /** Request path. */
  readonly path: string;
  /** Which endpoint. */
  readonly endpoint: "public" | "private" | "info";
  /** Remote address. */
  readonly ip: string;
  /** The authenticated access key, if any. */
  readonly accessKey: string | undefined;
  readonly #authError: AuthFailureReason | undefined;
  readonly #transport: Transport;
  readonly #ctx: ConnectionContext;
  #open = true;
  #closing = false;
  #format: Format = "DEFAULT";
  #types: TypeRequest[] = [];
  #live = new Map<string, Stream[]>();
  #myOrder: Set<string> | "all" | undefined;
  #myAsset = false;
  #announce: { categories: string[]; includeBody: boolean } | undefined;
  #indicators: IndicatorSubscription[] = [];
  #indicatorObjects: WireObject[] = [];
  #snapshotTimer: TimerHandle | undefined;
  #heartbeat = false;
  #upTimer: TimerHandle | undefined;
  #idleTimer: TimerHandle | undefined;
  #lastActivity: number;
  #closeTimer: TimerHandle | undefined;
  #stalled = false;
  #stallTimer: TimerHandle | undefined;
  #delayMs = 0;
  #delayTail = 0;
  #delayed = new Set<TimerHandle>();
  readonly #rate = new MessageRate();
  #requestCount = 0;
  #lastRequests: string[] = [];
  #pings = 0;
  #framesSent = 0;
  readonly #openedAt: number;
  #closedAt: number | undefined;
  #closeCode: number | undefined;
  readonly #extensions: { offered: string; negotiated: string };

  /**
   * Creates a connection; use `EmulatorCore.accept()` instead.
   *
   * @param init identity and authentication of the upgrade
   * @param transport how frames leave
   * @param ctx the emulator around it
   */
  constructor(
    init: {
      id: string;
      path: string;
      endpoint: "public" | "private" | "info";
      ip: string;
      accessKey?: string;
      authError?: AuthFailureReason;
      extensions?: { offered: string; negotiated: string };
    },
    transport: Transport,
    ctx: ConnectionContext,
  ) {
    this.id = init.id;
    this.path = init.path;
    this.endpoint = init.endpoint;
    this.ip = init.ip;
    this.accessKey = init.accessKey;
    this.#authError = init.authError;
    this.#extensions = init.extensions ?? { offered: "", negotiated: "" };
    this.#transport = transport;
    this.#ctx = ctx;
    this.#openedAt = this.#lastActivity = ctx.clock.now();
    this.#armIdle(ctx.config.idleTimeoutMs);
  }

  /** Whether the socket is still open (not closed, dropped or closing after an error). */
  get open(): boolean {
    return this.#open;
  }

  /** Whether a stall fault silences this connection. */
  get stalled(): boolean {
    return this.#stalled || this.#ctx.globalStall();
  }

  // ---- inbound ----

  /** A message from the client. */
  receive(data: string | Uint8Array): void {
    if (!this.#open) return;
    this.#touch();
    if (this.#closing) return;
    const text = typeof data === "string" ? data : decoder.decode(data);
    const { stats, config } = this.#ctx;
    if (text === "PING") {
      this.#pings++;
      stats.pings++;
      this.#startHeartbeat();
      return;
    }
    stats.requests++;
    this.#requestCount++;
    this.#lastRequests.push(text.length > 2000 ? `${text.slice(0, 2000)}…` : text);
    if (this.#lastRequests.length > 5) this.#lastRequests.shift();
    if (!this.#rate.allow(this.#ctx.clock.now(), this.#ctx.config)) {
      stats.rateLimitViolations++;
      stats.messageRateLimitViolations++;
      // The message is about the request limit whatever the name (TOO_MANY_REQUEST's table text
      // is about combinations).
      const name = config.messageLimitError;
      const message = ERROR_MESSAGES[name === "I'm a teapot" ? name : "Too Many Requests"];
      if (config.onMessageLimit === "error-close") return this.#fail(name, message);
      if (config.onMessageLimit === "error") return this.#sendError(name, message);
    }
    if (this.#authError !== undefined) return this.#fail("INVALID_AUTH");
    const r = parseRequest(text, {
      endpoint: this.endpoint,
      acceptCamelCaseFlags: config.acceptCamelCaseFlags,
      crossEndpointTypes: config.crossEndpointTypes,
    });
    if (r.kind === "error") return this.#fail(r.name, r.message);
    if (r.kind === "subscribe") {
      const refusal = refusalOf(r.types, this.#ctx.market, this.#ctx.config);
      if (refusal !== undefined) return this.#fail(refusal);
    }
    this.#format = r.format ?? (config.omittedFormat === "keep" ? this.#format : "DEFAULT");
    if (r.kind === "list") return this.#sendObjects([this.#listResponse(r.ticket)]);
    if (r.indicators) {
      // Realtime only: nothing is sent until a candle closes (or a condition turns true).
      this.#indicators = r.indicators.subscriptions;
      this.#indicatorObjects = r.indicators.objects;
      this.#ctx.indicatorsChanged?.();
      return;
    }
    this.#subscribe(r.types);
  }

  /** A protocol ping arrived (the adapter answers with a pong unless stalled). */
  notePing(): void {
    if (this.#open) this.#touch();
  }

  /** The transport closed (client close, network loss). */
  transportClosed(code: number): void {
    this.#finish(code);
  }

  // ---- subscriptions ----

  #subscribe(types: TypeRequest[]): void {
    const { market, clock, config } = this.#ctx;
    if (this.#snapshotTimer !== undefined) clock.clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    this.#types = types;
    this.#live = new Map();
    const plan = planStreams(types, market);
    this.#myOrder = plan.myOrder;
    this.#myAsset = plan.myAsset;
    this.#announce = plan.announce;
    for (const s of plan.realtimeOnly) this.#activate(s);
    const pending = plan.snapshots;
    if (pending.length === 0) return;
    if (config.snapshotDelayMs <= 0) this.#sendSnapshots(pending);
    else {
      this.#snapshotTimer = clock.setTimeout(() => {
        this.#snapshotTimer = undefined;
        this.#sendSnapshots(pending);
      }, config.snapshotDelayMs);
    }
  }

  #activate(s: Stream): void {
    const k = `${s.type}|${s.code}`;
    const list = this.#live.get(k) ?? [];
    if (!list.some((x) => x.key === s.key)) list.push(s);
    this.#live.set(k, list);
  }

  #sendSnapshots(streams: Stream[]): void {
    if (!this.#open || this.#closing) return;
    const { market, config, stats } = this.#ctx;
    const out: WireObject[] = [];
    for (const s of streams) {
      let frame: WireObject | undefined;
      if (s.type === "ticker") frame = market.tickerFrame(s.code, "SNAPSHOT");
      else if (s.type === "trade") frame = market.tradeFrame(s.code, "SNAPSHOT");
      else if (s.type === "orderbook") {
        frame = market.orderbookFrame(
          s.code,
          market.bookCopy(s.code),
          s.units,
          s.level,
          "SNAPSHOT",
          config.orderbookTotals,
        );
      } else frame = market.candleFrame(s.code, s.type.slice(7) as CandleUnit, "SNAPSHOT");
      if (frame) out.push(frame);
      if (s.realtime) this.#activate(s);
    }
    stats.snapshotsSent += out.length;
    this.#sendObjects(out);
  }

  /** The `/info` combinations of the last request. */
  indicatorSubscriptions(): readonly IndicatorSubscription[] {
    return this.#closing ? [] : this.#indicators;
  }

  /**
   * Sends indicator frames (DEFAULT objects) in the connection's format.
   *
   * @param frames the frames
   */
  sendIndicatorFrames(frames: WireObject[]): void {
    if (!this.#open || this.#closing) return;
    this.#sendObjects(frames);
  }

  #listResponse(ticket: string): WireObject {
    if (this.endpoint === "info") {
      return { method: "LIST_SUBSCRIPTIONS", result: this.#indicatorObjects, ticket };
    }
    const result: WireObject[] = this.#types.map((t) => {
      const o: WireObject = { type: t.type };
      if (t.type !== "myAsset") o["codes"] = t.codes ?? [];
      if (t.type === "orderbook") o["level"] = t.level;
      return o;
    });
    return { method: "LIST_SUBSCRIPTIONS", result, ticket };
  }

  /** Routes one market batch to this connection's realtime streams. */
  dispatch(events: MarketEvent[], books: Map<string, WireObject | undefined>): void {
    if (!this.#open || this.#closing || this.#live.size === 0) return;
    const { market, config } = this.#ctx;
    const out: WireObject[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e === undefined) continue;
      const type = e.kind === "candle" ? `candle.${e.unit}` : e.kind;
      const streams = this.#live.get(`${type}|${e.code}`);
      if (streams === undefined) continue;
      if (e.kind !== "orderbook") {
        out.push(e.frame);
        continue;
      }
      for (const s of streams) {
        const ck = `${i}|${s.units}|${s.level}`;
        let f = books.get(ck);
        if (!books.has(ck)) {
          f = market.orderbookFrame(
            e.code,
            e.book,
            s.units,
            s.level,
            "REALTIME",
            config.orderbookTotals,
          );
          books.set(ck, f);
        }
        if (f) out.push(f);
      }
    }
    if (out.length > 0) this.#sendObjects(out);
  }

  /** Sends DEFAULT-format objects (e.g. replayed ones) to the matching realtime streams. */
  deliver(objects: WireObject[]): void {
    if (!this.#open || this.#closing) return;
    const out: WireObject[] = [];
    for (const o of objects) {
      const type = o["type"];
      const code = o["code"];
      if (typeof type !== "string" || typeof code !== "string") continue;
      const streams = this.#live.get(`${type}|${code}`);
      if (streams === undefined) continue;
      if (type !== "orderbook") {
        out.push(o);
        continue;
      }
      const lv = typeof o["level"] === "number" ? o["level"] : 0;
      for (const s of streams) {
        if (s.level !== lv) continue;
        const units = o["orderbook_units"];
        out.push(Array.isArray(units) ? { ...o, orderbook_units: units.slice(0, s.units) } : o);
      }
    }
    if (out.length > 0) this.#sendObjects(out);
  }

  /** A private account event. */
  dispatchPrivate(e: AccountEvent): void {
    if (!this.#open || this.#closing || e.accessKey !== this.accessKey) return;
    if (e.kind === "myAsset" && !this.#myAsset) return;
    if (e.kind === "myOrder") {
      if (this.#myOrder === undefined) return;
      if (this.#myOrder !== "all" && !this.#myOrder.has(e.code ?? "")) return;
    }
    this.#sendObjects([e.frame]);
  }

  /** An announcement (sent if subscribed and the category matches). */
  announce(frame: WireObject): void {
    if (!this.#open || this.#closing || this.#announce === undefined) return;
    const { categories, includeBody } = this.#announce;
    if (categories.length > 0 && !categories.includes(String(frame["category"]))) return;
    const out: WireObject = { ...frame };
    if (!includeBody) delete out["body"];
    this.#sendObjects([out]);
  }

  // ---- outbound ----

  #sendObjects(objects: WireObject[]): void {
    const { config } = this.#ctx;
    const items = objects.map((o) => prepareFrame(o, config));
    for (const t of encodeObjects(items, this.#format, config)) this.#write(t);
  }

  /** Sends a text as one frame exactly as given (replay, malformed frames). */
  sendRaw(text: string): void {
    if (this.#open) this.#write(text);
  }

  #write(text: string): void {
    const { stats, clock, config } = this.#ctx;
    if (this.stalled) {
      stats.framesDropped++;
      return;
    }
    const data = config.frames === "binary" ? encoder.encode(text) : text;
    const delay = Math.max(this.#delayMs, this.#ctx.globalDelay());
    if (delay <= 0 && this.#delayed.size === 0) return this.#transmit(data);
    const now = clock.now();
    const due = Math.max(now + delay, this.#delayTail);
    this.#delayTail = due;
    const h = clock.setTimeout(() => {
      this.#delayed.delete(h);
      if (this.#open) this.#transmit(data);
    }, due - now);
    this.#delayed.add(h);
  }

  #transmit(data: string | Uint8Array): void {
    const { stats } = this.#ctx;
    this.#transport.send(data);
    this.#framesSent++;
    stats.framesSent++;
    stats.bytesSent += typeof data === "string" ? encoder.encode(data).byteLength : data.byteLength;
    this.#touch();
  }

  #sendError(name: ErrorName | string, message?: string): void {
    const { stats } = this.#ctx;
    const msg = errorText(name, message, this.#ctx.config.errorLanguage);
    stats.errorsSent++;
    stats.errorsByName[name] = (stats.errorsByName[name] ?? 0) + 1;
    // The probe saw `message` before `name` on the wire.
    this.#write(writeJson({ error: { message: msg, name } }));
  }

  /** Error frame, stop streaming, close 1000 after `errorCloseDelayMs`. */
  #fail(name: ErrorName | string, message?: string): void {
    this.#sendError(name, message);
    this.#closing = true;
    this.#stopStreams();
    const { clock, config } = this.#ctx;
    this.#closeTimer = clock.setTimeout(() => {
      this.#closeTimer = undefined;
      this.close(1000, "");
    }, config.errorCloseDelayMs);
  }

  #stopStreams(): void {
    const { clock } = this.#ctx;
    this.#live = new Map();
    this.#myOrder = undefined;
    this.#myAsset = false;
    this.#announce = undefined;
    if (this.#snapshotTimer !== undefined) clock.clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = undefined;
    if (this.#upTimer !== undefined) clock.clearTimeout(this.#upTimer);
    this.#upTimer = undefined;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = true;
    const { config } = this.#ctx;
    if (config.upFirstDelayMs <= 0) this.#up();
    else this.#upTimer = this.#ctx.clock.setTimeout(() => this.#up(), config.upFirstDelayMs);
  }

  #up(): void {
    this.#upTimer = undefined;
    if (!this.#open || this.#closing) return;
    if (!this.stalled) this.#ctx.stats.upsSent++;
    this.#write(UP);
    this.#upTimer = this.#ctx.clock.setTimeout(() => this.#up(), this.#ctx.config.upIntervalMs);
  }

  #touch(): void {
    this.#lastActivity = this.#ctx.clock.now();
  }

  #armIdle(ms: number): void {
    this.#idleTimer = this.#ctx.clock.setTimeout(() => {
      this.#idleTimer = undefined;
      if (!this.#open) return;
      const idle = this.#ctx.clock.now() - this.#lastActivity;
      const limit = this.#ctx.config.idleTimeoutMs;
      if (idle >= limit) {
        this.#ctx.stats.idleCloses++;
        this.terminate();
      } else this.#armIdle(limit - idle);
    }, ms);
  }

  // ---- lifecycle and faults ----

  /** Closes with a close frame. */
  close(code: number, reason: string): void {
    if (!this.#open) return;
    this.#finish(code);
    this.#transport.close(code, reason);
  }

  /** Drops the connection without a close frame. */
  terminate(): void {
    if (!this.#open) return;
    this.#finish(1006);
    this.#transport.terminate();
  }

  #finish(code: number): void {
    if (!this.#open) return;
    this.#open = false;
    this.#closing = true;
    this.#closedAt = this.#ctx.clock.now();
    this.#closeCode = code;
    this.#stopStreams();
    const { clock } = this.#ctx;
    for (const h of [this.#idleTimer, this.#closeTimer, this.#stallTimer]) {
      if (h !== undefined) clock.clearTimeout(h);
    }
    this.#idleTimer = this.#closeTimer = this.#stallTimer = undefined;
    for (const h of this.#delayed) clock.clearTimeout(h);
    this.#delayed.clear();
    this.#ctx.finished(this);
  }

  /** Applies a per-connection fault. */
  applyFault(f: Fault): void {
    if (!this.#open) return;
    const { clock } = this.#ctx;
    switch (f.kind) {
      case "drop":
        return this.terminate();
      case "close":
        return this.close(f.code ?? 1000, f.reason ?? "");
      case "stall":
        this.#stalled = true;
        if (this.#stallTimer !== undefined) clock.clearTimeout(this.#stallTimer);
        this.#stallTimer = undefined;
        if (f.durationMs !== undefined) {
          this.#stallTimer = clock.setTimeout(() => {
            this.#stallTimer = undefined;
            this.#stalled = false;
          }, f.durationMs);
        }
        return;
      case "resume":
        this.#stalled = false;
        if (this.#stallTimer !== undefined) clock.clearTimeout(this.#stallTimer);
        this.#stallTimer = undefined;
        return;
      case "malformed":
        return this.sendRaw(f.data ?? '{"type":"ticker","code":"KRW-BTC","trade_price":');
      case "error":
        if (f.close === false) return this.#sendError(f.name ?? "INVALID_PARAM", f.message);
        return this.#fail(f.name ?? "INVALID_PARAM", f.message);
      case "delay":
        this.#delayMs = f.ms;
        return;
      case "refuseUpgrades":
        return;
    }
  }

  /** The report of `connections()`. */
  info(): ConnectionInfo {
    const info: ConnectionInfo = {
      id: this.id,
      path: this.path,
      endpoint: this.endpoint,
      ip: this.ip,
      open: this.#open,
      authenticated: this.accessKey !== undefined,
      format: this.#format,
      subscriptions: this.endpoint === "info"
        ? this.#indicatorObjects.map((o) => ({
          type: String(o["type"]),
          codes: [...(o["codes"] as string[])],
          level: 0,
          onlySnapshot: false,
          onlyRealtime: true,
          timeframe: String(o["timeframe"]),
          indicators: o["indicators"] as WireObject[],
        }))
        : this.#types.map((t) => {
          const s: ConnectionInfo["subscriptions"][number] = {
            type: t.type,
            level: t.level,
            onlySnapshot: t.onlySnapshot,
            onlyRealtime: t.onlyRealtime,
          };
          if (t.type !== "myAsset") s.codes = [...(t.codes ?? [])];
          return s;
        }),
      requests: { count: this.#requestCount, last: [...this.#lastRequests] },
      pings: this.#pings,
      framesSent: this.#framesSent,
      stalled: this.stalled,
      delayMs: Math.max(this.#delayMs, this.#ctx.globalDelay()),
      heartbeat: this.#heartbeat,
      openedAt: this.#openedAt,
      extensions: { ...this.#extensions },
    };
    if (this.#closedAt !== undefined) info.closedAt = this.#closedAt;
    if (this.#closeCode !== undefined) info.closeCode = this.#closeCode;
    return info;
  }
}
