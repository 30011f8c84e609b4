/**
 * One socket's life: the reconnect loop with full-jitter backoff, the keepalive `PING`, the
 * stall watchdog, and the decoding of frames into the registry.
 *
 * The loop is one `async` function driven by an `AbortSignal`:
 * `while (wanted) { open → send the whole set → run until closed or stalled → back off }`.
 *
 * @module
 */
import { backoff, type BackoffOptions } from "./backoff.ts";
import { type Clock, delay } from "../clock.ts";
import {
  createDecoder,
  type Decoder,
  type FrameSink,
  type ListedSubscription,
} from "../decode/decode.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  type DecodeError,
  RateLimitedError,
  ServerError,
  UpbitError,
} from "../errors.ts";
import { createRateGate, type RateGate, type RequestLimit } from "../demand/rate_gate.ts";
import type { Registry } from "../demand/registry.ts";
import type { InfoRegistry } from "../demand/info_registry.ts";
import { Isolation } from "../demand/isolation.ts";
import { classifyServerError } from "../protocol/server_errors.ts";
import { Scheduler } from "../demand/scheduler.ts";
import { openFailureKind } from "./open_failure.ts";
import { openSocket, type WebSocketConstructor } from "./transport.ts";
import type { UpbitEvent, WireFormat } from "../types.ts";

/**
 * The state of one connection, as `health()` reports it.
 *
 * @example
 * ```ts
 * import type { ConnectionState } from "upbit-ws";
 * const ok = (s: ConnectionState) => s === "open" || s === "idle";
 * ```
 */
export type ConnectionState =
  | "idle"
  | "connecting"
  | "open"
  | "backoff"
  | "failed"
  | "closed";

/**
 * Which connection: `public` (market data, `/websocket/v1`), `private` (account data and
 * announcements, `/websocket/v1/private`) or `info` (technical indicators, `/websocket/v1/info`).
 *
 * @example
 * ```ts
 * import type { ConnectionName } from "upbit-ws";
 * const name: ConnectionName = "info";
 * ```
 */
export type ConnectionName = "public" | "private" | "info";

/**
 * What a connection needs of its desired set: the market/private registry or the `/info` one.
 * Consumers are opaque handles here; the connection only holds some back while it finds which
 * of them made Upbit refuse a request (see `src/demand/isolation.ts`).
 */
export type DesiredSet =
  & Pick<
    Registry & InfoRegistry,
    "size" | "streamCount" | "resetWire" | "awaitingSnapshots" | "retrySnapshots" | "route"
  >
  & {
    /** Whether a request is needed for the consumers `include` lets through (all if absent). */
    needsRequest(include?: (consumer: object) => boolean): boolean;
    /** Builds the request (changing nothing); `undefined` when nothing is wanted. */
    request(
      ticket: string,
      format: WireFormat,
      include?: (consumer: object) => boolean,
    ): { readonly text: string; readonly consumers: ReadonlySet<object> } | undefined;
    /** Records that a built request went out (`undefined`: nothing is wanted). */
    commit(request: { readonly text: string } | undefined): void;
    /** Whether a consumer is still subscribed. */
    has(consumer: object): boolean;
    /** Fails exactly these consumers with Upbit's refusal. */
    refuse(consumers: readonly object[], error: Error): void;
    /** Tells the waiting consumers `include` lets through that they are on the wire. */
    settle(include?: (consumer: object) => boolean): void;
  };

/**
 * One connection as `health()` reports it.
 *
 * @example
 * ```ts
 * import { UpbitClient, type ConnectionInfo } from "upbit-ws";
 * await using client = new UpbitClient();
 * const stale = (c: ConnectionInfo) => c.lastFrameAt !== null && Date.now() - c.lastFrameAt > 30_000;
 * console.log(client.health().connections.filter(stale));
 * ```
 */
export interface ConnectionInfo {
  /** `public` (market data), `private` (account data, announcements) or `info` (indicators). */
  name: ConnectionName;
  /** Where the connection is in its life. */
  state: ConnectionState;
  /** The endpoint. */
  url: string;
  /** When the current socket opened (ms since epoch), or null when not open. */
  connectedAt: number | null;
  /** When the last frame of any kind arrived, or null. */
  lastFrameAt: number | null;
  /** Sockets reopened after a loss. */
  reconnects: number;
  /** Streams (type, code, level) in the desired set. */
  streams: number;
  /** Live subscriptions served by this connection. */
  consumers: number;
  /** Subscription requests sent. */
  requestsSent: number;
  /** Subscription changes asked for (coalesced into the requests). */
  changesRequested: number;
}

/** Tuning of one connection; the client fills every field from its options and profile. */
export interface ConnectionConfig {
  name: ConnectionName;
  url: string;
  format: WireFormat;
  ticket: string;
  clock: Clock;
  random: () => number;
  WebSocket: WebSocketConstructor | undefined;
  /** Offer permessage-deflate (undefined: the runtime's default; see `openSocket`). */
  compression: boolean | undefined;
  /** Upgrade headers, made fresh for every attempt (a new JWT each time). */
  headers: (() => Promise<Record<string, string>>) | undefined;
  backoff: BackoffOptions;
  maxAttempts: number;
  /** A connection that stayed up this long resets the attempt counter. */
  minUptimeMs: number;
  connectTimeoutMs: number;
  /** How often the text `PING` is sent (Upbit then sends `{"status":"UP"}` every 10 s). */
  pingIntervalMs: number;
  /** No frame at all for this long means the socket is dead. */
  staleAfterMs: number;
  /** How long an unused connection stays open before it closes. */
  lingerMs: number;
  /** How long a requested snapshot may take before it is asked for again (3 tries). */
  snapshotTimeoutMs: number;
  limits: readonly RequestLimit[];
  validate: "first" | "always" | "never";
  lossless: boolean;
  /**
   * Consecutive authentication refusals (`INVALID_AUTH`, 401/403 upgrades) with no data in
   * between after which the loop stops until the user acts, instead of storming Upbit. Rate
   * limits and refusals of a request's content never count (see `src/protocol/server_errors.ts`).
   */
  maxRefusals: number;
  /**
   * How long after a request with no error frame it counts as accepted (default 1000 ms; Upbit
   * sends no acknowledgement, and its error frame comes at once).
   */
  acceptAfterMs?: number;
  /**
   * Connection attempts to this connection's host: shared by every connection of the client to
   * the same host, so that together they stay under Upbit's 5 upgrades per second.
   */
  connectGate: RateGate;
}

/** What a connection reports to the client. */
export interface ConnectionHooks {
  open(info: { reconnect: boolean }): void;
  close(info: { code: number; reason: string }): void;
  error(error: UpbitError): void;
  /** The loop gave up; the consumers should be told with this error. */
  failed(error: UpbitError): void;
  /**
   * A server error frame that concerns the connection, not one subscription: a rate limit, or a
   * name the client does not know (transient).
   */
  serverError(error: ServerError): void;
  /**
   * Upbit refused the request because of these consumers (`WRONG_FORMAT`, `INVALID_PARAM`, …):
   * fail exactly them with the error. The other consumers hear nothing.
   */
  refused(error: ServerError, consumers: readonly object[]): void;
  event(event: UpbitEvent): void;
  frame(bytes: number): void;
}

/**
 * One connection to Upbit, public or private.
 *
 * @example
 * ```ts
 * // Built by UpbitClient; see its options for every setting.
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * console.log(client.health().connections);
 * ```
 */
export class Connection {
  #config: ConnectionConfig;
  #registry: DesiredSet;
  #hooks: ConnectionHooks;
  #scheduler: Scheduler;
  #socket: WebSocket | undefined;
  #loop: AbortController | undefined;
  #state: ConnectionState = "idle";
  #connectedAt = 0;
  #lastFrameAt = 0;
  #reconnects = 0;
  #lingerTimer: unknown = undefined;
  #listWaiters: Array<(list: ListedSubscription[]) => void> = [];
  #closing = new Set<Promise<void>>();
  /** When missing snapshots are asked for again (0: none missing). */
  #snapshotDeadline = 0;
  /** Which consumers made Upbit refuse a request (see `src/demand/isolation.ts`). */
  #isolation: Isolation<object>;
  #include: (consumer: object) => boolean;
  #acceptTimer: unknown = undefined;
  /** Requests sent on the current socket. */
  #sentOnSocket = 0;
  /**
   * The request awaiting acceptance is the first on its socket, so the first frame after it
   * answers it: Upbit sends nothing on a socket before its first request and no data for a
   * request it refuses, and the keepalive `PING` leaves after the request, so its
   * `{"status":"UP"}` comes after any error frame (assuming Upbit answers one socket's messages
   * in order, as a WebSocket server reading one TCP stream does). That frame accepts it without
   * waiting out the grace period.
   */
  #acceptOnData = false;
  /** `TOO_MANY_REQUEST` answers to the request awaiting its answer, in a row (see `#limitPersists`). */
  #limitedInARow = 0;

  /**
   * @param config tuning
   * @param registry the desired set this connection serves
   * @param hooks where it reports
   */
  constructor(config: ConnectionConfig, registry: DesiredSet, hooks: ConnectionHooks) {
    this.#config = config;
    this.#registry = registry;
    this.#hooks = hooks;
    this.#isolation = new Isolation((c) => registry.has(c));
    this.#include = (c) => this.#isolation.include(c);
    this.#scheduler = new Scheduler({
      clock: config.clock,
      gate: createRateGate(config.limits),
      ready: () => this.#state === "open",
      needed: () => {
        this.#settleSearch();
        return this.#registry.needsRequest(this.#include);
      },
      send: () => this.#sendSet(),
    });
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** A snapshot of this connection for `health()`. */
  info(): ConnectionInfo {
    return {
      name: this.#config.name,
      state: this.#state,
      url: this.#config.url,
      connectedAt: this.#state === "open" ? this.#connectedAt : null,
      lastFrameAt: this.#lastFrameAt || null,
      reconnects: this.#reconnects,
      streams: this.#registry.streamCount,
      consumers: this.#registry.size,
      requestsSent: this.#scheduler.sent,
      changesRequested: this.#scheduler.requested,
    };
  }

  /**
   * The registry changed: connect if needed, and send the new set at the end of this tick.
   * A connection left without consumers closes after `lingerMs`.
   */
  changed(): void {
    if (this.#state === "closed") return;
    if (this.#registry.size === 0) {
      this.#linger();
    } else {
      this.#cancelLinger();
      if (this.#loop === undefined) this.#start();
    }
    this.#scheduler.request();
    // A consumer of streams that already flow needs no request: it is live now.
    if (this.#state === "open" && !this.#registry.needsRequest(this.#include)) {
      this.#registry.settle(this.#include);
    }
  }

  /**
   * Asks Upbit which streams this connection carries (`LIST_SUBSCRIPTIONS`).
   *
   * @param signal cancels the wait
   * @returns the server's list
   */
  async listSubscriptions(signal?: AbortSignal): Promise<ListedSubscription[]> {
    const socket = this.#socket;
    if (this.#state !== "open" || socket === undefined) {
      throw new ConnectionClosedError("Cannot list subscriptions as the connection is not open");
    }
    return await new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#listWaiters = this.#listWaiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      const waiter = (list: ListedSubscription[]) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(list);
      };
      this.#listWaiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      const sent = this.#scheduler.trySend(() =>
        socket.send(
          JSON.stringify([{ ticket: this.#config.ticket }, { method: "LIST_SUBSCRIPTIONS" }]),
        )
      );
      if (!sent) {
        // Not through onAbort: its reject (with no abort reason, `undefined`) would come first,
        // and `ready` took that for "not open" and settled before Upbit had the request.
        this.#listWaiters = this.#listWaiters.filter((w) => w !== waiter);
        signal?.removeEventListener("abort", onAbort);
        reject(
          new UpbitError("RATE_LIMITED", "Cannot list subscriptions as the rate gate is shut"),
        );
      }
    });
  }

  /** Closes the socket and stops for good; clears every timer. Idempotent. */
  close(): Promise<void> {
    if (this.#state !== "closed") {
      this.#stop();
      this.#scheduler.close();
      this.#state = "closed";
    }
    return Promise.all(this.#closing).then(() => {});
  }

  #start(): void {
    const loop = new AbortController();
    this.#loop = loop;
    const running = this.#run(loop.signal).catch((error: unknown) => {
      // The loop catches everything it expects; anything else is a bug worth reporting.
      this.#hooks.error(
        error instanceof UpbitError
          ? error
          : new UpbitError("CONNECTION_CLOSED", "The connection loop failed", { cause: error }),
      );
    }).finally(() => {
      if (this.#loop === loop) this.#loop = undefined;
      this.#closing.delete(running);
    });
    // close() also waits for the loop itself, so that a connect still in flight is torn down.
    this.#closing.add(running);
  }

  #stop(): void {
    this.#cancelLinger();
    this.#loop?.abort();
    this.#loop = undefined;
    this.#detach(1000, "client closed");
    if (this.#state !== "closed") this.#state = "idle";
  }

  #linger(): void {
    if (this.#lingerTimer !== undefined || this.#loop === undefined) return;
    this.#lingerTimer = this.#config.clock.setTimeout(() => {
      this.#lingerTimer = undefined;
      if (this.#registry.size === 0) this.#stop();
    }, this.#config.lingerMs);
  }

  #cancelLinger(): void {
    if (this.#lingerTimer !== undefined) this.#config.clock.clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
  }

  async #run(signal: AbortSignal): Promise<void> {
    const config = this.#config;
    let attempt = 0;
    let refusals = 0;
    let opened = false;
    while (!signal.aborted) {
      this.#state = "connecting";
      // Listeners go on inside onOpen, synchronously at open: on Deno a frame (or an error frame
      // and its close) sent right at open is lost to a listener added one microtask later.
      let served: Promise<Ended> | undefined;
      const reconnect = opened;
      try {
        const headers = config.headers ? await config.headers() : undefined;
        signal.throwIfAborted();
        // Upbit allows 5 upgrades per second (per IP, or per account with a key): every attempt
        // of every connection of this client to this host waits for its turn, whatever the
        // backoff. The slot is taken right before the socket is made (nothing awaited between).
        if (!(await this.#connectSlot(signal))) return;
        await openSocket(config.url, {
          ...(config.WebSocket ? { WebSocket: config.WebSocket } : {}),
          ...(config.compression === undefined ? {} : { compression: config.compression }),
          ...(headers ? { headers } : {}),
          signal,
          timeoutMs: config.connectTimeoutMs,
          onOpen: (socket) => {
            if (reconnect) this.#reconnects++;
            served = this.#serve(socket, signal, reconnect);
          },
        });
      } catch (error) {
        if (signal.aborted) return;
        const failure = asUpbitError(error, `Cannot connect to "${safeUrl(config.url)}"`);
        if (failure.code === "NOT_SUPPORTED") {
          // No WebSocket, no way to send the header, a missing permission: retrying cannot
          // help, so every consumer hears it now instead of after the reconnect budget.
          this.#state = "failed";
          this.#loop = undefined;
          this.#hooks.failed(failure);
          return;
        }
        this.#hooks.error(failure);
        if (failure instanceof AuthenticationError) refusals++;
        // A rate limit is waited out, never counted towards giving up.
        if (failure.code !== "RATE_LIMITED") attempt++;
        // An upgrade that ended before open without a reason (Node's built-in WebSocket hides 429
        // and 401 this way) waits like a rate limit, not 10–150 ms.
        const refused = openFailureKind(failure) === "refused";
        if (!(await this.#backoff(signal, attempt, failure, refusals, refused))) return;
        continue;
      }
      const ended = await served!;
      opened = true;
      if (signal.aborted) return;
      this.#hooks.close({ code: ended.code, reason: ended.reason });
      if (ended.uptime >= config.minUptimeMs) attempt = 0;
      if (ended.refused) {
        // Upbit refused part of the request and the consumers concerned failed; the rest come
        // back at once, paced under Upbit's connect limit (5 per second).
        this.#state = "backoff";
        try {
          await delay(config.clock, Math.round(REFUSAL_PAUSE_MS * (1 + config.random())), signal);
        } catch {
          return;
        }
        continue;
      }
      const refused = ended.error instanceof AuthenticationError;
      if (refused && !ended.gotData) refusals++;
      else if (ended.gotData) refusals = 0;
      // A rate limit is waited out (jittered, see #backoff), never counted towards giving up.
      if (ended.error?.code !== "RATE_LIMITED") attempt++;
      if (!(await this.#backoff(signal, attempt, ended.error, refusals))) return;
    }
  }

  /** Waits for a connect slot of the host (see `connectGate`); false when aborted. */
  async #connectSlot(signal: AbortSignal): Promise<boolean> {
    const { clock, connectGate } = this.#config;
    for (;;) {
      if (signal.aborted) return false;
      const wait = connectGate.waitMs(clock.now());
      if (wait <= 0) {
        connectGate.record(clock.now());
        return true;
      }
      try {
        await delay(clock, wait, signal);
      } catch {
        return false;
      }
    }
  }

  /**
   * Waits before the next attempt; false when the loop must stop. `likeRateLimit`: an upgrade
   * refused without a visible status waits as a rate-limit refusal does.
   */
  async #backoff(
    signal: AbortSignal,
    attempt: number,
    cause: UpbitError | undefined,
    refusals: number,
    likeRateLimit = false,
  ): Promise<boolean> {
    const config = this.#config;
    if (attempt > config.maxAttempts || refusals >= config.maxRefusals) {
      const error = refusals >= config.maxRefusals && cause !== undefined ? cause : new UpbitError(
        "RECONNECT_EXHAUSTED",
        `Cannot reconnect as all ${config.maxAttempts} attempts failed`,
        { cause },
      );
      this.#state = "failed";
      this.#loop = undefined;
      this.#hooks.failed(error);
      return false;
    }
    this.#state = "backoff";
    // A rate-limit refusal (429/418, "Too Many Requests") waits longer than the curve: at least
    // what the server asked (else half the cap), plus a uniform share of the cap, so clients
    // refused together do not come back together and trip the connect limit again.
    const ms = cause?.code === "RATE_LIMITED" || likeRateLimit
      ? Math.round(
        Math.max(
          cause instanceof RateLimitedError ? cause.retryAfterMs ?? 0 : 0,
          config.backoff.maxDelayMs / 2,
        ) + config.random() * config.backoff.maxDelayMs,
      )
      : backoff(attempt, config.backoff, config.random);
    try {
      await delay(config.clock, ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Runs one open socket until it closes, stalls or the loop is aborted. */
  #serve(socket: WebSocket, signal: AbortSignal, reconnect: boolean): Promise<Ended> {
    const config = this.#config;
    const clock = config.clock;
    const decoder: Decoder = createDecoder({
      validate: config.validate,
      lossless: config.lossless,
    });
    const hooks = this.#hooks;
    const registry = this.#registry;
    let gotData = false;
    let refused = false;
    let lastError: UpbitError | undefined;
    let finish: (code: number, reason: string) => void = () => {};
    const sink: FrameSink = {
      event: (event) => {
        gotData = true;
        if (this.#acceptOnData) this.#accept();
        hooks.event(event);
        registry.route(event);
      },
      status: () => {
        if (this.#acceptOnData) this.#accept();
      },
      serverError: (name, message) => {
        // What an error means comes from one table (`src/protocol/server_errors.ts`), by name only.
        let kind = classifyServerError(name);
        if (kind === "rate-limit" && this.#limitPersists(name)) kind = "refusal";
        if (kind === "auth") {
          lastError = new AuthenticationError(
            `Upbit refused the credentials: ${name} "${message}"`,
          );
          hooks.error(lastError);
          return;
        }
        const error = new ServerError(name, message);
        if (kind === "refusal") {
          const { culprits, attributed } = this.#isolation.refused();
          if (attributed) {
            lastError = error;
            refused = true;
            // Upbit closes the socket ~150 ms after the error; end it now, then fail exactly the
            // consumers found, so nothing is sent into the closing socket.
            finish(1000, "request refused");
            hooks.refused(error, culprits);
            return;
          }
        } else if (kind === "rate-limit") {
          // The whole request was refused for a limit, not its content: keep every
          // subscription, wait (jittered) and come back.
          lastError = error;
          hooks.serverError(error);
          finish(1000, "rate limited");
          return;
        }
        // Unknown (or unattributable): transient. Reported; the connection is not ended for it.
        hooks.serverError(error);
      },
      subscriptions: (list) => {
        const waiters = this.#listWaiters;
        this.#listWaiters = [];
        for (const waiter of waiters) waiter(list);
      },
      invalid: (error: DecodeError) => hooks.error(error),
    };

    return new Promise((resolve) => {
      const openedAt = clock.now();
      let timer: unknown;
      let done = false;
      finish = (code: number, reason: string) => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        this.#cancelAcceptance();
        // A request left unanswered goes out again on the next socket.
        if (!refused) this.#isolation.lost();
        signal.removeEventListener("abort", onAbort);
        socket.removeEventListener("message", onMessage);
        socket.removeEventListener("close", onClose);
        socket.removeEventListener("error", onError);
        if (this.#socket === socket) this.#socket = undefined;
        // Not open any more: a change made before the loop moves on must wait for the next socket
        // instead of being "sent" into a closed one.
        if (this.#state === "open") this.#state = "backoff";
        this.#closeSocket(socket, code >= 3000 && code < 5000 ? code : 1000, reason);
        this.#scheduler.reset();
        resolve({
          code,
          reason,
          uptime: clock.now() - openedAt,
          gotData,
          refused,
          ...(lastError ? { error: lastError } : {}),
        });
      };
      const onMessage = (event: MessageEvent) => {
        const now = this.#lastFrameAt = clock.now();
        if (this.#snapshotDeadline !== 0 && now >= this.#snapshotDeadline) this.#retrySnapshots();
        // An ArrayBuffer, or a Uint8Array (`Buffer`) from the `ws` package (see `openSocket`).
        const data = event.data as string | ArrayBuffer | Uint8Array;
        hooks.frame(typeof data === "string" ? data.length : data.byteLength);
        decoder.decode(data, sink);
      };
      const onClose = (event: CloseEvent) => finish(event.code, event.reason);
      const onError = () => {
        lastError ??= new ConnectionClosedError("The socket failed");
        finish(1006, "socket error");
      };
      const onAbort = () => finish(1000, "client closed");
      let lastPing = openedAt;
      const watch = () => {
        const now = clock.now();
        if (this.#snapshotDeadline !== 0 && now >= this.#snapshotDeadline) this.#retrySnapshots();
        if (now - this.#lastFrameAt >= config.staleAfterMs) {
          lastError = new ConnectionClosedError(
            `No frame for ${now - this.#lastFrameAt} ms: the socket is stalled`,
          );
          hooks.error(lastError);
          finish(4000, "stalled");
          return;
        }
        if (now - lastPing >= config.pingIntervalMs) {
          if (this.#scheduler.trySend(() => socket.send("PING"))) lastPing = now;
        }
        timer = clock.setTimeout(watch, tick);
      };
      const tick = Math.max(10, Math.min(config.staleAfterMs / 4, config.pingIntervalMs / 2));

      socket.addEventListener("message", onMessage);
      socket.addEventListener("close", onClose);
      socket.addEventListener("error", onError);
      signal.addEventListener("abort", onAbort, { once: true });
      this.#socket = socket;
      this.#lastFrameAt = openedAt;
      this.#connectedAt = openedAt;
      this.#sentOnSocket = 0;
      this.#state = "open";
      registry.resetWire();
      this.#scheduler.reset();
      this.#scheduler.flush();
      this.#scheduler.trySend(() => socket.send("PING"));
      timer = clock.setTimeout(watch, tick);
      hooks.open({ reconnect });
    });
  }

  /** Sends the whole desired set (less the consumers held back while a refusal is searched). */
  #sendSet(): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const request = this.#registry.request(
      this.#config.ticket,
      this.#config.format,
      this.#include,
    );
    this.#registry.commit(request);
    if (request !== undefined) {
      // Recorded before sending: an answer may come back as soon as the message leaves.
      const first = this.#sentOnSocket++ === 0;
      const restart = this.#isolation.sent(request.consumers);
      if (restart || this.#acceptTimer === undefined) {
        this.#cancelAcceptance();
        this.#acceptOnData = first;
        this.#acceptTimer = this.#config.clock.setTimeout(
          () => this.#accept(),
          this.#config.acceptAfterMs ?? ACCEPT_AFTER_MS,
        );
      }
      socket.send(request.text);
    }
    // Every consumer `include` lets through is on the wire now.
    this.#registry.settle(this.#include);
    this.#snapshotDeadline = this.#registry.awaitingSnapshots()
      ? this.#config.clock.now() + this.#config.snapshotTimeoutMs
      : 0;
  }

  /**
   * The search for a refused consumer moved on: groups that would put nothing new on the wire
   * are accepted untried, and the next group (or, once the search is over, everyone held back)
   * goes out.
   */
  #searchStep(): void {
    this.#settleSearch();
    this.#scheduler.request();
  }

  #settleSearch(): void {
    const isolation = this.#isolation;
    while (
      isolation.searching && !isolation.awaiting && !this.#registry.needsRequest(this.#include)
    ) {
      isolation.settle();
    }
  }

  /**
   * Whether a rate limit is in fact a refusal of the request's content. `TOO_MANY_REQUEST` also
   * means "too many subscription combinations in one request" (`upbit-protocol.md` §10.2), which no
   * wait clears: re-sending the same set would loop forever while every stream on the socket is
   * down. Upbit's message budget is per connection and the rate gate keeps under it, so a fresh
   * socket whose one request gets `TOO_MANY_REQUEST` again and again is refused for its content:
   * after {@link PERSISTENT_LIMIT} in a row the newcomers are searched as for any refusal. Only
   * where a request of this connection was accepted before: with no set known good there is no
   * newcomer to tell apart, and the limit is waited out as any other. `Too Many Requests` and
   * `I'm a teapot` (the older names, and the IP block) stay rate limits.
   */
  #limitPersists(name: string): boolean {
    const isolation = this.#isolation;
    if (name !== "TOO_MANY_REQUEST" || !isolation.awaiting || !isolation.knowsGood) return false;
    if (++this.#limitedInARow < PERSISTENT_LIMIT) return false;
    this.#limitedInARow = 0;
    return true;
  }

  /** The request awaiting its answer was accepted. */
  #accept(): void {
    this.#limitedInARow = 0;
    this.#cancelAcceptance();
    if (this.#isolation.accepted()) this.#searchStep();
  }

  #cancelAcceptance(): void {
    this.#acceptOnData = false;
    if (this.#acceptTimer !== undefined) this.#config.clock.clearTimeout(this.#acceptTimer);
    this.#acceptTimer = undefined;
  }

  /** Asks again for snapshots that never came (see `Registry.retrySnapshots`). */
  #retrySnapshots(): void {
    this.#snapshotDeadline = 0;
    if (this.#registry.retrySnapshots(SNAPSHOT_TRIES)) this.#scheduler.request();
  }

  #detach(code: number, reason: string): void {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) this.#closeSocket(socket, code, reason);
  }

  /**
   * Closes a socket and remembers, until it is really closed (or a second has passed), so that
   * `close()` can resolve only once no socket is left behind.
   */
  #closeSocket(socket: WebSocket, code: number, reason: string): void {
    if (socket.readyState !== 0 && socket.readyState !== 1) return;
    const closing: Promise<void> = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        socket.removeEventListener("close", done);
        this.#closing.delete(closing);
        resolve();
      };
      // A stalled peer may never answer the close handshake; do not wait on it for long. The
      // real runtime timer is used on purpose: a fake clock must not be able to hang close().
      const timer = setTimeout(done, 1000);
      socket.addEventListener("close", done);
    });
    this.#closing.add(closing);
    try {
      socket.close(code, reason);
    } catch {
      // Already closing.
    }
  }
}

/** Requests that ask for one stream's snapshot before the client stops waiting for it. */
const SNAPSHOT_TRIES = 3;

/** `TOO_MANY_REQUEST` answers in a row to one request before it counts as a content refusal. */
const PERSISTENT_LIMIT = 3;

/** A request with no error frame for this long counts as accepted (see `src/demand/isolation.ts`). */
const ACCEPT_AFTER_MS = 1000;

/**
 * The pause before reconnecting after a refusal (times 1–2, jittered): at most 4 connects per
 * second while a refused consumer is searched, under Upbit's 5 per second.
 */
const REFUSAL_PAUSE_MS = 250;

/** How one socket's life ended. */
interface Ended {
  code: number;
  reason: string;
  uptime: number;
  gotData: boolean;
  /** Upbit refused the request's content and the consumers concerned were found. */
  refused: boolean;
  error?: UpbitError;
}

/** A URL for messages: no credentials, no query (which could carry a token). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "the endpoint";
  }
}

function asUpbitError(error: unknown, message: string): UpbitError {
  return error instanceof UpbitError ? error : new ConnectionClosedError(message, { cause: error });
}
