import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DesiredSet } from "../../../src/demand/desired_set.ts";
import { Registry } from "../../../src/demand/registry.ts";
import { Requests, requestText } from "../../../src/demand/request.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import { consumer, parse, send, ticker } from "./_fixtures.ts";

describe("Requests (through the Registry)", () => {
  it("builds one request holding the whole set", () => {
    const r = new Registry();
    r.add(consumer({ codes: ["KRW-BTC", "KRW-ETH"] }));
    r.add(consumer({ type: "trade", codes: ["KRW-BTC"], stream: "realtime" }));
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
    const a = consumer();
    r.add(a);
    send(r, "t", "DEFAULT");
    r.route(ticker("KRW-BTC", "SNAPSHOT"));
    assert.equal(r.needsRequest(), false, "nothing changed");
    r.add(consumer({ codes: ["KRW-ETH"] }));
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
    r.add(consumer({ codes: ["KRW-BTC"], stream: "realtime" }));
    r.add(consumer({ codes: ["KRW-ETH"], stream: "snapshot" }));
    r.add(consumer({ codes: ["KRW-XRP"] }));
    r.add(consumer({ type: "orderbook", codes: ["KRW-BTC"], stream: "realtime" }));
    r.add(consumer({ type: "orderbook", codes: ["KRW-BTC"], level: 1000, stream: "snapshot" }));
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
    r.add(consumer({ codes: ["KRW-BTC"], stream: "realtime" }));
    send(r, "t", "DEFAULT");
    const once = r.add(consumer({ codes: ["KRW-ETH"], stream: "snapshot" }));
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
    r.add(consumer());
    const first = r.request("t", "DEFAULT");
    assert.deepEqual(r.request("t", "DEFAULT"), first);
    assert.equal(r.needsRequest(), true);
    r.commit(first);
    assert.equal(r.needsRequest(), false);
  });

  it("holds back consumers a filter excludes", () => {
    const r = new Registry();
    const a = r.add(consumer({ codes: ["KRW-BTC"] }));
    const b = r.add(consumer({ codes: ["KRW-ETH"] }));
    const onlyA = (c: unknown) => c === a;
    const request = r.request("t", "DEFAULT", onlyA)!;
    assert.deepEqual(parse(request.text)[1], { type: "ticker", codes: ["KRW-BTC"] });
    assert.deepEqual([...request.consumers], [a]);
    r.commit(request);
    assert.equal(r.needsRequest(onlyA), false);
    assert.equal(r.needsRequest(), true, "b is still due");
    assert.deepEqual([...r.request("t", "DEFAULT")!.consumers], [a, b]);
  });

  it("needs no request for a realtime-only newcomer on a flowing stream", () => {
    const r = new Registry();
    r.add(consumer());
    send(r, "t", "DEFAULT");
    r.add(consumer({ stream: "realtime" }));
    assert.equal(r.needsRequest(), false);
  });

  it("drops a code from the next request when its last consumer leaves", () => {
    const r = new Registry();
    const a = r.add(consumer({ codes: ["KRW-BTC", "KRW-ETH"] }));
    r.add(consumer({ codes: ["KRW-ETH"], stream: "realtime" }));
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
    const a = r.add(consumer());
    send(r, "t", "DEFAULT");
    r.remove(a);
    assert.equal(r.needsRequest(), true);
    assert.equal(send(r, "t", "DEFAULT"), undefined);
    assert.equal(r.needsRequest(), false);
  });

  it("re-asks every snapshot after a reconnect", () => {
    const r = new Registry();
    const a = consumer();
    r.add(a);
    r.add(consumer({ type: "trade", stream: "realtime" }));
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
    const one = consumer({ type: "myOrder", codes: ["KRW-BTC"] });
    const all = consumer({ type: "myOrder", codes: [] });
    r.add(one);
    r.add(all);
    r.add(consumer({ type: "myAsset", codes: [] }));
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
    r.add(consumer({ type: "myOrder", codes: ["KRW-BTC", "KRW-ETH"] }));
    assert.deepEqual(parse(send(r, "t", "DEFAULT"))[1], {
      type: "myOrder",
      codes: ["KRW-BTC", "KRW-ETH"],
    });
  });

  it("frames the type objects with the ticket and the format, as Upbit expects", () => {
    assert.equal(
      requestText("t", ['{"type":"ticker","codes":["KRW-BTC"]}'], "SIMPLE"),
      '[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"SIMPLE"}]',
    );
  });

  it("builds from a desired set alone, and only commit() records", () => {
    const set = new DesiredSet();
    const requests = new Requests(set);
    set.add(consumer({ type: "orderbook", level: 1000, stream: "realtime" }));
    const request = requests.request("t", "DEFAULT")!;
    assert.equal(requests.asked("KRW-BTC", 1000), false);
    assert.equal(requests.needsRequest(), true);
    requests.commit(request);
    assert.equal(requests.asked("KRW-BTC", 1000), true);
    assert.equal(requests.needsRequest(), false);
    requests.resetWire();
    assert.equal(requests.asked("KRW-BTC", 1000), false);
    assert.equal(requests.needsRequest(), true);
  });
});
