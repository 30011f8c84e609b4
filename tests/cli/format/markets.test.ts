import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { filterMarkets, quotesOf, renderMarkets } from "../../../cli/format/markets.ts";

describe("markets", () => {
  const list = [
    { market: "KRW-BTC", korean_name: "비트코인", english_name: "Bitcoin" },
    {
      market: "KRW-ETH",
      korean_name: "이더리움",
      english_name: "Ethereum",
      market_event: { warning: true },
    },
    { market: "BTC-ETH", korean_name: "이더리움", english_name: "Ethereum" },
  ];

  it("filters by quote currency", () => {
    assert.deepEqual(filterMarkets(list, "KRW").map((m) => m.market), ["KRW-BTC", "KRW-ETH"]);
    assert.equal(filterMarkets(list, undefined).length, 3);
    assert.deepEqual(filterMarkets(list, "KR"), []);
  });

  it("lists the quote currencies in the order they first appear", () => {
    assert.deepEqual(quotesOf(list), ["KRW", "BTC"]);
    assert.deepEqual(quotesOf([]), []);
  });

  it("renders a table with a count and the warning flag, Korean names aligned", () => {
    const lines = renderMarkets(list, { color: false, width: 100 });
    assert.equal(lines[0], "MARKET   ENGLISH   KOREAN");
    assert.equal(lines[1], "KRW-BTC  Bitcoin   비트코인");
    assert.equal(lines[2], "KRW-ETH  Ethereum  이더리움  warning");
    assert.equal(lines.at(-1), "3 markets");
  });
});
