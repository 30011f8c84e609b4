import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DesiredSet } from "../../../src/demand/desired_set.ts";
import { Registry } from "../../../src/demand/registry.ts";
import { consumer, parse, send, ticker } from "./_fixtures.ts";

describe("DesiredSet (through the Registry)", () => {
  it("completes a snapshot consumer once every code answered, without a removal request", () => {
    const r = new Registry();
    const s = consumer({ codes: ["KRW-BTC", "KRW-ETH"], stream: "snapshot" });
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

  it("asks again for a snapshot that never came, then gives up and lets realtime flow", () => {
    const r = new Registry();
    const expired: string[][] = [];
    const both = consumer({ codes: ["KRW-BTC", "KRW-ETH"], expire: (c) => void expired.push(c) });
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
    r.add(consumer());
    send(r, "t", "DEFAULT");
    assert.equal(r.retrySnapshots(2), true);
    send(r, "t", "DEFAULT"); // the second try
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    const late = consumer();
    r.add(late);
    send(r, "t", "DEFAULT");
    // Without the reset this stream would be on its third try and be given up.
    assert.equal(r.retrySnapshots(2), true);
    assert.equal(r.awaitingSnapshots(), true);
  });

  it("makes a realtime consumer live once a request carried it, a `both` one once its snapshot came too", () => {
    const r = new Registry();
    const live: string[] = [];
    r.add(consumer({ stream: "realtime", live: () => live.push("realtime") }));
    r.add(consumer({ codes: ["KRW-ETH"], live: () => live.push("both") }));
    send(r, "t", "DEFAULT");
    r.settle();
    assert.deepEqual(live, ["realtime"]);
    r.route(ticker("KRW-ETH", "SNAPSHOT"));
    assert.deepEqual(live, ["realtime", "both"]);
    // Live once: a reconnect does not make it live again.
    r.resetWire();
    send(r, "t", "DEFAULT");
    r.settle();
    r.route(ticker("KRW-ETH", "SNAPSHOT"));
    assert.deepEqual(live, ["realtime", "both"]);
  });

  it("keeps a consumer the filter held back waiting", () => {
    const r = new Registry();
    const live: string[] = [];
    const a = r.add(consumer({ type: "myOrder", live: () => live.push("a") }));
    r.add(consumer({ type: "myOrder", codes: ["KRW-ETH"], live: () => live.push("b") }));
    r.commit(r.request("t", "DEFAULT", (c) => c === a));
    r.settle((c) => c === a);
    assert.deepEqual(live, ["a"]);
    send(r, "t", "DEFAULT");
    r.settle();
    assert.deepEqual(live, ["a", "b"]);
  });

  it("indexes streams by type, code and level, and drops a stream with its last consumer", () => {
    const set = new DesiredSet();
    const plain = set.add(consumer({ type: "orderbook", codes: ["KRW-BTC", "KRW-ETH"] }));
    const grouped = set.add(consumer({ type: "orderbook", level: 1000 }));
    set.add(consumer({ type: "myOrder", codes: [] }));
    assert.equal(set.streamCount, 4);
    assert.deepEqual(set.routes.get("orderbook")?.get("KRW-BTC")?.map((s) => s.level), [0, 1000]);
    assert.deepEqual([...set.routes.get("myOrder")!.keys()], ["*"]);
    set.remove(grouped);
    assert.deepEqual(set.routes.get("orderbook")?.get("KRW-BTC")?.map((s) => s.level), [0]);
    set.remove(plain);
    assert.equal(set.routes.has("orderbook"), false);
    assert.equal(set.streamCount, 1);
    assert.equal(set.members.size, 1);
  });
});
