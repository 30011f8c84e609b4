/**
 * A probe: a client with a ticker consumer that timestamps its events, reconnects and errors, for
 * the stall and storm measurements; and the emulator's socket of a probe, found by its ticket.
 *
 * @module
 */
import { UpbitClient } from "../../../mod.ts";
import type { UpbitClientOptions } from "../../../src/options.ts";
import type { ConnectionInfo } from "../../../testing/reports.ts";

/** A client with one ticker consumer and what it saw. */
export interface Probe {
  readonly name: string;
  readonly client: UpbitClient;
  /** `performance.now()` of each event and its stream type. */
  events: { at: number; streamType: string }[];
  /** `performance.now()` of each reconnect event. */
  reconnects: number[];
  /** `performance.now()` and message of each error event. */
  errors: { at: number; code: string; message: string }[];
}

/**
 * Starts a client named `name` with a ticker consumer of KRW-BTC (the one timed) and, with
 * `extra`, trade and orderbook consumers too (all in one tick: one request).
 */
export function probe(name: string, options: UpbitClientOptions, extra = false): Probe {
  const client = new UpbitClient({ name, lingerMs: 0, ...options });
  const p: Probe = { name, client, events: [], reconnects: [], errors: [] };
  client.addEventListener("reconnect", () => void p.reconnects.push(performance.now()));
  client.addEventListener("error", (e) => {
    p.errors.push({ at: performance.now(), code: e.error.code, message: e.error.message });
  });
  client.subscribeTicker(["KRW-BTC"], (e) => {
    p.events.push({ at: performance.now(), streamType: e.streamType });
  });
  if (extra) {
    client.subscribeTrade(["KRW-BTC", "KRW-ETH"], () => {});
    client.subscribeOrderbook(["KRW-ETH"], () => {}, { units: 5 });
  }
  return p;
}

/** The emulator's open public socket of the client named `name` (found by its ticket). */
export function socketOf(connections: ConnectionInfo[], name: string): ConnectionInfo | undefined {
  // The newest: a socket the client just replaced can still look open on the server's side for
  // a moment, and a fault aimed at it would find it closed.
  let newest: ConnectionInfo | undefined;
  for (const c of connections) {
    if (
      c.open && c.endpoint === "public" &&
      c.requests.last.some((r) => r.includes(`"ticket":"${name}-public-`)) &&
      (newest === undefined || c.openedAt > newest.openedAt)
    ) newest = c;
  }
  return newest;
}
