import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type ConsumerSpec, Registry } from "../src/registry.ts";
import type { OrderbookEvent, TickerEvent, UpbitEvent } from "../src/types.ts";

function spec(over: Partial<ConsumerSpec> & { got?: UpbitEvent[] } = {}): ConsumerSpec & {
  got: UpbitEvent[];
  completed: number;
} {
  const got = over.got ?? [];
  const s = {
    type: "ticker",
    codes: ["KRW-BTC"],
    units: 30,
    level: 0,
    stream: "both" as const,
    deliver: (e: UpbitEvent) => got.push(e),
    complete: () => s.completed++,
    completed: 0,
    ...over,
    got,
  };
  return s;
}

function ticker(code: string, streamType: "SNAPSHOT" | "REALTIME"): TickerEvent {
  return { type: "ticker", code, streamType, tradePrice: 1 } as TickerEvent;
}

function book(code: string, units: number, level = 0): OrderbookEvent {
  return {
    type: "orderbook",
    code,
    level,
    streamType: "REALTIME",
    totalAskSize: 0,
    totalBidSize: 0,
    timestamp: 0,
    orderbookUnits: Array.from(
      { length: units },
      (_, i) => ({ askPrice: 100 + i, bidPrice: 99 - i, askSize: 1, bidSize: 1 }),
    ),
  };
}

const parse = (s: string | undefined) => JSON.parse(s ?? "null");

describe("Registry", () => {
  it("builds one request holding the whole set", () => {
    const r = new Registry();
    r.add(spec({ codes: ["KRW-BTC", "KRW-ETH"] }));
    r.add(spec({ type: "trade", codes: ["KRW-BTC"], stream: "realtime" }));
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(r.buildRequest("t", "SIMPLE")), [
      { ticket: "t" },
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true },
      { format: "SIMPLE" },
    ]);
    assert.equal(r.needsRequest(), false);
  });

  it("re-sends flowing streams as realtime only when a newcomer needs a snapshot", () => {
    const r = new Registry();
    const a = spec();
    r.add(a);
    r.buildRequest("t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    r.add(spec({ codes: ["KRW-ETH"] }));
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
      { type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true },
      { type: "ticker", codes: ["KRW-ETH"] },
    ]);
  });

  it("gives a snapshot only to consumers waiting for it", () => {
    const r = new Registry();
    const old = spec();
    r.add(old);
    r.buildRequest("t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = spec();
    r.add(late);
    assert.equal(r.needsRequest(), true);
    const request = parse(r.buildRequest("t", "DEFAULT"));
    assert.deepEqual(request[1], { type: "ticker", codes: ["KRW-BTC"] });
    // A realtime frame still in flight reaches the old consumer, not the one awaiting its snapshot.
    r.route(ticker("KRW-BTC", "REALTIME"));
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    r.route(ticker("KRW-BTC", "REALTIME"));
    assert.deepEqual(old.got.map((e) => e.streamType), ["SNAPSHOT", "REALTIME", "REALTIME"]);
    assert.deepEqual(late.got.map((e) => e.streamType), ["SNAPSHOT", "REALTIME"]);
  });

  it("needs no request for a realtime-only newcomer on a flowing stream", () => {
    const r = new Registry();
    r.add(spec());
    r.buildRequest("t", "DEFAULT");
    r.add(spec({ stream: "realtime" }));
    assert.equal(r.needsRequest(), false);
  });

  it("completes a snapshot consumer once every code answered, without a removal request", () => {
    const r = new Registry();
    const s = spec({ codes: ["KRW-BTC", "KRW-ETH"], stream: "snapshot" });
    const c = r.add(s);
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT"))[1], {
      type: "ticker",
      codes: ["KRW-BTC", "KRW-ETH"],
      is_only_snapshot: true,
    });
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(s.completed, 0);
    r.route(ticker("KRW-ETH", "SNAPSHOT"));
    r.route(ticker("KRW-ETH", "REALTIME"));
    assert.equal(s.completed, 1);
    assert.equal(s.got.length, 2);
    r.remove(c);
    assert.equal(r.needsRequest(), false);
    assert.equal(r.streamCount, 0);
  });

  it("drops a code from the next request when its last consumer leaves", () => {
    const r = new Registry();
    const a = r.add(spec({ codes: ["KRW-BTC", "KRW-ETH"] }));
    r.add(spec({ codes: ["KRW-ETH"], stream: "realtime" }));
    r.buildRequest("t", "DEFAULT");
    r.remove(a);
    r.remove(a);
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
      { type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true },
    ]);
    assert.equal(r.size, 1);
  });

  it("returns undefined when nothing is wanted", () => {
    const r = new Registry();
    const a = r.add(spec());
    r.buildRequest("t", "DEFAULT");
    r.remove(a);
    assert.equal(r.needsRequest(), true);
    assert.equal(r.buildRequest("t", "DEFAULT"), undefined);
    assert.equal(r.needsRequest(), false);
  });

  it("subscribes orderbooks once at the largest depth and trims for smaller consumers", () => {
    const r = new Registry();
    const five = spec({ type: "orderbook", units: 5 });
    const fifteen = spec({ type: "orderbook", units: 15 });
    r.add(five);
    r.add(fifteen);
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT"))[1], {
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
    const plain = spec({ type: "orderbook", stream: "realtime" });
    const grouped = spec({ type: "orderbook", level: 10000, stream: "realtime" });
    r.add(plain);
    r.add(grouped);
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
      { type: "orderbook", codes: ["KRW-BTC"], is_only_realtime: true },
      { type: "orderbook", codes: ["KRW-BTC"], level: 10000, is_only_realtime: true },
    ]);
    r.route(book("KRW-BTC", 30, 10000));
    assert.equal(plain.got.length, 0);
    assert.equal(grouped.got.length, 1);
  });

  it("re-asks every snapshot after a reconnect", () => {
    const r = new Registry();
    const a = spec();
    r.add(a);
    r.add(spec({ type: "trade", stream: "realtime" }));
    r.buildRequest("t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(r.needsRequest(), false);
    r.resetWire();
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
      { type: "ticker", codes: ["KRW-BTC"] },
      { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true },
    ]);
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(a.got.length, 2);
  });

  it("asks myOrder for every market when one consumer wants all, and filters on the client", () => {
    const r = new Registry();
    const one = spec({ type: "myOrder", codes: ["KRW-BTC"] });
    const all = spec({ type: "myOrder", codes: [] });
    r.add(one);
    r.add(all);
    r.add(spec({ type: "myAsset", codes: [] }));
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
      { type: "myOrder" },
      { type: "myAsset" },
    ]);
    r.route({ type: "myOrder", code: "KRW-ETH", streamType: "REALTIME" } as UpbitEvent);
    r.route({ type: "myOrder", code: "KRW-BTC", streamType: "REALTIME" } as UpbitEvent);
    r.route({ type: "myAsset", streamType: "REALTIME" } as UpbitEvent);
    assert.equal(one.got.length, 1);
    assert.equal(all.got.length, 2);
  });

  it("lists myOrder codes when no consumer wants every market", () => {
    const r = new Registry();
    r.add(spec({ type: "myOrder", codes: ["KRW-BTC", "KRW-ETH"] }));
    assert.deepEqual(parse(r.buildRequest("t", "DEFAULT"))[1], {
      type: "myOrder",
      codes: ["KRW-BTC", "KRW-ETH"],
    });
  });

  it("survives a consumer closing itself during delivery", () => {
    const r = new Registry();
    const got: string[] = [];
    const slot: { c1?: ReturnType<Registry["add"]> } = {};
    slot.c1 = r.add(
      spec({ stream: "realtime", deliver: () => (got.push("1"), r.remove(slot.c1!)) }),
    );
    r.add(spec({ stream: "realtime", deliver: () => got.push("2") }));
    r.route(ticker("KRW-BTC", "REALTIME"));
    r.route(ticker("KRW-BTC", "REALTIME"));
    assert.deepEqual(got, ["1", "2", "2"]);
  });

  it("asks again for a snapshot that never came, then gives up and lets realtime flow", () => {
    const r = new Registry();
    const expired: string[][] = [];
    const both = spec({ codes: ["KRW-BTC", "KRW-ETH"], expire: (c) => void expired.push(c) });
    r.add(both);
    r.buildRequest("t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    // KRW-ETH's snapshot was lost: two more requests ask for it, without a flag.
    for (let retry = 0; retry < 2; retry++) {
      assert.equal(r.retrySnapshots(3), true);
      assert.equal(r.needsRequest(), true);
      assert.deepEqual(parse(r.buildRequest("t", "DEFAULT")).slice(1, -1), [
        { type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true },
        { type: "ticker", codes: ["KRW-ETH"] },
      ]);
    }
    r.route(ticker("KRW-ETH", "REALTIME"));
    assert.equal(both.got.length, 1, "realtime held back while the snapshot is awaited");
    assert.equal(r.retrySnapshots(3), false);
    assert.deepEqual(expired, [["KRW-ETH"]]);
    r.route(ticker("KRW-ETH", "REALTIME"));
    assert.equal(both.got.length, 2);
    assert.equal(r.awaitingSnapshots(), false);
  });

  it("starts counting again once a snapshot arrives", () => {
    const r = new Registry();
    r.add(spec());
    r.buildRequest("t", "DEFAULT");
    assert.equal(r.retrySnapshots(2), true);
    r.buildRequest("t", "DEFAULT"); // the second try
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = spec();
    r.add(late);
    r.buildRequest("t", "DEFAULT");
    // Without the reset this stream would be on its third try and be given up.
    assert.equal(r.retrySnapshots(2), true);
    assert.equal(r.awaitingSnapshots(), true);
  });
});
