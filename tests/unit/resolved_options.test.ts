/** The client options resolved to what runs (src/resolved_options.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveOptions } from "../../src/resolved_options.ts";

describe("resolveOptions", () => {
  it("fills production defaults: unbounded reconnects, seed backoff, Upbit's limits", () => {
    const o = resolveOptions({ profile: "production" });
    assert.deepEqual(o.endpoints, {
      public: "wss://api.upbit.com/websocket/v1",
      private: "wss://api.upbit.com/websocket/v1/private",
      info: "wss://api.upbit.com/websocket/v1/info",
    });
    assert.equal(o.maxAttempts, Infinity);
    assert.deepEqual(o.backoff, { initialDelayMs: 1000, maxDelayMs: 16_000, factor: 2, jitter: 1 });
    assert.deepEqual(o.limits.map((l) => l.max), [5, 100]);
    assert.equal(o.pingIntervalMs, 30_000);
  });

  it("knows the regions and the development profile", () => {
    assert.equal(
      resolveOptions({ region: "sg" }).endpoints.public,
      "wss://sg-api.upbit.com/websocket/v1",
    );
    const dev = resolveOptions({ profile: "development" });
    assert.equal(dev.maxAttempts, 5);
    assert.equal(dev.pingIntervalMs, 60_000);
  });

  it("turns reconnect: false into zero attempts", () => {
    assert.equal(resolveOptions({ reconnect: false }).maxAttempts, 0);
  });

  it("rejects bad values before anything runs, quoting them", () => {
    assert.throws(() => resolveOptions({ reconnect: { initialDelayMs: -1 } }), {
      name: "RangeError",
      message: /initialDelayMs.*current value is -1/,
    });
    assert.throws(() => resolveOptions({ reconnect: { jitter: 2 } }), RangeError);
    assert.throws(
      () => resolveOptions({ reconnect: { initialDelayMs: 5000, maxDelayMs: 1000 } }),
      /maxDelayMs.*current value is 1000/,
    );
    assert.throws(() => resolveOptions({ reconnect: { maxAttempts: 1.5 } }), RangeError);
    assert.throws(() => resolveOptions({ format: "XML" as "DEFAULT" }), /current value is "XML"/);
    assert.throws(() => resolveOptions({ url: "http://x" }), {
      name: "TypeError",
      message: /current value is "http:\/\/x"/,
    });
    assert.throws(() => resolveOptions({ region: "us" as "kr" }), RangeError);
    assert.throws(() => resolveOptions({ requestLimits: [] }), TypeError);
    assert.throws(() => resolveOptions({ connectLimits: [] }), TypeError);
    assert.throws(
      () => resolveOptions({ connectLimits: [{ max: 0, windowMs: 1000 }] }),
      RangeError,
    );
    assert.deepEqual(resolveOptions({}).connectLimits, [{ max: 5, windowMs: 1100 }]);
    assert.throws(() => resolveOptions({ keepalive: { staleAfterMs: Number.NaN } }), TypeError);
    assert.throws(() => resolveOptions({ bufferSize: 0 }), RangeError);
  });
});
