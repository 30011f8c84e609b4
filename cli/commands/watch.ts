/**
 * `upbit-ws watch`: NDJSON lines, or on a terminal a live view — the market board, the feed of
 * notices and indicators, or the orders and balances of the account.
 *
 * @module
 */
import { connect, type EventStream, stateOf, streamExit, subscribe, watchOpen } from "./connect.ts";
import type { Lifetime, Run } from "./lifetime.ts";
import { UpbitClient, type UpbitErrorEvent, type UpbitEvent } from "../../mod.ts";
import { type Invocation } from "../args/invocation.ts";
import { AccountBoard } from "../format/account.ts";
import { Board } from "../format/board.ts";
import { ndjsonLine } from "../format/lines.ts";
import { renderAccount } from "../format/account_view.ts";
import { type BoardStatus, renderBoard } from "../format/board_view.ts";
import type { RenderOptions } from "../format/text.ts";
import { Feed, type FeedEvent, renderFeed } from "../format/feed.ts";
import type { Io } from "../runtime.ts";
import { liveScreen, type LiveScreenOptions } from "../live_screen.ts";

/** `upbit-ws watch`: streams until stopped or `--duration`. */
export const watch: Run<"watch"> = async (inv, io, life) => {
  const { target } = inv;
  // Account events have a view of their own (orders and balances), so have notices and
  // indicators (a feed table).
  const priv = target.type === "myOrder" || target.type === "myAsset";
  const push = ["announcement", "indicator", "indicator_signal"].includes(target.type);
  const table = io.isTty && !inv.json;
  const conn = await connect(inv.endpoint, target);
  const { client } = conn;
  const open = watchOpen(client);
  let lastError: string | undefined;
  const onError = (e: UpbitErrorEvent) => {
    lastError = `${e.error.code}: ${e.error.message}`;
    if (!table) io.error(`upbit-ws: ${lastError}\n`);
  };
  client.addEventListener("error", onError);
  const sub = subscribe(client, target, { stream: inv.stream, signal: life.signal });
  try {
    if (!table) {
      for await (const event of sub) {
        try {
          await io.write(ndjsonLine(event));
        } catch {
          break; // stdout closed (e.g. `| head`): a normal end
        }
      }
    } else {
      const t: Table = {
        inv,
        io,
        life,
        client,
        sub,
        source: conn.source,
        lastError: () => lastError,
      };
      const code = await (priv ? accountTable(t) : push ? feedTable(t) : liveTable(t));
      if (code !== 0) return code;
    }
    return streamExit(io, life, conn.url, target, open.opened, lastError);
  } finally {
    sub.close();
    open.dispose();
    client.removeEventListener("error", onError);
    await conn.close();
  }
};

/** What each live table of `watch` draws from. */
interface Table {
  inv: Extract<Invocation, { command: "watch" }>;
  io: Io;
  life: Lifetime;
  client: UpbitClient;
  sub: EventStream;
  source: string;
  lastError: () => string | undefined;
}

/**
 * What the live tables share: a screen drawn by `draw` under a status line (connection state,
 * `title`, source, last error), every event of the subscription (and of `extra`, a second
 * subscription opened to fill the table, given the same handler) applied and redrawn, until the
 * subscription ends or the lifetime stops it.
 */
async function runTable(
  t: Table,
  title: string,
  draw: (status: BoardStatus, now: number, options: RenderOptions) => string[],
  apply: (event: UpbitEvent) => void,
  timing: LiveScreenOptions,
  extra?: (onEvent: (event: UpbitEvent) => void) => EventStream,
): Promise<number> {
  const color = t.inv.color ?? t.io.env("NO_COLOR") === undefined;
  const screen = liveScreen(t.io, (now) => {
    const err = t.lastError();
    const status = { state: stateOf(t.client), title, source: t.source };
    return draw(err === undefined ? status : { ...status, error: err }, now, {
      color,
      width: t.io.columns(),
    });
  }, timing);
  const onEvent = (event: UpbitEvent) => {
    apply(event);
    screen.changed();
  };
  const more = extra?.(onEvent);
  try {
    await screen.start();
    for await (const event of t.sub) onEvent(event);
    return t.life.stopCode() ?? 0;
  } finally {
    more?.close();
    await screen.stop();
  }
}

/** The live table of notices or indicators (see `cli/format/feed.ts`), redrawn on each event. */
function feedTable(t: Table): Promise<number> {
  const { target } = t.inv;
  const feed = new Feed(target.type === "announcement");
  return runTable(
    t,
    target.timeframe ? `${target.type} ${target.timeframe}` : target.type,
    (status, now, options) => renderFeed(feed.rows(), status, now, options),
    (event) => feed.apply(event as FeedEvent, Date.now()),
    { tickMs: 500, idleMs: 0, eager: true },
  );
}

/**
 * The live board of markets. It shows price and spread whatever is watched, so it adds the
 * stream that has what the watched type lacks (a 1-level book for ticker and candle, the ticker
 * for the orderbook). At most 10 redraws a second; the age column still ticks twice a second when
 * nothing arrives.
 */
function liveTable(t: Table): Promise<number> {
  const { target } = t.inv;
  const board = new Board(target.codes);
  let lastEvents = 0;
  let lastRateAt = Date.now();
  let rate = 0;
  const draw = (status: BoardStatus, now: number, options: RenderOptions) => {
    if (now - lastRateAt >= 1000) {
      rate = ((board.events - lastEvents) * 1000) / (now - lastRateAt);
      lastEvents = board.events;
      lastRateAt = now;
    }
    return renderBoard(board.rows(), { ...status, rate }, now, options);
  };
  const opts = { signal: t.life.signal, stream: "both" as const, onError: () => {} };
  const book = target.type === "ticker" || target.type.startsWith("candle.");
  const ticker = target.type === "orderbook";
  return runTable(
    t,
    `${target.type}${book ? " + orderbook" : ticker ? " + ticker" : ""}`,
    draw,
    (event) => board.apply(event, Date.now()),
    { tickMs: 100, idleMs: 500, eager: false },
    book
      ? (onEvent) => t.client.subscribeOrderbook(target.codes, onEvent, { ...opts, units: 1 })
      : ticker
      ? (onEvent) => t.client.subscribeTicker(target.codes, onEvent, opts)
      : undefined,
  );
}

/**
 * `watch myOrder`/`watch myAsset` on a terminal: the connection state, the orders and the
 * balances, drawn at once and redrawn on every change (Upbit sends private events only when
 * something changes, so an empty table says "nothing yet" rather than leaving a blank screen).
 * Watching one private type also subscribes to the other, to fill both tables.
 */
function accountTable(t: Table): Promise<number> {
  const { target } = t.inv;
  const board = new AccountBoard();
  const opts = { signal: t.life.signal, onError: () => {} };
  return runTable(
    t,
    target.type === "myOrder"
      ? `myOrder${target.codes.length > 0 ? ` ${target.codes.join(",")}` : ""} + myAsset`
      : "myAsset + myOrder",
    (status, now, options) => renderAccount(board, status, now, options),
    (event) => board.apply(event, Date.now()),
    { tickMs: 100, idleMs: 500, eager: false },
    (onEvent) =>
      target.type === "myOrder"
        ? t.client.subscribeMyAsset(onEvent, opts)
        : t.client.subscribeMyOrder([], onEvent, opts),
  );
}
