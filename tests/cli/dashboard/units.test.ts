/**
 * The dashboard's server-side pieces that need no server: the Host check and the token, SSE
 * framing, coalescing and its pace (on a fake clock), the model's bounds, the feed status, the
 * page's formatting and data shaping, and the command line. They run on every runtime, workerd
 * included; the HTTP server is tested in dashboard_server.test.ts and the page in a real browser
 * in dashboard_browser.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { allowedHost, newToken, tokenMatches } from "../../../cli/dashboard/guard.ts";
import { sseMessage, sseRetry } from "../../../cli/dashboard/sse.ts";
import { Coalescer, Recent } from "../../../cli/dashboard/coalesce.ts";
import { CANDLE_INTERVALS } from "../../../cli/dashboard/rows.ts";
import { candleStart } from "../../../cli/dashboard/event_rows.ts";
import { DashboardModel } from "../../../cli/dashboard/model.ts";
import { Broadcaster, type Sink } from "../../../cli/dashboard/broadcast.ts";
import { connectionState, feedStatus } from "../../../cli/dashboard/status.ts";
import {
  changeClass,
  formatAge,
  formatPrice,
  formatRate,
  formatVolume,
  priceDecimals,
} from "../../../cli/dashboard/page/format.js";
import { cumulative, mergeBar } from "../../../cli/dashboard/page/shape.js";
import { parseArgs } from "../../../cli/args/parse.ts";
import { UsageError } from "../../../cli/args/invocation.ts";
import { helpText } from "../../../cli/help.ts";
import type { CandleEvent, OrderbookEvent, TickerEvent, UpbitEvent } from "../../../src/types.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";

function ticker(code: string, price: number, timestamp = 1): TickerEvent {
  return {
    type: "ticker",
    code,
    openingPrice: price,
    highPrice: price,
    lowPrice: price,
    tradePrice: price,
    prevClosingPrice: price,
    change: "EVEN",
    changePrice: 0,
    signedChangePrice: 0,
    changeRate: 0,
    signedChangeRate: 0,
    tradeVolume: 1,
    accTradeVolume: 1,
    accTradeVolume24h: 1,
    accTradePrice: 1,
    accTradePrice24h: 1,
    tradeDate: "20261129",
    tradeTime: "000000",
    tradeTimestamp: timestamp,
    askBid: "BID",
    accAskVolume: 0,
    accBidVolume: 0,
    highest52WeekPrice: 0,
    highest52WeekDate: "",
    lowest52WeekPrice: 0,
    lowest52WeekDate: "",
    marketState: "ACTIVE",
    isTradingSuspended: false,
    delistingDate: null,
    marketWarning: "NONE",
    timestamp,
    streamType: "REALTIME",
  } as TickerEvent;
}

function candle(code: string, utc: string, close: number): CandleEvent {
  return {
    type: "candle.1s",
    code,
    candleDateTimeUtc: utc,
    candleDateTimeKst: utc,
    openingPrice: close,
    highPrice: close,
    lowPrice: close,
    tradePrice: close,
    candleAccTradeVolume: 1,
    candleAccTradePrice: close,
    timestamp: 1,
    streamType: "REALTIME",
  };
}

function book(code: string, levels: number): OrderbookEvent {
  return {
    type: "orderbook",
    code,
    totalAskSize: levels,
    totalBidSize: levels,
    orderbookUnits: Array.from({ length: levels }, (_, i) => ({
      askPrice: 101 + i,
      bidPrice: i === levels - 1 ? 0 : 99 - i,
      askSize: 1,
      bidSize: i === levels - 1 ? 0 : 2,
    })),
    timestamp: 1,
    level: 0,
    streamType: "REALTIME",
  };
}

describe("dashboard guard: Host header and token", () => {
  it("answers only to 127.0.0.1 and localhost on its own port", () => {
    assert.equal(allowedHost("127.0.0.1:8080", 8080), true);
    assert.equal(allowedHost("LOCALHOST:8080", 8080), true);
    assert.equal(allowedHost("127.0.0.1:8081", 8080), false);
    assert.equal(allowedHost("127.0.0.1", 8080), false);
    assert.equal(allowedHost("attacker.example:8080", 8080), false);
    assert.equal(allowedHost("127.0.0.1.nip.io:8080", 8080), false);
    assert.equal(allowedHost(undefined, 8080), false);
  });

  it("makes a 43-character base64url token from 32 random bytes, new each time", () => {
    const a = newToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, newToken());
  });

  it("checks the token exactly; no token needed when none is set", () => {
    const t = newToken();
    assert.equal(tokenMatches(t, t), true);
    assert.equal(tokenMatches(null, t), false);
    assert.equal(tokenMatches(`${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`, t), false);
    assert.equal(tokenMatches(t.slice(0, 10), t), false);
    assert.equal(tokenMatches("", t), false);
    assert.equal(tokenMatches(null, undefined), true);
  });
});

describe("dashboard SSE framing", () => {
  it("frames an event name and its JSON on one data line, ended by a blank line", () => {
    assert.equal(
      sseMessage("update", { a: 1, s: "x\ny" }),
      'event: update\ndata: {"a":1,"s":"x\\ny"}\n\n',
    );
    assert.equal(sseMessage("snapshot", null), "event: snapshot\ndata: null\n\n");
    assert.equal(sseRetry(1000), "retry: 1000\n\n");
  });

  it("refuses an event name that would break the stream", () => {
    assert.throws(() => sseMessage("a\nb", 1), TypeError);
    assert.throws(() => sseMessage("a:b", 1), /current value is "a:b"/);
    assert.throws(() => sseRetry(-1), RangeError);
  });
});

describe("dashboard coalescing", () => {
  it("keeps the latest value per key between takes, in first-put order", () => {
    const c = new Coalescer<string, number>();
    c.put("a", 1);
    c.put("b", 2);
    c.put("a", 3);
    assert.equal(c.size, 2);
    assert.deepEqual(c.take(), [3, 2]);
    assert.equal(c.merged, 1);
    assert.deepEqual(c.take(), []);
  });

  it("keeps the newest items of a bounded list", () => {
    const r = new Recent<number>(3);
    for (let i = 0; i < 100; i++) r.push(i);
    assert.deepEqual(r.items(), [97, 98, 99]);
    assert.ok(r.length <= 6);
    assert.throws(() => new Recent(0), RangeError);
  });

  it("sends at most 4 updates a second however fast events come, each with the latest price", () => {
    const clock = fakeClock();
    const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
    const b = new Broadcaster({
      model,
      clock,
      status: (now, rate) => feedStatus([], now, { rate, staleMs: 10_000 }),
    });
    const out: string[] = [];
    b.add({ write: (t) => (out.push(t), true), onDrain: () => {} });
    assert.match(out[0] ?? "", /^retry: 1000\n\nevent: snapshot\n/);
    b.start();
    // 1000 tickers over one second: one every millisecond.
    for (let i = 1; i <= 1000; i++) {
      model.apply(ticker("KRW-BTC", 100 + i, clock.now()), clock.now());
      clock.tick(1);
    }
    b.stop();
    const updates = out.slice(1).filter((t) => t.startsWith("event: update"));
    assert.ok(updates.length <= 4, `${updates.length} updates`);
    assert.ok(updates.length >= 3, `${updates.length} updates`);
    const last = JSON.parse((updates.at(-1) ?? "").split("data: ")[1] ?? "null");
    assert.equal(last.tickers.length, 1);
    assert.ok(last.tickers[0].price >= 100 + 750, `last price ${last.tickers[0].price}`);
    assert.ok(model.coalesced >= 990);
    assert.ok(last.status.rate > 0);
  });

  it("sends the status alone once a second when nothing changes", () => {
    const clock = fakeClock();
    const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
    const b = new Broadcaster({
      model,
      clock,
      status: (now, rate) => feedStatus([], now, { rate, staleMs: 10_000 }),
    });
    const out: string[] = [];
    b.add({ write: (t) => (out.push(t), true), onDrain: () => {} });
    b.start();
    clock.tick(3000);
    b.stop();
    const updates = out.slice(1);
    assert.equal(updates.length, 3);
    assert.deepEqual(Object.keys(JSON.parse(updates[0]!.split("data: ")[1]!)), ["status"]);
  });

  it("skips a page that cannot keep up and brings it up to date with a snapshot once it drains", () => {
    const clock = fakeClock();
    const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
    const b = new Broadcaster({
      model,
      clock,
      status: (now, rate) => feedStatus([], now, { rate, staleMs: 10_000 }),
    });
    const out: string[] = [];
    let full = true;
    let drain: (() => void) | undefined;
    const sink: Sink = {
      write: (t) => (out.push(t), !full),
      onDrain: (fn) => (drain = fn),
    };
    b.add(sink);
    b.start();
    for (let i = 0; i < 40; i++) {
      model.apply(ticker("KRW-BTC", 100 + i), clock.now());
      clock.tick(50);
    }
    assert.equal(out.length, 1, "nothing more is written while the page lags");
    full = false;
    drain?.();
    assert.equal(out.length, 2);
    assert.match(out[1] ?? "", /^event: snapshot\n/);
    assert.equal(JSON.parse(out[1]!.split("data: ")[1]!).tickers[0].price, 139);
    b.stop();
  });
});

describe("dashboard model", () => {
  it("keeps candle history bounded, ordered, with the latest state of each candle", () => {
    const m = new DashboardModel({ codes: ["KRW-BTC"], private: false, historyLimit: 3 });
    for (let s = 0; s < 5; s++) {
      m.apply(candle("KRW-BTC", `2026-11-29T00:00:0${s}`, 10 + s), 0);
      m.apply(candle("KRW-BTC", `2026-11-29T00:00:0${s}`, 20 + s), 0);
    }
    m.apply(candle("KRW-BTC", "2026-11-29T00:00:00", 99), 0); // too old: no longer held
    m.apply(candle("KRW-BTC", "2026-11-29T00:00:03", 77), 0); // late update of a held one
    const snap = m.snapshot();
    assert.equal(snap.candles.length, 1);
    assert.deepEqual(snap.candles[0]?.bars.map((b) => b.c), [22, 77, 24]);
    assert.equal(snap.candles[0]?.bars[0]?.t, candleStart("2026-11-29T00:00:02"));
    const u = m.takeUpdate();
    assert.equal(u?.candles?.length, 5, "one update per candle start, the latest value");
    assert.equal(m.takeUpdate(), undefined);
  });

  it("keeps the book's levels up to the depth and leaves out empty ones", () => {
    const m = new DashboardModel({ codes: ["KRW-BTC"], private: false, levels: 4 });
    m.apply(book("KRW-BTC", 4), 5);
    const b = m.snapshot().books[0];
    assert.equal(b?.asks.length, 4);
    assert.equal(b?.bids.length, 3);
    assert.deepEqual(b?.bids[0], [99, 2]);
    assert.equal(b?.receivedAt, 5);
  });

  it("keeps the last trades per code and sends each new trade once", () => {
    const m = new DashboardModel({ codes: ["KRW-BTC"], private: false, tradesLimit: 2 });
    for (let i = 0; i < 5; i++) {
      m.apply({
        type: "trade",
        code: "KRW-BTC",
        tradePrice: 100 + i,
        tradeVolume: 1,
        askBid: "ASK",
        tradeTimestamp: i,
        sequentialId: i,
      } as unknown as UpbitEvent, i);
    }
    assert.deepEqual(m.snapshot().trades.map((t) => t.price), [103, 104]);
    assert.deepEqual(m.takeUpdate()?.trades?.map((t) => t.price), [103, 104]);
    assert.equal(m.takeUpdate(), undefined);
  });

  it("shows orders only while open, and private data only when asked for", () => {
    const order = (state: string) =>
      ({
        type: "myOrder",
        code: "KRW-BTC",
        uuid: "u1",
        askBid: "BID",
        orderType: "limit",
        state,
        price: 1,
        volume: 1,
        remainingVolume: 1,
        executedVolume: 0,
        orderTimestamp: 1,
      }) as unknown as UpbitEvent;
    const m = new DashboardModel({ codes: ["KRW-BTC"], private: true });
    m.apply(order("wait"), 0);
    assert.equal(m.snapshot().orders.length, 1);
    m.apply(order("cancel"), 0);
    assert.equal(m.snapshot().orders.length, 0);
    assert.deepEqual(m.takeUpdate()?.orders?.map((o) => o.state), ["cancel"]);
    const pub = new DashboardModel({ codes: ["KRW-BTC"], private: false });
    pub.apply(order("wait"), 0);
    pub.apply({
      type: "myAsset",
      assets: [{ currency: "KRW", balance: 1, locked: 0 }],
    } as unknown as UpbitEvent, 0);
    assert.deepEqual([pub.snapshot().orders, pub.snapshot().balances], [[], []]);
    assert.equal(pub.takeUpdate(), undefined);
  });

  it("offers the nine candle intervals and reads Upbit's UTC candle time", () => {
    assert.deepEqual(CANDLE_INTERVALS, [
      "1s",
      "1m",
      "3m",
      "5m",
      "10m",
      "15m",
      "30m",
      "60m",
      "240m",
    ]);
    assert.equal(candleStart("2026-11-29T12:00:00"), Date.UTC(2026, 10, 29, 12) / 1000);
    assert.equal(candleStart("nonsense"), undefined);
  });
});

describe("dashboard feed status", () => {
  const conn = (over: Partial<Parameters<typeof connectionState>[0]>) => ({
    name: "public" as const,
    state: "open" as const,
    reconnects: 0,
    lastFrameAt: 1000,
    ...over,
  });

  it("shows a silent open public connection as stalled, not as a quiet market", () => {
    assert.equal(connectionState(conn({}), 5000, 10_000), "live");
    assert.equal(connectionState(conn({}), 11_000, 10_000), "stalled");
    assert.equal(connectionState(conn({ name: "private" }), 60_000, 10_000), "live");
  });

  it("shows backoff and a connect after a loss as reconnecting", () => {
    assert.equal(connectionState(conn({ state: "backoff" }), 0, 1), "reconnecting");
    assert.equal(
      connectionState(conn({ state: "connecting", reconnects: 1 }), 0, 1),
      "reconnecting",
    );
    assert.equal(
      connectionState(conn({ state: "connecting", lastFrameAt: null }), 0, 1),
      "connecting",
    );
    assert.equal(connectionState(conn({ state: "failed" }), 0, 1), "failed");
  });

  it("reports the worst connection, with a sentence for people", () => {
    const s = feedStatus(
      [conn({}), conn({ name: "private", state: "backoff", reconnects: 2 })],
      2000,
      { rate: 5, staleMs: 10_000, lastError: "CONNECTION_CLOSED: gone" },
    );
    assert.equal(s.state, "reconnecting");
    assert.equal(s.detail, "public: live · private: reconnecting (2 reconnects)");
    assert.equal(s.lastError, "CONNECTION_CLOSED: gone");
    const stalled = feedStatus([conn({})], 21_000, { rate: 0, staleMs: 10_000 });
    assert.equal(stalled.detail, "public: stalled, no frame for 20 s");
  });
});

describe("dashboard page formatting and shaping", () => {
  it("formats prices with Upbit's KRW decimals and thousands separators", () => {
    assert.equal(formatPrice(142_350_000), "142,350,000");
    assert.equal(formatPrice(512.5), "512.5");
    assert.equal(formatPrice(0.0123), "0.01230");
    assert.equal(formatPrice(undefined), "—");
    assert.equal(priceDecimals(5), 3);
  });

  it("formats volumes, rates and ages", () => {
    assert.equal(formatVolume(12_345), "12.3k");
    assert.equal(formatVolume("0.5"), "0.5");
    assert.equal(formatRate(0.0125), "+1.25%");
    assert.equal(formatRate(-0.004), "-0.40%");
    assert.equal(formatRate(0), "0.00%");
    assert.equal(formatAge(400), "0.4 s");
    assert.equal(formatAge(180_000), "3 min");
  });

  it("colours a rise red and a fall blue, as Upbit does", () => {
    assert.equal(changeClass("RISE"), "rise");
    assert.equal(changeClass("FALL"), "fall");
    assert.equal(changeClass(-0.1), "fall");
    assert.equal(changeClass("EVEN"), "even");
  });

  it("merges candles in time order within a bound, and sums book depth", () => {
    const bars: { t: number; c: number }[] = [];
    assert.equal(mergeBar(bars, { t: 1, c: 1 }, 2), "append");
    assert.equal(mergeBar(bars, { t: 1, c: 2 }, 2), "replace-last");
    assert.equal(mergeBar(bars, { t: 2, c: 3 }, 2), "append");
    assert.equal(mergeBar(bars, { t: 1, c: 4 }, 2), "replace-old");
    assert.equal(mergeBar(bars, { t: 3, c: 5 }, 2), "append");
    assert.equal(mergeBar(bars, { t: 1, c: 6 }, 2), "ignore");
    assert.deepEqual(bars, [{ t: 2, c: 3 }, { t: 3, c: 5 }]);
    assert.deepEqual(cumulative([[1, 0.5], [2, 1], [3, 2]]), [0.5, 1.5, 3.5]);
  });
});

describe("dashboard command line", () => {
  it("defaults to KRW-BTC and KRW-ETH, any free port, 15 levels, public data only", () => {
    assert.deepEqual(parseArgs(["dashboard"]), {
      command: "dashboard",
      codes: ["KRW-BTC", "KRW-ETH"],
      endpoint: { emulator: false },
      private: false,
      nats: undefined,
      port: 0,
      units: 15,
      durationMs: undefined,
    });
  });

  it("shows the emulated account on the emulator, and private data with --private", () => {
    const emu = parseArgs(["dashboard", "KRW-SOL", "--emulator", "--port", "8080"]);
    assert.equal(emu.command === "dashboard" && emu.private, true);
    assert.deepEqual(emu.command === "dashboard" && emu.codes, ["KRW-SOL"]);
    const priv = parseArgs(["dashboard", "KRW-BTC", "--private", "--units", "5"]);
    assert.equal(priv.command === "dashboard" && priv.private && priv.units, 5);
  });

  it("reads from a relay's NATS bus with --nats, public data only", () => {
    const inv = parseArgs(["dashboard", "KRW-BTC", "--nats", "nats://127.0.0.1:4222"]);
    assert.equal(inv.command === "dashboard" && inv.nats, "nats://127.0.0.1:4222");
    assert.equal(inv.command === "dashboard" && inv.private, false);
    assert.throws(
      () => parseArgs(["dashboard", "--nats", "http://x"]),
      /current value is "http:\/\/x"/,
    );
    assert.throws(
      () => parseArgs(["dashboard", "--nats", "ws://h:1", "--private"]),
      /--nats and --private exclude each other/,
    );
    assert.throws(
      () => parseArgs(["dashboard", "--nats", "ws://h:1", "--emulator"]),
      /--nats and --emulator exclude each other/,
    );
  });

  it("refuses bad values, quoting them", () => {
    assert.throws(() => parseArgs(["dashboard", "--units", "7"]), /current value is "7"/);
    assert.throws(() => parseArgs(["dashboard", "--port", "70000"]), UsageError);
    assert.throws(() => parseArgs(["dashboard", "btc"]), /current value is "btc"/);
    assert.throws(() => parseArgs(["dashboard", "--json"]), /has no option --json/);
  });

  it("is documented in --help", () => {
    assert.match(helpText(undefined), /dashboard \[codes…\]/);
    assert.match(helpText("dashboard"), /^Usage: upbit-ws dashboard \[codes…\] \[options\]/);
    assert.match(helpText("dashboard"), /--private/);
    assert.match(helpText("dashboard"), /--nats <url>/);
    assert.match(helpText("dashboard"), /127\.0\.0\.1/);
  });
});
