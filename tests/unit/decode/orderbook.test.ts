/**
 * Orderbook frames (`src/decode/orderbook.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  encodeFrame,
  ORDERBOOK_SIMPLE_TEXT,
  orderbookFrame,
  orderbookFrame30,
  TICKER_TEXT,
} from "../../_helpers/frames.ts";
import { fourFormats, one, ORDERBOOK_EVENT } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("reads Java-style exponents (7.9276E-4, 5.0E-4, 1.16539E8)", () => {
    const book = one(ORDERBOOK_SIMPLE_TEXT, { validate: "always" });
    assert.equal(book.type, "orderbook");
    assert.deepEqual(book.orderbookUnits, [
      { askPrice: 116606000, bidPrice: 116534000, askSize: 0.06288509, bidSize: 0.00079276 },
      { askPrice: 116609000, bidPrice: 116521000, askSize: 0.0005, bidSize: 0.01624318 },
    ]);
    const text = TICKER_TEXT.replace('"trade_price":32287000', '"trade_price":1.16539E8');
    const ticker = one(text, { validate: "always" });
    assert.equal(ticker.type === "ticker" && ticker.tradePrice, 116539000);
  });

  it("decodes a 30-level orderbook", () => {
    const book = one(encodeFrame(orderbookFrame30()), { validate: "always" });
    assert.equal(book.type === "orderbook" && book.orderbookUnits.length, 30);
  });

  it("reads a missing orderbook level as 0", () => {
    const frame = orderbookFrame();
    delete frame.level;
    for (const [format, text] of fourFormats(frame)) {
      assert.deepEqual(one(text, { validate: "always" }), ORDERBOOK_EVENT, format);
    }
  });
});
