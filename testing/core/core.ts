/**
 * The transport-independent protocol core: upgrade decisions (paths, JWT, connect limits,
 * refusal faults), connections, routing of market and account events, faults and statistics.
 * Adapters (see `server.ts`) feed it sockets; unit tests feed it fake transports and a
 * {@linkcode FakeClock}. The file is longer than 250 lines because the core is the one owner of
 * the emulator's shared state (connections, connect limits, nonces, faults, statistics); its
 * options, fault checks, upgrade shapes and announcements are in this folder's other files.
 *
 * @module
 */

import { createRng, type Rng, seededUuid } from "../_util/random.ts";
import { AccountBook } from "../accounts/account_book.ts";
import type { AccountEvent } from "../accounts/types.ts";
import { type AuthFailureReason, verifyAuthorization } from "./auth.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { WireObject } from "../codec/json.ts";
import { Connection, type ConnectionContext } from "../connection/connection.ts";
import { IndicatorEngine } from "../indicators/engine.ts";
import { MarketSimulator } from "../market/simulator.ts";
import type { MarketEvent } from "../market/types.ts";
import { INFO_PATH, PRIVATE_PATH, PUBLIC_PATH } from "../protocol/endpoints.ts";
import type { ConnectionInfo, EmulatorStats } from "../reports.ts";
import type { EmulatorOptions, ResolvedConfig } from "../options.ts";
import type { Fault } from "./faults.ts";
import type { Transport } from "../connection/transport.ts";
import { announcementFrame, type AnnouncementInput } from "./announcement.ts";
import { emptyStats, nonNegative, resolveConfig } from "./config.ts";
import { validateFault } from "./faults.ts";
import {
  errorBody,
  type UpgradeDecision,
  type UpgradeRequest,
  type UpgradeTicket,
} from "./upgrade.ts";

/**
 * The emulator without a network: hand it upgrade requests and transports.
 *
 * @example Drive a connection on a fake clock
 * ```ts
 * import { EmulatorCore, FakeClock } from "upbit-ws/testing";
 * const clock = new FakeClock();
 * const core = new EmulatorCore({ clock, market: { tickMs: 0 } });
 * const d = await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "127.0.0.1" });
 * if (d.ok) {
 *   const frames: unknown[] = [];
 *   const conn = core.accept(d.ticket, { send: (f) => frames.push(f), close() {}, terminate() {} });
 *   conn.receive('[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]}]');
 * }
 * core.close();
 * ```
 */
export class EmulatorCore {
  /** The time source. */
  readonly clock: Clock;
  /** The market simulator. */
  readonly market: MarketSimulator;
  /** Accounts and orders. */
  readonly accounts: AccountBook;
  /** The resolved configuration. */
  readonly config: ResolvedConfig;
  /** The `/info` endpoint's candles, indicators and signals. */
  readonly indicators: IndicatorEngine;
  readonly #conns = new Map<string, Connection>();
  readonly #closed: Connection[] = [];
  readonly #closedHistory: number;
  readonly #stats = emptyStats();
  readonly #connectTimes = new Map<string, number[]>();
  readonly #nonces = new Map<string, Set<string>>();
  readonly #ctx: ConnectionContext;
  readonly #rng: Rng;
  readonly #unsubscribe: (() => void)[] = [];
  #nextId = 1;
  #refuse = { count: 0, status: 429 };
  #globalStall = false;
  #globalDelay = 0;
  #stopped = false;

  /**
   * Creates a core (the market does not tick until `start()`).
   *
   * @param options emulator options (network options are ignored here)
   */
  constructor(options: EmulatorOptions = {}) {
    this.clock = options.clock ?? systemClock();
    this.config = resolveConfig(options);
    this.#closedHistory = nonNegative("closedHistory", options.closedHistory, 50);
    this.market = new MarketSimulator(options.market ?? {}, this.clock);
    const market = this.market;
    const accountOptions: {
      feeRate?: number;
      assetScope?: "changed" | "all";
      seed?: number;
      listed: (code: string) => boolean;
    } = { listed: (code) => market.has(code) };
    if (options.feeRate !== undefined) accountOptions.feeRate = options.feeRate;
    if (options.myAssetScope !== undefined) accountOptions.assetScope = options.myAssetScope;
    if (options.market?.seed !== undefined) accountOptions.seed = options.market.seed;
    this.accounts = new AccountBook(
      accountOptions,
      this.clock,
      (code) => market.lastPrice(code),
      options.matchOrders === false ? undefined : market,
    );
    this.accounts.setBookSource((code) => {
      const book = market.bookCopy(code);
      const tick = market.tickSize(code);
      const side = (levels: { p: number; s: number }[]) =>
        levels.map((l) => ({ price: l.p * tick, size: l.s }));
      return { asks: side(book.asks), bids: side(book.bids) };
    });
    for (const a of options.accounts ?? []) this.accounts.add(a);
    this.#rng = createRng((options.market?.seed ?? 1) ^ 0x27d4eb2f);
    this.#ctx = {
      clock: this.clock,
      market: this.market,
      config: this.config,
      stats: this.#stats,
      globalStall: () => this.#globalStall,
      globalDelay: () => this.#globalDelay,
      finished: (c) => this.#finished(c),
      indicatorsChanged: () => this.indicators.refresh(),
    };
    this.indicators = new IndicatorEngine({
      clock: this.clock,
      price: (code) => this.market.has(code) ? this.market.lastPrice(code) : undefined,
      connections: () => [...this.#conns.values()].filter((c) => c.endpoint === "info" && c.open),
      seed: options.market?.seed ?? 1,
    });
    this.#unsubscribe.push(this.market.onEvents((events) => this.#onMarket(events)));
    this.#unsubscribe.push(this.accounts.onEvent((e) => this.#onAccount(e)));
    // Simulated trades reach resting orders placed through the emulator (see matchOrders).
    this.#unsubscribe.push(this.market.onEvents((events) => {
      for (const e of events) {
        if (e.kind !== "trade") continue;
        const f = e.frame;
        this.accounts.crossResting(
          e.code,
          f["ask_bid"] === "ASK" ? "ASK" : "BID",
          Number(f["trade_price"]),
          Number(f["trade_volume"]),
        );
      }
    }));
  }

  /** Starts the market's timers (automatic mode). */
  start(): void {
    if (!this.#stopped) this.market.start();
  }

  /**
   * Decides an upgrade: 404 for unknown paths, refusal faults, the JWT of `/private`, and the
   * connect rate limit.
   *
   * @param req path, headers and remote address
   * @returns accept (with response headers) or refuse (status and JSON body)
   */
  async upgrade(req: UpgradeRequest): Promise<UpgradeDecision> {
    const path = req.path.split("?")[0]?.replace(/\/+$/, "") ?? "";
    const endpoint = path === PUBLIC_PATH
      ? "public"
      : path === PRIVATE_PATH
      ? "private"
      : path === INFO_PATH
      ? "info"
      : undefined;
    if (this.#stopped || endpoint === undefined) {
      return {
        ok: false,
        status: 404,
        body: '{"error":{"name":404,"message":"Not Found"}}',
        headers: {},
      };
    }
    if (this.#refuse.count > 0) {
      this.#refuse.count--;
      this.#stats.upgradesRefused++;
      const name = this.#refuse.status === 401 ? "INVALID_AUTH" : "Too Many Requests";
      return {
        ok: false,
        status: this.#refuse.status,
        body: errorBody(name, this.config.errorLanguage),
        headers: {},
      };
    }
    let accessKey: string | undefined;
    let authError: AuthFailureReason | undefined;
    if (endpoint === "private" || endpoint === "info") {
      const r = await verifyAuthorization(
        req.headers["authorization"],
        (k) => this.accounts.secretOf(k),
        this.#nonces,
        this.clock.now(),
      );
      if (r.ok) accessKey = r.accessKey;
      else {
        authError = r.reason;
        this.#stats.authFailures++;
        this.#stats.authFailuresByReason[r.reason] =
          (this.#stats.authFailuresByReason[r.reason] ?? 0) + 1;
      }
    }
    const key = accessKey !== undefined ? `key:${accessKey}` : `ip:${req.ip}`;
    const now = this.clock.now();
    const times = (this.#connectTimes.get(key) ?? []).filter((t) => t > now - 1000);
    times.push(now);
    this.#connectTimes.set(key, times);
    const remaining = Math.max(0, this.config.connectsPerSecond - times.length);
    const headers = {
      "remaining-req": `group=websocket; min=300; sec=${remaining}`,
      "limit-by-ip": accessKey === undefined ? "Yes" : "No",
    };
    if (times.length > this.config.connectsPerSecond) {
      this.#stats.rateLimitViolations++;
      this.#stats.connectRateLimitViolations++;
      if (this.config.onConnectLimit === "reject") {
        this.#stats.upgradesRefused++;
        return {
          ok: false,
          status: 429,
          body: errorBody("Too Many Requests", this.config.errorLanguage),
          headers,
        };
      }
    }
    if (authError !== undefined && this.config.authFailure === "http-401") {
      this.#stats.upgradesRefused++;
      return {
        ok: false,
        status: 401,
        body: errorBody("INVALID_AUTH", this.config.errorLanguage),
        headers,
      };
    }
    const ticket: UpgradeTicket = { path, endpoint, ip: req.ip };
    const offered = req.headers["sec-websocket-extensions"];
    if (offered !== undefined) ticket.offeredExtensions = offered;
    if (accessKey !== undefined) ticket.accessKey = accessKey;
    if (authError !== undefined) ticket.authError = authError;
    return { ok: true, ticket, headers };
  }

  /**
   * Opens a connection for an accepted upgrade.
   *
   * @param ticket from {@linkcode EmulatorCore.upgrade}
   * @param transport how frames leave
   * @returns the connection (feed it messages with `receive`)
   */
  accept(ticket: UpgradeTicket, transport: Transport): Connection {
    const id = `c${this.#nextId++}`;
    const init: ConstructorParameters<typeof Connection>[0] = {
      id,
      path: ticket.path,
      endpoint: ticket.endpoint,
      ip: ticket.ip,
    };
    if (ticket.accessKey !== undefined) init.accessKey = ticket.accessKey;
    if (ticket.authError !== undefined) init.authError = ticket.authError;
    init.extensions = {
      offered: ticket.offeredExtensions ?? "",
      negotiated: ticket.negotiatedExtensions ?? "",
    };
    const conn = new Connection(init, transport, this.#ctx);
    this.#conns.set(id, conn);
    this.#stats.connectionsOpened++;
    this.#stats.connectionsOpen++;
    if (this.#stopped) conn.close(1001, "emulator closed");
    return conn;
  }

  #finished(c: Connection): void {
    if (!this.#conns.delete(c.id)) return;
    this.#stats.connectionsClosed++;
    this.#stats.connectionsOpen--;
    this.#closed.push(c);
    if (c.endpoint === "info") this.indicators.refresh();
    while (this.#closed.length > this.#closedHistory) this.#closed.shift();
  }

  #onMarket(events: MarketEvent[]): void {
    for (const e of events) {
      if (e.kind === "trade") {
        this.indicators.addVolume(e.code, Number(e.frame["trade_volume"]) || 0);
      }
    }
    const books = new Map<string, WireObject | undefined>();
    for (const c of this.#conns.values()) c.dispatch(events, books);
  }

  #onAccount(e: AccountEvent): void {
    for (const c of this.#conns.values()) c.dispatchPrivate(e);
  }

  /** Reports of the open connections, then of recently closed ones. */
  connections(): ConnectionInfo[] {
    return [...this.#conns.values(), ...this.#closed].map((c) => c.info());
  }

  /** An open connection by id. */
  connection(id: string): Connection | undefined {
    return this.#conns.get(id);
  }

  /** A copy of the counters. */
  stats(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  /**
   * Injects a fault into one connection or into all (`"all"`, the default).
   *
   * @param f the fault
   * @param target a connection id or `"all"`
   */
  fault(f: Fault, target: string = "all"): void {
    validateFault(f);
    const conns = target === "all" ? [...this.#conns.values()] : [this.#conns.get(target)];
    if (conns.some((c) => c === undefined) && f.kind !== "refuseUpgrades") {
      throw new RangeError(
        `Cannot inject the fault as the connection is not open: current value is "${target}"`,
      );
    }
    this.#stats.faults++;
    if (f.kind === "refuseUpgrades") {
      this.#refuse = { count: f.count ?? 1, status: f.status ?? 429 };
      return;
    }
    if (target === "all") {
      if (f.kind === "stall") this.#globalStall = f.durationMs === undefined;
      if (f.kind === "resume") this.#globalStall = false;
      if (f.kind === "delay") this.#globalDelay = f.ms;
    }
    for (const c of conns) c?.applyFault(f);
  }

  /**
   * Publishes an announcement to `/private` connections subscribed to `announcement`.
   *
   * @param input title, category, url, body
   * @returns the frame sent (DEFAULT keys)
   */
  announce(input: AnnouncementInput): WireObject {
    const frame = announcementFrame(input, this.clock.now(), () => seededUuid(this.#rng));
    for (const c of this.#conns.values()) c.announce(frame);
    return frame;
  }

  /**
   * Sends DEFAULT-format objects to the connections whose realtime streams match their
   * type and code (replay).
   *
   * @param objects frame objects
   * @param target a connection id or `"all"`
   */
  deliver(objects: WireObject[], target: string = "all"): void {
    for (const c of this.#targets(target)) c.deliver(objects);
  }

  /**
   * Sends a text as one frame, unchanged, to open connections (raw replay).
   *
   * @param text the frame
   * @param target a connection id or `"all"`
   */
  sendRaw(text: string, target: string = "all"): void {
    for (const c of this.#targets(target)) c.sendRaw(text);
  }

  #targets(target: string): Connection[] {
    if (target === "all") return [...this.#conns.values()];
    const c = this.#conns.get(target);
    return c ? [c] : [];
  }

  /**
   * Stops the market, closes every connection (1001) and clears every timer; idempotent.
   */
  close(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.market.stop();
    this.indicators.close();
    for (const c of [...this.#conns.values()]) c.close(1001, "emulator closed");
    for (const u of this.#unsubscribe) u();
  }
}
