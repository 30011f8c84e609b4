/**
 * The public demand's front (src/demand/registry.ts): it holds no logic of its own, so these
 * tests check that each method reaches the part that does it (the desired set, the request
 * builder, the router) and that they see one shared set.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "../../../src/demand/registry.ts";
import { consumer, parse, send, ticker } from "./_fixtures.ts";

describe("Registry", () => {
  it("adds, counts, knows and removes consumers (the desired set)", () => {
    const r = new Registry();
    assert.equal(r.size, 0);
    const a = r.add(consumer());
    const b = r.add(consumer({ codes: ["KRW-BTC", "KRW-ETH"] }));
    assert.equal(r.size, 2);
    assert.equal(r.streamCount, 2, "KRW-BTC and KRW-ETH tickers");
    assert.ok(r.has(a) && r.has(b));
    assert.deepEqual([...r.consumers()], [a, b]);
    r.remove(a);
    assert.equal(r.has(a), false);
    assert.equal(r.size, 1);
  });

  it("builds the request of what is wanted, and none once it was sent (the request builder)", () => {
    const r = new Registry();
    r.add(consumer());
    assert.equal(r.needsRequest(), true);
    const text = send(r, "t", "DEFAULT");
    assert.deepEqual(parse(text)[1], { type: "ticker", codes: ["KRW-BTC"] });
    assert.equal(r.needsRequest(), false);
    r.resetWire();
    assert.equal(r.needsRequest(), true, "a new connection asks again");
  });

  it("routes events to the consumers that asked for them (the router)", () => {
    const r = new Registry();
    const btc = consumer();
    const eth = consumer({ codes: ["KRW-ETH"] });
    r.add(btc);
    r.add(eth);
    send(r, "t", "DEFAULT");
    assert.equal(r.awaitingSnapshots(), true);
    assert.equal(r.route(ticker("KRW-BTC", "SNAPSHOT")), true);
    assert.deepEqual(btc.got.map((e) => (e as { code?: string }).code), ["KRW-BTC"]);
    assert.deepEqual(eth.got, []);
    assert.equal(r.route(ticker("KRW-XRP", "REALTIME")), false, "no one asked for KRW-XRP");
  });

  it("tells the consumers Upbit refused, and only them (removing them is the caller's)", () => {
    const r = new Registry();
    const failed: Error[] = [];
    const a = r.add(consumer({ fail: (e) => void failed.push(e) }));
    const b = r.add(consumer({ codes: ["KRW-ETH"] }));
    const error = new Error("refused");
    r.refuse([a], error);
    assert.deepEqual(failed, [error]);
    assert.ok(r.has(a) && r.has(b));
  });
});
