/**
 * The emulator matches orders placed through it against its simulated book as Upbit would:
 * crossing limit orders take the best levels first (taker, fee charged, `trade` per level then
 * `done`), the rest rests and fills when the simulated flow reaches its price (maker), market
 * orders fill from the book, `ioc` cancels what is left, `post_only` never takes, and balances
 * move by the fills and the fees. Pure logic on a fake clock: runs on every runtime.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccountBook,
  type AccountEvent,
  FakeClock,
  MarketSimulator,
} from "../../../testing/mod.ts";

function setup(match = true) {
  const clock = new FakeClock();
  const market = new MarketSimulator({ tickMs: 0, seed: 3 }, clock);
  const accounts = new AccountBook(
    { feeRate: 0.0005 },
    clock,
    (c) => market.lastPrice(c),
    match ? market : undefined,
  );
  accounts.setBookSource((code) => {
    const b = market.bookCopy(code);
    const t = market.tickSize(code);
    return {
      asks: b.asks.map((l) => ({ price: l.p * t, size: l.s })),
      bids: b.bids.map((l) => ({ price: l.p * t, size: l.s })),
    };
  });
  market.onEvents((events) => {
    for (const e of events) {
      if (e.kind === "trade") {
        accounts.crossResting(
          e.code,
          e.frame["ask_bid"] === "ASK" ? "ASK" : "BID",
          Number(e.frame["trade_price"]),
          Number(e.frame["trade_volume"]),
        );
      }
    }
  });
  accounts.add({ accessKey: "ak", secretKey: "sk", balances: { KRW: 1e10, BTC: 10 } });
  const events: AccountEvent[] = [];
  accounts.onEvent((e) => events.push(e));
  const publicTrades: number[] = [];
  market.onEvents((es) => {
    for (const e of es) if (e.kind === "trade") publicTrades.push(Number(e.frame["trade_price"]));
  });
  const book = () => {
    const b = market.bookCopy("KRW-BTC");
    const t = market.tickSize("KRW-BTC");
    return { asks: b.asks.map((l) => [l.p * t, l.s]), bids: b.bids.map((l) => [l.p * t, l.s]) };
  };
  const states = (uuid: string) =>
    events.filter((e) => e.kind === "myOrder" && e.frame["uuid"] === uuid).map((e) =>
      String(e.frame["state"])
    );
  return { market, accounts, events, publicTrades, book, states };
}

describe("emulator order matching", () => {
  it("a crossing limit buy takes the asks within its price, best first, then rests", () => {
    const { accounts, book, states, events, publicTrades } = setup();
    const before = book();
    const [a0, a1, a2] = before.asks as [[number, number], [number, number], [number, number]];
    // Enough for the first two levels and part of the third, priced at the third.
    const volume = Number((a0[1] + a1[1] + a2[1] / 2).toFixed(8));
    const krw0 = accounts.balances("ak").find((b) => b.currency === "KRW")!.balance;
    const o = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      price: a2[0],
      volume: volume + a2[1], // more than the three levels hold: the rest rests
    });
    const trades = events.filter((e) =>
      e.kind === "myOrder" && e.frame["uuid"] === o.uuid && e.frame["state"] === "trade"
    );
    assert.deepEqual(trades.map((e) => e.frame["price"]), [a0[0], a1[0], a2[0]]);
    assert.deepEqual(trades.map((e) => e.frame["is_maker"]), [false, false, false]);
    assert.deepEqual(publicTrades, [a0[0], a1[0], a2[0]], "each level taken is a public trade");
    const after = accounts.order(o.uuid)!;
    assert.equal(after.state, "wait");
    assert.equal(after.tradesCount, 3);
    const filled = a0[1] + a1[1] + a2[1];
    assert.ok(Math.abs(after.executedVolume - filled) < 1e-8);
    const funds = a0[0] * a0[1] + a1[0] * a1[1] + a2[0] * a2[1];
    assert.ok(Math.abs(after.paidFee - funds * 0.0005) < 1e-3, `fee ${after.paidFee}`);
    const krw = accounts.balances("ak").find((b) => b.currency === "KRW")!;
    // Spent: the fills and their fee; locked: the rest at the limit price plus its fee.
    assert.ok(Math.abs(krw0 - krw.balance - krw.locked - funds * 1.0005) < 1e-2);
    assert.equal(states(o.uuid).join(), "wait,trade,trade,trade");
  });

  it("a resting order fills as maker when the simulated flow reaches its price, then done", () => {
    const { accounts, market, book, states } = setup();
    const bestBid = (book().bids[0] as [number, number])[0];
    const o = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      price: bestBid,
      volume: 0.0001,
    });
    assert.equal(accounts.order(o.uuid)!.state, "wait", "below the asks: rests");
    market.trade("KRW-BTC", { side: "ASK", price: bestBid - 1000, volume: 1 });
    const done = accounts.order(o.uuid)!;
    assert.equal(done.state, "done");
    assert.equal(states(o.uuid).join(), "wait,trade,done");
    assert.ok(
      Math.abs(done.executedFunds - bestBid * 0.0001) < 1e-6,
      "a maker fills at its own price",
    );
  });

  it("market orders fill from the book; ioc cancels the rest; post_only never takes", () => {
    const { accounts, book, states } = setup();
    const sell = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "ask",
      ordType: "market",
      volume: 0.01,
    });
    assert.equal(states(sell.uuid).at(-1), "done");
    const buy = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      ordType: "price",
      price: 1_000_000,
    });
    assert.equal(states(buy.uuid).at(-1), "done");
    const [a0] = book().asks as [[number, number]];
    const ioc = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      price: a0[0],
      volume: a0[1] * 50,
      timeInForce: "ioc",
    });
    assert.equal(states(ioc.uuid).at(-1), "cancel");
    assert.ok(accounts.order(ioc.uuid)!.executedVolume > 0);
    const post = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      price: (book().asks[0] as [number, number])[0],
      volume: 0.001,
      timeInForce: "post_only",
    });
    assert.equal(states(post.uuid).join(), "wait,cancel");
    const locked = accounts.balances("ak").find((b) => b.currency === "KRW")!.locked;
    assert.ok(locked < 1e-6, `nothing stays locked: ${locked}`);
  });

  it("matchOrders off: orders only rest", () => {
    const { accounts, book, states } = setup(false);
    const o = accounts.placeOrder("ak", {
      market: "KRW-BTC",
      side: "bid",
      price: (book().asks[3] as [number, number])[0],
      volume: 0.01,
    });
    assert.equal(states(o.uuid).join(), "wait");
  });
});
