/**
 * What feeds the dashboard: an {@linkcode UpbitClient} subscribed to the ticker, trades, the
 * order book and every candle interval of the chosen codes (and, when private data is shown, the
 * account's orders and balances), each event applied to the model as it arrives. The page never
 * talks to Upbit itself: Upbit allows one request per 10 s to traffic carrying an `Origin`
 * header, which every browser sends.
 *
 * @module
 */
import type { UpbitClient } from "../../src/client.ts";
import type { ConnectionInfo } from "../../src/connection.ts";
import type { Subscription } from "../../src/subscription.ts";
import type { UpbitEvent } from "../../src/types.ts";
import { CANDLE_INTERVALS, type DashboardModel } from "./model.ts";

/** A source of events for the dashboard, and its connections' health. */
export interface Feed {
  /** The connections as `UpbitClient.health()` reports them. */
  connections(): ConnectionInfo[];
  /** The last error reported (code and message), if any. */
  lastError(): string | undefined;
  /** Stops feeding (closes the subscriptions; the client stays the caller's). */
  close(): void;
}

/** Options of {@linkcode feedFromClient}. */
export interface ClientFeedOptions {
  /** Market codes. */
  codes: readonly string[];
  /** Subscribe to `myOrder` and `myAsset` too (needs keys). */
  private: boolean;
  /** Order book depth (default 15). */
  units?: 1 | 5 | 15 | 30;
  /** The receive time of an event (default `Date.now`). */
  now?: () => number;
}

/**
 * Subscribes a client for the dashboard and applies every event to the model.
 *
 * @param client the client (its URL, keys and tuning are the caller's)
 * @param model the model to fill
 * @param options codes, privacy, depth
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
  options: ClientFeedOptions,
): Feed {
  const now = options.now ?? Date.now;
  const codes = [...options.codes];
  const apply = (e: UpbitEvent) => model.apply(e, now());
  let lastError: string | undefined;
  const onError = (e: { error: { code: string; message: string } }) => {
    lastError = `${e.error.code}: ${e.error.message}`;
  };
  client.addEventListener("error", onError);
  // Errors reach the client's `error` event too; the per-subscription hook stays quiet.
  const quiet = { onError: () => {} };
  const subs: Subscription<UpbitEvent>[] = [
    client.subscribeTicker(codes, apply, quiet),
    client.subscribeTrade(codes, apply, quiet),
    client.subscribeOrderbook(codes, apply, { ...quiet, units: options.units ?? 15 }),
    ...CANDLE_INTERVALS.map((i) => client.subscribeCandle(i, codes, apply, quiet)),
  ] as Subscription<UpbitEvent>[];
  if (options.private) {
    subs.push(
      client.subscribeMyOrder(undefined, apply, quiet) as Subscription<UpbitEvent>,
      client.subscribeMyAsset(apply, quiet) as Subscription<UpbitEvent>,
    );
  }
  return {
    connections: () => client.health().connections,
    lastError: () => lastError,
    close() {
      for (const s of subs) s.close();
      client.removeEventListener("error", onError);
    },
  };
}
