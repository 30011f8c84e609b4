/**
 * Puts the dashboard together: the model, the feed from a client, the paced broadcaster and the
 * HTTP server. The CLI's `dashboard` command calls this; so does the memory bench.
 *
 * @module
 */
import { systemClock, type UpbitClient } from "../../mod.ts";
import { loadAssets } from "./assets.ts";
import { Broadcaster } from "./broadcast.ts";
import { type BusSource, feedFromBus, feedFromClient } from "./feed.ts";
import { newToken } from "./guard.ts";
import { DashboardModel } from "./model.ts";
import { startDashboardServer } from "./server.ts";
import { feedStatus } from "./status.ts";
import type { OrderbookUnits } from "../../src/protocol/orderbook.ts";

/** Options of {@linkcode startDashboard}. */
export interface DashboardOptions {
  /** The client to feed from (its URL and keys are the caller's; it is not closed here). */
  client?: UpbitClient;
  /** Or a bus consumer (`UpbitNatsClient`); public data only. Not closed here. */
  bus?: BusSource;
  /** Market codes, in display order. */
  codes: readonly string[];
  /** Show open orders and balances (needs keys); the URL then carries a random token. */
  private: boolean;
  /** Listen port (default 0: any free port). */
  port?: number;
  /** Order book depth (default 15). */
  units?: OrderbookUnits;
  /** Candles kept per code and interval (default 1000). */
  historyLimit?: number;
  /** Silence of the public connection shown as a stall, ms (default 10000). */
  staleMs?: number;
  /** Time between sends to the page, ms (default 250). */
  intervalMs?: number;
  /** Fills the model before the first page connects (e.g. the emulator account's orders). */
  seed?: (model: DashboardModel) => void;
}

/** A running dashboard. */
export interface Dashboard extends AsyncDisposable {
  /** The page's URL (with the token when private data is shown). */
  readonly url: string;
  /** The listening port. */
  readonly port: number;
  /** The model (for tests and the bench). */
  readonly model: DashboardModel;
  /** The broadcaster (for tests and the bench). */
  readonly broadcaster: Broadcaster;
  /** Stops the server and the subscriptions; the client stays open. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the dashboard on 127.0.0.1.
 *
 * @param options the client, codes, privacy and tuning
 * @returns the running dashboard
 * @throws {Error} when the page or the chart library cannot be read, or the port not bound
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import { startDashboard } from "./start.ts";
 * await using client = new UpbitClient();
 * await using dash = await startDashboard({ client, codes: ["KRW-BTC"], private: false });
 * console.log(dash.url);
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  if ((options.client === undefined) === (options.bus === undefined)) {
    throw new TypeError("Cannot start the dashboard as it needs exactly one of client and bus");
  }
  if (options.bus !== undefined && options.private) {
    throw new TypeError("Cannot start the dashboard with private data from a bus: use a client");
  }
  const assets = await loadAssets();
  const model = new DashboardModel({
    codes: options.codes,
    private: options.private,
    ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}),
    levels: options.units ?? 15,
  });
  options.seed?.(model);
  const units = options.units ?? 15;
  const feed = options.bus !== undefined
    ? feedFromBus(options.bus, model, { codes: options.codes, units })
    : feedFromClient(options.client!, model, {
      codes: options.codes,
      private: options.private,
      units,
    });
  const staleMs = options.staleMs ?? 10_000;
  const broadcaster = new Broadcaster({
    model,
    clock: systemClock(),
    status: (now, rate) =>
      feedStatus(feed.connections(), now, { rate, staleMs, lastError: feed.lastError() }),
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
  });
  let server;
  try {
    server = await startDashboardServer({
      broadcaster,
      assets,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.private ? { token: newToken() } : {}),
    });
  } catch (e) {
    feed.close();
    throw e;
  }
  broadcaster.start();
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      broadcaster.stop();
      feed.close();
      await server.close();
    })();
  return {
    url: server.url,
    port: server.port,
    model,
    broadcaster,
    close,
    [Symbol.asyncDispose]: close,
  };
}
