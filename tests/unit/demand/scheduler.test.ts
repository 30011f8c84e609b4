import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../../src/demand/scheduler.ts";
import { createRateGate } from "../../../src/demand/rate_gate.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";

const tick = () => new Promise<void>((r) => queueMicrotask(r));

function setup(limits = [{ max: 5, windowMs: 1000 }, { max: 100, windowMs: 60_000 }]) {
  const clock = fakeClock();
  const sends: number[] = [];
  let dirty = false;
  let ready = true;
  const scheduler = new Scheduler({
    clock,
    gate: createRateGate(limits),
    ready: () => ready,
    needed: () => dirty,
    send: () => {
      sends.push(clock.now());
      dirty = false;
    },
  });
  return {
    clock,
    sends,
    scheduler,
    change() {
      dirty = true;
      scheduler.request();
    },
    setReady(v: boolean) {
      ready = v;
    },
  };
}

describe("Scheduler", () => {
  it("coalesces 1,000 changes made in one tick into one request", async () => {
    const s = setup();
    for (let i = 0; i < 1000; i++) s.change();
    assert.equal(s.sends.length, 0);
    await tick();
    assert.equal(s.sends.length, 1);
    assert.equal(s.scheduler.requested, 1000);
    assert.equal(s.scheduler.sent, 1);
  });

  it("never sends more than 5 per second or 100 per minute", async () => {
    const s = setup();
    // A change every 10 ms for 3 minutes of fake time.
    for (let t = 0; t < 180_000; t += 10) {
      s.change();
      await tick();
      s.clock.tick(10);
    }
    for (let i = 0; i < s.sends.length; i++) {
      const inSecond = s.sends.filter((t) => t > s.sends[i]! - 1000 && t <= s.sends[i]!).length;
      const inMinute = s.sends.filter((t) => t > s.sends[i]! - 60_000 && t <= s.sends[i]!).length;
      assert.ok(inSecond <= 5, `${inSecond} sends within a second`);
      assert.ok(inMinute <= 100, `${inMinute} sends within a minute`);
    }
    assert.ok(s.sends.length >= 290, `throughput kept: ${s.sends.length}`);
  });

  it("keeps the latest set waiting for the gate and sends it once", async () => {
    const s = setup([{ max: 1, windowMs: 10_000 }]);
    s.change();
    await tick();
    s.change();
    await tick();
    s.change();
    await tick();
    assert.equal(s.sends.length, 1);
    assert.equal(s.scheduler.pending, true);
    s.clock.tick(10_000);
    assert.equal(s.sends.length, 2);
    assert.equal(s.sends[1]! - s.sends[0]!, 10_000);
  });

  it("sends nothing while the socket is not ready, and again on flush", async () => {
    const s = setup();
    s.setReady(false);
    s.change();
    await tick();
    assert.equal(s.sends.length, 0);
    s.setReady(true);
    s.scheduler.flush();
    assert.equal(s.sends.length, 1);
  });

  it("trySend respects the gate; close clears the timer", async () => {
    const s = setup([{ max: 1, windowMs: 1000 }]);
    assert.equal(s.scheduler.trySend(() => {}), true);
    assert.equal(s.scheduler.trySend(() => {}), false);
    s.change();
    await tick();
    assert.equal(s.clock.pending, 1);
    s.scheduler.close();
    assert.equal(s.clock.pending, 0);
  });
});
