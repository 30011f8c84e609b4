/**
 * The `/info` registry as the connection drives it: each method delegates to the desired set,
 * the requests or the router, and together they keep the connection's contract (a consumer is
 * live once a request carrying it is on the wire; refusals fail only the consumers named).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InfoRegistry } from "../../../src/demand/info_registry.ts";
import { infoConsumer, rsiEvent } from "./_info_fixtures.ts";

describe("InfoRegistry", () => {
  it("adds, sends, settles, routes and removes", () => {
    const r = new InfoRegistry();
    const a = infoConsumer();
    r.add(a);
    assert.equal(r.size, 1);
    assert.equal(r.streamCount, 1);
    assert.equal(r.has(a), true);
    r.settle();
    assert.equal(a.lives, 0, "not live before a request is on the wire");
    assert.equal(r.needsRequest(), true);
    const request = r.request("t", "DEFAULT");
    r.commit(request);
    r.settle();
    r.settle();
    assert.equal(a.lives, 1, "live once");
    assert.equal(r.route(rsiEvent()), true);
    assert.equal(r.route(rsiEvent("KRW-ETH")), false);
    assert.equal(a.got.length, 1);
    r.remove(a);
    assert.equal(r.has(a), false);
    assert.equal(r.size, 0);
    assert.equal(r.route(rsiEvent()), false);
    assert.equal(r.needsRequest(), true, "the wire still carries it");
    assert.equal(r.request("t", "DEFAULT"), undefined);
    r.commit(undefined);
    assert.equal(r.needsRequest(), false);
  });

  it("settles only the consumers on the wire", () => {
    const r = new InfoRegistry();
    const a = infoConsumer();
    const b = infoConsumer({ codes: ["KRW-ETH"] });
    r.add(a);
    r.add(b);
    const onlyA = (c: object) => c === a;
    r.commit(r.request("t", "DEFAULT", onlyA));
    r.settle();
    assert.deepEqual([a.lives, b.lives], [0, 0], "what flows is not the whole set");
    r.settle(onlyA);
    assert.deepEqual([a.lives, b.lives], [1, 0]);
    r.resetWire();
    r.commit(r.request("t", "DEFAULT"));
    r.settle();
    assert.deepEqual([a.lives, b.lives], [1, 1]);
  });

  it("fails only the refused consumers, and has no snapshots", () => {
    const r = new InfoRegistry();
    const a = infoConsumer();
    const b = infoConsumer();
    r.add(a);
    r.add(b);
    const error = new Error("INVALID_PARAM");
    r.refuse([b], error);
    assert.deepEqual([a.failed, b.failed], [[], [error]]);
    assert.equal(r.awaitingSnapshots(), false);
    assert.equal(r.retrySnapshots(3), false);
  });

  it("refuses a consumer over 100 combinations and counts one before it is added", () => {
    const r = new InfoRegistry();
    const many = infoConsumer({ codes: Array.from({ length: 101 }, (_, i) => `KRW-C${i}`) });
    assert.equal(r.countWith(many), 101);
    assert.throws(() => r.add(many), RangeError);
    assert.equal(r.size, 0);
  });
});
