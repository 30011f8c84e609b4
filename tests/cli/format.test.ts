import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AccountBoard,
  Board,
  type BoardRow,
  filterMarkets,
  fit,
  formatAge,
  formatBytes,
  formatChange,
  formatElapsed,
  formatPrice,
  formatVolume,
  ndjsonLine,
  paint,
  plainLine,
  progressLine,
  redraw,
  renderAccount,
  renderBoard,
  renderLadder,
  renderMarkets,
  spreadOf,
  stripAnsi,
  visibleWidth,
} from "../../cli/format.ts";

const T0 = 1_790_000_000_000;

describe("number formatting", () => {
  it("formats prices by magnitude with separators", () => {
    assert.equal(formatPrice(148_500_000), "148,500,000");
    assert.equal(formatPrice(105_912.3), "105,912.3");
    assert.equal(formatPrice(3125), "3,125");
    assert.equal(formatPrice(331.2), "331.2");
    assert.equal(formatPrice(2.2291), "2.2291");
    assert.equal(formatPrice(0.00002104), "0.00002104");
    assert.equal(formatPrice(undefined), "—");
    assert.equal(formatPrice(NaN), "—");
  });

  it("formats volumes compactly", () => {
    assert.equal(formatVolume(7158.8028356), "7,158.8");
    assert.equal(formatVolume(39_850), "39.85K");
    assert.equal(formatVolume(124_560_000), "124.56M");
    assert.equal(formatVolume(228_827_082_483.7), "228.83B");
    assert.equal(formatVolume(1.23456), "1.235");
    assert.equal(formatVolume(0.00172042), "0.00172042");
    assert.equal(formatVolume(undefined), "—");
  });

  it("formats change with an arrow and a sign, and rounds tiny changes to even", () => {
    assert.equal(formatChange(0.0126713295), "▲ +1.27%");
    assert.equal(formatChange(-0.0034), "▼ -0.34%");
    assert.equal(formatChange(0), "- 0.00%");
    assert.equal(formatChange(-0.00001), "- 0.00%");
    assert.equal(formatChange(undefined), "—");
  });

  it("formats bytes, ages and elapsed time", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1536), "1.5 KB");
    assert.equal(formatBytes(2.25 * 1024 * 1024), "2.25 MB");
    assert.equal(formatAge(250), "0.3s");
    assert.equal(formatAge(12_400), "12s");
    assert.equal(formatAge(245_000), "4m05s");
    assert.equal(formatAge(7_380_000), "2h03m");
    assert.equal(formatAge(-5), "0.0s");
    assert.equal(formatAge(undefined), "—");
    assert.equal(formatElapsed(65_000), "01:05");
    assert.equal(formatElapsed(3_723_000), "1:02:03");
  });
});

describe("terminal text", () => {
  it("paints only when colours are on, and strips escapes", () => {
    assert.equal(paint(true, "31", "up"), "\x1b[31mup\x1b[0m");
    assert.equal(paint(false, "31", "up"), "up");
    assert.equal(stripAnsi(paint(true, "1", "bold")), "bold");
  });

  it("measures wide characters as two columns and escapes as none", () => {
    assert.equal(visibleWidth("비트코인"), 8);
    assert.equal(visibleWidth(paint(true, "32", "ok")), 2);
  });

  it("cuts to a width, keeping escapes and resetting colour after a cut", () => {
    assert.equal(fit("KRW-BTC 148,500,000", 7), "KRW-BTC");
    assert.equal(fit("short", 10), "short");
    assert.equal(fit("비트코인", 5), "비트");
    const cut = fit(paint(true, "31", "abcdef"), 3);
    assert.equal(stripAnsi(cut), "abc");
    assert.ok(cut.endsWith("\x1b[0m"));
  });

  it("redraws over the previous frame", () => {
    assert.equal(redraw(0, ["a"]), "\x1b[2Ka\n\x1b[J");
    assert.equal(redraw(2, ["a", "b"]), "\x1b[2A\r\x1b[2Ka\n\x1b[2Kb\n\x1b[J");
  });

  it("writes one NDJSON line per event, big integers as strings", () => {
    assert.equal(ndjsonLine({ type: "trade", n: 1 }), '{"type":"trade","n":1}\n');
    assert.equal(ndjsonLine({ id: 17303368620800006n }), '{"id":"17303368620800006"}\n');
  });
});

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

describe("one-line summaries", () => {
  it("prints a plain line for a non-terminal", () => {
    assert.equal(
      plainLine(
        [{ code: "KRW-BTC", events: 1, price: 100, changeRate: 0.01, bid: 99, ask: 101 }],
        "open",
        3000,
      ),
      "00:03 open  KRW-BTC 100 ▲ +1.00% bid 99 ask 101",
    );
  });

  it("prints the recording progress", () => {
    assert.equal(
      progressLine({
        file: "a.ndjson",
        frames: 1234,
        bytes: 2048,
        elapsedMs: 65_000,
        rate: 56.25,
        state: "open",
      }),
      "recording a.ndjson  1,234 frames  56.3 frames/s  2.0 KB  01:05  open",
    );
  });
});

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

  it("renders a table with a count and the warning flag, Korean names aligned", () => {
    const lines = renderMarkets(list, { color: false, width: 100 });
    assert.equal(lines[0], "MARKET   ENGLISH   KOREAN");
    assert.equal(lines[1], "KRW-BTC  Bitcoin   비트코인");
    assert.equal(lines[2], "KRW-ETH  Ethereum  이더리움  warning");
    assert.equal(lines.at(-1), "3 markets");
  });
});

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

describe("the feed table of notices and indicators", () => {
  it("keeps one row per code and indicator with its latest values", async () => {
    const { Feed, renderFeed } = await import("../../cli/feed.ts");
    const feed = new Feed(false);
    const rsi = (value: number, candle: string) => ({
      type: "indicator",
      code: "KRW-BTC",
      indicator: "rsi",
      params: { period: 14 },
      value: { rsi: value },
      candleDateTimeUtc: candle,
    });
    feed.apply(rsi(58.7532, "2026-09-03T04:50:00"), 1000);
    feed.apply({
      ...rsi(0, ""),
      indicator: "macd",
      params: { fast: 12, slow: 26, signalPeriod: 9 },
      value: { macd: 33554.86, macdSignal: 55795.38, histogram: -22240.52 },
      candleDateTimeUtc: "2026-09-03T04:50:00",
    }, 1000);
    feed.apply(rsi(61.25, "2026-09-03T04:55:00"), 2000);
    const lines = renderFeed(feed.rows(), { state: "open", title: "indicator 5m" }, 3000, {
      color: false,
      width: 120,
    });
    assert.match(lines[0]!, /open {2}indicator 5m {2}3 events/);
    assert.equal(lines.length, 4);
    assert.match(lines[2]!, /^KRW-BTC rsi\(14\) +2026-09-03T04:55:00 +1\.0s +rsi 61\.25$/);
    assert.match(
      lines[3]!,
      /^KRW-BTC macd\(12,26,9\) .* macd 33555 {2}macdSignal 55795 {2}histogram -22241$/,
    );
  });

  it("lists notices newest first, keeping the last 20", async () => {
    const { Feed, renderFeed } = await import("../../cli/feed.ts");
    const feed = new Feed(true);
    for (let i = 0; i < 25; i++) {
      feed.apply({
        type: "announcement",
        uuid: `u${i}`,
        category: "trade",
        eventType: "CREATED",
        title: `notice ${i}`,
        listedAt: "2026-07-14T16:36:34+09:00",
      }, i);
    }
    const rows = feed.rows();
    assert.equal(rows.length, 20);
    assert.equal(rows[0]!.values, "notice 24");
    const lines = renderFeed(rows, { state: "open", title: "announcement" }, 30, {
      color: false,
      width: 80,
    });
    assert.match(lines[2]!, /^trade CREATED +2026-07-14T16:36:34\+09:00 +.* notice 24$/);
    assert.ok(lines.every((l) => l.length <= 80));
  });
});

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
