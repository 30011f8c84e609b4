import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InfoDesiredSet } from "../../../src/demand/info_desired_set.ts";
import { InfoRouter } from "../../../src/deliver/info_router.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";
import type { IndicatorSignalEvent } from "../../../src/stream_types.ts";
import { infoConsumer, rsiEvent } from "../demand/_info_fixtures.ts";

const OVERSOLD = checkIndicators([{
  type: "rsi",
  params: { period: 14 },
  trigger: "oversold",
  eventParams: { threshold: 30 },
}], true);

function oversold(threshold: number, extra = {}): IndicatorSignalEvent {
  return {
    ...rsiEvent(),
    type: "indicator_signal",
    trigger: "oversold",
    eventParams: { threshold, ...extra },
  } as IndicatorSignalEvent;
}

describe("InfoRouter", () => {
  it("hands an event to every consumer of its exact combination only", () => {
    const set = new InfoDesiredSet();
    const a = infoConsumer();
    const b = infoConsumer({ codes: ["KRW-ETH", "KRW-BTC"] });
    const c = infoConsumer({
      indicators: checkIndicators([{ type: "rsi", params: { period: 21 } }], false),
    });
    const d = infoConsumer({ timeframe: "15m" });
    for (const x of [a, b, c, d]) set.add(x);
    const router = new InfoRouter(set);
    assert.equal(router.route(rsiEvent()), true);
    assert.equal(router.route(rsiEvent("KRW-ETH")), true);
    assert.equal(router.route(rsiEvent("KRW-XRP")), false);
    assert.equal(router.route({ ...rsiEvent(), params: { period: 14, extra: 1 } } as never), true);
    assert.deepEqual(
      [a, b, c, d].map((x) => x.got.length),
      [2, 3, 0, 0],
    );
  });

  it("tells signals apart by trigger and condition params, and indicators from signals", () => {
    const set = new InfoDesiredSet();
    const value = infoConsumer();
    const signal = infoConsumer({ type: "indicator_signal", indicators: OVERSOLD });
    set.add(value);
    set.add(signal);
    const router = new InfoRouter(set);
    assert.equal(router.route(oversold(30)), true);
    assert.equal(router.route(oversold(30, { extra: 1 })), true);
    assert.equal(router.route(oversold(20)), false);
    assert.equal(router.route({ ...oversold(30), trigger: "overbought" } as never), false);
    assert.deepEqual([value.got.length, signal.got.length], [0, 2]);
  });

  it("ignores events of other connections and of unknown indicators", () => {
    const set = new InfoDesiredSet();
    set.add(infoConsumer());
    const router = new InfoRouter(set);
    assert.equal(router.route({ type: "trade", code: "KRW-BTC" } as never), false);
    assert.equal(router.route({ ...rsiEvent(), indicator: "constructor" } as never), false);
  });

  it("lets a consumer that closes during delivery not upset the others", () => {
    const set = new InfoDesiredSet();
    const later = infoConsumer();
    const first = set.add(infoConsumer({ deliver: () => set.remove(first) }));
    set.add(later);
    const router = new InfoRouter(set);
    router.route(rsiEvent());
    assert.equal(later.got.length, 1);
    router.route(rsiEvent());
    assert.equal(later.got.length, 2);
  });
});
