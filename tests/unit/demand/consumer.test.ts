import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { codesOf, Members } from "../../../src/demand/consumer.ts";

describe("Members", () => {
  it("keeps every consumer and the ones not live yet; live and fail reach each one", () => {
    const heard: string[] = [];
    const make = (name: string) => ({
      live: () => heard.push(`${name} live`),
      fail: (e: Error) => heard.push(`${name} ${e.message}`),
    });
    const members = new Members<ReturnType<typeof make>>();
    const a = make("a");
    const b = make("b");
    members.add(a);
    members.add(b);
    assert.equal(members.size, 2);
    assert.deepEqual([...members.waiting], [a, b]);
    members.markLive(a);
    assert.deepEqual([...members.waiting], [b]);
    members.refuse([b], new Error("refused"));
    assert.deepEqual(heard, ["a live", "b refused"]);
    assert.equal(members.delete(b), true);
    assert.equal(members.delete(b), false);
    assert.equal(members.has(b), false);
    assert.deepEqual([...members.values()], [a]);
    assert.equal(members.waiting.size, 0);
  });
});

describe("codesOf", () => {
  it("gives myOrder without codes every market, and myAsset and announcement one code-less stream", () => {
    assert.deepEqual(codesOf({ type: "ticker", codes: ["KRW-BTC"] }), ["KRW-BTC"]);
    assert.deepEqual(codesOf({ type: "myOrder", codes: [] }), ["*"]);
    assert.deepEqual(codesOf({ type: "myOrder", codes: ["KRW-BTC"] }), ["KRW-BTC"]);
    assert.deepEqual(codesOf({ type: "myAsset", codes: [] }), [""]);
    assert.deepEqual(codesOf({ type: "announcement", codes: [] }), [""]);
  });
});
