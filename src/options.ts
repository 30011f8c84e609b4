/**
 * The client's options as a user writes them: {@linkcode UpbitClientOptions} and its parts.
 * `resolved_options.ts` checks them (once, in the constructor, before anything touches the
 * network); `endpoint_urls.ts` turns `url`, `privateUrl`, `infoUrl` and `region` into the three
 * endpoints.
 *
 * @module
 */
import type { BackoffOptions } from "./wire/backoff.ts";
import type { Clock } from "./clock.ts";
import type { JwtAlgorithm } from "./auth/jwt.ts";
import type { RequestLimit } from "./demand/rate_gate.ts";
import type { OverflowPolicy } from "./deliver/ring_buffer.ts";
import type { WebSocketConstructor } from "./wire/transport.ts";
import type { WireFormat } from "./types.ts";

/**
 * Upbit's regional exchanges.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ region: "sg" }); // wss://sg-api.upbit.com/websocket/v1
 * ```
 */
export type Region = "kr" | "sg" | "id" | "th";

/**
 * Tuning presets from the seed: `development` fails fast (a few quick reconnects, a 60 s
 * heartbeat); `production` never gives up (unbounded reconnects with 1–16 s full-jitter backoff,
 * a 30 s heartbeat).
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ profile: "development" });
 * ```
 */
export type Profile = "development" | "production";

/**
 * Reconnect settings; `reconnect: false` turns reconnecting off.
 *
 * @example Give up after the seed's five attempts
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ reconnect: { maxAttempts: 5 } });
 * ```
 */
export interface ReconnectOptions extends Partial<BackoffOptions> {
  /** Attempts after a loss before giving up; `Infinity` is allowed. */
  maxAttempts?: number;
  /** A connection up this long resets the attempt count. */
  minUptimeMs?: number;
}

/**
 * Keepalive and liveness settings.
 *
 * @example Detect a silent socket within 10 s
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient({ keepalive: { staleAfterMs: 10_000 } });
 * ```
 */
export interface KeepaliveOptions {
  /** How often the text `PING` goes out; Upbit answers `{"status":"UP"}` every 10 s after it. */
  pingIntervalMs?: number;
  /** No frame at all (data or `UP`) for this long marks the socket dead and replaces it. */
  staleAfterMs?: number;
}

/**
 * Options of `new UpbitClient(options)`.
 *
 * @example
 * ```ts
 * import { UpbitClient, type UpbitClientOptions } from "upbit-ws";
 * const options: UpbitClientOptions = { name: "bot", format: "SIMPLE", profile: "production" };
 * await using client = new UpbitClient(options);
 * ```
 */
export interface UpbitClientOptions {
  /** Names this client in tickets and `health()`. */
  name?: string;
  /**
   * Public endpoint (`ws://` or `wss://`); defaults to the region's. It is also the base of the
   * others: `url: "ws://127.0.0.1:9000/websocket/v1"` puts the private endpoint at
   * `ws://127.0.0.1:9000/websocket/v1/private` and the indicator endpoint at `…/websocket/v1/info`,
   * so keys never go to Upbit while `url` points elsewhere. Excludes `region`.
   */
  url?: string;
  /**
   * Private endpoint (`myOrder`, `myAsset`; carries the JWT). Defaults to `url` + `/private`, else
   * the region's. Must be on the scheme and host of the public endpoint (`TypeError` otherwise), so
   * that a half-overridden set can never send keys somewhere the user did not name.
   */
  privateUrl?: string;
  /**
   * Indicator endpoint (`indicator`, `indicator_signal`; carries the JWT). Defaults to `url` +
   * `/info`, else the region's (`wss://api.upbit.com/websocket/v1/info`). Same rules as
   * `privateUrl`.
   */
  infoUrl?: string;
  /** Upbit region: `kr` (default), `sg`, `id` or `th`; picks Upbit's hosts, so it excludes `url`. */
  region?: Region;
  /** Defaults to the environment's `UPBIT_ACCESS_KEY`. */
  accessKey?: string;
  /** Defaults to the environment's `UPBIT_SECRET_KEY`. Never logged, never in an error. */
  secretKey?: string;
  /** JWT algorithm for private streams; Upbit recommends HS512. */
  jwtAlgorithm?: JwtAlgorithm;
  /** Wire format; events look the same whichever is used. */
  format?: WireFormat;
  /** Defaults to the environment's `UPBIT_WS_PROFILE`, else `production`. */
  profile?: Profile;
  /** Reconnect tuning, or `false` to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Keepalive `PING` and stall detection. */
  keepalive?: KeepaliveOptions;
  /** How long one connect attempt may take (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Message limits per connection. Default: 5 per second and 100 per minute (Upbit's), each with a
   * small margin; 1 per 10 s where the runtime sends an `Origin` header (a browser page).
   */
  requestLimits?: RequestLimit[];
  /**
   * Connection attempts per host (public, private and info together, each reconnect included).
   * Default: 5 per 1.1 s — Upbit's 5 upgrades per second, with a small margin. Loosen it only for
   * a server of your own (tests, a relay).
   */
  connectLimits?: RequestLimit[];
  /** How long a connection without subscriptions stays open. */
  lingerMs?: number;
  /**
   * How long a requested snapshot may take before it is asked for again (default 5000 ms; Upbit
   * answers in well under a second). After three requests the client stops waiting: a `"both"`
   * subscription then gets realtime events without a snapshot, and a `"snapshot"` one fails with
   * a `TimeoutError`.
   */
  snapshotTimeoutMs?: number;
  /** Default buffer size of each subscription. */
  bufferSize?: number;
  /** Default overflow policy of each subscription. */
  overflow?: OverflowPolicy;
  /**
   * Full schema validation of frames against Upbit's documented shape: the first of each type and
   * format (default), every one until one fails, or none. A frame that fails is reported once per
   * type and format as a `DECODE` error event with `delivered: true`, and its event is delivered
   * all the same; only frames that cannot be the event at all are dropped, in every mode.
   */
  validate?: "first" | "always" | "never";
  /** Keep `myAsset` amounts as exact decimal strings. */
  lossless?: boolean;
  /** Closes the client when aborted. */
  signal?: AbortSignal;
  /** WebSocket constructor injection (e.g. mock-socket in tests). */
  WebSocket?: WebSocketConstructor;
  /**
   * Whether to offer permessage-deflate, which Upbit then applies to every frame: less bandwidth
   * (a 30-level order book about 6× smaller, a trade or ticker about 2×), more CPU per frame (the
   * client inflates each one). Unset: off wherever the runtime can decline it (Node through the
   * `ws` package when it is installed, Bun, Deno, workerd), as measured in BENCHMARKS.md.
   * `false` on Node without `ws`, `true` on Deno, or `true` on workerd for the private endpoint
   * fail each connect with a `NotSupportedError`. With an injected `WebSocket`, `false` passes
   * `{ perMessageDeflate: false }` as its second argument (the `ws` package and Bun read it).
   */
  compression?: boolean;
  /** Time source (tests). */
  clock?: Clock;
  /** Random source for jitter (tests). */
  random?: () => number;
}

/**
 * The three endpoints of a client, all on one host: what every connection uses (see
 * {@linkcode resolveEndpoints}).
 *
 * @example
 * ```ts
 * import { resolveEndpoints } from "upbit-ws";
 * const e = resolveEndpoints({ url: "ws://127.0.0.1:9000/websocket/v1" });
 * e.private; // "ws://127.0.0.1:9000/websocket/v1/private"
 * ```
 */
export interface Endpoints {
  /** Market data (`ticker`, `trade`, `orderbook`, `candle.*`), no credentials. */
  readonly public: string;
  /** Account data (`myOrder`, `myAsset`), with the JWT in the upgrade's `Authorization` header. */
  readonly private: string;
  /** Technical indicators (`indicator`, `indicator_signal`), with the JWT. */
  readonly info: string;
}
