/**
 * What the emulator reports about itself: each connection (identity, state, subscriptions,
 * requests, frames) and the statistics over every connection.
 *
 * @module
 */
import type { Format } from "./protocol/formats.ts";
import type { WireObject } from "./codec/json.ts";

/**
 * One data type object of a connection's current subscription.
 *
 * @example List a socket's streams
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * for (const c of emu.connections()) console.log(c.id, c.subscriptions.map((s) => s.type));
 * ```
 */
export interface SubscriptionInfo {
  /** Data type, e.g. `ticker`. */
  type: string;
  /** Codes as sent (with `.N`); absent for myAsset. */
  codes?: string[];
  /** Orderbook grouping unit (0 = none). */
  level: number;
  /** `is_only_snapshot`. */
  onlySnapshot: boolean;
  /** `is_only_realtime`. */
  onlyRealtime: boolean;
  /** `/info` only: the timeframe. */
  timeframe?: string;
  /** `/info` only: the `indicators` list as registered (DEFAULT keys). */
  indicators?: WireObject[];
}

/**
 * What `connections()` reports about one socket.
 *
 * @example Find open sockets
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * const open = emu.connections().filter((c) => c.open).map((c) => c.id);
 * ```
 */
export interface ConnectionInfo {
  /** Connection id (`c1`, `c2`, …), the target of faults. */
  id: string;
  /** Request path. */
  path: string;
  /** Which endpoint. */
  endpoint: "public" | "private" | "info";
  /** Remote address. */
  ip: string;
  /** Whether the socket is open. */
  open: boolean;
  /** Whether a valid JWT came with the upgrade. */
  authenticated: boolean;
  /** The connection-wide wire format. */
  format: Format;
  /** The data type objects of the last request. */
  subscriptions: SubscriptionInfo[];
  /** Request messages received, and the last five (truncated to 2000 chars). */
  requests: { count: number; last: string[] };
  /** Text `PING`s received. */
  pings: number;
  /** Frames sent. */
  framesSent: number;
  /** Whether a stall fault silences it. */
  stalled: boolean;
  /** Current frame delay fault. */
  delayMs: number;
  /** Whether the `{"status":"UP"}` heartbeat runs. */
  heartbeat: boolean;
  /** Open time, ms. */
  openedAt: number;
  /** Close time, ms. */
  closedAt?: number;
  /** Close code (1006 for drops and idle closes). */
  closeCode?: number;
  /**
   * permessage-deflate and friends: the client's `Sec-WebSocket-Extensions` offer and what the
   * server accepted, verbatim ("" for none), e.g. `"permessage-deflate; client_max_window_bits"`
   * and `"permessage-deflate"`.
   */
  extensions: { offered: string; negotiated: string };
}

/**
 * Counters over the emulator's life.
 *
 * @example Check rate-limit violations
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * console.log(emu.stats().rateLimitViolations); // 0
 * ```
 */
export interface EmulatorStats {
  /** Upgrades accepted. */
  connectionsOpened: number;
  /** Connections ended. */
  connectionsClosed: number;
  /** Connections open now. */
  connectionsOpen: number;
  /** Upgrades refused (faults, 401, 429). */
  upgradesRefused: number;
  /** Request messages (PING excluded). */
  requests: number;
  /** Text `PING`s. */
  pings: number;
  /** `{"status":"UP"}` frames sent. */
  upsSent: number;
  /** Frames sent. */
  framesSent: number;
  /** Payload bytes sent. */
  bytesSent: number;
  /** Frames swallowed by stalls. */
  framesDropped: number;
  /** Snapshot events sent. */
  snapshotsSent: number;
  /** Error frames sent. */
  errorsSent: number;
  /** Error frames per `error.name`. */
  errorsByName: Record<string, number>;
  /** Every rate-limit violation, connect and message. */
  rateLimitViolations: number;
  /** Upgrades over the connect limit. */
  connectRateLimitViolations: number;
  /** Messages over the per-connection limits. */
  messageRateLimitViolations: number;
  /** Private upgrades with a missing or bad JWT. */
  authFailures: number;
  /** Auth failures per reason. */
  authFailuresByReason: Record<string, number>;
  /** Connections dropped for idleness. */
  idleCloses: number;
  /** Faults injected. */
  faults: number;
}
