import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { combinationKey, InfoDesiredSet } from "../../../src/demand/info_desired_set.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";
import { codes, infoConsumer } from "./_info_fixtures.ts";

const MACD = checkIndicators(
  [{ type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } }],
  false,
);

describe("InfoDesiredSet", () => {
  it("holds one combination per type, code, timeframe and indicator, shared by its consumers", () => {
    const set = new InfoDesiredSet();
    const a = set.add(infoConsumer({ codes: ["KRW-BTC", "KRW-ETH"] }));
    const b = set.add(infoConsumer());
    set.add(infoConsumer({ timeframe: "15m" }));
    set.add(infoConsumer({ indicators: MACD }));
    assert.equal(set.streamCount, 4);
    assert.equal(set.members.size, 4);
    const btc = set.combinations.get(
      combinationKey("indicator", "KRW-BTC", "5m", 'rsi|{"period":14}'),
    );
    assert.deepEqual(btc?.consumers, [a, b]);
    set.remove(a);
    assert.deepEqual(btc?.consumers, [b], "left without a");
    assert.equal(set.streamCount, 3, "KRW-ETH left with its last consumer");
    set.remove(a); // idempotent
    assert.equal(set.members.size, 3);
    set.remove(b);
    assert.equal(set.streamCount, 2);
  });

  it("replaces a combination's consumer list instead of changing it", () => {
    const set = new InfoDesiredSet();
    const a = set.add(infoConsumer());
    const [combination] = set.combinations.values();
    const before = combination!.consumers;
    set.add(infoConsumer());
    set.remove(a);
    assert.deepEqual(before, [a], "a loop over the old list is not upset");
  });

  it("counts what a consumer would add and refuses one over 100 combinations", () => {
    const set = new InfoDesiredSet();
    set.add(infoConsumer({ codes: codes(60) }));
    assert.equal(set.countWith(infoConsumer({ codes: codes(80) })), 80, "60 carried already");
    assert.equal(set.countWith(infoConsumer({ codes: codes(50), indicators: MACD })), 110);
    assert.throws(
      () => set.add(infoConsumer({ codes: codes(50), indicators: MACD })),
      (e: unknown) =>
        e instanceof RangeError &&
        /would carry 110 combinations .*, 10 over Upbit's limit of 100: current value is 50 codes × 1 indicators$/
          .test(e.message),
    );
    assert.equal(set.streamCount, 60, "nothing added");
    assert.equal(set.members.size, 1);
  });

  it("lists the combinations of the consumers a request may carry", () => {
    const set = new InfoDesiredSet();
    const a = set.add(infoConsumer());
    const b = set.add(infoConsumer({ codes: ["KRW-ETH", "KRW-BTC"] }));
    assert.equal([...set.carried()].length, 2);
    assert.deepEqual([...set.carried((c) => c === a)].map((c) => c.code), ["KRW-BTC"]);
    assert.deepEqual([...set.carried((c) => c === b)].map((c) => c.code), ["KRW-BTC", "KRW-ETH"]);
    assert.deepEqual([...set.carried(() => false)], []);
  });

  it("marks live the waiting consumers a filter lets through, once", () => {
    const set = new InfoDesiredSet();
    const a = infoConsumer();
    const b = infoConsumer();
    set.add(a);
    set.add(b);
    set.settle((c) => c === a);
    assert.deepEqual([a.lives, b.lives], [1, 0]);
    set.settle();
    assert.deepEqual([a.lives, b.lives], [1, 1]);
    assert.equal(set.members.waiting.size, 0);
  });
});
