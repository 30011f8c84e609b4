/**
 * What the client reports about itself: {@linkcode Health} (`client.health()`) and
 * {@linkcode Metrics} (`client.metrics()`), computed from its endpoints' connections and the
 * counters they feed.
 *
 * @module
 */
import type { ConnectionInfo, ConnectionState } from "./wire/connection.ts";
import { liveHandles, type LiveSubscriptions } from "./subscribe/live.ts";

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

/** The client's counters that the connections feed (`lastMessageAt`: ms since epoch, 0 for none). */
export interface Counters {
  /** Events decoded, by type. */
  messages: Record<string, number>;
  /** Frames received. */
  frames: number;
  /** Bytes received. */
  bytes: number;
  /** Frames that could not be decoded. */
  decodeErrors: number;
  /** Error frames Upbit sent (refusals included). */
  serverErrors: number;
  /** Sockets reopened after a loss. */
  reconnects: number;
  /** Overflow drops of subscriptions already closed (live ones count their own). */
  overflowDrops: number;
  /** Time of the last frame of a closed connection, ms since epoch; 0 for none. */
  lastMessageAt: number;
}

/**
 * Fresh counters, all zero.
 *
 * @returns the counters
 */
export function newCounters(): Counters {
  return {
    messages: {},
    frames: 0,
    bytes: 0,
    decodeErrors: 0,
    serverErrors: 0,
    reconnects: 0,
    overflowDrops: 0,
    lastMessageAt: 0,
  };
}

/**
 * The client's health from its connections.
 *
 * @param connections each endpoint's `connection.info()`
 * @param closed whether the client was closed
 * @param subscriptions the number of live subscriptions
 * @returns the health
 */
export function healthOf(
  connections: ConnectionInfo[],
  closed: boolean,
  subscriptions: number,
): Health {
  // A connection that gave up stays "failed" (and the client unhealthy) until a subscribe
  // restarts it, even though its consumers were failed and removed.
  const states = connections.filter((c) => c.consumers > 0 || c.state === "failed")
    .map((c) => c.state);
  const status = closed || states.includes("failed")
    ? "unhealthy"
    : states.every((s: ConnectionState) => s === "open")
    ? "healthy"
    : "degraded";
  return { status, connections, subscriptions };
}

/**
 * The client's metrics: its counters plus what each connection counts itself.
 *
 * @param m the counters
 * @param connections each endpoint's `connection.info()`
 * @param live the live subscriptions (their overflow drops so far)
 * @returns a fresh copy, never containing credentials
 */
export function metricsOf(
  m: Counters,
  connections: ConnectionInfo[],
  live: LiveSubscriptions,
): Metrics {
  let requestsSent = 0;
  let changesRequested = 0;
  let lastMessageAt = m.lastMessageAt;
  for (const info of connections) {
    requestsSent += info.requestsSent;
    changesRequested += info.changesRequested;
    lastMessageAt = Math.max(lastMessageAt, info.lastFrameAt ?? 0);
  }
  let overflowDrops = m.overflowDrops;
  for (const sub of liveHandles(live)) overflowDrops += sub.dropped;
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
