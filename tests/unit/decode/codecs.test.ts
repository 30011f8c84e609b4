/**
 * The decoder's lookup table (`src/decode/codecs.ts`): every wire type has its codec, the schemas
 * are the codecs' own, and no type name reaches a prototype.
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CODECS, SCHEMAS } from "../../../src/decode/codecs.ts";
import { CANDLE_TYPES } from "../../../src/protocol/candles.ts";
import { bad } from "./_decode.ts";

describe("the lookup table", () => {
  it("has one codec per wire type, one for every candle interval and both indicator types", () => {
    assert.deepEqual([...CODECS.keys()], [
      "ticker",
      "trade",
      "orderbook",
      ...CANDLE_TYPES,
      "myOrder",
      "myAsset",
      "announcement",
      "indicator",
      "indicator_signal",
    ]);
    const candle = CODECS.get("candle.1m");
    for (const type of CANDLE_TYPES) assert.equal(CODECS.get(type), candle, type);
    assert.equal(CODECS.get("indicator"), CODECS.get("indicator_signal"));
  });

  it("gives the frequent types a schema pair, and the rare ones none", () => {
    assert.equal(SCHEMAS.ticker, CODECS.get("ticker")?.schemas);
    assert.equal(SCHEMAS.trade, CODECS.get("trade")?.schemas);
    assert.equal(SCHEMAS.orderbook, CODECS.get("orderbook")?.schemas);
    assert.equal(SCHEMAS.candle, CODECS.get("candle.240m")?.schemas);
    assert.equal(SCHEMAS.myOrder, CODECS.get("myOrder")?.schemas);
    assert.equal(SCHEMAS.myAsset, CODECS.get("myAsset")?.schemas);
    for (const type of ["announcement", "indicator", "indicator_signal"]) {
      assert.equal(CODECS.get(type)?.schemas, undefined, type);
    }
    // Only myAsset has numbers to read losslessly.
    assert.deepEqual(
      [...CODECS].filter(([, c]) => c.exact !== undefined).map(([type]) => type),
      ["myAsset"],
    );
  });

  it("reports a type named like an Object property as not supported, without throwing", () => {
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      for (const key of ["type", "ty"]) {
        const error = bad(JSON.stringify({ [key]: type, code: "KRW-BTC" }));
        assert.equal(error.message, `Cannot decode "${type}" frame as its type is not supported`);
        assert.equal(error.frameType, type);
      }
    }
  });

  it("reports an indicator named like an Object property as not supported, without throwing", () => {
    const frame = {
      type: "indicator",
      code: "KRW-BTC",
      timeframe: "5m",
      indicator: "constructor",
      params: {},
      value: {},
      candle_date_time_utc: "2026-01-01T00:00:00",
      timestamp: 1,
      stream_type: "REALTIME",
    };
    const error = bad(JSON.stringify(frame));
    assert.equal(
      error.message,
      'Cannot decode "indicator" frame as its indicator is not supported: current value is "constructor"',
    );
  });
});
