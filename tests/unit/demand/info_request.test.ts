import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InfoDesiredSet } from "../../../src/demand/info_desired_set.ts";
import { infoObjects, InfoRequests } from "../../../src/demand/info_request.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";
import { infoConsumer } from "./_info_fixtures.ts";

describe("infoObjects", () => {
  it("gives codes that want the same indicators one object, sorted, and nothing for nothing", () => {
    const [rsi] = checkIndicators([{ type: "rsi", params: { period: 14 } }], false);
    const [volume] = checkIndicators([{ type: "volume", params: { period: 20 } }], false);
    assert.deepEqual(infoObjects([]), []);
    const objects = infoObjects([
      { type: "indicator", code: "KRW-XRP", timeframe: "5m", indicator: rsi! },
      { type: "indicator", code: "KRW-BTC", timeframe: "5m", indicator: rsi! },
      { type: "indicator", code: "KRW-BTC", timeframe: "5m", indicator: volume! },
    ]).map((o) => JSON.parse(o));
    // Sorted by the indicators they share: rsi alone before rsi with volume.
    assert.deepEqual(objects.map((o) => o.codes), [["KRW-XRP"], ["KRW-BTC"]]);
    assert.equal(objects[1].indicators.length, 2);
  });
});

describe("InfoRequests", () => {
  it("builds without changing anything, and needs no request once one is committed", () => {
    const set = new InfoDesiredSet();
    const requests = new InfoRequests(set);
    assert.equal(requests.needsRequest(), false, "nothing wanted, nothing flows");
    assert.equal(requests.request("t", "DEFAULT"), undefined);
    const a = set.add(infoConsumer());
    assert.equal(requests.needsRequest(), true);
    const built = requests.request("t", "SIMPLE")!;
    assert.deepEqual(JSON.parse(built.text), [
      { ticket: "t" },
      {
        type: "indicator",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: 14 } }],
      },
      { format: "SIMPLE" },
    ]);
    assert.deepEqual([...built.consumers], [a]);
    assert.equal(requests.needsRequest(), true, "building changes nothing");
    assert.equal(requests.onWire(), false);
    requests.commit(built);
    assert.equal(requests.needsRequest(), false);
    assert.equal(requests.onWire(), true);
    // A second consumer of the same combination changes nothing on the wire.
    set.add(infoConsumer());
    assert.equal(requests.needsRequest(), false);
    requests.resetWire();
    assert.equal(requests.needsRequest(), true, "a new socket starts empty");
    assert.equal(requests.onWire(), false);
  });

  it("carries only the consumers a filter lets through, and commits nothing wanted", () => {
    const set = new InfoDesiredSet();
    const requests = new InfoRequests(set);
    const a = set.add(infoConsumer());
    const b = set.add(infoConsumer({ codes: ["KRW-ETH"] }));
    const onlyA = requests.request("t", "DEFAULT", (c) => c === a)!;
    assert.deepEqual([...onlyA.consumers], [a]);
    assert.deepEqual(JSON.parse(onlyA.text)[1].codes, ["KRW-BTC"]);
    requests.commit(onlyA);
    assert.equal(requests.onWire((c) => c === a), true);
    assert.equal(requests.onWire(), false, "b is not on the wire yet");
    assert.equal(requests.needsRequest((c) => c === a), false);
    assert.equal(requests.needsRequest(), true);
    assert.equal(requests.request("t", "DEFAULT", (c) => c !== a && c !== b), undefined);
    set.remove(a);
    set.remove(b);
    requests.commit(undefined);
    assert.equal(requests.needsRequest(), false);
  });
});
