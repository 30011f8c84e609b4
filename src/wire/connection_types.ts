/**
 * The shapes of a connection, kept apart from `connection.ts` so that the reconnect loop
 * (`reconnect.ts`) and the open session (`session.ts`) can name them without importing the
 * connection back: what `health()` reports ({@linkcode ConnectionState}, {@linkcode ConnectionName},
 * {@linkcode ConnectionInfo}), what the client builds a connection from ({@linkcode ConnectionConfig},
 * {@linkcode DesiredSet}) and where it reports ({@linkcode ConnectionHooks}), and the live state the
 * three parts share ({@linkcode LiveState}).
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { ServerError, UpbitError } from "../errors.ts";
import type { RateGate, RequestLimit } from "../demand/rate_gate.ts";
import type { Registry } from "../demand/registry.ts";
import type { InfoRegistry } from "../demand/info_registry.ts";
import type { UpbitEvent, WireFormat } from "../types.ts";
import type { BackoffOptions } from "./backoff.ts";
import type { WebSocketConstructor } from "./transport.ts";

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
 *
 * @example
 * ```ts
 * import type { DesiredSet } from "./connection_types.ts";
 * const idle = (set: DesiredSet) => set.size === 0;
 * ```
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

/**
 * Tuning of one connection; the client fills every field from its options and profile
 * (`src/endpoint.ts`).
 *
 * @example
 * ```ts
 * import type { ConnectionConfig } from "./connection_types.ts";
 * const lingerOf = (config: ConnectionConfig) => config.lingerMs;
 * ```
 */
export interface ConnectionConfig {
  /** Which connection (public, private, info). */
  name: ConnectionName;
  /** The endpoint, a `ws:` or `wss:` URL. */
  url: string;
  /** The wire format requests ask for (`DEFAULT` or `SIMPLE`). */
  format: WireFormat;
  /** The ticket every request of this connection carries. */
  ticket: string;
  /** Time and timers (a fake one in tests). */
  clock: Clock;
  /** Numbers in [0, 1) for the jitter of every wait. */
  random: () => number;
  /** The WebSocket constructor (undefined: the runtime's, see `openSocket`). */
  WebSocket: WebSocketConstructor | undefined;
  /** Offer permessage-deflate (undefined: the runtime's default; see `openSocket`). */
  compression: boolean | undefined;
  /** Upgrade headers, made fresh for every attempt (a new JWT each time). */
  headers: (() => Promise<Record<string, string>>) | undefined;
  /** The curve of the wait between failed attempts. */
  backoff: BackoffOptions;
  /** Failed attempts in a row (rate limits not counted) after which the loop gives up. */
  maxAttempts: number;
  /** A connection that stayed up this long resets the attempt counter. */
  minUptimeMs: number;
  /** How long an attempt may take to open, in ms. */
  connectTimeoutMs: number;
  /** How often the text `PING` is sent (Upbit then sends `{"status":"UP"}` every 10 s). */
  pingIntervalMs: number;
  /** No frame at all for this long means the socket is dead. */
  staleAfterMs: number;
  /** How long an unused connection stays open before it closes. */
  lingerMs: number;
  /** How long a requested snapshot may take before it is asked for again (3 tries). */
  snapshotTimeoutMs: number;
  /** Upbit's message limits per connection, which the requests keep under. */
  limits: readonly RequestLimit[];
  /** When frames are checked against their schemas (see the client's `validate` option). */
  validate: "first" | "always" | "never";
  /** Whether prices and volumes keep their exact decimal text (see `lossless`). */
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

/**
 * What a connection reports to the client.
 *
 * @example
 * ```ts
 * import type { ConnectionHooks } from "./connection_types.ts";
 * const log: Pick<ConnectionHooks, "open" | "close"> = {
 *   open: ({ reconnect }) => console.log(reconnect ? "reconnected" : "open"),
 *   close: ({ code }) => console.log("closed", code),
 * };
 * ```
 */
export interface ConnectionHooks {
  /** A socket opened (`reconnect`: it replaces one that was open before). */
  open(info: { reconnect: boolean }): void;
  /** An open socket ended (not called when the client closed it). */
  close(info: { code: number; reason: string }): void;
  /** A failure worth telling: an attempt that failed, a stall, a bad frame, refused credentials. */
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
  /** A decoded data event, before it is routed to its consumers. Per event. */
  event(event: UpbitEvent): void;
  /** A frame arrived, of this many bytes (characters for a text frame). Per frame. */
  frame(bytes: number): void;
}

/**
 * What the connection, its reconnect loop and its open session read and write of one
 * connection's life: a plain object shared by the three, so that the receive path writes a
 * field (`lastFrameAt`) and reads one (`snapshotDeadline`), with no call and no allocation.
 *
 * @example
 * ```ts
 * import type { LiveState } from "./connection_types.ts";
 * const silentFor = (live: LiveState, now: number) => now - live.lastFrameAt;
 * ```
 */
export interface LiveState {
  /** Where the connection is in its life. */
  state: ConnectionState;
  /** The open socket, or undefined between sockets. */
  socket: WebSocket | undefined;
  /** When the current socket opened (ms since epoch, the config's clock). */
  connectedAt: number;
  /** When the last frame of any kind arrived (0: none yet). */
  lastFrameAt: number;
  /** Sockets reopened after a loss. */
  reconnects: number;
  /** When missing snapshots are asked for again (0: none missing). */
  snapshotDeadline: number;
}
