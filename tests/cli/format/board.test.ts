import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Board, type BoardRow, spreadOf } from "../../../cli/format/board.ts";

const T0 = 1_790_000_000_000;

describe("Board", () => {
  it("keeps the given order and adds unknown codes at the end", () => {
    const board = new Board(["KRW-ETH", "KRW-BTC"]);
    board.apply({ type: "ticker", code: "KRW-XRP", tradePrice: 3125 }, T0);
    assert.deepEqual(board.rows().map((r) => r.code), ["KRW-ETH", "KRW-BTC", "KRW-XRP"]);
    assert.equal(board.events, 1);
  });

  it("reads price, change and 24 h volume from tickers", () => {
    const board = new Board(["KRW-BTC"]);
    board.apply({
      type: "ticker",
      code: "KRW-BTC",
      tradePrice: 32_287_000,
      signedChangeRate: 0.0126713295,
      accTradeVolume24h: 7158.8028356,
    }, T0);
    assert.deepEqual(board.rows()[0], {
      code: "KRW-BTC",
      price: 32_287_000,
      changeRate: 0.0126713295,
      volume: 7158.8028356,
      updatedAt: T0,
      events: 1,
    });
  });

  it("reads the top level from books, and best bid/ask and change from trades", () => {
    const board = new Board(["KRW-BTC"]);
    board.apply({
      type: "orderbook",
      code: "KRW-BTC",
      orderbookUnits: [{ askPrice: 101, bidPrice: 99, askSize: 1, bidSize: 2 }],
    }, T0);
    let row = board.rows()[0] as BoardRow;
    assert.deepEqual([row.bid, row.ask, row.bidSize, row.askSize], [99, 101, 2, 1]);
    board.apply({
      type: "trade",
      code: "KRW-BTC",
      tradePrice: 110,
      tradeVolume: 0.5,
      prevClosingPrice: 100,
      bestBidPrice: 109,
      bestAskPrice: 111,
    }, T0 + 5);
    row = board.rows()[0] as BoardRow;
    assert.deepEqual([row.price, row.volume, row.bid, row.ask], [110, 0.5, 109, 111]);
    assert.ok(Math.abs((row.changeRate ?? 0) - 0.1) < 1e-12);
    assert.equal(row.updatedAt, T0 + 5);
  });

  it("treats a zero-padded top level as no price", () => {
    const board = new Board(["BTC-THIN"]);
    board.apply({
      type: "orderbook",
      code: "BTC-THIN",
      orderbookUnits: [{ askPrice: 0, bidPrice: 5, askSize: 0, bidSize: 1 }],
    }, T0);
    const row = board.rows()[0] as BoardRow;
    assert.equal(row.ask, undefined);
    assert.equal(spreadOf(row), undefined);
  });

  it("measures candle change against the candle's open", () => {
    const board = new Board(["KRW-BTC"]);
    board.apply({
      type: "candle.1m",
      code: "KRW-BTC",
      openingPrice: 200,
      tradePrice: 190,
      candleAccTradeVolume: 3,
    }, T0);
    const row = board.rows()[0] as BoardRow;
    assert.equal(row.price, 190);
    assert.equal(row.volume, 3);
    assert.ok(Math.abs((row.changeRate ?? 0) + 0.05) < 1e-12);
  });

  it("ignores events without a code (myAsset)", () => {
    const board = new Board([]);
    board.apply({ type: "myAsset" }, T0);
    assert.equal(board.events, 0);
    assert.deepEqual(board.rows(), []);
  });

  it("hands out copies of its rows", () => {
    const board = new Board(["KRW-BTC"]);
    (board.rows()[0] as BoardRow).price = 1;
    assert.equal(board.rows()[0]?.price, undefined);
  });
});
