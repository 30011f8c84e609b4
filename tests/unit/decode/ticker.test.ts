/**
 * Ticker frames (`src/decode/ticker.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { orderbookFrame, TICKER_TEXT, tickerFrame } from "../../_helpers/frames.ts";
import { errors, fourFormats, one, run, TICKER_EVENT } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("decodes the doc's verbatim DEFAULT ticker (Java-style trailing zeros)", () => {
    assert.deepEqual(one(TICKER_TEXT, { validate: "always" }), TICKER_EVENT);
  });

  it("does not copy unknown fields, including legacy ticker keys", () => {
    const frame = tickerFrame({ trade_status: null, market_state_for_ios: null, extra: { a: 1 } });
    for (const [format, text] of fourFormats(frame)) {
      assert.deepEqual(one(text, { validate: "always" }), TICKER_EVENT, format);
    }
    const unit = { ...orderbookFrame().orderbook_units[0], extra: 1 };
    const book = one(JSON.stringify(orderbookFrame({ orderbook_units: [unit] })));
    assert.deepEqual(book.type === "orderbook" && Object.keys(book.orderbookUnits[0] ?? {}), [
      "askPrice",
      "bidPrice",
      "askSize",
      "bidSize",
    ]);
  });

  it("reports a number that overflows to Infinity when validating, and delivers the frame", () => {
    const text = JSON.stringify(tickerFrame()).replace(
      /"trade_price":[^,]+/,
      '"trade_price":1e999',
    );
    const calls = run([text], { validate: "always" });
    assert.equal(errors(calls).length, 1);
    assert.match(errors(calls)[0]!.message, /trade_price/);
    assert.equal(errors(calls)[0]!.delivered, true);
    const e = calls.at(-1);
    assert.ok(e?.kind === "event" && e.event.type === "ticker");
    assert.equal(e.event.tradePrice, Infinity);
  });
});
