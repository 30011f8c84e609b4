/**
 * The client's options checked and completed: {@linkcode resolveOptions} runs once, in the
 * constructor, before anything touches the network, and fills in the seed's
 * development/production profiles.
 *
 * @module
 */
import type { BackoffOptions } from "./wire/backoff.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { JwtAlgorithm } from "./auth/jwt.ts";
import type { RequestLimit } from "./demand/rate_gate.ts";
import type { OverflowPolicy } from "./deliver/ring_buffer.ts";
import { checkBufferOptions } from "./deliver/subscription_init.ts";
import { compressionProblem } from "./wire/compression.ts";
import type { WebSocketConstructor } from "./wire/transport.ts";
import { NotSupportedError } from "./errors.ts";
import type { WireFormat } from "./types.ts";
import { checkNumber, checkOneOf, quote } from "./args.ts";
import { readEnv } from "./auth/env.ts";
import { WIRE_FORMATS } from "./protocol/formats.ts";
import type { Endpoints, Profile, UpbitClientOptions } from "./options.ts";
import { resolveEndpoints } from "./endpoint_urls.ts";

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

/** The seed's tuning table. */
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

const FORMATS: readonly WireFormat[] = WIRE_FORMATS;

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
 * import { resolveOptions } from "./resolved_options.ts";
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
  const profile = checkOneOf(
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
  checkLimits(limits, "requestLimits");
  const connectLimits = options.connectLimits ?? [{ max: 5, windowMs: 1100 }];
  checkLimits(connectLimits, "connectLimits");
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
    format: checkOneOf(options.format ?? "DEFAULT", FORMATS, "format"),
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
    ...checkBufferOptions(options),
    validate: checkOneOf(
      options.validate ?? "first",
      ["first", "always", "never"] as const,
      "validate",
    ),
    lossless: options.lossless === true,
    jwtAlgorithm: checkOneOf(
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

/** Checks a list of rate limits (`requestLimits`, `connectLimits`): non-empty, each positive. */
function checkLimits(limits: unknown, name: string): void {
  if (!Array.isArray(limits) || limits.length === 0) {
    throw new TypeError(
      `Cannot use option "${name}" as it must be a non-empty array: current value is ${
        quote(limits)
      }`,
    );
  }
  for (const [i, limit] of (limits as (RequestLimit | undefined)[]).entries()) {
    checkNumber(limit?.max, `${name}[${i}].max`, 1, { integer: true });
    checkNumber(limit?.windowMs, `${name}[${i}].windowMs`, 1);
  }
}
