/**
 * Candle frames of every interval (`src/decode/candle.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CANDLE_SIMPLE_LIST_TEXT, candleFrame } from "../../_helpers/frames.ts";
import { CANDLE_EVENT, CANDLE_TYPES, fourFormats, one } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("decodes every candle interval in all four formats", () => {
    for (const type of CANDLE_TYPES) {
      for (const [format, text] of fourFormats(candleFrame({ type }))) {
        assert.deepEqual(one(text, { validate: "always" }), { ...CANDLE_EVENT, type }, format);
      }
    }
  });

  it("decodes the doc's SIMPLE_LIST candle", () => {
    assert.deepEqual(one(CANDLE_SIMPLE_LIST_TEXT, { validate: "always" }), {
      type: "candle.1s",
      code: "KRW-BTC",
      candleDateTimeUtc: "2025-07-07T02:29:24",
      candleDateTimeKst: "2025-07-07T11:29:24",
      openingPrice: 149000000,
      highPrice: 149000000,
      lowPrice: 149000000,
      tradePrice: 149000000,
      candleAccTradeVolume: 0.00033557,
      candleAccTradePrice: 49999.93,
      timestamp: 1751855364161,
      streamType: "SNAPSHOT",
    });
  });
});
