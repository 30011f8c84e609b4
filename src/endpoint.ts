/**
 * One of Upbit's endpoints as the client uses it — `public` (market data), `private` (the
 * account's orders, balances, announcements) or `info` (indicators): its desired set, the
 * connection that serves it, its weakly held subscriptions, and the wiring of the connection's
 * reports into the client's events, counters and the subscriptions' `onError`.
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
import type { ResolvedOptions } from "./resolved_options.ts";
import { Registry } from "./demand/registry.ts";
import type { Counters } from "./health.ts";
import { liveHandles, type LiveSubscriptions } from "./subscribe/live.ts";

/** One endpoint of the client: a desired set and the connection that serves it. */
export interface Endpoint<R extends DesiredSet = Registry> {
  registry: R;
  connection: Connection;
  /** This endpoint's live subscriptions, held weakly (see {@linkcode LiveSubscriptions}). */
  subscriptions: LiveSubscriptions;
  /**
   * The `onError` of each live subscription, by the same token: told of every connection error
   * that stops its data while the connection reconnects (a failed attempt, a refused upgrade, a
   * drop, a stall). Holds the user's callback only, never the subscription.
   */
  listeners: Map<object, (error: UpbitError) => void>;
  /** A `LIST_SUBSCRIPTIONS` round trip under way that confirms new consumers (confirm.ts). */
  confirming: Promise<void> | undefined;
  /**
   * Resolves once the connection is open (at once if it is); rejects with the error that made
   * the connection give up, with `signal.reason` on abort, or with a `ConnectionClosedError` when
   * nothing wants the connection (no consumer, or the client closed).
   */
  whenOpen(signal?: AbortSignal): Promise<void>;
  /** Closes the connection for good; a pending `whenOpen` rejects with a `ConnectionClosedError`. */
  close(): Promise<void>;
}

/** Where an endpoint reports. */
export interface EndpointHooks {
  counters: Counters;
  /** Dispatches a lifecycle event on the client. */
  dispatch: (event: Event) => void;
  /** Sends an error to the client's `error` event. */
  error: (error: UpbitError) => void;
  /** Connection attempts to this endpoint's host (shared by every endpoint on that host). */
  connectGate: RateGate;
}

/**
 * Builds an endpoint: a desired set and the connection that serves it.
 *
 * @param name `public`, `private` or `info`
 * @param url the endpoint
 * @param headers upgrade headers made fresh per attempt (private: a new JWT)
 * @param o the client's resolved options
 * @param hooks where the endpoint reports
 * @param registry the desired set (default a market/private `Registry`; `/info` has its own)
 * @returns the endpoint
 */
export function createEndpoint<R extends DesiredSet = Registry>(
  name: ConnectionName,
  url: string,
  headers: (() => Promise<Record<string, string>>) | undefined,
  o: ResolvedOptions,
  hooks: EndpointHooks,
  registry: R = new Registry() as unknown as R,
): Endpoint<R> {
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
  const subscriptions: LiveSubscriptions = new Map();
  const openWaiters = new Set<{ open: () => void; fail: (error: unknown) => void }>();
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
      for (const waiter of [...openWaiters]) waiter.open();
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
      for (const sub of liveHandles(subscriptions)) sub.fail(error);
      for (const waiter of [...openWaiters]) waiter.fail(error);
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
  const whenOpen = (signal?: AbortSignal): Promise<void> => {
    if (connection.state === "open") return Promise.resolve();
    if (connection.state === "closed" || registry.size === 0) {
      return Promise.reject(
        new ConnectionClosedError(
          `Cannot wait for the ${name} connection to open as ${
            connection.state === "closed" ? "it is closed" : "no subscription needs it"
          }`,
        ),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const settle = (ok: boolean, error?: unknown) => {
        openWaiters.delete(waiter);
        signal?.removeEventListener("abort", onAbort);
        if (ok) resolve();
        else reject(error);
      };
      const waiter = { open: () => settle(true), fail: (error: unknown) => settle(false, error) };
      const onAbort = () => settle(false, signal?.reason);
      openWaiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };
  const close = (): Promise<void> => {
    const closed = new ConnectionClosedError(
      `Cannot wait for the ${name} connection to open as the client was closed`,
    );
    for (const waiter of [...openWaiters]) waiter.fail(closed);
    return connection.close();
  };
  return {
    registry,
    connection,
    subscriptions,
    listeners,
    confirming: undefined,
    whenOpen,
    close,
  };
}
