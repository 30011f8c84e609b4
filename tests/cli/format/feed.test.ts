import { describe, it } from "node:test";
import assert from "node:assert/strict";

describe("the feed table of notices and indicators", () => {
  it("keeps one row per code and indicator with its latest values", async () => {
    const { Feed, renderFeed } = await import("../../../cli/format/feed.ts");
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
    const { Feed, renderFeed } = await import("../../../cli/format/feed.ts");
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
