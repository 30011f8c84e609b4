/**
 * The shapes `UpbitNatsClient` takes and reports: its options, a subscription's options,
 * its health and its counters, and its event map.
 *
 * @module
 */
import type { UpbitErrorEvent } from "../src/events.ts";
import type { StreamPreference } from "../src/demand/consumer.ts";
import type { OverflowPolicy } from "../src/deliver/ring_buffer.ts";
import type { NatsConnectionLike } from "./_wire.ts";

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
