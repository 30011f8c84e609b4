import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { backoff } from "../../../src/wire/backoff.ts";
import { delay } from "../../../src/clock.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";

const seed = { initialDelayMs: 1000, maxDelayMs: 16_000, factor: 2, jitter: 0 };

describe("backoff", () => {
  it("follows the seed's 1, 2, 4, 8, 16 s curve without jitter, capped", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 50].map((n) => backoff(n, seed)), [
      1000,
      2000,
      4000,
      8000,
      16000,
      16000,
      16000,
    ]);
  });

  it("draws uniformly from [0, cap] with full jitter", () => {
    const full = { ...seed, jitter: 1 };
    assert.equal(backoff(3, full, () => 0), 0);
    assert.equal(backoff(3, full, () => 0.5), 2000);
    assert.equal(backoff(3, full, () => 0.999999), 4000);
  });

  it("spreads 1,000 clients over the window", () => {
    const full = { ...seed, jitter: 1 };
    const delays = Array.from({ length: 1000 }, () => backoff(4, full));
    const buckets = new Array(8).fill(0);
    for (const d of delays) buckets[Math.min(7, Math.floor(d / 1000))]++;
    for (const b of buckets) assert.ok(b > 60 && b < 190, `bucket ${b} of ${buckets}`);
  });
});

describe("delay", () => {
  it("resolves after the time passes on the given clock", async () => {
    const clock = fakeClock();
    let done = false;
    const p = delay(clock, 500).then(() => (done = true));
    clock.tick(499);
    await Promise.resolve();
    assert.equal(done, false);
    clock.tick(1);
    await p;
    assert.equal(done, true);
  });

  it("rejects with the signal's reason and clears its timer", async () => {
    const clock = fakeClock();
    const ac = new AbortController();
    const p = delay(clock, 500, ac.signal);
    ac.abort(new Error("stop"));
    await assert.rejects(p, /stop/);
    assert.equal(clock.pending, 0);
    await assert.rejects(delay(clock, 1, ac.signal), /stop/);
  });
});
