import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DesiredSet } from "../../../src/demand/desired_set.ts";
import { Registry } from "../../../src/demand/registry.ts";
import { Router } from "../../../src/deliver/router.ts";
import type { OrderbookEvent, UpbitEvent } from "../../../src/types.ts";
import { book, consumer, parse, send, ticker } from "../demand/_fixtures.ts";

describe("Router (through the Registry)", () => {
  it("gives a snapshot only to consumers waiting for it", () => {
    const r = new Registry();
    const old = consumer();
    r.add(old);
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = consumer();
    r.add(late);
    assert.equal(r.needsRequest(), true);
    const request = parse(send(r, "t", "DEFAULT"));
    assert.deepEqual(request[1], { type: "ticker", codes: ["KRW-BTC"] });
    // A realtime frame still in flight reaches the old consumer, not the one awaiting its snapshot.
    r.route(ticker("KRW-BTC", "REALTIME"));
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    r.route(ticker("KRW-BTC", "REALTIME"));
    assert.deepEqual(old.got.map((e) => e.streamType), ["SNAPSHOT", "REALTIME", "REALTIME"]);
    assert.deepEqual(late.got.map((e) => e.streamType), ["SNAPSHOT", "REALTIME"]);
  });

  it("subscribes orderbooks once at the largest depth and trims for smaller consumers", () => {
    const r = new Registry();
    const five = consumer({ type: "orderbook", units: 5 });
    const fifteen = consumer({ type: "orderbook", units: 15 });
    r.add(five);
    r.add(fifteen);
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
      type: "orderbook",
      codes: ["KRW-BTC.15"],
    });
    r.route({ ...book("KRW-BTC", 15), streamType: "SNAPSHOT" });
    r.route(book("KRW-BTC", 15));
    assert.equal((five.got[1] as OrderbookEvent).orderbookUnits.length, 5);
    assert.equal((fifteen.got[1] as OrderbookEvent).orderbookUnits.length, 15);
  });

  it("keeps different levels in separate type objects and routes by the frame's level", () => {
    const r = new Registry();
    const plain = consumer({ type: "orderbook", stream: "realtime" });
    const grouped = consumer({ type: "orderbook", level: 10000, stream: "realtime" });
    r.add(plain);
    r.add(grouped);
    assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
      { type: "orderbook", codes: ["KRW-BTC"], is_only_realtime: true },
      { type: "orderbook", codes: ["KRW-BTC"], level: 10000, is_only_realtime: true },
    ]);
    r.route(book("KRW-BTC", 30, 10000));
    assert.equal(plain.got.length, 0);
    assert.equal(grouped.got.length, 1);
  });

  it("delivers an orderbook whose echoed level differs when only one level of the code is subscribed", () => {
    const r = new Registry();
    const grouped = consumer({ type: "orderbook", level: 1000, stream: "realtime" });
    r.add(grouped);
    // Upbit's own example answers level 1000 with frames saying level 0 (§10.3).
    assert.equal(r.route(book("KRW-BTC", 30, 0)), true);
    assert.equal(r.route(book("KRW-BTC", 30, 5000)), true);
    assert.deepEqual(grouped.got.map((e) => (e as OrderbookEvent).level), [0, 5000]);
    // Another code's frames still go nowhere.
    assert.equal(r.route(book("KRW-ETH", 30, 0)), false);
    // With two levels of one code, a frame is routed by its level only.
    const plain = consumer({ type: "orderbook", stream: "realtime" });
    r.add(plain);
    r.route(book("KRW-BTC", 30, 0));
    assert.equal(plain.got.length, 1);
    assert.equal(grouped.got.length, 2);
    assert.equal(r.route(book("KRW-BTC", 30, 5000)), false);
  });

  it("survives a consumer closing itself during delivery", () => {
    const r = new Registry();
    const got: string[] = [];
    const slot: { c1?: ReturnType<Registry["add"]> } = {};
    slot.c1 = r.add(
      consumer({ stream: "realtime", deliver: () => (got.push("1"), r.remove(slot.c1!)) }),
    );
    r.add(consumer({ stream: "realtime", deliver: () => got.push("2") }));
    r.route(ticker("KRW-BTC", "REALTIME"));
    r.route(ticker("KRW-BTC", "REALTIME"));
    assert.deepEqual(got, ["1", "2", "2"]);
  });

  it("never reroutes a frame at a level asked for on this socket", () => {
    const set = new DesiredSet();
    const grouped = consumer({ type: "orderbook", level: 1000, stream: "realtime" });
    set.add(grouped);
    const asked = new Set(["KRW-BTC@0"]);
    const router = new Router(set, (code, level) => asked.has(`${code}@${level}`));
    // Level 0 was asked for on this socket (a stream just dropped): its frames are its own.
    assert.equal(router.route(book("KRW-BTC", 30, 0)), false);
    assert.equal(router.route(book("KRW-BTC", 30, 1000)), true);
    assert.equal(router.route(book("KRW-BTC", 30, 5000)), true);
    assert.deepEqual(grouped.got.map((e) => (e as OrderbookEvent).level), [1000, 5000]);
  });

  it("hands myAsset and every-market myOrder events to their code-less streams", () => {
    const set = new DesiredSet();
    const router = new Router(set, () => false);
    const asset = consumer({ type: "myAsset", codes: [] });
    const orders = consumer({ type: "myOrder", codes: [] });
    set.add(asset);
    set.add(orders);
    assert.equal(router.route({ type: "myAsset", streamType: "REALTIME" } as UpbitEvent), true);
    assert.equal(
      router.route({ type: "myOrder", code: "KRW-BTC", streamType: "REALTIME" } as UpbitEvent),
      true,
    );
    assert.equal(router.route(book("KRW-BTC", 30)), false);
    assert.equal(asset.got.length, 1);
    assert.equal(orders.got.length, 1);
  });
});
