/**
 * myAsset frames and their lossless amounts (`src/decode/my_asset.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  encodeFrame,
  MY_ASSET_SIMPLE_TEXT,
  MY_ASSET_TEXT,
  myOrderFrame,
  TICKER_SIMPLE_TEXT,
  TICKER_TEXT,
  toSimple,
} from "../../_helpers/frames.ts";
import { events, MY_ASSET_EVENT, MY_ORDER_EVENT, one, run, TICKER_EVENT } from "./_decode.ts";

describe("createDecoder() lossless", () => {
  it("keeps myAsset amounts as numbers by default", () => {
    assert.deepEqual(one(MY_ASSET_TEXT), MY_ASSET_EVENT);
    assert.deepEqual(one(encodeFrame(MY_ASSET_SIMPLE_TEXT), { lossless: false }), MY_ASSET_EVENT);
  });

  it("delivers the exact digits with lossless: true, DEFAULT and SIMPLE", () => {
    const expected = {
      ...MY_ASSET_EVENT,
      assets: [{
        currency: "KRW",
        balance: "1386929.37231066771348207123",
        locked: "10329.670127489597585685",
      }],
    };
    for (const text of [MY_ASSET_TEXT, MY_ASSET_SIMPLE_TEXT, `[${MY_ASSET_TEXT}]`]) {
      for (const validate of ["first", "always", "never"] as const) {
        assert.deepEqual(one(encodeFrame(text), { lossless: true, validate }), expected);
      }
    }
  });

  it("finds each item's amounts in a mixed list, whatever the key order and spacing", () => {
    const order = toSimple(myOrderFrame({ locked: 1.5 })); // has "l", which is not an asset
    const text =
      `[${
        JSON.stringify(order)
      }, 7, {"ast" : [ {"l": 0, "cu":"KRW", "b" : 12.340000000000000000001},` +
      `{"cu":"BTC","b":1.0E-4,"l":-0.0}], "ty":"myAsset","astuid":"a\\"ast\\":[{\\"b\\":9}",` +
      `"asttms":1,"tms":2,"st":"REALTIME"}, ${TICKER_SIMPLE_TEXT}]`;
    const calls = run([text], { lossless: true, validate: "always" });
    assert.deepEqual(calls.map((c) => c.kind), ["event", "invalid", "event", "event"]);
    const [o, , a, t] = calls.map((c) => (c.kind === "event" ? c.event : undefined));
    assert.equal(o?.type === "myOrder" && o.locked, 1.5);
    assert.deepEqual(a?.type === "myAsset" && a.assets, [
      { currency: "KRW", balance: "12.340000000000000000001", locked: "0" },
      { currency: "BTC", balance: "1.0E-4", locked: "-0.0" },
    ]);
    assert.equal(a?.type === "myAsset" && a.assetUuid, 'a"ast":[{"b":9}');
    assert.deepEqual(t, TICKER_EVENT);
  });

  it("decodes two myAsset items of one list frame, each with its own amounts", () => {
    const first = MY_ASSET_TEXT;
    const second = MY_ASSET_TEXT.replace("1386929.37231066771348207123", "5.000000000000000000001");
    const calls = run([`[${first},${second}]`], { lossless: true });
    assert.deepEqual(
      events(calls).map((e) => e.type === "myAsset" && e.assets[0]?.balance),
      ["1386929.37231066771348207123", "5.000000000000000000001"],
    );
  });

  it("leaves other types as numbers", () => {
    assert.deepEqual(one(TICKER_TEXT, { lossless: true }), TICKER_EVENT);
    assert.deepEqual(one(JSON.stringify(myOrderFrame()), { lossless: true }), MY_ORDER_EVENT);
  });
});
