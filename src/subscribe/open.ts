/**
 * Opens one subscription: a {@linkcode Subscription} wired to the desired set of the endpoint
 * that serves its {@linkcode Target} — events and completion flow in from the router, closing
 * takes the consumer out of the set, and `ready` settles once Upbit has the request.
 *
 * @module
 */
import { ConnectionClosedError, TimeoutError, UpbitError } from "../errors.ts";
import type { InfoRegistry } from "../demand/info_registry.ts";
import type { InfoConsumer } from "../demand/info_desired_set.ts";
import { MAX_COMBINATIONS } from "../protocol/indicators.ts";
import { quoteCodes } from "../args.ts";
import type { Registry } from "../demand/registry.ts";
import type { SubscriptionFinalizer } from "../deliver/finalizer.ts";
import { Subscription } from "../deliver/subscription.ts";
import type { Endpoint } from "../endpoint.ts";
import type { ResolvedOptions } from "../resolved_options.ts";
import type { UpbitEvent } from "../types.ts";
import type { ConnectionName } from "../wire/connection.ts";
import { confirm } from "./confirm.ts";
import type { ClientEndpoints } from "./endpoints.ts";
import { type LiveSubscriptions, weakRef } from "./live.ts";
import type { Counters } from "../health.ts";
import { checkSnapshotServed, type Target } from "./target.ts";
import { checkSubscribeOptions, type SubscribeOptions } from "./options.ts";

/** What a subscription needs of its client. */
export interface StreamContext {
  /** The client's resolved options. */
  options: ResolvedOptions;
  /** The client's endpoints, made on first use. */
  endpoints: ClientEndpoints;
  /** Every live subscription of the client. */
  live: LiveSubscriptions;
  /** The counters `metrics()` reads. */
  counters: Counters;
  /** Unsubscribes a subscription collected without being closed. */
  finalizer: SubscriptionFinalizer;
  /** Whether the client is closed. */
  closed(): boolean;
  /** Sends an error to the client's `error` event. */
  error(error: unknown, connection: ConnectionName): void;
}

/**
 * Opens a subscription to `target`.
 *
 * @param context the client
 * @param target what is asked for, its arguments checked
 * @param options the subscription's options
 * @param callback the callback of a callback twin
 * @returns the subscription (already closed if its signal was aborted)
 * @throws {TypeError} | {RangeError} for bad options
 * @throws {ConnectionClosedError} when the client is closed
 * @throws {AuthenticationError} for a private target without keys
 */
export function openSubscription<E>(
  context: StreamContext,
  target: Target,
  options: SubscribeOptions = {},
  callback?: (event: E) => void,
): Subscription<E> {
  const { stream, bufferSize, overflow } = checkSubscribeOptions(
    options,
    callback,
    context.options,
  );
  checkSnapshotServed(target, stream);
  if (context.closed()) throw new ConnectionClosedError("Cannot subscribe as the client is closed");
  const endpoint = context.endpoints.serving(target);
  const name: ConnectionName = target.endpoint;
  if (target.info) checkInfoRoom(endpoint as Endpoint<InfoRegistry>, target);
  const onError = options.onError;
  // Nothing below may hold the subscription strongly, or it could never be collected: the
  // closures capture a token and a WeakRef.
  const token = {};
  const slot: { remove?: () => void; ref?: { deref(): Subscription<E> | undefined } } = {};
  const { live, counters } = context;
  const sub: Subscription<E> = new Subscription<E>({
    onClose: () => {
      live.delete(token);
      endpoint.subscriptions.delete(token);
      endpoint.listeners.delete(token);
      counters.overflowDrops += slot.ref?.deref()?.dropped ?? 0;
      if (slot.remove) {
        slot.remove();
        endpoint.connection.changed();
      }
    },
    onError: (thrown) => {
      // The same error as the client's `error` event: an UpbitError, a callback's throw wrapped.
      const error = asClientError(thrown);
      onError?.(error);
      context.error(error, name);
    },
    ...(callback ? { callback } : {}),
    bufferSize,
    overflow,
    keyOf: keyOf as (event: E) => string,
    ...(options.signal ? { signal: options.signal } : {}),
    finalizer: context.finalizer,
  });
  if (sub.closed) return sub;
  const ref = weakRef(sub);
  slot.ref = ref;
  live.set(token, ref);
  endpoint.subscriptions.set(token, ref);
  // Connection errors that stop this subscription's data, while the client reconnects (the
  // client's `error` event hears them already; the iterator only ends on a fatal one).
  if (onError !== undefined) endpoint.listeners.set(token, onError);
  if (target.info) {
    const info = endpoint as Endpoint<InfoRegistry>;
    const spec: InfoConsumer = info.registry.add({
      type: target.type as "indicator" | "indicator_signal",
      codes: target.codes,
      timeframe: target.info.timeframe,
      indicators: target.info.indicators,
      deliver: (event) => ref.deref()?.push(event as E),
      // Upbit refused this subscription's part of the /info request.
      fail: (error) => ref.deref()?.fail(error),
      // No snapshot, and LIST_SUBSCRIPTIONS is documented for the public and private
      // endpoints only: on /info "live" means the request carrying it is on the wire.
      live: () => ref.deref()?.markReady(),
    });
    slot.remove = () => info.registry.remove(spec);
  } else {
    const market = endpoint as Endpoint<Registry>;
    const clock = context.options.clock;
    const consumer = market.registry.add({
      type: target.type,
      codes: target.codes,
      units: target.units,
      level: target.level,
      ...(target.announcement ? { announcement: target.announcement } : {}),
      stream,
      deliver: (event) => ref.deref()?.push(event as E),
      complete: () => ref.deref()?.end(),
      live: () => {
        // A snapshot proves Upbit applied the request. Without one, a LIST_SUBSCRIPTIONS sent
        // after it is answered only once what came before it on this connection was applied.
        // The round trip costs a message, so it is made only if someone awaits `ready`.
        if (stream !== "realtime" && target.endpoint === "public") ref.deref()?.markReady();
        else ref.deref()?.markReady(() => confirm(market, clock));
      },
      expire: (codes) => {
        const error = new TimeoutError(
          `Upbit sent no snapshot of ${quoteCodes(codes)} after 3 requests`,
          { codes },
        );
        // A snapshot-only subscription cannot complete; one that also streams carries on.
        if (stream === "snapshot") ref.deref()?.fail(error);
        else context.error(error, name);
      },
      // Upbit refused this subscription's part of the request (e.g. WRONG_FORMAT).
      fail: (error) => ref.deref()?.fail(error),
    });
    slot.remove = () => market.registry.remove(consumer);
  }
  endpoint.connection.changed();
  return sub;
}

/** Refuses an indicator target alone, before anything is sent: Upbit would refuse the whole set. */
function checkInfoRoom(info: Endpoint<InfoRegistry>, target: Target): void {
  if (!target.info) return;
  const total = info.registry.countWith({
    type: target.type as "indicator",
    codes: target.codes,
    timeframe: target.info.timeframe,
    indicators: target.info.indicators,
  });
  if (total > MAX_COMBINATIONS) {
    throw new RangeError(
      `Cannot subscribe to ${target.type} as the /info connection would carry ${total} combinations (codes × indicators, indicator and indicator_signal together), ${
        total - MAX_COMBINATIONS
      } over Upbit's limit of ${MAX_COMBINATIONS}: current value is ${target.codes.length} codes × ${target.info.indicators.length} indicators`,
    );
  }
}

/** The key `overflow: "latest"` keeps one event per. */
function keyOf(event: UpbitEvent): string {
  if (event.type === "announcement") return event.uuid;
  if (event.type === "indicator") {
    return `${event.code}|${event.indicator}|${JSON.stringify(event.params)}`;
  }
  if (event.type === "indicator_signal") {
    return `${event.code}|${event.indicator}|${event.trigger}|${JSON.stringify(event.params)}`;
  }
  return "code" in event ? event.code : event.type;
}

/**
 * What the client's `error` event and a subscription's `onError` carry: an `UpbitError` as it is;
 * anything else was thrown by a callback, wrapped as `CALLBACK_FAILED` with it as the `cause`.
 *
 * @param error what was reported
 * @returns the error to report
 */
export function asClientError(error: unknown): UpbitError {
  return error instanceof UpbitError
    ? error
    : new UpbitError("CALLBACK_FAILED", "A subscription callback failed", { cause: error });
}
