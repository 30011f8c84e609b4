/**
 * What the relay and the consumer agree on: subjects, stream names and limits, headers, the
 * message id used for JetStream de-duplication, and the JSON of the demand protocol.
 *
 * @internal
 * @module
 */
import type { CandleInterval, UpbitEvent } from "../src/types.ts";
import { checkInterval, quote } from "../src/args.ts";

/**
 * A connection of `@nats-io/nats-core` 3.x: what `wsconnect()` (every runtime) or `connect()` of
 * `@nats-io/transport-node` (Node, Deno, Bun) resolves with. Only the members named here are
 * spelled out, so these docs do not pull in that package's types; pass the real connection.
 *
 * @example
 * ```ts
 * import { wsconnect } from "@nats-io/nats-core";
 * import type { NatsConnectionLike } from "upbit-ws/nats";
 * const nc: NatsConnectionLike = await wsconnect({ servers: "ws://127.0.0.1:8080" });
 * ```
 */
export interface NatsConnectionLike {
  /** Whether the connection was closed for good. */
  isClosed(): boolean;
  /** Resolves when the server has seen everything sent so far. */
  flush(): Promise<void>;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Checks that `value` looks like a `NatsConnection` and returns it as one. */
export function asConnection<T>(value: unknown, what: string): T {
  const v = value as Record<string, unknown> | null;
  if (
    v === null || typeof v !== "object" || typeof v["publish"] !== "function" ||
    typeof v["subscribe"] !== "function" || typeof v["request"] !== "function"
  ) {
    throw new TypeError(
      `Cannot use ${what} as it must be a NatsConnection of @nats-io/nats-core: current value is ${
        quote(value)
      }`,
    );
  }
  return value as T;
}

/** The version of the JSON on the bus; a consumer refuses messages of a newer version. */
export const SCHEMA_VERSION = 1;
/** The header that carries {@linkcode SCHEMA_VERSION}. */
export const SCHEMA_HEADER = "Upbit-Ws-Schema";
/** JetStream's de-duplication header. */
export const MSG_ID_HEADER = "Nats-Msg-Id";
/** The default first subject token. */
export const DEFAULT_PREFIX = "upbit";

/** A public market type on the bus: `ticker`, `trade`, `orderbook` or `candle.<interval>`. */
export type BusType = "ticker" | "trade" | "orderbook" | `candle.${CandleInterval}`;

/** The four streams, one per kind. */
export type StreamKind = "ticker" | "trade" | "orderbook" | "candle";

/** Checks a subject prefix: one or more dot-separated tokens, no wildcards or spaces. */
export function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== "string" || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
    throw new TypeError(
      `Cannot use the subject prefix as it must be dot-separated tokens of letters, digits, "_" or "-": current value is ${
        quote(prefix)
      }`,
    );
  }
  return prefix;
}

/** Checks a public market type name. */
export function checkBusType(type: unknown): BusType {
  if (type === "ticker" || type === "trade" || type === "orderbook") return type;
  if (typeof type === "string" && type.startsWith("candle.")) {
    return `candle.${checkInterval(type.slice(7))}`;
  }
  throw new RangeError(
    `Cannot use the type as it must be ticker, trade, orderbook or candle.<interval>: current value is ${
      quote(type)
    }`,
  );
}

/** The kind (stream) of a type. */
export function kindOf(type: BusType): StreamKind {
  return type.startsWith("candle.") ? "candle" : type as StreamKind;
}

/** `upbit.ticker.KRW-BTC`, `upbit.candle.1m.KRW-BTC`. */
export function subjectOf(prefix: string, type: string, code: string): string {
  return `${prefix}.${type}.${code}`;
}

/**
 * A random id for a relay or a consumer: 16 hex digits from WebCrypto.
 *
 * @returns the id
 * @example
 * ```ts
 * import { randomId } from "./_wire.ts";
 * console.log(randomId().length); // 16
 * ```
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The subject consumers send their interest to. */
export function demandSubject(prefix: string): string {
  return `${prefix}.demand`;
}

/** `UPBIT_TICKER` for prefix `upbit` (stream names allow no dots). */
export function streamName(prefix: string, kind: StreamKind): string {
  return `${prefix.replace(/[.]/g, "_").toUpperCase()}_${kind.toUpperCase()}`;
}

/** How much each stream keeps. */
export interface StreamLimits {
  /** Trades kept per code (default 1000). */
  tradeHistory: number;
  /** Candles kept per code and interval (default 200). */
  candleHistory: number;
  /** Oldest trade or candle kept, in ms (default 24 h). */
  maxAgeMs: number;
  /** JetStream de-duplication window in ms (default 2 min): longer than any failover. */
  duplicateWindowMs: number;
}

/** The default {@linkcode StreamLimits}. */
export const DEFAULT_LIMITS: StreamLimits = Object.freeze({
  tradeHistory: 1000,
  candleHistory: 200,
  maxAgeMs: 24 * 3600_000,
  duplicateWindowMs: 120_000,
});

/** The JetStream stream config of one kind (a plain object for `jsm.streams.add`). */
export function streamConfig(
  prefix: string,
  kind: StreamKind,
  limits: StreamLimits,
): Record<string, unknown> {
  const subjects = kind === "candle" ? [`${prefix}.candle.*.*`] : [`${prefix}.${kind}.*`];
  const latestOnly = kind === "ticker" || kind === "orderbook";
  const perSubject = latestOnly ? 1 : kind === "trade" ? limits.tradeHistory : limits.candleHistory;
  return {
    name: streamName(prefix, kind),
    description: latestOnly
      ? `upbit-ws: the newest ${kind} per code`
      : `upbit-ws: the last ${perSubject} ${kind} events per code`,
    subjects,
    storage: "file",
    retention: "limits",
    discard: "old",
    max_msgs_per_subject: perSubject,
    max_age: latestOnly ? 0 : limits.maxAgeMs * 1_000_000,
    duplicate_window: limits.duplicateWindowMs * 1_000_000,
    allow_direct: true,
    num_replicas: 1,
  };
}

/**
 * The de-duplication id of an event: the same event seen by two ingests (or twice by one, as a
 * snapshot after a reconnect) gets the same id. Trades by `sequentialId` (whatever its JS type),
 * everything else by type, code and Upbit's `timestamp` (candles add their start time).
 */
export function msgIdOf(event: UpbitEvent): string {
  const e = event as { type: string; code?: string; timestamp: number };
  if (event.type === "trade") return `trade.${event.code}.${String(event.sequentialId)}`;
  if (e.type.startsWith("candle.")) {
    const c = event as { candleDateTimeUtc?: string };
    return `${e.type}.${e.code}.${c.candleDateTimeUtc}.${e.timestamp}`;
  }
  return `${e.type}.${e.code ?? ""}.${e.timestamp}`;
}

/** One consumer's interest in one type. */
export interface Want {
  type: string;
  codes: string[];
}

/** A demand request (JSON): the consumer's whole interest, sent again as a heartbeat. */
export interface DemandRequest {
  /** Protocol version ({@linkcode SCHEMA_VERSION}). */
  v: number;
  /** The consumer's id, unique per client instance. */
  id: string;
  /** How long this interest holds without a heartbeat, in ms. */
  leaseMs: number;
  /** Everything it wants now; `[]` with `bye` when it leaves. */
  want: Want[];
  /** The consumer is closing: forget it now. */
  bye?: boolean;
}

/** The active ingest's reply. */
export interface DemandReply {
  v: number;
  /** `true` when every want was accepted. */
  ok: boolean;
  /** The ingest's id. */
  ingest: string;
  /** Why something was refused. */
  error?: string;
}

/** Parses and checks a demand request; throws a `TypeError` naming what is wrong. */
export function parseDemand(bytes: Uint8Array): DemandRequest {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<DemandRequest>;
  if (value === null || typeof value !== "object") throw new TypeError("demand must be an object");
  if (typeof value.id !== "string" || value.id === "" || value.id.length > 200) {
    throw new TypeError(`demand id must be a short string: current value is ${quote(value.id)}`);
  }
  if (typeof value.leaseMs !== "number" || !(value.leaseMs >= 100 && value.leaseMs <= 3_600_000)) {
    throw new TypeError(
      `demand leaseMs must be within 100..3600000: current value is ${quote(value.leaseMs)}`,
    );
  }
  if (!Array.isArray(value.want)) throw new TypeError("demand want must be an array");
  return {
    v: Number(value.v),
    id: value.id,
    leaseMs: value.leaseMs,
    want: value.want as Want[],
    ...(value.bye === true ? { bye: true } : {}),
  };
}
