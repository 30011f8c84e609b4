/**
 * What feeds the dashboard: a source of market events subscribed to the ticker, trades, the
 * order book and every candle interval of the chosen codes (and, when private data is shown, the
 * account's orders and balances), each event applied to the model as it arrives. The source is
 * the process's own {@linkcode UpbitClient}, or a bus consumer (`UpbitNatsClient` of
 * `upbit-ws/nats`, reading what `upbit-ws relay` publishes). The page never talks to Upbit
 * itself: Upbit allows one request per 10 s to traffic carrying an `Origin` header, which every
 * browser sends.
 *
 * @module
 */
import type {
  CandleEvent,
  CandleInterval,
  ConnectionInfo,
  MyAssetEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitClient,
  UpbitEvent,
} from "../../mod.ts";
import { CANDLE_INTERVALS } from "./rows.ts";
import { type DashboardModel } from "./model.ts";
import type { OrderbookUnits } from "../../src/protocol/orderbook.ts";

/** A connection as the status bar reads it (`UpbitClient.health().connections` fit as they are). */
export type ConnectionView = Pick<ConnectionInfo, "state" | "reconnects" | "lastFrameAt"> & {
  /** `public`, `private` or `nats`; all but `private` count as stalled when silent. */
  name: string;
};

/** A source of events for the dashboard, and its connections' health. */
export interface Feed {
  /** The connections, for the status bar. */
  connections(): ConnectionView[];
  /** The last error reported (code and message), if any. */
  lastError(): string | undefined;
  /** Stops feeding (closes the subscriptions; the source stays the caller's). */
  close(): void;
}

type Quiet = { onError?: (error: unknown) => void };
type Closable = { close(): void };

/**
 * The market part of a client: what both `UpbitClient` and `UpbitNatsClient` offer, written as
 * their public methods are declared, so that either fits as it is.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import type { MarketSource } from "./feed.ts";
 * const source: MarketSource = new UpbitClient();
 * ```
 */
export interface MarketSource extends EventTarget {
  subscribeTicker(codes: readonly string[], cb: (e: TickerEvent) => void, o?: Quiet): Closable;
  subscribeTrade(codes: readonly string[], cb: (e: TradeEvent) => void, o?: Quiet): Closable;
  subscribeOrderbook(
    codes: readonly string[],
    cb: (e: OrderbookEvent) => void,
    o?: Quiet & { units?: OrderbookUnits },
  ): Closable;
  subscribeCandle(
    interval: CandleInterval,
    codes: readonly string[],
    cb: (e: CandleEvent) => void,
    o?: Quiet,
  ): Closable;
}

/** The account part of `UpbitClient`, as its public methods are declared. */
interface AccountSource {
  subscribeMyOrder(
    codes: readonly string[] | undefined,
    cb: (e: MyOrderEvent) => void,
    o?: Quiet,
  ): Closable;
  subscribeMyAsset(cb: (e: MyAssetEvent) => void, o?: Quiet): Closable;
}

/** Options of {@linkcode feedFrom}. */
export interface FeedOptions {
  /** Market codes. */
  codes: readonly string[];
  /** Order book depth (default 15). */
  units?: OrderbookUnits;
  /** The receive time of an event (default `Date.now`). */
  now?: () => number;
}

/**
 * Subscribes a source for the dashboard and applies every event to the model.
 *
 * @param source the market source
 * @param account the account source, when private data is shown
 * @param connections the source's connections, for the status bar
 * @param model the model to fill
 * @param options codes, depth
 * @returns the feed
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import { DashboardModel } from "./model.ts";
 * import { feedFrom } from "./feed.ts";
 * await using client = new UpbitClient();
 * const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * const feed = feedFrom(client, undefined, () => client.health().connections, model, {
 *   codes: ["KRW-BTC"],
 * });
 * feed.close();
 * ```
 */
export function feedFrom(
  source: MarketSource,
  account: AccountSource | undefined,
  connections: () => ConnectionView[],
  model: DashboardModel,
  options: FeedOptions,
): Feed {
  const now = options.now ?? Date.now;
  const codes = [...options.codes];
  const apply = (e: UpbitEvent) => model.apply(e, now());
  let lastError: string | undefined;
  const onError = (e: Event) => {
    const error = (e as Event & { error?: { code?: unknown; message?: unknown } }).error;
    lastError = `${String(error?.code ?? "ERROR")}: ${String(error?.message ?? "")}`;
  };
  source.addEventListener("error", onError);
  // Errors reach the source's `error` event too; the per-subscription hook stays quiet.
  const quiet = { onError: () => {} };
  const subs: Closable[] = [
    source.subscribeTicker(codes, apply, quiet),
    source.subscribeTrade(codes, apply, quiet),
    source.subscribeOrderbook(codes, apply, { ...quiet, units: options.units ?? 15 }),
    ...CANDLE_INTERVALS.map((i) => source.subscribeCandle(i, codes, apply, quiet)),
  ];
  if (account !== undefined) {
    subs.push(
      account.subscribeMyOrder(undefined, apply, quiet),
      account.subscribeMyAsset(apply, quiet),
    );
  }
  return {
    connections,
    lastError: () => lastError,
    close() {
      for (const s of subs) s.close();
      source.removeEventListener("error", onError);
    },
  };
}

/**
 * {@linkcode feedFrom} for the process's own client.
 *
 * @param client the client (its URL, keys and tuning are the caller's)
 * @param model the model to fill
 * @param options codes, depth, and whether to subscribe to `myOrder` and `myAsset` (needs keys)
 * @returns the feed
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import { DashboardModel } from "./model.ts";
 * import { feedFromClient } from "./feed.ts";
 * await using client = new UpbitClient();
 * const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * const feed = feedFromClient(client, model, { codes: ["KRW-BTC"], private: false });
 * feed.close();
 * ```
 */
export function feedFromClient(
  client: UpbitClient,
  model: DashboardModel,
  options: FeedOptions & { private: boolean },
): Feed {
  return feedFrom(
    client,
    options.private ? client : undefined,
    () => client.health().connections,
    model,
    options,
  );
}

/** What the dashboard reads of a bus consumer (`UpbitNatsClient` fits). */
export interface BusSource extends MarketSource {
  health(): { nats: string; ingest: { lastReplyAt: number | null } };
  metrics(): { lastMessageAt: number | null };
}

/**
 * {@linkcode feedFrom} for a bus consumer: one `nats` connection in the status bar, `open` while
 * connected (silent for the stall threshold: stalled), `backoff` while NATS reconnects.
 *
 * @param bus the consumer (e.g. `new UpbitNatsClient({ connection })`)
 * @param model the model to fill
 * @param options codes, depth
 * @returns the feed
 *
 * @example
 * ```ts
 * import type { BusSource } from "./feed.ts";
 * import { DashboardModel } from "./model.ts";
 * import { feedFromBus } from "./feed.ts";
 * declare const bus: BusSource;
 * const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * feedFromBus(bus, model, { codes: ["KRW-BTC"] }).close();
 * ```
 */
export function feedFromBus(bus: BusSource, model: DashboardModel, options: FeedOptions): Feed {
  const STATES: Readonly<Record<string, ConnectionInfo["state"]>> = {
    connected: "open",
    reconnecting: "backoff",
    closed: "closed",
    connecting: "connecting",
  };
  let reconnects = 0;
  let last = "connecting";
  return feedFrom(
    bus,
    undefined,
    () => {
      const h = bus.health();
      if (h.nats === "reconnecting" && last !== "reconnecting") reconnects++;
      last = h.nats;
      const m = bus.metrics();
      return [{
        name: "nats",
        state: STATES[h.nats] ?? "connecting",
        reconnects,
        lastFrameAt: m.lastMessageAt ?? h.ingest.lastReplyAt,
      }];
    },
    model,
    options,
  );
}
