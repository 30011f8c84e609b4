/**
 * One side of the client — public market data or private account data: its registry, its
 * connection, its weakly held subscriptions, and the wiring of the connection's reports into
 * the client's events and counters.
 *
 * @module
 */
import {
  Connection,
  type ConnectionConfig,
  type ConnectionName,
  type DesiredSet,
} from "./wire/connection.ts";
import { ConnectionEvent } from "./events.ts";
import { ConnectionClosedError, UpbitError } from "./errors.ts";
import type { RateGate } from "./demand/rate_gate.ts";
import type { ResolvedOptions } from "./options.ts";
import { Registry } from "./demand/registry.ts";
import type { Subscription } from "./deliver/subscription.ts";

/** What the client keeps of each subscription, whatever its event type. */
export type Handle = Pick<Subscription<unknown>, "close" | "fail" | "dropped">;

/**
 * Live subscriptions by token, held through `WeakRef`s: an iterator subscription its consumer
 * dropped without closing can be garbage-collected, and the finalizer then unsubscribes it. A
 * subscription keeps itself reachable while a `next()` is pending or it has a callback.
 */
export type Live = Map<object, { deref(): Handle | undefined }>;

/** A weak reference where the runtime has `WeakRef`, a strong one elsewhere. */
export function weak<T extends object>(value: T): { deref(): T | undefined } {
  return typeof WeakRef === "function" ? new WeakRef(value) : { deref: () => value };
}

/** The subscriptions of `live` that still exist. */
export function each(live: Live): Handle[] {
  const out: Handle[] = [];
  for (const ref of live.values()) {
    const sub = ref.deref();
    if (sub) out.push(sub);
  }
  return out;
}

/** The client's counters that the connections feed. */
export interface Counters {
  messages: Record<string, number>;
  frames: number;
  bytes: number;
  decodeErrors: number;
  serverErrors: number;
  reconnects: number;
  overflowDrops: number;
  lastMessageAt: number;
}

/** Fresh counters. */
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

/** One side of the client. */
export interface Side<R extends DesiredSet = Registry> {
  registry: R;
  connection: Connection;
  /** This side's live subscriptions, held weakly (see {@linkcode Live}). */
  subscriptions: Live;
  /**
   * The `onError` of each live subscription, by the same token: told of every connection error
   * that stops its data while the connection reconnects (a failed attempt, a refused upgrade, a
   * drop, a stall). Holds the user's callback only, never the subscription.
   */
  listeners: Map<object, (error: UpbitError) => void>;
  /** A `LIST_SUBSCRIPTIONS` round trip under way that confirms new consumers (client.ts). */
  confirming: Promise<void> | undefined;
}

/** Where a side reports. */
export interface SideHooks {
  counters: Counters;
  /** Dispatches a lifecycle event on the client. */
  dispatch: (event: Event) => void;
  /** Sends an error to the client's `error` event. */
  error: (error: UpbitError) => void;
  /** Connection attempts to this side's host (shared by every side on that host). */
  connectGate: RateGate;
}

/**
 * Builds a side: a registry and the connection that serves it.
 *
 * @param name `public` or `private`
 * @param url the endpoint
 * @param headers upgrade headers made fresh per attempt (private: a new JWT)
 * @param o the client's resolved options
 * @param hooks where the side reports
 * @param registry the desired set (default a market/private `Registry`; `/info` has its own)
 * @returns the side
 */
export function createSide<R extends DesiredSet = Registry>(
  name: ConnectionName,
  url: string,
  headers: (() => Promise<Record<string, string>>) | undefined,
  o: ResolvedOptions,
  hooks: SideHooks,
  registry: R = new Registry() as unknown as R,
): Side<R> {
  const config: ConnectionConfig = {
    name,
    url,
    format: o.format,
    ticket: `${o.name}-${name}-${crypto.randomUUID()}`,
    clock: o.clock,
    random: o.random,
    WebSocket: o.WebSocket,
    compression: o.compression,
    headers,
    backoff: o.backoff,
    maxAttempts: o.maxAttempts,
    minUptimeMs: o.minUptimeMs,
    connectTimeoutMs: o.connectTimeoutMs,
    pingIntervalMs: o.pingIntervalMs,
    staleAfterMs: o.staleAfterMs,
    lingerMs: o.lingerMs,
    snapshotTimeoutMs: o.snapshotTimeoutMs,
    limits: o.limits,
    validate: o.validate,
    lossless: o.lossless,
    maxRefusals: 3,
    connectGate: hooks.connectGate,
  };
  const counters = hooks.counters;
  const subscriptions: Live = new Map();
  // The error that made the loop give up is usually the last refusal, already reported: it is
  // reported once, so N refusals make N `error` events (as the README says), not N + 1.
  let lastReported: UpbitError | undefined;
  const listeners = new Map<object, (error: UpbitError) => void>();
  const tell = (error: UpbitError) => {
    for (const listener of [...listeners.values()]) {
      try {
        listener(error);
      } catch (thrown) {
        // A throwing onError must not stop the connection loop; the client's error event hears.
        hooks.error(
          new UpbitError("CALLBACK_FAILED", "A subscription's onError threw", { cause: thrown }),
        );
      }
    }
  };
  const connection = new Connection(config, registry, {
    open: ({ reconnect }) => {
      if (reconnect) counters.reconnects++;
      hooks.dispatch(new ConnectionEvent(reconnect ? "reconnect" : "open", { connection: name }));
    },
    close: ({ code, reason }) => {
      hooks.dispatch(new ConnectionEvent("close", { connection: name, code, reason }));
      // The socket ended under the consumers (the client did not close it): their data stops
      // until the reconnect. A stall (4000) was already told as its own error; a normal close
      // (1000, as Upbit closes after an error frame) is the refusal handling's to report.
      if (code !== 4000 && code !== 1000) {
        tell(
          new ConnectionClosedError(
            `The ${name} connection closed with code ${code}${
              reason === "" ? "" : ` (${reason})`
            }; reconnecting`,
            { closeCode: code },
          ),
        );
      }
    },
    error: (error) => {
      if (error.code === "DECODE") counters.decodeErrors++;
      lastReported = error;
      hooks.error(error);
      // Connection errors stop every consumer's data; a bad frame concerns one event only.
      // A stall is replaced at once and told on the client's `error` event only.
      if (error.code !== "DECODE" && !/the socket is stalled$/.test(error.message)) tell(error);
    },
    failed: (error) => {
      if (error !== lastReported) hooks.error(error);
      lastReported = undefined;
      // The loop gave up: every consumer hears why; a later subscribe starts it again.
      for (const sub of each(subscriptions)) sub.fail(error);
    },
    serverError: (error) => {
      counters.serverErrors++;
      lastReported = error;
      hooks.error(error);
    },
    refused: (error, consumers) => {
      counters.serverErrors++;
      // Only the consumers Upbit refused hear of it (each through its own subscription); the
      // others of this connection carry on and see at most a reconnect.
      registry.refuse(consumers, error);
    },
    event: (event) => {
      counters.messages[event.type] = (counters.messages[event.type] ?? 0) + 1;
    },
    frame: (bytes) => {
      counters.frames++;
      counters.bytes += bytes;
    },
  });
  return { registry, connection, subscriptions, listeners, confirming: undefined };
}
