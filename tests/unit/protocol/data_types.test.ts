/**
 * Which endpoint serves each data type (`src/protocol/data_types.ts`), and that the subscription
 * targets, the snapshot refusals and the CLI's stream URL all follow that one table.
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  endpointOf,
  hasSnapshot,
  INFO_TYPES,
  PRIVATE_TYPES,
} from "../../../src/protocol/data_types.ts";
import { CANDLE_TYPES } from "../../../src/protocol/candles.ts";
import {
  announcementTarget,
  checkSnapshotServed,
  indicatorTarget,
  MY_ASSET,
  myOrderTarget,
  orderbookTarget,
  snapshotTarget,
} from "../../../src/subscribe/target.ts";
import { streamUrl } from "../../../cli/commands/connect.ts";

describe("data types and their endpoints", () => {
  it("puts myOrder, myAsset and announcement on the private endpoint, indicators on /info", () => {
    assert.deepEqual([...PRIVATE_TYPES].sort(), ["announcement", "myAsset", "myOrder"]);
    assert.deepEqual([...INFO_TYPES].sort(), ["indicator", "indicator_signal"]);
    for (const type of ["ticker", "trade", "orderbook", ...CANDLE_TYPES]) {
      assert.equal(endpointOf(type), "public", type);
      assert.equal(hasSnapshot(type), true, type);
    }
    for (const type of PRIVATE_TYPES) assert.equal(endpointOf(type), "private");
    for (const type of INFO_TYPES) assert.equal(endpointOf(type), "info");
    assert.equal(hasSnapshot("myAsset") || hasSnapshot("indicator"), false);
  });

  it("gives every target the endpoint of its type", () => {
    const targets = [
      orderbookTarget(["KRW-BTC"], { units: 5 }),
      myOrderTarget(undefined),
      MY_ASSET,
      announcementTarget({}),
      indicatorTarget("indicator", ["KRW-BTC"], {
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: 14 } }],
      }),
    ];
    for (const t of targets) assert.equal(t.endpoint, endpointOf(t.type), t.type);
    assert.deepEqual(targets.map((t) => t.endpoint), [
      "public",
      "private",
      "private",
      "private",
      "info",
    ]);
  });

  it("refuses snapshots of every private and /info type, in the same words as before", () => {
    for (const type of [...PRIVATE_TYPES, ...INFO_TYPES]) {
      assert.throws(() => snapshotTarget(type, ["KRW-BTC"], {}), {
        name: "RangeError",
        message:
          `Cannot take a snapshot of ${type} as Upbit sends none: it streams realtime events only`,
      });
    }
    assert.throws(() => checkSnapshotServed(MY_ASSET, "snapshot"), {
      name: "RangeError",
      message:
        'Cannot subscribe to myAsset with stream "snapshot" as Upbit sends no snapshots of private data: current value is "snapshot"',
    });
    assert.doesNotThrow(() => checkSnapshotServed(MY_ASSET, "both"));
  });

  it("gives the CLI the same endpoint's URL", () => {
    const region = { region: "kr" } as const;
    assert.equal(streamUrl("myOrder", region), "wss://api.upbit.com/websocket/v1/private");
    assert.equal(streamUrl("indicator", region), "wss://api.upbit.com/websocket/v1/info");
    assert.equal(streamUrl("candle.1m", region), "wss://api.upbit.com/websocket/v1");
  });
});
