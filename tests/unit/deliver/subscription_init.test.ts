import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Subscription } from "../../../src/deliver/subscription.ts";
import {
  checkBufferOptions,
  checkInit,
  type SubscriptionInit,
} from "../../../src/deliver/subscription_init.ts";
import { OVERFLOW_POLICIES, type OverflowPolicy } from "../../../src/deliver/ring_buffer.ts";
import { resolveOptions } from "../../../src/resolved_options.ts";
import { checkSubscribeOptions } from "../../../src/subscribe/options.ts";

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;

// Compile-time: the public union names exactly the values of the table the check lists.
const samePolicies: Equal<OverflowPolicy, (typeof OVERFLOW_POLICIES)[number]> = true;

describe("Subscription: options", () => {
  it("validates bufferSize with the one bufferSize check, quoting the value", () => {
    for (const bad of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new Subscription<number>({ onClose() {}, bufferSize: bad }), {
        name: "RangeError",
        message: `Cannot use option "bufferSize" as it must be an integer >= 1: current value is ${
          String(bad)
        }`,
      });
    }
    for (const bad of [Number.NaN, "8"]) {
      assert.throws(
        () => new Subscription<number>({ onClose() {}, bufferSize: bad as number }),
        {
          name: "TypeError",
          message: `Cannot use option "bufferSize" as it must be a number: current value is ${
            typeof bad === "string" ? '"8"' : "NaN"
          }`,
        },
      );
    }
    assert.equal(new Subscription<number>({ onClose() {}, bufferSize: 1 }).buffered, 0);
  });

  it("validates overflow with a RangeError naming the three policies", () => {
    assert.throws(
      () => new Subscription({ onClose() {}, overflow: "newest" as "latest" }),
      {
        name: "RangeError",
        message:
          'Cannot use option "overflow" as it must be one of drop-oldest, latest, error: current value is "newest"',
      },
    );
  });

  it("validates onClose, callback, keyOf and signal with TypeErrors", () => {
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

describe("checkBufferOptions: the one check of bufferSize and overflow", () => {
  it("lists every overflow policy (the union and the table agree)", () => {
    assert.equal(samePolicies, true);
    assert.deepEqual([...OVERFLOW_POLICIES].sort(), ["drop-oldest", "error", "latest"]);
  });

  it("takes the defaults it is given for absent fields", () => {
    assert.deepEqual(checkBufferOptions({}, { bufferSize: 8, overflow: "error" }), {
      bufferSize: 8,
      overflow: "error",
    });
  });

  it("is what the client's options, a stream's options and the constructor all say", () => {
    const message =
      'Cannot use option "bufferSize" as it must be an integer >= 1: current value is 0';
    const defaults = { bufferSize: 1024, overflow: "drop-oldest" } as const;
    assert.throws(() => resolveOptions({ bufferSize: 0 }), { name: "RangeError", message });
    assert.throws(() => checkSubscribeOptions({ bufferSize: 0 }, undefined, defaults), {
      name: "RangeError",
      message,
    });
    assert.throws(() => new Subscription({ onClose() {}, bufferSize: 0 }), {
      name: "RangeError",
      message,
    });
    const overflow =
      /^Cannot use option "overflow" as it must be one of drop-oldest, latest, error: current value is "x"$/;
    for (
      const run of [
        () => resolveOptions({ overflow: "x" as "latest" }),
        () => checkSubscribeOptions({ overflow: "x" as "latest" }, undefined, defaults),
        () => new Subscription({ onClose() {}, overflow: "x" as "latest" }),
      ]
    ) assert.throws(run, { name: "RangeError", message: overflow });
  });
});
