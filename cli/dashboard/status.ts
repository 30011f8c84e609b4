/**
 * The feed's state as the page shows it, read from the client's `health()`: live, stalled (open
 * but silent), connecting, reconnecting, failed or closed. A silent feed is never shown as a quiet
 * market. Pure: the caller passes the time.
 *
 * @module
 */
import type { ConnectionView } from "./feed.ts";

/** The feed's state, worst first when several connections disagree. */
export type FeedState = "failed" | "closed" | "reconnecting" | "stalled" | "connecting" | "live";

const RANK: Readonly<Record<FeedState, number>> = Object.freeze({
  failed: 0,
  closed: 1,
  reconnecting: 2,
  stalled: 3,
  connecting: 4,
  live: 5,
});

/** One connection in the status line. */
export interface ConnectionStatus {
  /** `public`, `private` or `nats`. */
  name: string;
  state: FeedState;
  /** The client's own state: `open`, `backoff`, … */
  raw: string;
  /** Ms since the last frame of any kind, or null before the first. */
  silentMs: number | null;
  /** Sockets reopened after a loss. */
  reconnects: number;
}

/** What the page's status bar shows. */
export interface FeedStatus {
  /** The worst state over the connections. */
  state: FeedState;
  /** A sentence for people, e.g. `public: reconnecting (2 reconnects)`. */
  detail: string;
  connections: ConnectionStatus[];
  /** The server's time, ms: the page measures ages against it. */
  now: number;
  /** Events per second over the last second. */
  rate: number;
  /** The last error the client reported (code and message), if any. */
  lastError?: string;
}

/**
 * The state of one connection. An open market connection (Upbit's public one, or the NATS bus)
 * with no frame (data, or the `{"status":"UP"}` answer to the keepalive) for `staleMs` is
 * `stalled`. The private one carries only account changes, which may be rare, so its silence
 * alone is not a stall.
 *
 * @param c the connection as `health()` reports it
 * @param now the current time, ms
 * @param staleMs silence that counts as a stall
 * @returns the state
 *
 * @example
 * ```ts
 * import { connectionState } from "./status.ts";
 * connectionState({ name: "public", state: "backoff", reconnects: 1, lastFrameAt: 0 }, 10, 5000);
 * // "reconnecting"
 * ```
 */
export function connectionState(
  c: ConnectionView,
  now: number,
  staleMs: number,
): FeedState {
  switch (c.state) {
    case "open":
      if (c.name !== "private" && c.lastFrameAt !== null && now - c.lastFrameAt >= staleMs) {
        return "stalled";
      }
      return "live";
    case "backoff":
      return "reconnecting";
    case "connecting":
      return c.reconnects > 0 || c.lastFrameAt !== null ? "reconnecting" : "connecting";
    case "failed":
      return "failed";
    case "closed":
      return "closed";
    case "idle":
      return "connecting";
  }
}

/**
 * The status bar's content.
 *
 * @param connections `health().connections`
 * @param now the current time, ms
 * @param extra the event rate, the last error and the stall threshold
 * @returns the status
 *
 * @example
 * ```ts
 * import { feedStatus } from "./status.ts";
 * const s = feedStatus([], Date.now(), { rate: 0, staleMs: 10_000 });
 * console.log(s.state); // "connecting"
 * ```
 */
export function feedStatus(
  connections: readonly ConnectionView[],
  now: number,
  extra: { rate: number; staleMs: number; lastError?: string | undefined },
): FeedStatus {
  const list: ConnectionStatus[] = connections.map((c) => ({
    name: c.name,
    state: connectionState(c, now, extra.staleMs),
    raw: c.state,
    silentMs: c.lastFrameAt === null ? null : Math.max(0, now - c.lastFrameAt),
    reconnects: c.reconnects,
  }));
  let state: FeedState = list.length === 0 ? "connecting" : "live";
  for (const c of list) if (RANK[c.state] < RANK[state]) state = c.state;
  const detail = list.length === 0 ? "connecting" : list.map(describe).join(" · ");
  const out: FeedStatus = { state, detail, connections: list, now, rate: extra.rate };
  if (extra.lastError !== undefined) out.lastError = extra.lastError;
  return out;
}

function describe(c: ConnectionStatus): string {
  const again = c.reconnects > 0
    ? ` (${c.reconnects} reconnect${c.reconnects > 1 ? "s" : ""})`
    : "";
  if (c.state === "stalled") {
    return `${c.name}: stalled, no frame for ${Math.round((c.silentMs ?? 0) / 1000)} s${again}`;
  }
  return `${c.name}: ${c.state}${again}`;
}
