/** Upbit's per-connection message limits, kept by a sliding-window gate (src/demand/rate_gate.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRateGate } from "../../../src/demand/rate_gate.ts";

describe("createRateGate", () => {
  it("reports the wait until the oldest send leaves the window", () => {
    const gate = createRateGate([{ max: 2, windowMs: 1000 }]);
    gate.record(0);
    gate.record(100);
    assert.equal(gate.waitMs(200), 800);
    assert.equal(gate.waitMs(999), 1);
    assert.equal(gate.waitMs(1000), 0);
    gate.record(1000);
    assert.equal(gate.waitMs(1000), 100);
    gate.reset();
    assert.equal(gate.waitMs(200), 0);
  });

  it("lets nothing wait under the limit", () => {
    const gate = createRateGate([{ max: 3, windowMs: 1000 }]);
    assert.equal(gate.waitMs(0), 0);
    gate.record(0);
    gate.record(0);
    assert.equal(gate.waitMs(0), 0);
  });

  it("holds every limit at once: the longest wait wins", () => {
    const gate = createRateGate([{ max: 5, windowMs: 1000 }, { max: 6, windowMs: 60_000 }]);
    for (let t = 0; t < 5; t++) gate.record(t * 10);
    assert.equal(gate.waitMs(40), 960, "the 1 s limit");
    gate.record(1000);
    assert.equal(gate.waitMs(1000), 59_000, "the 60 s limit: six in the last minute");
  });

  it("never lets more than max pass in any window, over a long run (the sliding window)", () => {
    const gate = createRateGate([{ max: 5, windowMs: 1000 }]);
    const sent: number[] = [];
    for (let now = 0; now < 20_000; now += 7) {
      if (gate.waitMs(now) === 0) {
        gate.record(now);
        sent.push(now);
      }
    }
    for (const t of sent) {
      assert.ok(sent.filter((u) => u >= t && u < t + 1000).length <= 5, `window at ${t}`);
    }
    assert.ok(sent.length >= 95, `it still sends at the limit: ${sent.length}`);
  });

  it("with no limits, never waits", () => {
    const gate = createRateGate([]);
    gate.record(0);
    assert.equal(gate.waitMs(0), 0);
  });
});
