/**
 * myOrder frames and the closed value sets of the event types (`src/decode/my_order.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeFrame, myOrderFrame, tickerFrame } from "../../_helpers/frames.ts";
import { events, fourFormats, MY_ORDER_EVENT, one, run, TICKER_EVENT } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("maps null or absent nullable fields to null", () => {
    const absent = myOrderFrame({ state: "wait" });
    for (
      const key of [
        "trade_uuid",
        "time_in_force",
        "trade_fee",
        "is_maker",
        "identifier",
        "smp_type",
        "trade_timestamp",
      ] as const
    ) delete absent[key];
    const nulls = myOrderFrame({
      state: "wait",
      trade_uuid: null,
      trade_fee: null,
      is_maker: null,
      identifier: null,
      smp_type: null,
      trade_timestamp: null,
    });
    const expected = {
      ...MY_ORDER_EVENT,
      state: "wait",
      tradeUuid: null,
      timeInForce: null,
      tradeFee: null,
      isMaker: null,
      identifier: null,
      smpType: null,
      tradeTimestamp: null,
    };
    for (const frame of [absent, nulls]) {
      for (const [format, text] of fourFormats(frame)) {
        assert.deepEqual(one(text, { validate: "always" }), expected, format);
      }
    }
    const ticker = tickerFrame();
    delete ticker.delisting_date;
    assert.deepEqual(one(JSON.stringify(ticker), { validate: "always" }), TICKER_EVENT);
    const delisting = one(JSON.stringify(tickerFrame({ delisting_date: "2026-12-01" })));
    assert.equal(delisting.type === "ticker" && delisting.delistingDate, "2026-12-01");
  });

  it("decodes UTF-8 text beyond ASCII", () => {
    const frame = myOrderFrame({ identifier: "주문-✓-🚀" });
    const e = one(encodeFrame(frame));
    assert.equal(e.type === "myOrder" && e.identifier, "주문-✓-🚀");
  });
});

describe("event types: closed value sets", () => {
  it("fail to compile a misspelt comparison, and still deliver a value Upbit adds later", () => {
    const [o] = events(run([JSON.stringify(myOrderFrame({ state: "archived" }))]).slice(1));
    assert.ok(o?.type === "myOrder");
    // Type-level checks, enforced by tsc and deno check on this file:
    // @ts-expect-error "canceled" is not an order state (Upbit says "cancel")
    assert.equal(o.state === "canceled", false);
    // @ts-expect-error "MARKET" is not an order type
    assert.equal(o.orderType === "MARKET", false);
    // @ts-expect-error "SELL" is not a side (Upbit says "ASK")
    assert.equal(o.askBid === "SELL", false);
    // @ts-expect-error "snapshot" is upper case on the wire
    assert.equal(o.streamType === "snapshot", false);
    // Open sets (Upbit added values before) take any string.
    assert.equal(o.smpType === "some_future_mode", false);
    // At run time the new value is delivered as sent.
    assert.equal(o.state as string, "archived");
  });
});
