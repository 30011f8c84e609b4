import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { infoObjects } from "../../../src/demand/info_request.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";

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
