import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Subscription } from "../../../src/deliver/subscription.ts";
import { checkInit, type SubscriptionInit } from "../../../src/deliver/subscription_init.ts";

describe("Subscription: options", () => {
  it("validates bufferSize with a RangeError that quotes the value", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      assert.throws(() => new Subscription<number>({ onClose() {}, bufferSize: bad }), {
        name: "RangeError",
        message:
          `Cannot create a subscription as bufferSize must be an integer >= 1: current value is ${
            String(bad)
          }`,
      });
    }
    assert.throws(
      () => new Subscription<number>({ onClose() {}, bufferSize: "8" as unknown as number }),
      { name: "RangeError", message: /current value is "8"$/ },
    );
    assert.equal(new Subscription<number>({ onClose() {}, bufferSize: 1 }).buffered, 0);
  });

  it("validates overflow, onClose, callback, keyOf and signal with TypeErrors", () => {
    assert.throws(
      () => new Subscription({ onClose() {}, overflow: "newest" as "latest" }),
      {
        name: "TypeError",
        message:
          'Cannot create a subscription as overflow must be "drop-oldest", "latest" or "error": current value is "newest"',
      },
    );
    assert.throws(() => new Subscription({} as SubscriptionInit<number>), {
      name: "TypeError",
      message:
        "Cannot create a subscription as onClose must be a function: current value is undefined",
    });
    assert.throws(
      () => new Subscription({ onClose() {}, callback: 1 as unknown as () => void }),
      { name: "TypeError", message: /callback must be a function: current value is 1$/ },
    );
    assert.throws(
      () => new Subscription({ onClose() {}, keyOf: "code" as unknown as () => string }),
      { name: "TypeError", message: /keyOf must be a function: current value is "code"$/ },
    );
    assert.throws(
      () => new Subscription({ onClose() {}, signal: {} as AbortSignal }),
      { name: "TypeError", message: /signal must be an AbortSignal/ },
    );
  });
});

describe("checkInit", () => {
  it("fills in the defaults and keeps what was given", () => {
    assert.deepEqual(checkInit({ onClose() {} }), { bufferSize: 1024, overflow: "drop-oldest" });
    assert.deepEqual(checkInit({ onClose() {}, bufferSize: 5, overflow: "latest" }), {
      bufferSize: 5,
      overflow: "latest",
    });
  });
});
