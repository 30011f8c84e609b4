/**
 * The client's options, the seed's development/production profiles, and their validation. Every
 * option is checked once, in the constructor, before anything touches the network.
 *
 * @module
 */
import type { BackoffOptions } from "./wire/backoff.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { JwtAlgorithm } from "./auth/jwt.ts";
import type { RequestLimit } from "./demand/rate_gate.ts";
import type { OverflowPolicy } from "./deliver/subscription.ts";
import { compressionProblem } from "./wire/compression.ts";
import type { WebSocketConstructor } from "./wire/transport.ts";
import { NotSupportedError } from "./errors.ts";
import type { WireFormat } from "./types.ts";
import { checkNumber, quote } from "./args.ts";
import { readEnv } from "./auth/env.ts";

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

/** Everything resolved; what the client and its connections run on. */
export interface ResolvedOptions {
  name: string;
  /** Every endpoint, resolved once: the only place connections take a URL from. */
  endpoints: Endpoints;
  format: WireFormat;
  profile: Profile;
  backoff: BackoffOptions;
  maxAttempts: number;
  minUptimeMs: number;
  pingIntervalMs: number;
  staleAfterMs: number;
  connectTimeoutMs: number;
  limits: RequestLimit[];
  /** Connection attempts per host (see `UpbitClientOptions.connectLimits`). */
  connectLimits: RequestLimit[];
  lingerMs: number;
  snapshotTimeoutMs: number;
  bufferSize: number;
  overflow: OverflowPolicy;
  validate: "first" | "always" | "never";
  lossless: boolean;
  jwtAlgorithm: JwtAlgorithm;
  clock: Clock;
  random: () => number;
  WebSocket: WebSocketConstructor | undefined;
  compression: boolean | undefined;
}

const HOSTS: Record<Region, string> = {
  kr: "api.upbit.com",
  sg: "sg-api.upbit.com",
  id: "id-api.upbit.com",
  th: "th-api.upbit.com",
};

const PROFILES: Record<
  Profile,
  { backoff: BackoffOptions; maxAttempts: number; pingIntervalMs: number }
> = {
  development: {
    backoff: { initialDelayMs: 250, maxDelayMs: 4000, factor: 2, jitter: 1 },
    maxAttempts: 5,
    pingIntervalMs: 60_000,
  },
  production: {
    backoff: { initialDelayMs: 1000, maxDelayMs: 16_000, factor: 2, jitter: 1 },
    maxAttempts: Infinity,
    pingIntervalMs: 30_000,
  },
};

const FORMATS: readonly WireFormat[] = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"];
const OVERFLOWS: readonly OverflowPolicy[] = ["drop-oldest", "latest", "error"];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `Cannot use option "${name}" as it must be one of ${allowed.join(", ")}: current value is ${
        quote(value)
      }`,
    );
  }
  return value as T;
}

function socketUrl(value: unknown, name: string): URL {
  let parsed: URL | undefined;
  if (typeof value === "string" && /^wss?:\/\/[^\s]+$/.test(value)) {
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed !== undefined && parsed.host !== "") return parsed;
  throw new TypeError(
    `Cannot use option "${name}" as it must be a ws:// or wss:// URL: current value is ${
      quote(value)
    }`,
  );
}

/** `base` with `suffix` appended to its path (one slash between), query kept. */
function derive(base: URL, suffix: string): string {
  const out = new URL(base.href);
  out.pathname = `${out.pathname.replace(/\/+$/, "")}/${suffix}`;
  return out.href;
}

/**
 * Resolves the public, private and indicator endpoints from `url`, `privateUrl`, `infoUrl` and
 * `region`, so that they always name one host:
 *
 * - nothing given: the region's (default `kr`) `wss://api.upbit.com/websocket/v1`, `…/private`,
 *   `…/info`;
 * - `url` given: it is the public endpoint and the base of the others (`url` + `/private`,
 *   `url` + `/info`), unless `privateUrl`/`infoUrl` are given too — on the same scheme and host
 *   (port included) as `url`.
 *
 * Everything else is refused with a `TypeError` before any key is used: a `privateUrl` or `infoUrl`
 * on another scheme or host than the public endpoint (`url`, else the region's: a `privateUrl`
 * alone cannot move the keys while the rest stays on Upbit), and `region` together with `url`.
 *
 * @param options the endpoint options of {@linkcode UpbitClientOptions}
 * @returns the three endpoints, as strings
 * @throws {TypeError} for a URL that is not `ws://`/`wss://`, or a set that is not on one host
 * @throws {RangeError} for an unknown region
 *
 * @example
 * ```ts
 * import { resolveEndpoints } from "upbit-ws";
 * resolveEndpoints({ region: "sg" }).private; // "wss://sg-api.upbit.com/websocket/v1/private"
 * resolveEndpoints({ url: "ws://127.0.0.1:9000/websocket/v1" }).info;
 * // "ws://127.0.0.1:9000/websocket/v1/info"
 * ```
 */
export function resolveEndpoints(
  options: Pick<UpbitClientOptions, "url" | "privateUrl" | "infoUrl" | "region"> = {},
): Endpoints {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot resolve endpoints as options must be an object: current value is ${quote(options)}`,
    );
  }
  const region = oneOf(options.region ?? "kr", ["kr", "sg", "id", "th"] as const, "region");
  if (options.url !== undefined && options.region !== undefined) {
    socketUrl(options.url, "url");
    throw new TypeError(
      `Cannot use option "region" together with "url", as region picks Upbit's hosts and url ` +
        `another; leave one out: current value is ${quote(options.region)}`,
    );
  }
  const given = options.url !== undefined;
  const publicUrl = given ? options.url as string : `wss://${HOSTS[region]}/websocket/v1`;
  const base = socketUrl(publicUrl, "url");
  const site = `${base.protocol}//${base.host}`;
  const resolved = { private: derive(base, "private"), info: derive(base, "info") };
  for (const key of ["privateUrl", "infoUrl"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const other = socketUrl(value, key);
    if (`${other.protocol}//${other.host}` !== site) {
      throw new TypeError(
        `Cannot use option "${key}" as it must be on the scheme and host of ` +
          (given
            ? `"url" (${site})`
            : `the public endpoint (${site}, the region's; to move every endpoint, give "url")`) +
          `, so that keys go only where the public endpoint points: current value is ${
            quote(value)
          }`,
      );
    }
    resolved[key === "privateUrl" ? "private" : "info"] = value;
  }
  return { public: publicUrl, ...resolved };
}

/**
 * Resolves and validates the client's options.
 *
 * @param options what the caller passed
 * @returns every setting, resolved
 * @throws {TypeError} for an option of the wrong type
 * @throws {RangeError} for an option out of range
 *
 * @example
 * ```ts
 * import { resolveOptions } from "./options.ts";
 * resolveOptions({ profile: "development" }).maxAttempts; // 5
 * ```
 */
export function resolveOptions(options: UpbitClientOptions = {}): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot create a client as options must be an object: current value is ${quote(options)}`,
    );
  }
  const endpoints = resolveEndpoints(options);
  const profile = oneOf(
    options.profile ?? readEnv("UPBIT_WS_PROFILE") ?? "production",
    ["development", "production"] as const,
    "profile",
  );
  const preset = PROFILES[profile];
  const reconnect = options.reconnect === false ? { maxAttempts: 0 } : options.reconnect ?? {};
  const backoff: BackoffOptions = {
    initialDelayMs: checkNumber(
      reconnect.initialDelayMs ?? preset.backoff.initialDelayMs,
      "reconnect.initialDelayMs",
      0,
    ),
    maxDelayMs: checkNumber(
      reconnect.maxDelayMs ?? preset.backoff.maxDelayMs,
      "reconnect.maxDelayMs",
      0,
    ),
    factor: checkNumber(reconnect.factor ?? preset.backoff.factor, "reconnect.factor", 1),
    jitter: checkNumber(reconnect.jitter ?? preset.backoff.jitter, "reconnect.jitter", 0, {
      max: 1,
    }),
  };
  if (backoff.maxDelayMs < backoff.initialDelayMs) {
    throw new RangeError(
      `Cannot use option "reconnect.maxDelayMs" as it must be >= reconnect.initialDelayMs (${backoff.initialDelayMs}): current value is ${backoff.maxDelayMs}`,
    );
  }
  const keepalive = options.keepalive ?? {};
  const browser = typeof (globalThis as { document?: unknown }).document !== "undefined";
  const limits = options.requestLimits ??
    (browser
      ? [{ max: 1, windowMs: 10_500 }]
      : [{ max: 5, windowMs: 1100 }, { max: 100, windowMs: 61_000 }]);
  if (!Array.isArray(limits) || limits.length === 0) {
    throw new TypeError(
      `Cannot use option "requestLimits" as it must be a non-empty array: current value is ${
        quote(limits)
      }`,
    );
  }
  for (const [i, limit] of limits.entries()) {
    checkNumber(limit?.max, `requestLimits[${i}].max`, 1, { integer: true });
    checkNumber(limit?.windowMs, `requestLimits[${i}].windowMs`, 1);
  }
  const connectLimits = options.connectLimits ?? [{ max: 5, windowMs: 1100 }];
  if (!Array.isArray(connectLimits) || connectLimits.length === 0) {
    throw new TypeError(
      `Cannot use option "connectLimits" as it must be a non-empty array: current value is ${
        quote(connectLimits)
      }`,
    );
  }
  for (const [i, limit] of connectLimits.entries()) {
    checkNumber(limit?.max, `connectLimits[${i}].max`, 1, { integer: true });
    checkNumber(limit?.windowMs, `connectLimits[${i}].windowMs`, 1);
  }
  const name = options.name ?? "upbit-ws";
  if (typeof name !== "string" || name.length === 0 || name.length > 64) {
    throw new TypeError(
      `Cannot use option "name" as it must be a string of 1 to 64 characters: current value is ${
        quote(name)
      }`,
    );
  }
  if (options.WebSocket !== undefined && typeof options.WebSocket !== "function") {
    throw new TypeError(
      `Cannot use option "WebSocket" as it must be a constructor: current value is ${
        quote(options.WebSocket)
      }`,
    );
  }
  if (options.compression !== undefined && typeof options.compression !== "boolean") {
    throw new TypeError(
      `Cannot use option "compression" as it must be a boolean: current value is ${
        quote(options.compression)
      }`,
    );
  }
  // What the runtime cannot do at all fails here; the private endpoint on workerd with
  // `compression: true` fails when it connects (see `openSocket`).
  const compressionIssue = options.WebSocket === undefined
    ? compressionProblem(options.compression, false)
    : undefined;
  if (compressionIssue !== undefined) throw new NotSupportedError(compressionIssue);
  return {
    name,
    endpoints,
    format: oneOf(options.format ?? "DEFAULT", FORMATS, "format"),
    profile,
    backoff,
    maxAttempts: checkNumber(
      reconnect.maxAttempts ?? preset.maxAttempts,
      "reconnect.maxAttempts",
      0,
      { integer: true, infinity: true },
    ),
    minUptimeMs: checkNumber(reconnect.minUptimeMs ?? 5000, "reconnect.minUptimeMs", 0),
    pingIntervalMs: checkNumber(
      keepalive.pingIntervalMs ?? preset.pingIntervalMs,
      "keepalive.pingIntervalMs",
      1,
    ),
    staleAfterMs: checkNumber(keepalive.staleAfterMs ?? 25_000, "keepalive.staleAfterMs", 1),
    connectTimeoutMs: checkNumber(options.connectTimeoutMs ?? 10_000, "connectTimeoutMs", 1),
    limits,
    connectLimits,
    lingerMs: checkNumber(options.lingerMs ?? 5000, "lingerMs", 0),
    snapshotTimeoutMs: checkNumber(options.snapshotTimeoutMs ?? 5000, "snapshotTimeoutMs", 1),
    bufferSize: checkNumber(options.bufferSize ?? 1024, "bufferSize", 1, { integer: true }),
    overflow: oneOf(options.overflow ?? "drop-oldest", OVERFLOWS, "overflow"),
    validate: oneOf(options.validate ?? "first", ["first", "always", "never"] as const, "validate"),
    lossless: options.lossless === true,
    jwtAlgorithm: oneOf(
      options.jwtAlgorithm ?? "HS512",
      ["HS512", "HS256"] as const,
      "jwtAlgorithm",
    ),
    clock: options.clock ?? systemClock(),
    random: options.random ?? Math.random,
    WebSocket: options.WebSocket,
    compression: options.compression,
  };
}
