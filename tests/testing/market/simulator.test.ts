import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../../../testing/clock.ts";
import { type WireObject, writeJson } from "../../../testing/codec/json.ts";
import { CANDLE_UNITS } from "../../../testing/protocol/candles.ts";
import { type MarketEvent } from "../../../testing/market/types.ts";
import { MarketSimulator } from "../../../testing/market/simulator.ts";
import {
  DEFAULT_ACTIVE_CODES,
  defaultMarkets,
  tickSizeFor,
} from "../../../testing/market/listings.ts";

const START = Date.UTC(2026, 8, 23, 12, 3, 59, 500);

function manual(seed = 1) {
  const clock = new FakeClock(START);
  const market = new MarketSimulator({ tickMs: 0, seed }, clock);
  const batches: MarketEvent[][] = [];
  market.onEvents((e) => batches.push(e));
  return { clock, market, batches };
}

interface Unit {
  ask_price: number;
  bid_price: number;
  ask_size: number;
  bid_size: number;
}

function checkBook(frame: WireObject, units: number, where: string): void {
  const rows = frame["orderbook_units"] as unknown as Unit[];
  assert.equal(rows.length, units, `${where}: ${units} rows`);
  let tas = 0;
  let tbs = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    tas += r.ask_size;
    tbs += r.bid_size;
    assert.ok(r.ask_size > 0 && r.bid_size > 0, `${where}: row ${i} has sizes`);
    if (i > 0) {
      assert.ok(r.ask_price > rows[i - 1]!.ask_price, `${where}: asks strictly ascending at ${i}`);
      assert.ok(r.bid_price < rows[i - 1]!.bid_price, `${where}: bids strictly descending at ${i}`);
    }
  }
  assert.ok(rows[0]!.ask_price > rows[0]!.bid_price, `${where}: no crossed book`);
  assert.ok(
    Math.abs((frame["total_ask_size"] as number) - tas) < 1e-7,
    `${where}: total_ask_size = sum`,
  );
  assert.ok(
    Math.abs((frame["total_bid_size"] as number) - tbs) < 1e-7,
    `${where}: total_bid_size = sum`,
  );
}

describe("emulator market simulator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const run = (seed: number) => {
      const { market, batches } = manual(seed);
      for (let i = 0; i < 20; i++) market.step();
      return batches.flat().filter((e) => e.kind !== "orderbook").map((e) => writeJson(e.frame))
        .join("\n");
    };
    assert.equal(run(7), run(7));
    assert.notEqual(run(7), run(8));
  });

  it("keeps every book ordered, uncrossed, on the tick grid, with totals = sums, through many trades", () => {
    const { clock, market } = manual(3);
    const codes = market.codes();
    for (let i = 0; i < 60; i++) {
      clock.tick(37);
      market.step({ codes });
      for (const code of codes) {
        const tick = market.tickSize(code);
        for (const units of [1, 5, 15, 30]) {
          const f = market.orderbookFrame(code, market.bookCopy(code), units, 0, "REALTIME")!;
          checkBook(f, units, `${code}.${units} step ${i}`);
        }
        const f30 = market.orderbookFrame(code, market.bookCopy(code), 30, 0, "REALTIME")!;
        for (const r of f30["orderbook_units"] as unknown as Unit[]) {
          const k = r.ask_price / tick;
          assert.ok(
            Math.abs(k - Math.round(k)) < 1e-6,
            `${code} ask ${r.ask_price} on tick ${tick}`,
          );
        }
      }
    }
  });

  it("groups KRW books by level and refuses unsupported levels and non-KRW levels", () => {
    const { market } = manual();
    const book = market.bookCopy("KRW-BTC");
    for (const level of [1000, 10000, 100000, 1000000]) {
      const f = market.orderbookFrame("KRW-BTC", book, 30, level, "SNAPSHOT")!;
      checkBook(f, 30, `level ${level}`);
      assert.equal(f["level"], level);
      for (const r of f["orderbook_units"] as unknown as Unit[]) {
        assert.equal(r.ask_price % level, 0);
        assert.equal(r.bid_price % level, 0);
      }
    }
    assert.equal(market.orderbookFrame("KRW-BTC", book, 30, 12345, "SNAPSHOT"), undefined);
    assert.equal(
      market.orderbookFrame("BTC-ETH", market.bookCopy("BTC-ETH"), 30, 10000, "SNAPSHOT"),
      undefined,
    );
    assert.equal(
      market.orderbookFrame("BTC-ETH", market.bookCopy("BTC-ETH"), 30, 0, "SNAPSHOT")?.["level"],
      0,
    );
    assert.deepEqual(market.supportedLevels("USDT-BTC"), [0]);
  });

  it("pads a thin book with zero slots after the real levels", () => {
    const clock = new FakeClock(START);
    const market = new MarketSimulator({
      tickMs: 0,
      markets: [{
        market: "BTC-THIN",
        koreanName: "씬",
        englishName: "Thin",
        price: 0.0001,
        depth: 4,
      }],
    }, clock);
    const rows = market.orderbookFrame(
      "BTC-THIN",
      market.bookCopy("BTC-THIN"),
      30,
      0,
      "SNAPSHOT",
    )!["orderbook_units"] as unknown as Unit[];
    assert.equal(rows.length, 30);
    assert.ok(rows.slice(0, 4).every((r) => r.ask_price > 0 && r.ask_size > 0));
    assert.ok(
      rows.slice(4).every((r) =>
        r.ask_price === 0 && r.ask_size === 0 && r.bid_price === 0 && r.bid_size === 0
      ),
    );
  });

  it("numbers trades sequential_id = trade_timestamp * 10000 + n, unique within a millisecond", () => {
    const { market, batches } = manual();
    market.step();
    market.step();
    const trades = batches.flat().filter((e) => e.kind === "trade").map((e) => e.frame);
    assert.equal(trades.length, 2 * DEFAULT_ACTIVE_CODES.length);
    const ids = new Set<bigint>();
    for (const t of trades) {
      const sid = t["sequential_id"] as bigint;
      assert.equal(typeof sid, "bigint");
      assert.equal(sid / 10000n, BigInt(t["trade_timestamp"] as number));
      ids.add(sid);
    }
    assert.equal(ids.size, trades.length);
  });

  it("writes Upbit's date and time formats", () => {
    const { market, batches } = manual();
    market.trade("KRW-BTC", { side: "BID" });
    const events = batches.flat();
    const trade = events.find((e) => e.kind === "trade")!;
    const ticker = events.find((e) => e.kind === "ticker")!;
    assert.ok(trade.kind === "trade" && ticker.kind === "ticker");
    assert.equal(trade.frame["trade_date"], "2026-09-23");
    assert.equal(trade.frame["trade_time"], "12:03:59");
    assert.equal(ticker.frame["trade_date"], "20260923");
    assert.equal(ticker.frame["trade_time"], "120359");
    assert.match(String(ticker.frame["highest_52_week_date"]), /^\d{4}-\d{2}-\d{2}$/);
    const c3 = market.candleFrame("KRW-BTC", "3m", "SNAPSHOT");
    assert.equal(c3["candle_date_time_utc"], "2026-09-23T12:03:00");
    assert.equal(c3["candle_date_time_kst"], "2026-09-23T21:03:00");
    assert.equal(
      market.candleFrame("KRW-BTC", "240m", "SNAPSHOT")["candle_date_time_utc"],
      "2026-09-23T12:00:00",
    );
    assert.equal(
      market.candleFrame("KRW-BTC", "1s", "SNAPSHOT")["candle_date_time_utc"],
      "2026-09-23T12:03:59",
    );
  });

  it("moves ticker and candles with trades: last, high/low, volumes, change vs previous close", () => {
    const { market } = manual();
    const before = market.tickerFrame("KRW-ETH", "SNAPSHOT");
    const t = market.trade("KRW-ETH", { side: "BID", price: 6_000_000, volume: 2 });
    const after = market.tickerFrame("KRW-ETH", "SNAPSHOT");
    assert.equal(t.price, 6_000_000);
    assert.equal(after["trade_price"], 6_000_000);
    assert.equal(after["high_price"], 6_000_000);
    assert.equal(after["trade_volume"], 2);
    assert.equal(after["ask_bid"], "BID");
    assert.ok(
      Math.abs((after["acc_trade_volume"] as number) - (before["acc_trade_volume"] as number) - 2) <
        1e-7,
    );
    assert.ok(
      Math.abs((after["acc_bid_volume"] as number) - (before["acc_bid_volume"] as number) - 2) <
        1e-7,
    );
    const pcp = after["prev_closing_price"] as number;
    assert.equal(after["signed_change_price"], 6_000_000 - pcp);
    assert.equal(after["change"], 6_000_000 > pcp ? "RISE" : "FALL");
    assert.equal(after["change_rate"], Number((Math.abs(6_000_000 - pcp) / pcp).toFixed(10)));
    const c1 = market.candleFrame("KRW-ETH", "1m", "REALTIME");
    assert.equal(c1["trade_price"], 6_000_000);
    assert.equal(c1["high_price"], 6_000_000);
    const book = market.orderbookFrame("KRW-ETH", market.bookCopy("KRW-ETH"), 1, 0, "SNAPSHOT")!;
    const top = (book["orderbook_units"] as unknown as Unit[])[0]!;
    assert.ok(
      top.bid_price < 6_000_000 + 1 && top.ask_price >= 6_000_000,
      "the book sits around the last price",
    );
  });

  it("keeps a quiet pair's snapshot timestamp at its last change", () => {
    const { clock, market } = manual();
    const quiet = "KRW-SAND";
    const t0 = market.tickerFrame(quiet, "SNAPSHOT")["timestamp"] as number;
    assert.ok(t0 < START, "history predates the start");
    clock.tick(60_000);
    market.step();
    assert.equal(market.tickerFrame(quiet, "SNAPSHOT")["timestamp"], t0);
    assert.equal(
      market.orderbookFrame(quiet, market.bookCopy(quiet), 30, 0, "SNAPSHOT")!["timestamp"],
      t0,
    );
  });

  it("automatic mode: busy books on their grid, trades at the tick rate, candles only when changed", () => {
    const clock = new FakeClock(START);
    const market = new MarketSimulator({
      tickMs: 50,
      bookIntervalMs: 100,
      candleIntervalMs: 1000,
      tradeProbability: 0.5,
      quietTradeProbability: 0,
      activeCodes: ["KRW-BTC"],
    }, clock);
    const events: { at: number; e: MarketEvent }[] = [];
    market.onEvents((batch) => batch.forEach((e) => events.push({ at: clock.now(), e })));
    market.start();
    clock.tick(5000);
    market.stop();
    assert.equal(clock.pending, 0, "stop() clears the timer");
    const books = events.filter((x) => x.e.kind === "orderbook" && x.e.code === "KRW-BTC").map((
      x,
    ) => x.at);
    assert.ok(books.length >= 49 && books.length <= 50, `~50 books in 5 s, got ${books.length}`);
    for (let i = 1; i < books.length; i++) assert.equal(books[i]! - books[i - 1]!, 100);
    assert.ok(events.every((x) => x.e.code === "KRW-BTC"), "quiet pairs stay quiet");
    const trades = events.filter((x) => x.e.kind === "trade").length;
    assert.ok(trades > 20 && trades < 80, `about half of 100 ticks trade, got ${trades}`);
    const candles = events.filter((x) => x.e.kind === "candle" && x.e.unit === "1s").map((x) =>
      x.at
    );
    assert.ok(candles.length >= 4 && candles.length <= 5);
    for (const at of candles) assert.equal(at % 1000, 0, "candles on the 1 s cycle");
    const ts = books.map((_, i) => i);
    assert.ok(ts.length > 0);
  });

  it("lists realistic default markets and Upbit tick sizes", () => {
    const codes = defaultMarkets().map((m) => m.market);
    for (
      const c of ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE", "BTC-ETH", "USDT-BTC"]
    ) {
      assert.ok(codes.includes(c), c);
    }
    assert.ok(codes.filter((c) => c.startsWith("KRW-")).length >= 20);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(tickSizeFor("KRW-BTC", 148_500_000), 1000);
    assert.equal(tickSizeFor("KRW-XRP", 3125), 1);
    assert.equal(tickSizeFor("KRW-DOGE", 331.2), 0.1);
    assert.equal(tickSizeFor("BTC-ETH", 0.03), 0.00000001);
    assert.equal(Object.keys(CANDLE_UNITS).length, 9);
    assert.throws(() => new MarketSimulator({ tickMs: -1 }, new FakeClock()), RangeError);
    assert.throws(
      () =>
        new MarketSimulator({
          markets: [{ market: "krw-btc", koreanName: "", englishName: "", price: 1 }],
        }, new FakeClock()),
      /current value is "krw-btc"/,
    );
  });
});
