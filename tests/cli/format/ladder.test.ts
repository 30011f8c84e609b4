import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { renderLadder } from "../../../cli/format/ladder.ts";

describe("renderLadder", () => {
  it("shows bids left and asks right, best first, blanks for padded levels", () => {
    const lines = renderLadder(
      "KRW-BTC",
      [
        { askPrice: 148_500_000, bidPrice: 148_499_000, askSize: 0.0341, bidSize: 0.309 },
        { askPrice: 148_501_000, bidPrice: 0, askSize: 0.05, bidSize: 0 },
        { askPrice: 148_502_000, bidPrice: 148_497_000, askSize: 1, bidSize: 2 },
      ],
      2,
      { color: false, width: 100 },
    );
    assert.deepEqual(lines, [
      "KRW-BTC order book, top 2",
      "BID SIZE          BID │ ASK          ASK SIZE",
      "   0.309  148,499,000 │ 148,500,000    0.0341",
      "                      │ 148,501,000      0.05",
    ]);
  });

  it("colours bids red and asks blue", () => {
    const [, , row] = renderLadder(
      "KRW-BTC",
      [
        { askPrice: 101, bidPrice: 99, askSize: 1, bidSize: 2 },
      ],
      5,
      { color: true, width: 100 },
    );
    assert.ok(row?.includes("\x1b[31m 99\x1b[0m"), row);
    assert.ok(row?.includes("\x1b[34m101"));
  });
});
