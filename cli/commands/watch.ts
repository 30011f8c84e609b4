/**
 * `upbit-ws watch`: NDJSON lines, or on a terminal a live view — the market board, the feed of
 * notices and indicators, or the orders and balances of the account.
 *
 * @module
 */
import { connect, stateOf, streamExit, subscribe, watchOpen } from "./connect.ts";
import type { Lifetime, Run } from "./lifetime.ts";
import {
  type Subscription,
  UpbitClient,
  type UpbitErrorEvent,
  type UpbitEvent,
} from "../../mod.ts";
import { type Invocation } from "../args/invocation.ts";
import { AccountBoard } from "../format/account.ts";
import { Board } from "../format/board.ts";
import { ndjsonLine } from "../format/lines.ts";
import { renderAccount } from "../format/account_view.ts";
import { renderBoard } from "../format/board_view.ts";
import { Feed, type FeedEvent, renderFeed } from "../format/feed.ts";
import type { Io } from "../runtime.ts";
import { liveScreen } from "../live_screen.ts";

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
      const code = priv
        ? await accountTable(inv, io, life, client, sub, conn.source, () => lastError)
        : push
        ? await feedTable(inv, io, life, client, sub, conn.source, () => lastError)
        : await liveTable(inv, io, life, client, sub, conn.source, () => lastError);
      if (code !== 0) return code;
    }
    return streamExit(io, life, client, target, open.opened, lastError);
  } finally {
    sub.close();
    open.dispose();
    client.removeEventListener("error", onError);
    await conn.close();
  }
};

/** The live table of notices or indicators (see `cli/format/feed.ts`), redrawn on each event. */
async function feedTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const feed = new Feed(inv.target.type === "announcement");
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  const title = inv.target.timeframe
    ? `${inv.target.type} ${inv.target.timeframe}`
    : inv.target.type;
  const screen = liveScreen(io, (now) => {
    const err = lastError();
    return renderFeed(
      feed.rows(),
      { state: stateOf(client), title, source, ...(err !== undefined ? { error: err } : {}) },
      now,
      { color, width: io.columns() },
    );
  }, { tickMs: 500, idleMs: 0, eager: true });
  try {
    await screen.start();
    for await (const event of sub) {
      feed.apply(event as FeedEvent, Date.now());
      screen.changed();
    }
    return life.stopCode() ?? 0;
  } finally {
    await screen.stop();
  }
}

/**
 * The live board of markets. It shows price and spread whatever is watched, so it adds the
 * stream that has what the watched type lacks (a 1-level book for ticker and candle, the ticker
 * for the orderbook). At most 10 redraws a second; the age column still ticks twice a second when
 * nothing arrives.
 */
async function liveTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const { target } = inv;
  const board = new Board(target.codes);
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  let lastEvents = 0;
  let lastRateAt = Date.now();
  let rate = 0;
  let title = target.type;
  const screen = liveScreen(io, (now) => {
    if (now - lastRateAt >= 1000) {
      rate = ((board.events - lastEvents) * 1000) / (now - lastRateAt);
      lastEvents = board.events;
      lastRateAt = now;
    }
    const err = lastError();
    return renderBoard(
      board.rows(),
      {
        state: stateOf(client),
        title,
        rate,
        source,
        ...(err !== undefined ? { error: err } : {}),
      },
      now,
      { color, width: io.columns() },
    );
  }, { tickMs: 100, idleMs: 500, eager: false });
  const onExtra = (e: UpbitEvent) => {
    board.apply(e, Date.now());
    screen.changed();
  };
  let extra: Subscription<UpbitEvent> | undefined;
  const opts = { signal: life.signal, stream: "both" as const, onError: () => {} };
  if (target.type === "ticker" || target.type.startsWith("candle.")) {
    title += " + orderbook";
    extra = client.subscribeOrderbook(target.codes, onExtra, {
      ...opts,
      units: 1,
    }) as Subscription<UpbitEvent>;
  } else if (target.type === "orderbook") {
    title += " + ticker";
    extra = client.subscribeTicker(target.codes, onExtra, opts) as Subscription<UpbitEvent>;
  }
  try {
    await screen.start();
    for await (const event of sub) {
      board.apply(event, Date.now());
      screen.changed();
    }
    return life.stopCode() ?? 0;
  } finally {
    extra?.close();
    await screen.stop();
  }
}

/**
 * `watch myOrder`/`watch myAsset` on a terminal: the connection state, the orders and the
 * balances, drawn at once and redrawn on every change (Upbit sends private events only when
 * something changes, so an empty table says "nothing yet" rather than leaving a blank screen).
 * Watching one private type also subscribes to the other, to fill both tables.
 */
async function accountTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const { target } = inv;
  const board = new AccountBoard();
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  const title = target.type === "myOrder"
    ? `myOrder${target.codes.length > 0 ? ` ${target.codes.join(",")}` : ""} + myAsset`
    : "myAsset + myOrder";
  const screen = liveScreen(io, (now) => {
    const err = lastError();
    return renderAccount(
      board,
      { state: stateOf(client), title, source, ...(err !== undefined ? { error: err } : {}) },
      now,
      { color, width: io.columns() },
    );
  }, { tickMs: 100, idleMs: 500, eager: false });
  const opts = { signal: life.signal, onError: () => {} };
  const onExtra = (e: UpbitEvent) => {
    board.apply(e, Date.now());
    screen.changed();
  };
  const extra = target.type === "myOrder"
    ? client.subscribeMyAsset(onExtra, opts) as Subscription<UpbitEvent>
    : client.subscribeMyOrder([], onExtra, opts) as Subscription<UpbitEvent>;
  try {
    await screen.start();
    for await (const event of sub) {
      board.apply(event, Date.now());
      screen.changed();
    }
    return life.stopCode() ?? 0;
  } finally {
    extra.close();
    await screen.stop();
  }
}
