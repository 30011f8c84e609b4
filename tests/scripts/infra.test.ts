/**
 * Proves the test infrastructure: the `node:test` surface this suite relies on behaves the same
 * on Node 22, Node 26, Deno, Bun and workerd (where `node:test` is our shim,
 * `scripts/workerd/node_test.ts`).
 */

import { after, afterEach, before, beforeEach, describe, it, mock, test } from "node:test";
import assert from "node:assert/strict";
import { isWorkerd, useEmulator } from "../_helpers/emulator.ts";
import { openRaw } from "../_helpers/raw_socket.ts";

describe("hooks", () => {
  const log: string[] = [];
  before(() => {
    log.push("before");
  });
  after(() => {
    log.push("after");
  });
  beforeEach(() => {
    log.push("beforeEach");
  });
  afterEach(() => {
    log.push("afterEach");
  });

  it("first", () => {
    log.push("first");
  });

  describe("nested", () => {
    before(() => {
      log.push("inner before");
    });
    beforeEach(() => {
      log.push("inner beforeEach");
    });
    afterEach(() => {
      log.push("inner afterEach");
    });
    it("second", () => {
      log.push("second");
    });
  });

  it("run in declaration order, outer beforeEach first, inner afterEach first", () => {
    assert.deepEqual(log, [
      "before",
      "beforeEach",
      "first",
      "afterEach",
      "inner before",
      "beforeEach",
      "inner beforeEach",
      "second",
      "inner afterEach",
      "afterEach",
      "beforeEach",
    ]);
  });
});

describe("async tests", () => {
  it("await a real (tiny) timer", async () => {
    const started = performance.now();
    const value = await new Promise<string>((resolve) => setTimeout(() => resolve("done"), 2));
    assert.equal(value, "done");
    assert.ok(performance.now() >= started);
  });

  it("take options before the body", { timeout: 5_000 }, async () => {
    assert.equal(await Promise.resolve(42), 42);
  });

  test("a rejected promise is a failure the test can observe", async () => {
    await assert.rejects(Promise.reject(new RangeError("boom")), RangeError);
  });
});

describe("mock.fn", () => {
  it("records calls, results and errors", () => {
    const double = mock.fn((n: number) => n * 2);
    assert.equal(double(2), 4);
    assert.equal(double(21), 42);
    assert.equal(double.mock.callCount(), 2);
    assert.deepEqual(double.mock.calls.map((c) => [c.arguments, c.result]), [[[2], 4], [[21], 42]]);

    const failing = mock.fn(() => {
      throw new TypeError("nope");
    });
    assert.throws(() => failing(), TypeError);
    assert.ok(failing.mock.calls[0]?.error instanceof TypeError);
  });

  it("swaps implementations", () => {
    const f = mock.fn((n: number) => n + 1);
    f.mock.mockImplementationOnce((n: number) => n - 1);
    assert.equal(f(10), 9);
    assert.equal(f(10), 11);
    f.mock.mockImplementation((n: number) => n * 10);
    assert.equal(f(10), 100);
    assert.equal(mock.fn()(), undefined);
  });

  it("t.mock.method replaces a method until the test ends", (t) => {
    const target = { greet: (name: string) => `hello ${name}` };
    const greet = t.mock.method(target, "greet", (name: string) => `hi ${name}`);
    assert.equal(target.greet("bob"), "hi bob");
    assert.equal(greet.mock.callCount(), 1);
    greet.mock.restore();
    assert.equal(target.greet("bob"), "hello bob");
  });
});

describe("mock.timers", () => {
  it("drive setTimeout, setInterval and Date without waiting", () => {
    mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: 1_000 });
    try {
      const fired: string[] = [];
      setTimeout(() => fired.push("timeout"), 100);
      let ticks = 0;
      const id = setInterval(() => ticks++, 30);
      assert.equal(Date.now(), 1_000);
      assert.equal(new Date().getTime(), 1_000);

      mock.timers.tick(99);
      assert.deepEqual(fired, []);
      assert.equal(ticks, 3);

      mock.timers.tick(1);
      assert.deepEqual(fired, ["timeout"]);
      assert.equal(Date.now(), 1_100);
      clearInterval(id);
      mock.timers.tick(1_000);
      assert.equal(ticks, 3);
    } finally {
      mock.timers.reset();
    }
    assert.ok(Date.now() > 1_600_000_000_000, "the real clock is back after reset()");
  });

  it("runAll() fires every pending timer; clearTimeout cancels", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const fired: number[] = [];
      setTimeout(() => fired.push(5_000), 5_000);
      setTimeout(() => fired.push(10), 10);
      const cancelled = setTimeout(() => fired.push(-1), 20);
      clearTimeout(cancelled);
      mock.timers.runAll();
      assert.deepEqual(fired, [10, 5_000]);
    } finally {
      mock.timers.reset();
    }
  });

  // Node resets t.mock when the test ends; Deno does not, so tests reset it themselves.
  it("t.mock.timers works like mock.timers (reset explicitly: Deno keeps them)", (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    try {
      let fired = false;
      setTimeout(() => {
        fired = true;
      }, 50);
      t.mock.timers.tick(49);
      assert.equal(fired, false);
      t.mock.timers.tick(1);
      assert.equal(fired, true);
    } finally {
      t.mock.timers.reset();
    }
  });

  it("real timers work again after the reset", async () => {
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  });
});

describe("t.signal", () => {
  it("is a live AbortSignal while the test runs", async (t) => {
    assert.ok(t.signal instanceof AbortSignal);
    assert.equal(t.signal.aborted, false);
    const seen = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(t.signal.aborted), 1);
      t.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
    });
    assert.equal(seen, false);
  });

  it("can cancel work through AbortSignal.any", (t) => {
    const local = new AbortController();
    const signal = AbortSignal.any([t.signal, local.signal]);
    const reason = new Error("stop");
    local.abort(reason);
    assert.equal(signal.aborted, true);
    assert.equal(signal.reason, reason);
  });
});

describe("emulator reachable from every runtime", () => {
  // In-process on Node, Deno and Bun; on workerd through the spawner that scripts/workerd/run.ts
  // starts in its Node driver, which also proves Miniflare may reach 127.0.0.1.
  it("answers PING with UP over a real WebSocket", async () => {
    // No `await using`: Node 22 cannot parse it.
    const emulator = await useEmulator();
    try {
      assert.equal(emulator.local === undefined, isWorkerd(), "remote exactly on workerd");
      const socket = await openRaw(emulator.url);
      try {
        socket.send("PING");
        const [frame] = await socket.waitFrames(1, 5_000);
        assert.equal(frame?.text, '{"status":"UP"}');
      } finally {
        await socket.close();
      }
    } finally {
      await emulator.close();
    }
  });
});
