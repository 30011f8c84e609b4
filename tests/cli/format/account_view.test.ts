import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AccountBoard } from "../../../cli/format/account.ts";
import { renderAccount } from "../../../cli/format/account_view.ts";

describe("the account view of watch myOrder / myAsset", () => {
  const opts = { color: false, width: 120 };

  it("is never blank: the connection state and both tables show before any event", () => {
    const lines = renderAccount(
      new AccountBoard(),
      { state: "open", title: "myOrder + myAsset", source: "wss://api.upbit.com/websocket/v1" },
      0,
      opts,
    );
    assert.deepEqual(lines, [
      "● open  myOrder + myAsset  0 events  wss://api.upbit.com/websocket/v1",
      "",
      "ORDERS (0)",
      "no order events yet: Upbit sends one only when an order of yours changes",
      "",
      "BALANCES (0)",
      "no balance events yet: Upbit sends one only when a balance changes",
    ]);
  });

  it("tables orders (newest change first, the order's own price kept through fills) and balances", () => {
    const board = new AccountBoard();
    const order = {
      type: "myOrder",
      code: "KRW-BTC",
      uuid: "0b4c1f2e-aaaa-bbbb-cccc-000000000001",
      askBid: "BID",
      price: 100_000_000,
      volume: 0.01,
      executedVolume: 0,
    };
    board.apply({ ...order, state: "wait" }, 1000);
    board.apply({
      ...order,
      uuid: "9f00aa11-aaaa-bbbb-cccc-000000000002",
      askBid: "ASK",
      state: "wait",
      price: 5_000_000,
      volume: 1,
    }, 2000);
    // A fill reports the fill's price and volume; the row keeps the order's.
    board.apply({
      ...order,
      state: "trade",
      price: 99_500_000,
      volume: 0.004,
      executedVolume: 0.004,
    }, 3000);
    board.apply({
      type: "myAsset",
      assets: [
        { currency: "BTC", balance: 0.004, locked: 0 },
        { currency: "KRW", balance: 8_999_000, locked: 600_300 },
      ],
    }, 3000);
    const lines = renderAccount(board, { state: "open", title: "myOrder + myAsset" }, 5000, opts);
    assert.deepEqual(lines, [
      "● open  myOrder + myAsset  4 events",
      "",
      "ORDERS (2)",
      "MARKET   SIDE  STATE        PRICE  VOLUME  FILLED   AGE  UUID",
      "KRW-BTC  BID   trade  100,000,000    0.01   0.004  2.0s  0b4c1f2e",
      "KRW-BTC  ASK   wait     5,000,000       1       0  3.0s  9f00aa11",
      "",
      "BALANCES (2)",
      "CURRENCY    BALANCE   LOCKED   AGE",
      "KRW       8,999,000  600,300  2.0s",
      "BTC           0.004        0  2.0s",
    ]);
  });

  it("colours order states, shows the last error, and keeps at most maxOrders rows", () => {
    const board = new AccountBoard();
    for (let i = 0; i < 5; i++) {
      board.apply({
        type: "myOrder",
        code: "KRW-ETH",
        uuid: `u${i}`,
        askBid: "ASK",
        state: "done",
        price: 1,
        volume: 1,
        executedVolume: 1,
      }, i);
    }
    const lines = renderAccount(
      board,
      { state: "backoff", title: "myAsset + myOrder", error: "CONNECTION_CLOSED: gone" },
      10,
      { color: true, width: 120 },
      3,
    );
    assert.ok(lines[0]?.startsWith("\x1b[33m●\x1b[0m backoff"), lines[0]);
    assert.equal(lines.filter((l) => l.includes("\x1b[32mdone")).length, 3);
    assert.ok(lines.some((l) => l.includes("… and 2 older")));
    assert.ok(lines.at(-1)?.includes("last error: CONNECTION_CLOSED: gone"));
  });
});
