/**
 * One connection to Upbit (public, private or `/info`): its state and what `health()` reports,
 * the registry's changes turned into requests, `LIST_SUBSCRIPTIONS`, the linger before an unused
 * connection closes, and `close()`, which waits for the reconnect loop and every socket to end.
 * The parts live beside it: the reconnect loop in `reconnect.ts`, one open socket's life in
 * `session.ts`, the acceptance of requests in `acceptance.ts`, what `close()` waits for in
 * `closing.ts`, the shapes in `connection_types.ts`. It is longer than 250 lines because its
 * constructor wires those parts together in one place, where a reader sees what each may touch.
 *
 * @module
 */
import { createRateGate } from "../demand/rate_gate.ts";
import { Scheduler } from "../demand/scheduler.ts";
import type { ListedSubscription } from "../decode/decode.ts";
import { ConnectionClosedError, UpbitError } from "../errors.ts";
import { RequestAcceptance } from "./acceptance.ts";
import { Closing } from "./closing.ts";
import type {
  ConnectionConfig,
  ConnectionHooks,
  ConnectionInfo,
  ConnectionState,
  DesiredSet,
  LiveState,
} from "./connection_types.ts";
import { type ReconnectContext, runReconnectLoop } from "./reconnect.ts";
import type { SessionContext } from "./session.ts";

export type {
  ConnectionConfig,
  ConnectionHooks,
  ConnectionInfo,
  ConnectionName,
  ConnectionState,
  DesiredSet,
} from "./connection_types.ts";

/** Requests that ask for one stream's snapshot before the client stops waiting for it. */
const SNAPSHOT_TRIES = 3;

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
  #acceptance: RequestAcceptance;
  #live: LiveState = {
    state: "idle",
    socket: undefined,
    connectedAt: 0,
    lastFrameAt: 0,
    reconnects: 0,
    snapshotDeadline: 0,
  };
  #loopContext: ReconnectContext;
  #loop: AbortController | undefined;
  #lingerTimer: unknown = undefined;
  // LIST_SUBSCRIPTIONS on the current socket: each waiter takes the answer to its own request
  // (the n-th answer), never an earlier one sent before Upbit had the request it asks about.
  // Waiters from an earlier socket take the first answer on the new one (n = 0).
  #list = { socket: undefined as object | undefined, sent: 0, answered: 0 };
  #listWaiters: Array<{ n: number; resolve(list: ListedSubscription[]): void }> = [];
  #closing = new Closing();

  /**
   * @param config tuning
   * @param registry the desired set this connection serves
   * @param hooks where it reports
   */
  constructor(config: ConnectionConfig, registry: DesiredSet, hooks: ConnectionHooks) {
    this.#config = config;
    this.#registry = registry;
    this.#hooks = hooks;
    const acceptance = this.#acceptance = new RequestAcceptance({
      clock: config.clock,
      acceptAfterMs: config.acceptAfterMs,
      registry,
      // The search for a refused consumer moved on: groups that would put nothing new on the
      // wire are accepted untried, and the next group (or everyone held back) goes out.
      onAccepted: () => {
        acceptance.settleSearch();
        this.#scheduler.request();
      },
    });
    const scheduler = this.#scheduler = new Scheduler({
      clock: config.clock,
      gate: createRateGate(config.limits),
      ready: () => this.#live.state === "open",
      needed: () => {
        acceptance.settleSearch();
        return registry.needsRequest(acceptance.include);
      },
      send: () => this.#sendSet(),
    });
    const session: SessionContext = {
      config,
      hooks,
      registry,
      scheduler,
      acceptance,
      live: this.#live,
      listed: (list) => {
        const answered = this.#listSocket().answered += 1;
        const waiters = this.#listWaiters;
        this.#listWaiters = waiters.filter((w) => w.n > answered);
        for (const waiter of waiters) if (waiter.n <= answered) waiter.resolve(list);
      },
      retrySnapshots: () => this.#retrySnapshots(),
      closeSocket: (socket, code, reason) => this.#closing.closeSocket(socket, code, reason),
    };
    this.#loopContext = {
      config,
      hooks,
      live: this.#live,
      session,
      failed: (error) => {
        this.#live.state = "failed";
        this.#loop = undefined;
        hooks.failed(error);
      },
    };
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#live.state;
  }

  /** A snapshot of this connection for `health()`. */
  info(): ConnectionInfo {
    const live = this.#live;
    return {
      name: this.#config.name,
      state: live.state,
      url: this.#config.url,
      connectedAt: live.state === "open" ? live.connectedAt : null,
      lastFrameAt: live.lastFrameAt || null,
      reconnects: live.reconnects,
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
    if (this.#live.state === "closed") return;
    if (this.#registry.size === 0) {
      this.#linger();
    } else {
      this.#cancelLinger();
      if (this.#loop === undefined) this.#start();
    }
    this.#scheduler.request();
    // A consumer of streams that already flow needs no request: it is live now.
    const include = this.#acceptance.include;
    if (this.#live.state === "open" && !this.#registry.needsRequest(include)) {
      this.#registry.settle(include);
    }
  }

  /**
   * Asks Upbit which streams this connection carries (`LIST_SUBSCRIPTIONS`).
   *
   * @param signal cancels the wait
   * @returns the server's list
   */
  async listSubscriptions(signal?: AbortSignal): Promise<ListedSubscription[]> {
    const socket = this.#live.socket;
    if (this.#live.state !== "open" || socket === undefined) {
      throw new ConnectionClosedError("Cannot list subscriptions as the connection is not open");
    }
    return await new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#listWaiters = this.#listWaiters.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      const waiter = {
        n: Number.POSITIVE_INFINITY,
        resolve: (list: ListedSubscription[]) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(list);
        },
      };
      this.#listWaiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      const sent = this.#scheduler.trySend(() => {
        socket.send(
          JSON.stringify([{ ticket: this.#config.ticket }, { method: "LIST_SUBSCRIPTIONS" }]),
        );
        waiter.n = this.#listSocket().sent += 1;
      });
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

  /** The LIST_SUBSCRIPTIONS count of the current socket, started anew on a new socket. */
  #listSocket(): { sent: number; answered: number } {
    const socket = this.#live.socket;
    if (this.#list.socket !== socket) {
      this.#list = { socket, sent: 0, answered: 0 };
      for (const waiter of this.#listWaiters) if (Number.isFinite(waiter.n)) waiter.n = 0;
    }
    return this.#list;
  }

  /** Closes the socket and stops for good; clears every timer. Idempotent. */
  close(): Promise<void> {
    if (this.#live.state !== "closed") {
      this.#stop();
      this.#scheduler.close();
      this.#live.state = "closed";
    }
    return this.#closing.settled();
  }

  #start(): void {
    const loop = new AbortController();
    this.#loop = loop;
    const running = runReconnectLoop(loop.signal, this.#loopContext).catch((error: unknown) => {
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
    const socket = this.#live.socket;
    this.#live.socket = undefined;
    if (socket) this.#closing.closeSocket(socket, 1000, "client closed");
    if (this.#live.state !== "closed") this.#live.state = "idle";
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

  /** Sends the whole desired set (less the consumers held back while a refusal is searched). */
  #sendSet(): void {
    const socket = this.#live.socket;
    if (socket === undefined) return;
    const include = this.#acceptance.include;
    const request = this.#registry.request(this.#config.ticket, this.#config.format, include);
    this.#registry.commit(request);
    if (request !== undefined) {
      // Recorded before sending: an answer may come back as soon as the message leaves.
      this.#acceptance.sent(request.consumers);
      socket.send(request.text);
    }
    // Every consumer `include` lets through is on the wire now.
    this.#registry.settle(include);
    this.#live.snapshotDeadline = this.#registry.awaitingSnapshots()
      ? this.#config.clock.now() + this.#config.snapshotTimeoutMs
      : 0;
  }

  /** Asks again for snapshots that never came (see `Registry.retrySnapshots`). */
  #retrySnapshots(): void {
    this.#live.snapshotDeadline = 0;
    if (this.#registry.retrySnapshots(SNAPSHOT_TRIES)) this.#scheduler.request();
  }
}
