import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type BoardRow } from "../../../cli/format/board.ts";
import { stripAnsi, visibleWidth } from "../../../cli/format/text.ts";
import { renderBoard } from "../../../cli/format/board_view.ts";

const T0 = 1_790_000_000_000;

describe("renderBoard", () => {
  const rows: BoardRow[] = [
    {
      code: "KRW-BTC",
      price: 148_500_000,
      changeRate: 0.0031,
      volume: 729.5,
      bid: 148_499_000,
      ask: 148_500_000,
      updatedAt: T0 - 300,
      events: 3,
    },
    { code: "KRW-ETH", price: 5_120_000, changeRate: -0.0156, updatedAt: T0 - 12_000, events: 1 },
    { code: "KRW-XRP", events: 0 },
  ];

  it("prints a status line, a header and one row per market", () => {
    const lines = renderBoard(
      rows,
      { state: "open", title: "ticker", rate: 2.5, source: "emulator" },
      T0,
      {
        color: false,
        width: 200,
      },
    );
    assert.equal(lines.length, 5);
    assert.equal(lines[0], "● open  ticker  4 events  2.5/s  emulator");
    assert.match(lines[1] ?? "", /^MARKET +PRICE +CHANGE +VOLUME +BID +ASK +SPREAD +AGE$/);
    assert.match(
      lines[2] ?? "",
      /^KRW-BTC +148,500,000 +▲ \+0\.31% +729\.5 +148,499,000 +148,500,000 +0\.001% +0\.3s$/,
    );
    assert.match(lines[3] ?? "", /^KRW-ETH +5,120,000 +▼ -1\.56% +— +— +— +— +12s$/);
    assert.match(lines[4] ?? "", /^KRW-XRP +— +— +— +— +— +— +—$/);
  });

  it("aligns the columns", () => {
    const lines = renderBoard(rows, { state: "open", title: "ticker" }, T0, {
      color: false,
      width: 200,
    });
    const ends = lines.slice(1).map((l) => l.length);
    assert.ok(ends.every((n) => n === ends[0]), `rows end in one column: ${ends.join(",")}`);
  });

  it("colours a rise red and a fall blue, and the state", () => {
    const lines = renderBoard(rows, { state: "backoff", title: "ticker", error: "boom" }, T0, {
      color: true,
      width: 200,
    });
    assert.ok(lines[0]?.startsWith("\x1b[33m●\x1b[0m backoff"));
    assert.ok(lines[2]?.includes("\x1b[31m▲ +0.31%\x1b[0m"));
    assert.ok(lines[3]?.includes("\x1b[34m▼ -1.56%\x1b[0m"));
    assert.equal(lines.at(-1), "\x1b[31mlast error: boom\x1b[0m");
  });

  it("drops volume, then bid and ask, on a narrow terminal and never exceeds the width", () => {
    for (const width of [80, 66, 50, 30]) {
      const lines = renderBoard(rows, { state: "open", title: "ticker" }, T0, {
        color: true,
        width,
      });
      for (const l of lines) {
        assert.ok(visibleWidth(l) <= width, `${visibleWidth(l)} > ${width}: ${l}`);
      }
      assert.ok(stripAnsi(lines[2] ?? "").includes("KRW-BTC"));
    }
    const narrow = renderBoard(rows, { state: "open", title: "t" }, T0, {
      color: false,
      width: 66,
    });
    assert.doesNotMatch(narrow[1] ?? "", /VOLUME/);
    assert.match(narrow[1] ?? "", /SPREAD +AGE$/);
  });
});
