import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { type ConsumerSpec, Registry } from "../../../src/demand/registry.ts";
import type { OrderbookEvent, TickerEvent, UpbitEvent } from "../../../src/types.ts";

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

/** Builds the request, as the connection does, and records it as sent. */
function send(r: Registry, ticket: string, format: "DEFAULT" | "SIMPLE"): string | undefined {
  const request = r.request(ticket, format);
  r.commit(request);
  return request?.text;
}

describe("Registry", () => {
  it("builds one request holding the whole set", () => {
    const r = new Registry();
    r.add(spec({ codes: ["KRW-BTC", "KRW-ETH"] }));
    r.add(spec({ type: "trade", codes: ["KRW-BTC"], stream: "realtime" }));
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(send(r, "t", "SIMPLE")), [
      { ticket: "t" },
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true },
      { format: "SIMPLE" },
    ]);
    assert.equal(r.needsRequest(), false);
  });

  it("sends one object per (type, level): without flags when a newcomer needs a snapshot", () => {
    const r = new Registry();
    const a = spec();
    r.add(a);
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(r.needsRequest(), false, "nothing changed");
    r.add(spec({ codes: ["KRW-ETH"] }));
    // Never a second ticker object differing only in is_only_realtime (§10.3): Upbit snapshots
    // both codes, and the old consumer's second KRW-BTC snapshot is not handed to it.
    assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
    ]);
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    r.route(ticker("KRW-BTC", "REALTIME"));
    assert.deepEqual(a.got.map((e) => e.streamType), ["SNAPSHOT", "REALTIME"]);
  });

  it("never puts two objects of one (type, level) in a request, whatever the consumers want", () => {
    const r = new Registry();
    r.add(spec({ codes: ["KRW-BTC"], stream: "realtime" }));
    r.add(spec({ codes: ["KRW-ETH"], stream: "snapshot" }));
    r.add(spec({ codes: ["KRW-XRP"] }));
    r.add(spec({ type: "orderbook", codes: ["KRW-BTC"], stream: "realtime" }));
    r.add(spec({ type: "orderbook", codes: ["KRW-BTC"], level: 1000, stream: "snapshot" }));
    const objects = parse(send(r, "t", "DEFAULT")).slice(1, -1) as {
      type: string;
      level?: number;
    }[];
    const keys = objects.map((o) => `${o.type}|${o.level ?? 0}`);
    assert.deepEqual(keys, [...new Set(keys)]);
    assert.deepEqual(objects, [
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH", "KRW-XRP"] },
      { type: "orderbook", codes: ["KRW-BTC"], is_only_realtime: true },
      { type: "orderbook", codes: ["KRW-BTC"], level: 1000, is_only_snapshot: true },
    ]);
  });

  it("stops a code sent only for its snapshot once that consumer is done", () => {
    const r = new Registry();
    r.add(spec({ codes: ["KRW-BTC"], stream: "realtime" }));
    send(r, "t", "DEFAULT");
    const once = r.add(spec({ codes: ["KRW-ETH"], stream: "snapshot" }));
    assert.equal(r.needsRequest(), true);
    // One ticker object without flags: KRW-ETH flows too until its consumer is done.
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
      type: "ticker",
      codes: ["KRW-BTC", "KRW-ETH"],
    });
    assert.equal(r.needsRequest(), false, "no request loop while the snapshot is awaited");
    r.route(ticker("KRW-ETH", "SNAPSHOT"));
    r.remove(once);
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
      type: "ticker",
      codes: ["KRW-BTC"],
      is_only_realtime: true,
    });
  });

  it("builds a request without changing anything until it is committed", () => {
    const r = new Registry();
    r.add(spec());
    const first = r.request("t", "DEFAULT");
    assert.deepEqual(r.request("t", "DEFAULT"), first);
    assert.equal(r.needsRequest(), true);
    r.commit(first);
    assert.equal(r.needsRequest(), false);
  });

  it("holds back consumers a filter excludes", () => {
    const r = new Registry();
    const a = r.add(spec({ codes: ["KRW-BTC"] }));
    const b = r.add(spec({ codes: ["KRW-ETH"] }));
    const onlyA = (c: unknown) => c === a;
    const request = r.request("t", "DEFAULT", onlyA)!;
    assert.deepEqual(parse(request.text)[1], { type: "ticker", codes: ["KRW-BTC"] });
    assert.deepEqual([...request.consumers], [a]);
    r.commit(request);
    assert.equal(r.needsRequest(onlyA), false);
    assert.equal(r.needsRequest(), true, "b is still due");
    assert.deepEqual([...r.request("t", "DEFAULT")!.consumers], [a, b]);
  });

  it("gives a snapshot only to consumers waiting for it", () => {
    const r = new Registry();
    const old = spec();
    r.add(old);
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = spec();
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

  it("needs no request for a realtime-only newcomer on a flowing stream", () => {
    const r = new Registry();
    r.add(spec());
    send(r, "t", "DEFAULT");
    r.add(spec({ stream: "realtime" }));
    assert.equal(r.needsRequest(), false);
  });

  it("completes a snapshot consumer once every code answered, without a removal request", () => {
    const r = new Registry();
    const s = spec({ codes: ["KRW-BTC", "KRW-ETH"], stream: "snapshot" });
    const c = r.add(s);
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
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
    send(r, "t", "DEFAULT");
    r.remove(a);
    r.remove(a);
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
      { type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true },
    ]);
    assert.equal(r.size, 1);
  });

  it("returns undefined when nothing is wanted", () => {
    const r = new Registry();
    const a = r.add(spec());
    send(r, "t", "DEFAULT");
    r.remove(a);
    assert.equal(r.needsRequest(), true);
    assert.equal(send(r, "t", "DEFAULT"), undefined);
    assert.equal(r.needsRequest(), false);
  });

  it("subscribes orderbooks once at the largest depth and trims for smaller consumers", () => {
    const r = new Registry();
    const five = spec({ type: "orderbook", units: 5 });
    const fifteen = spec({ type: "orderbook", units: 15 });
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
    const plain = spec({ type: "orderbook", stream: "realtime" });
    const grouped = spec({ type: "orderbook", level: 10000, stream: "realtime" });
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
    const grouped = spec({ type: "orderbook", level: 1000, stream: "realtime" });
    r.add(grouped);
    // Upbit's own example answers level 1000 with frames saying level 0 (§10.3).
    assert.equal(r.route(book("KRW-BTC", 30, 0)), true);
    assert.equal(r.route(book("KRW-BTC", 30, 5000)), true);
    assert.deepEqual(grouped.got.map((e) => (e as OrderbookEvent).level), [0, 5000]);
    // Another code's frames still go nowhere.
    assert.equal(r.route(book("KRW-ETH", 30, 0)), false);
    // With two levels of one code, a frame is routed by its level only.
    const plain = spec({ type: "orderbook", stream: "realtime" });
    r.add(plain);
    r.route(book("KRW-BTC", 30, 0));
    assert.equal(plain.got.length, 1);
    assert.equal(grouped.got.length, 2);
    assert.equal(r.route(book("KRW-BTC", 30, 5000)), false);
  });

  it("re-asks every snapshot after a reconnect", () => {
    const r = new Registry();
    const a = spec();
    r.add(a);
    r.add(spec({ type: "trade", stream: "realtime" }));
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(r.needsRequest(), false);
    r.resetWire();
    assert.equal(r.needsRequest(), true);
    assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
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
    assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
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
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
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
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    // KRW-ETH's snapshot was lost: two more requests ask for it, without a flag.
    for (let retry = 0; retry < 2; retry++) {
      assert.equal(r.retrySnapshots(3), true);
      assert.equal(r.needsRequest(), true);
      assert.deepEqual(parse(send(r, "t", "DEFAULT")).slice(1, -1), [
        { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
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
    send(r, "t", "DEFAULT");
    assert.equal(r.retrySnapshots(2), true);
    send(r, "t", "DEFAULT"); // the second try
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = spec();
    r.add(late);
    send(r, "t", "DEFAULT");
    // Without the reset this stream would be on its third try and be given up.
    assert.equal(r.retrySnapshots(2), true);
    assert.equal(r.awaitingSnapshots(), true);
  });
});
