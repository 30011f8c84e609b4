/**
 * The emulator's options resolved once: defaults filled in, every number and choice checked
 * (a `RangeError` quoting the value), the quirks as a set; and its statistics at zero.
 *
 * @module
 */
import type { EmulatorOptions, Quirk, ResolvedConfig } from "../options.ts";
import type { EmulatorStats } from "../reports.ts";

/** Statistics before anything happened. @internal */
export function emptyStats(): EmulatorStats {
  return {
    connectionsOpened: 0,
    connectionsClosed: 0,
    connectionsOpen: 0,
    upgradesRefused: 0,
    requests: 0,
    pings: 0,
    upsSent: 0,
    framesSent: 0,
    bytesSent: 0,
    framesDropped: 0,
    snapshotsSent: 0,
    errorsSent: 0,
    errorsByName: {},
    rateLimitViolations: 0,
    connectRateLimitViolations: 0,
    messageRateLimitViolations: 0,
    authFailures: 0,
    authFailuresByReason: {},
    idleCloses: 0,
    faults: 0,
  };
}

/** An option that must be a finite number ≥ 0, or its default when absent. @internal */
export function nonNegative(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new RangeError(
      `Cannot start the emulator as ${name} must be a non-negative number: current value is "${v}"`,
    );
  }
  return v;
}

function oneOf<T extends string>(name: string, v: T | undefined, allowed: readonly T[]): T {
  if (v === undefined) return allowed[0] as T;
  if (!allowed.includes(v)) {
    throw new RangeError(
      `Cannot start the emulator as ${name} must be one of ${
        allowed.join(", ")
      }: current value is "${v}"`,
    );
  }
  return v;
}

/**
 * Resolves options to a full config, validating every value.
 *
 * @example Read a default
 * ```ts
 * import { resolveConfig } from "upbit-ws/testing";
 * console.log(resolveConfig({}).idleTimeoutMs); // 120000
 * ```
 */
export function resolveConfig(o: EmulatorOptions): ResolvedConfig {
  const rl = o.rateLimits ?? {};
  const refusals = o.refusals ?? {};
  const listMax = nonNegative("listMaxItems", o.listMaxItems, 10);
  const upInterval = nonNegative("upIntervalMs", o.upIntervalMs, 10_000);
  if (listMax < 1) {
    throw new RangeError(
      `Cannot start the emulator as listMaxItems must be at least 1: current value is "${listMax}"`,
    );
  }
  if (upInterval <= 0) {
    throw new RangeError(
      `Cannot start the emulator as upIntervalMs must be positive: current value is "${upInterval}"`,
    );
  }
  return {
    snapshotDelayMs: nonNegative("snapshotDelayMs", o.snapshotDelayMs, 0),
    errorCloseDelayMs: nonNegative("errorCloseDelayMs", o.errorCloseDelayMs, 150),
    idleTimeoutMs: nonNegative("idleTimeoutMs", o.idleTimeoutMs, 120_000),
    upIntervalMs: upInterval,
    upFirstDelayMs: nonNegative("upFirstDelayMs", o.upFirstDelayMs, 0),
    frames: oneOf("frames", o.frames, ["binary", "text"] as const),
    javaNumbers: o.javaNumbers ?? false,
    listMaxItems: listMax,
    omittedFormat: oneOf("omittedFormat", o.omittedFormat, ["default", "keep"] as const),
    authFailure: oneOf("authFailure", o.authFailure, ["error-frame", "http-401"] as const),
    acceptCamelCaseFlags: o.acceptCamelCaseFlags ?? false,
    crossEndpointTypes: o.crossEndpointTypes ?? false,
    orderbookTotals: oneOf("orderbookTotals", o.orderbookTotals, ["sent", "full"] as const),
    legacyTickerKeys: o.legacyTickerKeys ?? false,
    quirks: quirkSet(o.quirks),
    connectsPerSecond: nonNegative("rateLimits.connectsPerSecond", rl.connectsPerSecond, 5),
    messagesPerSecond: nonNegative("rateLimits.messagesPerSecond", rl.messagesPerSecond, 5),
    messagesPerMinute: nonNegative("rateLimits.messagesPerMinute", rl.messagesPerMinute, 100),
    onConnectLimit: oneOf(
      "rateLimits.onConnectLimit",
      rl.onConnectLimit,
      ["reject", "count"] as const,
    ),
    onMessageLimit: oneOf(
      "rateLimits.onMessageLimit",
      rl.onMessageLimit,
      ["error-close", "error", "count"] as const,
    ),
    messageLimitError: oneOf(
      "rateLimits.messageLimitError",
      rl.messageLimitError,
      ["TOO_MANY_REQUEST", "Too Many Requests", "I'm a teapot"] as const,
    ),
    errorLanguage: oneOf("refusals.language", refusals.language, ["ko", "en"] as const),
    unsupportedLevel: oneOf(
      "refusals.unsupportedLevel",
      refusals.unsupportedLevel,
      ["no-data", "wrong-format"] as const,
    ),
    maxCombinations: nonNegative("refusals.maxCombinations", refusals.maxCombinations, 0),
  };
}

const QUIRKS: readonly Quirk[] = [
  "market-order-nulls",
  "market-buy-ends-cancel",
  "regional-my-order",
  "trade-without-best",
  "ticker-without-deprecated",
  "ticker-null-24h",
];

function quirkSet(quirks: EmulatorOptions["quirks"]): ReadonlySet<Quirk> {
  if (quirks === undefined || quirks === false) return new Set();
  if (quirks === true) return new Set(QUIRKS);
  if (!Array.isArray(quirks)) {
    throw new TypeError(
      `Cannot start the emulator as quirks must be a boolean or a list: current value is ${
        JSON.stringify(quirks)
      }`,
    );
  }
  for (const q of quirks) {
    if (!QUIRKS.includes(q)) {
      throw new RangeError(
        `Cannot start the emulator as each quirk must be one of ${
          QUIRKS.join(", ")
        }: current value is ${JSON.stringify(q)}`,
      );
    }
  }
  return new Set(quirks);
}
