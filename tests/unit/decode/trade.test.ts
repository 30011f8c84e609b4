/**
 * Trade frames (`src/decode/trade.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { toSimple, TRADE_JSON_LIST_TEXT, tradeFrame } from "../../_helpers/frames.ts";
import { events, one, run, TRADE_EVENT } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("decodes the doc's JSON_LIST frame into two events, in order", () => {
    const calls = run([TRADE_JSON_LIST_TEXT], { validate: "always" });
    assert.deepEqual(
      events(calls).map((e) => e.type === "trade" && [e.code, e.sequentialId]),
      [["KRW-BTC", "17303368620470000"], ["KRW-ETH", "17303368620800006"]],
    );
  });

  it("accepts the legacy SIMPLE `mk` key as the code", () => {
    const simple = toSimple(tradeFrame());
    const { cd, ...rest } = simple;
    assert.equal(cd, "KRW-BTC");
    for (const validate of ["first", "always"] as const) {
      assert.deepEqual(one(JSON.stringify({ ...rest, mk: "KRW-BTC" }), { validate }), TRADE_EVENT);
    }
  });
});
