/**
 * One open socket's life, from the moment it opens to the moment it ends: it receives and decodes
 * frames into the desired set's router, sends the whole set and the keepalive `PING`, watches for
 * a stall (no frame at all for `staleAfterMs`), reads Upbit's error frames, and closes the
 * socket. The reconnect loop (`reconnect.ts`) starts one per socket and waits for {@linkcode
 * Session.ended}.
 *
 * It is longer than 250 lines because Upbit's error frames (credentials, refusals, limits) end a
 * socket's life and read best beside the rest of it.
 *
 * The receive handler runs per frame: it writes a field of the shared {@linkcode LiveState},
 * reads one, and hands the data to the decoder; nothing in it allocates.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { createDecoder, type Decoder, type FrameSink } from "../decode/decode.ts";
import type { ListedSubscription } from "../decode/decode.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  type DecodeError,
  ServerError,
  type UpbitError,
} from "../errors.ts";
import type { Scheduler } from "../demand/scheduler.ts";
import { classifyServerError } from "../protocol/server_errors.ts";
import type { RequestAcceptance } from "./acceptance.ts";
import type {
  ConnectionConfig,
  ConnectionHooks,
  DesiredSet,
  LiveState,
} from "./connection_types.ts";

/**
 * What a session shares with its connection: built once per connection, handed to every session.
 *
 * @example
 * ```ts
 * import type { SessionContext } from "./session.ts";
 * ```
 */
export interface SessionContext {
  /** The connection's tuning (clock, keepalive, stall window, decoding). */
  readonly config: ConnectionConfig;
  /** Where the session reports (open, errors, events, frames, refusals). */
  readonly hooks: ConnectionHooks;
  /** The desired set: its wire state is reset at open, events are routed to it. */
  readonly registry: DesiredSet;
  /** Sends the set at open and spaces the `PING`s under the message limits. */
  readonly scheduler: Scheduler;
  /** Whether the last request was accepted (a frame may answer it). */
  readonly acceptance: RequestAcceptance;
  /** The connection's live state, written at open, per frame and at the end. */
  readonly live: LiveState;
  /** Upbit answered `LIST_SUBSCRIPTIONS`. */
  listed(list: ListedSubscription[]): void;
  /** Asks again for snapshots that never came (`live.snapshotDeadline` passed). */
  retrySnapshots(): void;
  /** Closes the socket, and remembers it until it is really closed (for `close()`). */
  closeSocket(socket: WebSocket, code: number, reason: string): void;
}

/**
 * How one socket's life ended.
 *
 * @example
 * ```ts
 * import type { SessionEnd } from "./session.ts";
 * const end: SessionEnd = { code: 1000, reason: "", uptime: 5000, gotData: true, refused: false };
 * ```
 */
export interface SessionEnd {
  /** The close code (4000: stalled; 1006: the socket failed). */
  code: number;
  /** The close reason. */
  reason: string;
  /** How long the socket was open, in ms. */
  uptime: number;
  /** Whether any data event arrived (not only status frames). */
  gotData: boolean;
  /** Upbit refused the request's content and the consumers concerned were found. */
  refused: boolean;
  /** What ended it, when it was an error. */
  error?: UpbitError;
}

/**
 * One open socket, served until it closes, stalls or the loop is aborted.
 *
 * @example
 * ```ts
 * import { Session, type SessionContext } from "./session.ts";
 * declare const socket: WebSocket;
 * declare const context: SessionContext;
 * const session = new Session(socket, new AbortController().signal, false, context);
 * const { code, uptime } = await session.ended;
 * ```
 */
export class Session {
  /** Settles once the socket's life is over (never rejects). */
  readonly ended: Promise<SessionEnd>;
  #socket: WebSocket;
  #signal: AbortSignal;
  #context: SessionContext;
  /** The receive path's references, held directly (one field load each per frame). */
  #live: LiveState;
  #clock: Clock;
  #hooks: ConnectionHooks;
  #decoder: Decoder;
  #sink: FrameSink;
  #resolve!: (end: SessionEnd) => void;
  #openedAt: number;
  #lastPing: number;
  #tick: number;
  #timer: unknown = undefined;
  #done = false;
  #gotData = false;
  #refused = false;
  #lastError: UpbitError | undefined = undefined;

  /**
   * Starts serving `socket`, which has just opened: listens, sends the whole set and a `PING`,
   * starts the watchdog and reports the open.
   *
   * @param socket the open socket
   * @param signal the loop's signal: aborting it ends the session ("client closed")
   * @param reconnect whether this socket replaces one that was open before
   * @param context the connection's side
   */
  constructor(
    socket: WebSocket,
    signal: AbortSignal,
    reconnect: boolean,
    context: SessionContext,
  ) {
    this.ended = new Promise((resolve) => (this.#resolve = resolve));
    this.#socket = socket;
    this.#signal = signal;
    this.#context = context;
    const { config, live, registry, scheduler, acceptance, hooks } = context;
    this.#live = live;
    this.#clock = config.clock;
    this.#hooks = hooks;
    this.#decoder = createDecoder({ validate: config.validate, lossless: config.lossless });
    this.#sink = this.#makeSink();
    const openedAt = this.#openedAt = this.#lastPing = config.clock.now();
    this.#tick = Math.max(10, Math.min(config.staleAfterMs / 4, config.pingIntervalMs / 2));

    socket.addEventListener("message", this.#onMessage);
    socket.addEventListener("close", this.#onClose);
    socket.addEventListener("error", this.#onError);
    signal.addEventListener("abort", this.#onAbort, { once: true });
    live.socket = socket;
    live.lastFrameAt = openedAt;
    live.connectedAt = openedAt;
    acceptance.newSocket();
    live.state = "open";
    registry.resetWire();
    scheduler.reset();
    scheduler.flush();
    scheduler.trySend(() => socket.send("PING"));
    this.#timer = config.clock.setTimeout(this.#watch, this.#tick);
    hooks.open({ reconnect });
  }

  /** The receive path: one call per frame. */
  #onMessage = (event: MessageEvent): void => {
    const live = this.#live;
    const now = live.lastFrameAt = this.#clock.now();
    if (live.snapshotDeadline !== 0 && now >= live.snapshotDeadline) this.#context.retrySnapshots();
    // An ArrayBuffer, or a Uint8Array (`Buffer`) from the `ws` package (see `openSocket`).
    const data = event.data as string | ArrayBuffer | Uint8Array;
    this.#hooks.frame(typeof data === "string" ? data.length : data.byteLength);
    this.#decoder.decode(data, this.#sink);
  };

  #onClose = (event: CloseEvent): void => this.#finish(event.code, event.reason);

  #onError = (): void => {
    this.#lastError ??= new ConnectionClosedError("The socket failed");
    this.#finish(1006, "socket error");
  };

  #onAbort = (): void => this.#finish(1000, "client closed");

  /** The watchdog: asks again for late snapshots, ends a stalled socket, sends the `PING`. */
  #watch = (): void => {
    const { config, live, hooks, scheduler } = this.#context;
    const now = config.clock.now();
    if (live.snapshotDeadline !== 0 && now >= live.snapshotDeadline) {
      this.#context.retrySnapshots();
    }
    if (now - live.lastFrameAt >= config.staleAfterMs) {
      this.#lastError = new ConnectionClosedError(
        `No frame for ${now - live.lastFrameAt} ms: the socket is stalled`,
      );
      hooks.error(this.#lastError);
      this.#finish(4000, "stalled");
      return;
    }
    if (now - this.#lastPing >= config.pingIntervalMs) {
      const socket = this.#socket;
      if (scheduler.trySend(() => socket.send("PING"))) this.#lastPing = now;
    }
    this.#timer = config.clock.setTimeout(this.#watch, this.#tick);
  };

  /** Where the decoder hands what a frame held. */
  #makeSink(): FrameSink {
    const { hooks, registry, acceptance } = this.#context;
    return {
      event: (event) => {
        this.#gotData = true;
        acceptance.frameArrived();
        hooks.event(event);
        registry.route(event);
      },
      status: () => acceptance.frameArrived(),
      serverError: (name, message) => this.#serverError(name, message),
      subscriptions: (list) => this.#context.listed(list),
      invalid: (error: DecodeError) => hooks.error(error),
    };
  }

  /** An error frame: what it means comes from one table, by name only. */
  #serverError(name: string, message: string): void {
    const { hooks, acceptance } = this.#context;
    let kind = classifyServerError(name);
    if (kind === "rate-limit" && acceptance.limitPersists(name)) kind = "refusal";
    if (kind === "auth") {
      this.#lastError = new AuthenticationError(
        `Upbit refused the credentials: ${name} "${message}"`,
      );
      hooks.error(this.#lastError);
      return;
    }
    const error = new ServerError(name, message);
    if (kind === "refusal") {
      const { culprits, attributed } = acceptance.refused();
      if (attributed) {
        this.#lastError = error;
        this.#refused = true;
        // Upbit closes the socket ~150 ms after the error; end it now, then fail exactly the
        // consumers found, so nothing is sent into the closing socket.
        this.#finish(1000, "request refused");
        hooks.refused(error, culprits);
        return;
      }
    } else if (kind === "rate-limit") {
      // The whole request was refused for a limit, not its content: keep every subscription,
      // wait (jittered) and come back.
      this.#lastError = error;
      hooks.serverError(error);
      this.#finish(1000, "rate limited");
      return;
    }
    // Unknown (or unattributable): transient. Reported; the connection is not ended for it.
    hooks.serverError(error);
  }

  /** Ends the session once: removes every listener and timer, closes the socket, settles. */
  #finish(code: number, reason: string): void {
    if (this.#done) return;
    this.#done = true;
    const { config, live, acceptance, scheduler } = this.#context;
    const socket = this.#socket;
    config.clock.clearTimeout(this.#timer);
    acceptance.cancel();
    // A request left unanswered goes out again on the next socket.
    if (!this.#refused) acceptance.lost();
    this.#signal.removeEventListener("abort", this.#onAbort);
    socket.removeEventListener("message", this.#onMessage);
    socket.removeEventListener("close", this.#onClose);
    socket.removeEventListener("error", this.#onError);
    if (live.socket === socket) live.socket = undefined;
    // Not open any more: a change made before the loop moves on must wait for the next socket
    // instead of being "sent" into a closed one.
    if (live.state === "open") live.state = "backoff";
    this.#context.closeSocket(socket, code >= 3000 && code < 5000 ? code : 1000, reason);
    scheduler.reset();
    this.#resolve({
      code,
      reason,
      uptime: config.clock.now() - this.#openedAt,
      gotData: this.#gotData,
      refused: this.#refused,
      ...(this.#lastError ? { error: this.#lastError } : {}),
    });
  }
}
