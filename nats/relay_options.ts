/**
 * The shapes of `relay()`'s options and of the running relay it returns: the ack modes,
 * the lease, the counters.
 *
 * @module
 */
import type { NatsConnectionLike, StreamLimits } from "./_wire.ts";

/**
 * How the relay waits for JetStream's acknowledgements.
 *
 * - `"pipelined"` (default): publish without awaiting each ack (a core publish with a reply
 *   subject; one inbox subscription takes every JetStream ack, with no request or timer per
 *   message); at most `maxInFlight` unacknowledged, then the next event waits until acks catch up
 *   (backpressure goes to the subscription's bounded buffer). Acks are counted; refusals are
 *   reported; a publish not acknowledged within 10 s counts as failed.
 * - `"each"`: await every ack before the next publish (slow: one round trip per event).
 * - `"none"`: core publish; the stream still captures the subject, but nothing is acknowledged.
 *
 * @example
 * ```ts
 * import type { AckMode } from "upbit-ws/nats";
 * const mode: AckMode = "pipelined";
 * ```
 */
export type AckMode = "pipelined" | "each" | "none";

/**
 * Active/standby through a lease in the NATS key-value store: the relay that holds the key
 * `active` of bucket `bucket` publishes; the others keep the consumers' demand and take over when
 * the lease lapses (`ttlMs` after the last renewal) or is released on close.
 *
 * @example
 * ```ts
 * import type { LeaseOptions } from "upbit-ws/nats";
 * const lease: LeaseOptions = { ttlMs: 3000, bucket: "upbit-relay" };
 * ```
 */
export interface LeaseOptions {
  /** Lease time to live in ms: failover takes at most about this long (default 3000, min 300). */
  ttlMs?: number;
  /** KV bucket name (default `<prefix>-relay`, dots as `-`). */
  bucket?: string;
}

/**
 * Options of `relay()`.
 *
 * @example
 * ```ts
 * import type { RelayOptions } from "upbit-ws/nats";
 * import type { NatsConnection } from "@nats-io/nats-core";
 * declare const nc: NatsConnection;
 * const options: RelayOptions = { nats: nc, types: ["ticker", "orderbook"], codes: ["KRW-BTC"] };
 * ```
 */
export interface RelayOptions {
  /**
   * A connected NATS connection (`wsconnect` or `@nats-io/transport-node`'s `connect`; not
   * closed by the relay), or a `ws://`/`wss://` URL that the relay connects to (and closes).
   */
  nats: NatsConnectionLike | string;
  /** Types always relayed for `codes` (default `["ticker", "trade", "orderbook"]`). */
  types?: string[];
  /** Codes always relayed, whatever consumers ask (default none: demand only). */
  codes?: string[];
  /** First subject token (default `"upbit"`): events go to `<prefix>.<type>.<code>`. */
  prefix?: string;
  /** How acks are awaited (default `"pipelined"`). */
  ack?: AckMode;
  /** Most unacknowledged publishes in `"pipelined"` mode (default 4096). */
  maxInFlight?: number;
  /** Serve consumers' demand on `<prefix>.demand` (default true). */
  demand?: boolean;
  /** Active/standby lease (default `{ ttlMs: 3000 }`); `false`: always active (one ingest). */
  lease?: LeaseOptions | false;
  /** History kept by the trade and candle streams. */
  limits?: Partial<StreamLimits>;
  /** Orderbook depth published (default 30; checked when the relay starts). */
  orderbookUnits?: 1 | 5 | 15 | 30;
  /**
   * Private streams go on the bus ONLY when named here, and only on these exact subjects (core
   * publish, no stream). Default: none.
   */
  private?: { myOrder?: string; myAsset?: string };
  /** This relay's id in leases and replies (default random). */
  id?: string;
  /** Non-fatal problems (a failed publish, a bad demand message). */
  onError?: (error: unknown) => void;
}

/**
 * Counters of one relay; `lagMs` is how far acknowledgements trail the publishes.
 *
 * @example
 * ```ts
 * import type { RelayStats } from "upbit-ws/nats";
 * const show = (s: RelayStats) => console.log(s.published, s.inFlight, s.lagMs);
 * ```
 */
export interface RelayStats {
  /** This relay's id. */
  id: string;
  /** Whether it holds the lease and publishes. */
  active: boolean;
  /** Events published (JetStream or core). */
  published: number;
  /** Acks received (`"pipelined"`, `"each"`). */
  acked: number;
  /** Acks that said the stream already had the event (de-duplicated). */
  duplicates: number;
  /** Publishes that failed (no ack, or an error). */
  failed: number;
  /** Publishes not yet acknowledged. */
  inFlight: number;
  /** Age in ms of the oldest unacknowledged publish (0 when none). */
  lagMs: number;
  /** Mean ack round trip in ms over the acks so far (0 when none). */
  ackMs: number;
  /** Milliseconds from Upbit's `timestamp` of the last event to its publish (clock skew included). */
  eventAgeMs: number;
  /** Consumers whose demand is live. */
  consumers: number;
  /** (type, code) pairs subscribed at Upbit. */
  interests: number;
  /** Times this relay became active. */
  activations: number;
}

/**
 * A running relay; close it (or `await using`) to stop.
 *
 * @example
 * ```ts
 * import type { Relay } from "upbit-ws/nats";
 * const report = (r: Relay) => console.log(r.stats().active);
 * ```
 */
export interface Relay extends AsyncDisposable {
  /** Resolves once the streams exist and demand is served. */
  readonly ready: Promise<void>;
  /** Counters. */
  stats(): RelayStats;
  /** Stops publishing, releases the lease, closes the Upbit subscriptions (not the client). */
  close(): Promise<void>;
}
